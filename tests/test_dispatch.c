/*
 * The callback dispatcher (src/runtime/dispatch.c), driven through client
 * sessions with synthetic operations (client_session_post_status, the hook
 * real asynchronous operations use too).
 *
 * Rules checked (spec/types.md §4, guide.md §3): callbacks run on a thread
 * of the library, not the caller's; one session's messages arrive in the
 * order posted; after DRMCloseSession returns none runs; a close from
 * inside the session's own callback does not deadlock; no internal lock is
 * held while a callback runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "runtime/handles.h"
#include "ignore_status.h"
#include "test_threads.h"
#include "client/session.h"
#include "msdrm.h"
#include "platform/platform.h"

/* What a test's callback saw, shared with the dispatcher thread. */
struct observer {
    platform_mutex lock;
    platform_cond changed;
    unsigned delivered;
    unsigned out_of_order;
    unsigned long thread; /* the thread the callbacks ran on */
    bool terminal_seen;
    DRMHSESSION close_from_callback; /* closed by the callback, if set */
    HRESULT close_result;
};

static void observer_init(struct observer *observer)
{
    *observer = (struct observer){.thread = 0};
    platform_mutex_init(&observer->lock);
    observer->changed = (platform_cond)PLATFORM_COND_INIT;
}

static HRESULT __stdcall observe(DRM_STATUS_MSG message, HRESULT status, void *param, void *context)
{
    (void)message;
    struct observer *observer = context;
    HRESULT close_result = S_OK;
    if (observer->close_from_callback != DRMHSESSION_INVALID)
        close_result = DRMCloseSession(observer->close_from_callback);
    platform_mutex_lock(&observer->lock);
    unsigned sequence = param == NULL ? 0 : *(unsigned *)param;
    if (param != NULL && sequence != observer->delivered)
        observer->out_of_order++;
    observer->delivered++;
    observer->thread = platform_thread_id();
    observer->terminal_seen |= status == S_DRM_COMPLETED || FAILED(status);
    if (observer->close_from_callback != DRMHSESSION_INVALID) {
        observer->close_result = close_result;
        observer->close_from_callback = DRMHSESSION_INVALID;
    }
    platform_cond_broadcast(&observer->changed);
    platform_mutex_unlock(&observer->lock);
    return S_OK;
}

static void wait_for_delivered(struct observer *observer, unsigned count)
{
    platform_mutex_lock(&observer->lock);
    while (observer->delivered < count) {
        if (!platform_cond_wait_ms(&observer->changed, &observer->lock, 10000))
            break;
    }
    platform_mutex_unlock(&observer->lock);
}

static DRMHSESSION new_session(void)
{
    DRMHSESSION session = DRMHSESSION_INVALID;
    assert_int_equal(DRMCreateClientSession(observe, DRMCALLBACKVERSION,
                                            DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL, &session),
                     S_OK);
    return session;
}

static unsigned *sequence_number(unsigned value)
{
    unsigned *number = malloc(sizeof *number);
    assert_non_null(number);
    *number = value;
    return number;
}

/* A synthetic operation: connecting, connected, progress, then one terminal. */
static void post_operation(DRMHSESSION session, struct observer *observer, unsigned first)
{
    static const HRESULT statuses[] = {S_DRM_CONNECTING, S_DRM_CONNECTED, S_DRM_INPROGRESS,
                                       S_DRM_COMPLETED};
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(client_session_post_status(session, DRM_MSG_ACTIVATE_MACHINE, statuses[i],
                                                    sequence_number(first + i), free, observer),
                         S_OK);
}

static void test_messages_arrive_in_order_on_another_thread(void **state)
{
    (void)state;
    struct observer observer;
    observer_init(&observer);
    DRMHSESSION session = new_session();
    for (unsigned operation = 0; operation < 250; operation++)
        post_operation(session, &observer, operation * 4);
    wait_for_delivered(&observer, 1000);
    assert_int_equal(observer.delivered, 1000);
    assert_int_equal(observer.out_of_order, 0);
    assert_true(observer.terminal_seen);
    assert_int_not_equal(observer.thread, platform_thread_id());
    assert_int_equal(DRMCloseSession(session), S_OK);
}

/* One per session of the close race: set once DRMCloseSession returned. */
struct closable {
    atomic_bool closed;
    atomic_uint late; /* callbacks that started after that */
};

static HRESULT __stdcall count_late(DRM_STATUS_MSG message, HRESULT status, void *param,
                                    void *context)
{
    (void)message;
    (void)status;
    (void)param;
    struct closable *closable = context;
    if (atomic_load(&closable->closed))
        atomic_fetch_add(&closable->late, 1);
    return S_OK;
}

#define CLOSE_RACES 10000

static void test_no_callback_after_close(void **state)
{
    (void)state;
    struct closable *closables = calloc(CLOSE_RACES, sizeof *closables);
    assert_non_null(closables);
    for (int i = 0; i < CLOSE_RACES; i++) {
        DRMHSESSION session = DRMHSESSION_INVALID;
        assert_int_equal(DRMCreateClientSession(count_late, 0, DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH,
                                                NULL, &session),
                         S_OK);
        for (int j = 0; j < 3; j++)
            assert_int_equal(client_session_post_status(session, DRM_MSG_ACQUIRE_LICENSE,
                                                        j < 2 ? S_DRM_INPROGRESS : S_DRM_COMPLETED,
                                                        NULL, NULL, &closables[i]),
                             S_OK);
        assert_int_equal(DRMCloseSession(session), S_OK);
        atomic_store(&closables[i].closed, true);
        /* Posting to a closed session is refused, and frees its payload. */
        assert_int_equal(client_session_post_status(session, DRM_MSG_ACQUIRE_LICENSE,
                                                    S_DRM_COMPLETED, sequence_number(0), free,
                                                    &closables[i]),
                         E_DRM_INVALID_HANDLE);
    }
    /* Let anything wrongly still queued show itself. */
    platform_sleep_ms(100);
    unsigned late = 0;
    for (int i = 0; i < CLOSE_RACES; i++)
        late += atomic_load(&closables[i].late);
    assert_int_equal(late, 0);
    free(closables);
}

/* A session's first posts race the close of its last handle (a session
 * that has not posted yet closes without the dispatcher's lock): each post
 * is queued or refused, and none runs after the close returned. */
#define POST_RACES 2000

struct post_race {
    DRMHSESSION session;
    struct closable *closable;
    bool closer;
    int failures;
};

static void post_race_run(void *argument)
{
    struct post_race *race = argument;
    if (race->closer) {
        for (volatile int spin = 0; spin < (int)(race->session % 512); spin++) {
        }
        race->failures += DRMCloseSession(race->session) != S_OK;
        atomic_store(&race->closable->closed, true);
        return;
    }
    for (;;) {
        HRESULT hr = client_session_post_status(race->session, DRM_MSG_ACQUIRE_LICENSE,
                                                S_DRM_INPROGRESS, NULL, NULL, race->closable);
        if (hr == E_DRM_INVALID_HANDLE)
            return;
        race->failures += hr != S_OK;
    }
}

static void test_first_post_races_close(void **state)
{
    (void)state;
    struct closable *closables = calloc(POST_RACES, sizeof *closables);
    assert_non_null(closables);
    for (int i = 0; i < POST_RACES; i++) {
        struct post_race roles[2];
        void *arguments[2] = {&roles[0], &roles[1]};
        DRMHSESSION session = DRMHSESSION_INVALID;
        assert_int_equal(DRMCreateClientSession(count_late, 0, DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH,
                                                NULL, &session),
                         S_OK);
        for (int r = 0; r < 2; r++)
            roles[r] = (struct post_race){session, &closables[i], r == 0, 0};
        run_on_threads(2, post_race_run, arguments);
        assert_int_equal(roles[0].failures + roles[1].failures, 0);
    }
    platform_sleep_ms(100);
    unsigned late = 0;
    for (int i = 0; i < POST_RACES; i++)
        late += atomic_load(&closables[i].late);
    assert_int_equal(late, 0);
    free(closables);
}

static void test_close_from_own_callback(void **state)
{
    (void)state;
    struct observer observer;
    observer_init(&observer);
    DRMHSESSION session = new_session();
    observer.close_from_callback = session;
    observer.close_result = E_FAIL;
    /* The first callback closes the session, maybe before the later posts:
     * those are then refused. */
    for (unsigned i = 0; i < 4; i++) {
        HRESULT posted =
            client_session_post_status(session, DRM_MSG_ACTIVATE_MACHINE, S_DRM_INPROGRESS,
                                       sequence_number(i), free, &observer);
        assert_true(posted == S_OK || (i > 0 && posted == E_DRM_INVALID_HANDLE));
    }
    wait_for_delivered(&observer, 1);
    platform_sleep_ms(100); /* the three later messages must never come */
    platform_mutex_lock(&observer.lock);
    unsigned delivered = observer.delivered;
    HRESULT close_result = observer.close_result;
    platform_mutex_unlock(&observer.lock);
    assert_int_equal(close_result, S_OK);
    assert_int_equal(delivered, 1);
    assert_int_equal(DRMCloseSession(session), E_DRM_INVALID_HANDLE);
}

/* From inside a callback the application may use the API freely: create
 * and close sessions, post to another one. That only works if the
 * dispatcher holds no lock while calling out. */
struct reentrant {
    struct observer *second;
    DRMHSESSION second_session;
    bool created;
    HRESULT post_result;
};

static HRESULT __stdcall reenter(DRM_STATUS_MSG message, HRESULT status, void *param, void *context)
{
    (void)message;
    (void)status;
    (void)param;
    struct reentrant *reentrant = context;
    DRMHSESSION extra = DRMHSESSION_INVALID;
    reentrant->created =
        DRMCreateClientSession(observe, 0, DRM_DEFAULTGROUPIDTYPE_PASSPORT, NULL, &extra) == S_OK &&
        DRMCloseSession(extra) == S_OK;
    reentrant->post_result =
        client_session_post_status(reentrant->second_session, DRM_MSG_ACQUIRE_LICENSE,
                                   S_DRM_COMPLETED, NULL, NULL, reentrant->second);
    return S_OK;
}

static void test_callback_may_call_the_api(void **state)
{
    (void)state;
    struct observer second;
    observer_init(&second);
    struct reentrant reentrant = {&second, new_session(), false, E_FAIL};
    DRMHSESSION first = DRMHSESSION_INVALID;
    assert_int_equal(
        DRMCreateClientSession(reenter, 0, DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL, &first), S_OK);
    assert_int_equal(client_session_post_status(first, DRM_MSG_ACTIVATE_MACHINE, S_DRM_COMPLETED,
                                                NULL, NULL, &reentrant),
                     S_OK);
    wait_for_delivered(&second, 1);
    assert_int_equal(second.delivered, 1);
    assert_true(reentrant.created);
    assert_int_equal(reentrant.post_result, S_OK);
    assert_int_equal(DRMCloseSession(first), S_OK);
    assert_int_equal(DRMCloseSession(reentrant.second_session), S_OK);
}

/* functions/DRMCreateClientSession.md: license storage sessions must be
 * closed before the client session that hosts them. */
static void test_client_session_with_storage_sessions_stays_open(void **state)
{
    (void)state;
    DRMHSESSION session = new_session();
    DRMHSESSION copy = DRMHSESSION_INVALID;
    assert_int_equal(DRMDuplicateSession(session, &copy), S_OK);

    struct client_session *client = NULL;
    assert_int_equal(client_session_acquire(session, &client), S_OK);
    client_session_add_storage_session(client);

    /* Another handle remains: closing this one is fine. */
    assert_int_equal(DRMCloseSession(session), S_OK);
    /* The last handle: refused while a storage session exists. */
    assert_int_equal(DRMCloseSession(copy), E_MSDRM_SESSION_IN_USE);
    client_session_remove_storage_session(client);
    object_unref(&client->base);
    assert_int_equal(DRMCloseSession(copy), S_OK);
    assert_int_equal(DRMCloseSession(copy), E_DRM_INVALID_HANDLE);
}

static void test_sessions_do_not_leak_handles(void **state)
{
    (void)state;
    size_t before = handle_open_count();
    for (int i = 0; i < 1000; i++) {
        DRMHSESSION session = new_session();
        DRMHSESSION copy = DRMHSESSION_INVALID;
        assert_int_equal(DRMDuplicateSession(session, &copy), S_OK);
        assert_int_equal(DRMCloseSession(copy), S_OK);
        assert_int_equal(DRMCloseSession(session), S_OK);
    }
    assert_int_equal(handle_open_count(), before);
}

/* Sessions created, duplicated and closed from many threads at once. */
static void session_churn(void *argument)
{
    int *failures = argument;
    for (int i = 0; i < 10000; i++) {
        DRMHSESSION session = DRMHSESSION_INVALID, copy = DRMHSESSION_INVALID;
        if (DRMCreateClientSession(ignore_status, 0, DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL,
                                   &session) != S_OK ||
            DRMDuplicateSession(session, &copy) != S_OK || DRMCloseSession(session) != S_OK ||
            client_session_post_status(copy, DRM_MSG_ACTIVATE_MACHINE, S_DRM_COMPLETED, NULL, NULL,
                                       NULL) != S_OK ||
            DRMCloseSession(copy) != S_OK || DRMCloseSession(copy) != E_DRM_INVALID_HANDLE)
            (*failures)++;
    }
}

static void test_sessions_from_many_threads(void **state)
{
    (void)state;
    int failures[8] = {0};
    void *arguments[8];
    size_t before = handle_open_count();
    for (int i = 0; i < 8; i++)
        arguments[i] = &failures[i];
    run_on_threads(8, session_churn, arguments);
    for (int i = 0; i < 8; i++)
        assert_int_equal(failures[i], 0);
    assert_int_equal(handle_open_count(), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_messages_arrive_in_order_on_another_thread),
        cmocka_unit_test(test_no_callback_after_close),
        cmocka_unit_test(test_first_post_races_close),
        cmocka_unit_test(test_close_from_own_callback),
        cmocka_unit_test(test_callback_may_call_the_api),
        cmocka_unit_test(test_client_session_with_storage_sessions_stays_open),
        cmocka_unit_test(test_sessions_do_not_leak_handles),
        cmocka_unit_test(test_sessions_from_many_threads),
    };
    return cmocka_run_group_tests_name("dispatch", tests, NULL, NULL);
}
