/*
 * The operation module (src/runtime/operation.c), driven with scripted run
 * functions on real client sessions.
 *
 * Rules checked (guide.md §3, functions/DRMActivate.md and the message
 * pages): messages arrive in the order posted, on another thread, with the
 * kind's DRM_MSG_* and the caller's pvContext; exactly one terminal message
 * per started operation (S_DRM_COMPLETED with its param, or the failure
 * with pvParam NULL), also when it is cancelled (E_DRM_ABORTED) or memory
 * runs out; a second machine activation is refused at once with
 * E_DRM_ALREADY_IN_PROGRESS and no callback; nothing is delivered after
 * DRMCloseSession returns; a failed start leaves nothing running; the
 * process may exit while an operation runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "client/session.h"
#include "runtime/operation.h"
#include "msdrm.h"
#include "platform/platform.h"
#include "spawn.h"
#include "test_threads.h"

/* --- allocations failing on one thread (native builds: the linker's --wrap) --- */

#ifdef MSDRM_WRAPPED_ALLOCATIONS
void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);

/* Allocations of this thread left before the failing ones; negative: none fails. */
static _Thread_local long allocations_before_failure = -1;
static _Thread_local unsigned allocations_to_fail;
static _Thread_local bool failed_one;

static bool this_one_fails(void)
{
    if (allocations_before_failure < 0 || allocations_to_fail == 0)
        return false;
    if (allocations_before_failure > 0) {
        allocations_before_failure--;
        return false;
    }
    if (--allocations_to_fail == 0)
        allocations_before_failure = -1;
    failed_one = true;
    return true;
}

void *__wrap_malloc(size_t size)
{
    return this_one_fails() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size)
{
    return this_one_fails() ? NULL : __real_calloc(count, size);
}

/* The `count` allocations of this thread after the next `skip` fail. */
static void fail_allocations(long skip, unsigned count)
{
    allocations_before_failure = skip;
    allocations_to_fail = count;
    failed_one = false;
}
#endif

/* --- what the callbacks saw ------------------------------------------------------------ */

#define TRACKED 16

/* One operation's messages, as its callback (context) saw them. */
struct track {
    unsigned count;
    unsigned terminals;
    DRM_STATUS_MSG messages[TRACKED];
    HRESULT statuses[TRACKED];
    DWORD percents[TRACKED];
    char result[32]; /* the S_DRM_COMPLETED string, if any */
    bool param_on_failure;
    unsigned long thread;
    /* Started from the callback when the terminal message arrives. */
    const struct operation_request *restart;
    HRESULT restart_result;
};

/* Callbacks record under one lock; the tests wait on `changed`. */
static platform_mutex seen_lock = PLATFORM_MUTEX_INIT;
static platform_cond seen_changed = PLATFORM_COND_INIT;

static bool is_terminal(HRESULT status)
{
    return status == S_DRM_COMPLETED || FAILED(status);
}

static HRESULT __stdcall record(DRM_STATUS_MSG message, HRESULT status, void *param, void *context)
{
    struct track *track = context;
    const struct operation_request *restart = NULL;
    platform_mutex_lock(&seen_lock);
    if (track->count < TRACKED) {
        track->messages[track->count] = message;
        track->statuses[track->count] = status;
        if (status == S_DRM_INPROGRESS && param != NULL)
            track->percents[track->count] = *(DWORD *)param;
    }
    track->count++;
    if (is_terminal(status)) {
        track->terminals++;
        if (status == S_DRM_COMPLETED && param != NULL)
            strncpy(track->result, param, sizeof track->result - 1);
        track->param_on_failure |= FAILED(status) && param != NULL;
        restart = track->restart;
        track->restart = NULL;
    }
    track->thread = platform_thread_id();
    platform_cond_broadcast(&seen_changed);
    platform_mutex_unlock(&seen_lock);
    if (restart != NULL) {
        HRESULT hr = operation_start(restart);
        platform_mutex_lock(&seen_lock);
        track->restart_result = hr;
        platform_cond_broadcast(&seen_changed);
        platform_mutex_unlock(&seen_lock);
    }
    return S_OK;
}

static unsigned terminals_of(struct track *track)
{
    platform_mutex_lock(&seen_lock);
    unsigned terminals = track->terminals;
    platform_mutex_unlock(&seen_lock);
    return terminals;
}

static unsigned count_of(struct track *track)
{
    platform_mutex_lock(&seen_lock);
    unsigned count = track->count;
    platform_mutex_unlock(&seen_lock);
    return count;
}

/* Waits (60 s at most) until `track` has seen `count` messages. */
static void wait_for_count(struct track *track, unsigned count)
{
    platform_mutex_lock(&seen_lock);
    uint64_t deadline = platform_monotonic_ms() + 60000;
    while (track->count < count && platform_monotonic_ms() < deadline)
        platform_cond_wait_ms(&seen_changed, &seen_lock, 100);
    platform_mutex_unlock(&seen_lock);
}

static void wait_for_terminal(struct track *track)
{
    platform_mutex_lock(&seen_lock);
    uint64_t deadline = platform_monotonic_ms() + 60000;
    while (track->terminals == 0 && platform_monotonic_ms() < deadline)
        platform_cond_wait_ms(&seen_changed, &seen_lock, 100);
    platform_mutex_unlock(&seen_lock);
    assert_int_equal(terminals_of(track), 1);
}

/* --- a scripted run function ------------------------------------------------------------- */

/* What the run function does; the module's state for one operation. */
struct script {
    platform_mutex lock;
    platform_cond changed;
    bool hold;         /* wait after the first progress until released or cancelled */
    bool keep_posting; /* while held, post S_DRM_INPROGRESS 50 every few ms */
    bool released;
    bool entered;
    bool saw_cancel;
    bool ended; /* the module released the state */
    bool already_activated;
    HRESULT result;
    const char *result_text; /* set as the result, if not NULL */
    unsigned fail_terminal_allocations;
    HRESULT prepare_result;
    atomic_int *inside; /* counts run functions inside at once, if set */
    atomic_int *most_inside;
};

static void script_init(struct script *script)
{
    memset(script, 0, sizeof *script);
    platform_mutex_init(&script->lock);
    script->changed = (platform_cond)PLATFORM_COND_INIT;
}

static atomic_int results_freed;

static void result_free(void *result)
{
    atomic_fetch_add(&results_freed, 1);
    free(result);
}

static char *text_copy(const char *text)
{
    char *copy = malloc(strlen(text) + 1);
    return copy == NULL ? NULL : strcpy(copy, text);
}

static HRESULT script_prepare(void *state)
{
    struct script *script = state;
    return script->prepare_result;
}

static HRESULT script_run(struct operation *operation, void *state)
{
    struct script *script = state;
    if (script->inside != NULL) {
        int now = atomic_fetch_add(script->inside, 1) + 1;
        int most = atomic_load(script->most_inside);
        while (now > most && !atomic_compare_exchange_weak(script->most_inside, &most, now)) {
        }
    }
    operation_report(operation, OPERATION_CONNECTING);
    operation_report(operation, OPERATION_CONNECTED);
    operation_progress(operation, 0);

    platform_mutex_lock(&script->lock);
    script->entered = true;
    platform_cond_broadcast(&script->changed);
    while (script->hold && !script->released && !operation_cancelled(operation)) {
        if (script->keep_posting) {
            platform_mutex_unlock(&script->lock);
            operation_progress(operation, 50);
            platform_mutex_lock(&script->lock);
        }
        platform_cond_wait_ms(&script->changed, &script->lock, 2);
    }
    script->saw_cancel = operation_cancelled(operation);
    platform_mutex_unlock(&script->lock);

    if (script->already_activated)
        operation_report(operation, OPERATION_ALREADY_ACTIVATED);
    operation_progress(operation, 100);
    if (script->result_text != NULL)
        operation_set_result(operation, text_copy(script->result_text), result_free);
    if (script->inside != NULL)
        atomic_fetch_sub(script->inside, 1);
#ifdef MSDRM_WRAPPED_ALLOCATIONS
    if (script->fail_terminal_allocations > 0)
        fail_allocations(0, script->fail_terminal_allocations); /* the terminal post's */
#endif
    return script->result;
}

static void script_end(void *state)
{
    struct script *script = state;
    platform_mutex_lock(&script->lock);
    script->ended = true;
    platform_cond_broadcast(&script->changed);
    platform_mutex_unlock(&script->lock);
}

static void script_release(struct script *script)
{
    platform_mutex_lock(&script->lock);
    script->released = true;
    platform_cond_broadcast(&script->changed);
    platform_mutex_unlock(&script->lock);
}

/* Waits (60 s at most) for `flag` of the script to be set. */
static bool script_wait(struct script *script, const bool *flag)
{
    platform_mutex_lock(&script->lock);
    uint64_t deadline = platform_monotonic_ms() + 60000;
    while (!*flag && platform_monotonic_ms() < deadline)
        platform_cond_wait_ms(&script->changed, &script->lock, 100);
    bool set = *flag;
    platform_mutex_unlock(&script->lock);
    return set;
}

/* --- sessions ---------------------------------------------------------------------------- */

struct test_session {
    DRMHSESSION handle;
    struct client_session *session; /* a reference, for the channel */
};

static struct test_session open_session(void)
{
    struct test_session opened = {DRMHSESSION_INVALID, NULL};
    assert_int_equal(DRMCreateClientSession(record, DRMCALLBACKVERSION,
                                            DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL,
                                            &opened.handle),
                     S_OK);
    assert_int_equal(client_session_acquire(opened.handle, &opened.session), S_OK);
    return opened;
}

static void close_session(struct test_session *session)
{
    object_unref(&session->session->base);
    assert_int_equal(DRMCloseSession(session->handle), S_OK);
}

static struct operation_request request_for(enum operation_kind kind,
                                            const struct test_session *session,
                                            struct script *script, struct track *track)
{
    return (struct operation_request){
        .kind = kind,
        .channel = &session->session->channel,
        .scope = &session->session->base,
        .context = track,
        .run = script_run,
        .state = script,
        .free_state = script_end,
    };
}

static HRESULT start(enum operation_kind kind, const struct test_session *session,
                     struct script *script, struct track *track)
{
    const struct operation_request request = request_for(kind, session, script, track);
    return operation_start(&request);
}

/* --- order and the one terminal message ------------------------------------------------ */

static void test_messages_arrive_in_order_ending_in_one_completion(void **state)
{
    (void)state;
    struct test_session session = open_session();
    struct script script;
    script_init(&script);
    script.already_activated = true;
    script.result = S_OK;
    script.result_text = "the result";
    struct track track = {0};
    assert_int_equal(start(OPERATION_MACHINE_ACTIVATION, &session, &script, &track), S_OK);
    wait_for_terminal(&track);
    assert_true(script_wait(&script, &script.ended));

    static const HRESULT expected[] = {S_DRM_CONNECTING,        S_DRM_CONNECTED,  S_DRM_INPROGRESS,
                                       S_DRM_ALREADY_ACTIVATED, S_DRM_INPROGRESS, S_DRM_COMPLETED};
    platform_mutex_lock(&seen_lock);
    assert_int_equal(track.count, 6);
    for (unsigned i = 0; i < 6; i++) {
        assert_int_equal(track.statuses[i], expected[i]);
        assert_int_equal(track.messages[i], DRM_MSG_ACTIVATE_MACHINE);
    }
    assert_int_equal(track.percents[2], 0);
    assert_int_equal(track.percents[4], 100);
    assert_string_equal(track.result, "the result");
    assert_int_not_equal(track.thread, platform_thread_id());
    platform_mutex_unlock(&seen_lock);
    close_session(&session);
}

static void test_each_kind_posts_its_message(void **state)
{
    (void)state;
    static const DRM_STATUS_MSG messages[OPERATION_KIND_COUNT] = {
        [OPERATION_MACHINE_ACTIVATION] = DRM_MSG_ACTIVATE_MACHINE,
        [OPERATION_USER_ACTIVATION] = DRM_MSG_ACTIVATE_GROUPIDENTITY,
        [OPERATION_LICENSE_ACQUISITION] = DRM_MSG_ACQUIRE_LICENSE,
        [OPERATION_CLIENT_LICENSOR_ACQUISITION] = DRM_MSG_ACQUIRE_CLIENTLICENSOR,
        [OPERATION_ADVISORY_ACQUISITION] = DRM_MSG_ACQUIRE_ADVISORY,
        [OPERATION_TEMPLATE_ACQUISITION] = DRM_MSG_ACQUIRE_ISSUANCE_LICENSE_TEMPLATE,
        [OPERATION_SIGNING] = DRM_MSG_SIGN_ISSUANCE_LICENSE,
    };
    struct test_session session = open_session();
    for (unsigned kind = 0; kind < OPERATION_KIND_COUNT; kind++) {
        struct script script;
        script_init(&script);
        struct track track = {0};
        assert_int_equal(start((enum operation_kind)kind, &session, &script, &track), S_OK);
        wait_for_terminal(&track);
        platform_mutex_lock(&seen_lock);
        for (unsigned i = 0; i < track.count; i++)
            assert_int_equal(track.messages[i], messages[kind]);
        platform_mutex_unlock(&seen_lock);
        assert_true(script_wait(&script, &script.ended));
    }
    close_session(&session);
}

static void test_failure_is_the_one_terminal_message_without_param(void **state)
{
    (void)state;
    struct test_session session = open_session();
    struct script script;
    script_init(&script);
    script.result = E_DRM_SERVER_ERROR;
    script.result_text = "never delivered";
    struct track track = {0};
    int freed_before = atomic_load(&results_freed);
    assert_int_equal(start(OPERATION_LICENSE_ACQUISITION, &session, &script, &track), S_OK);
    wait_for_terminal(&track);
    assert_true(script_wait(&script, &script.ended));
    platform_sleep_ms(50); /* a second terminal message would show up now */
    platform_mutex_lock(&seen_lock);
    assert_int_equal(track.terminals, 1);
    assert_int_equal(track.statuses[track.count - 1], E_DRM_SERVER_ERROR);
    assert_false(track.param_on_failure);
    platform_mutex_unlock(&seen_lock);
    /* The result the run function set was released, not delivered. */
    assert_int_equal(atomic_load(&results_freed), freed_before + 1);
    close_session(&session);
}

/* --- one at a time ------------------------------------------------------------------------- */

static void test_second_machine_activation_is_refused_without_callback(void **state)
{
    (void)state;
    struct test_session first = open_session(), second = open_session();
    struct script running, refused, user;
    script_init(&running);
    script_init(&refused);
    script_init(&user);
    running.hold = true;
    struct track running_track = {0}, refused_track = {0}, user_track = {0};
    assert_int_equal(start(OPERATION_MACHINE_ACTIVATION, &first, &running, &running_track), S_OK);

    /* One per process: another session is refused too, and its state is
     * released before the call returns. */
    assert_int_equal(start(OPERATION_MACHINE_ACTIVATION, &second, &refused, &refused_track),
                     E_DRM_ALREADY_IN_PROGRESS);
    assert_true(refused.ended);
    /* Other kinds are not limited, even on the same session. */
    assert_int_equal(start(OPERATION_USER_ACTIVATION, &first, &user, &user_track), S_OK);
    wait_for_terminal(&user_track);

    /* The callback that sees the terminal message may start the next one. */
    struct script next;
    script_init(&next);
    struct track next_track = {0};
    const struct operation_request restart =
        request_for(OPERATION_MACHINE_ACTIVATION, &second, &next, &next_track);
    platform_mutex_lock(&seen_lock);
    running_track.restart = &restart;
    running_track.restart_result = E_FAIL;
    platform_mutex_unlock(&seen_lock);
    script_release(&running);
    wait_for_terminal(&running_track);
    wait_for_terminal(&next_track);
    platform_mutex_lock(&seen_lock);
    assert_int_equal(running_track.restart_result, S_OK);
    platform_mutex_unlock(&seen_lock);
    assert_true(script_wait(&next, &next.ended));
    assert_true(script_wait(&running, &running.ended));
    assert_true(script_wait(&user, &user.ended));

    platform_sleep_ms(50);
    assert_int_equal(count_of(&refused_track), 0);
    close_session(&first);
    close_session(&second);
}

static void test_failed_prepare_leaves_nothing_running(void **state)
{
    (void)state;
    struct test_session session = open_session();
    struct script script;
    script_init(&script);
    script.prepare_result = E_DRM_NEEDS_MACHINE_ACTIVATION;
    struct track track = {0};
    struct operation_request request =
        request_for(OPERATION_MACHINE_ACTIVATION, &session, &script, &track);
    request.prepare = script_prepare;
    assert_int_equal(operation_start(&request), E_DRM_NEEDS_MACHINE_ACTIVATION);
    assert_true(script.ended);
    assert_false(script.entered);
    assert_false(operation_cancel(OPERATION_MACHINE_ACTIVATION, &session.session->base));

    /* The slot is free: the next one starts, and prepare ran first. */
    struct script next;
    script_init(&next);
    next.prepare_result = S_OK;
    struct track next_track = {0};
    request.state = &next;
    request.context = &next_track;
    assert_int_equal(operation_start(&request), S_OK);
    wait_for_terminal(&next_track);
    assert_true(script_wait(&next, &next.ended));
    platform_sleep_ms(50);
    assert_int_equal(count_of(&track), 0);
    close_session(&session);
}

static void test_malformed_request_is_refused_and_state_released(void **state)
{
    (void)state;
    struct test_session session = open_session();
    struct script script;
    script_init(&script);
    struct track track = {0};
    struct operation_request request = request_for(OPERATION_KIND_COUNT, &session, &script, &track);
    assert_int_equal(operation_start(&request), E_INVALIDARG);
    assert_true(script.ended);
    close_session(&session);
}

/* --- cancellation ---------------------------------------------------------------------- */

/* Starts a held operation, cancels it and returns its terminal status. */
static HRESULT cancelled_result(HRESULT run_result)
{
    struct test_session session = open_session(), other = open_session();
    struct script script;
    script_init(&script);
    script.hold = true;
    script.result = run_result;
    script.result_text = "done anyway";
    struct track track = {0};
    assert_int_equal(start(OPERATION_LICENSE_ACQUISITION, &session, &script, &track), S_OK);
    assert_true(script_wait(&script, &script.entered));

    /* Another kind or another session is not this one. */
    assert_false(operation_cancel(OPERATION_TEMPLATE_ACQUISITION, &session.session->base));
    assert_false(operation_cancel(OPERATION_LICENSE_ACQUISITION, &other.session->base));
    assert_false(operation_cancel(OPERATION_LICENSE_ACQUISITION, NULL));
    assert_false(script.saw_cancel);

    assert_true(operation_cancel(OPERATION_LICENSE_ACQUISITION, &session.session->base));
    wait_for_terminal(&track);
    assert_true(script_wait(&script, &script.ended));
    assert_true(script.saw_cancel);
    /* Ended: nothing left to cancel. */
    assert_false(operation_cancel(OPERATION_LICENSE_ACQUISITION, &session.session->base));
    platform_sleep_ms(50);
    platform_mutex_lock(&seen_lock);
    assert_int_equal(track.terminals, 1);
    HRESULT last = track.statuses[track.count - 1];
    assert_int_equal(track.result[0] != '\0', last == S_DRM_COMPLETED);
    assert_false(track.param_on_failure);
    platform_mutex_unlock(&seen_lock);
    close_session(&session);
    close_session(&other);
    return last;
}

static void test_cancelled_operation_ends_aborted(void **state)
{
    (void)state;
    /* The message pages list E_DRM_ABORTED for a cancelled operation,
     * whatever failure the cancelled work met. */
    assert_int_equal(cancelled_result(E_DRM_NO_CONNECT), E_DRM_ABORTED);
    assert_int_equal(cancelled_result(E_DRM_ABORTED), E_DRM_ABORTED);
}

static void test_cancel_too_late_still_completes(void **state)
{
    (void)state;
    /* The work was done (a license stored): the caller is told so. */
    assert_int_equal(cancelled_result(S_OK), S_DRM_COMPLETED);
}

static void test_cancel_marks_every_running_one_of_that_kind_and_session(void **state)
{
    (void)state;
    struct test_session session = open_session();
    struct script scripts[3];
    struct track tracks[3] = {{0}};
    for (int i = 0; i < 3; i++) {
        script_init(&scripts[i]);
        scripts[i].hold = true;
        scripts[i].result = E_DRM_SERVER_ERROR;
    }
    assert_int_equal(start(OPERATION_SIGNING, &session, &scripts[0], &tracks[0]), S_OK);
    assert_int_equal(start(OPERATION_SIGNING, &session, &scripts[1], &tracks[1]), S_OK);
    assert_int_equal(start(OPERATION_USER_ACTIVATION, &session, &scripts[2], &tracks[2]), S_OK);
    for (int i = 0; i < 3; i++)
        assert_true(script_wait(&scripts[i], &scripts[i].entered));
    assert_true(operation_cancel(OPERATION_SIGNING, &session.session->base));
    wait_for_terminal(&tracks[0]);
    wait_for_terminal(&tracks[1]);
    platform_sleep_ms(20);
    assert_int_equal(terminals_of(&tracks[2]), 0); /* another kind: still running */
    script_release(&scripts[2]);
    wait_for_terminal(&tracks[2]);
    platform_mutex_lock(&seen_lock);
    assert_int_equal(tracks[0].statuses[tracks[0].count - 1], E_DRM_ABORTED);
    assert_int_equal(tracks[1].statuses[tracks[1].count - 1], E_DRM_ABORTED);
    assert_int_equal(tracks[2].statuses[tracks[2].count - 1], E_DRM_SERVER_ERROR);
    platform_mutex_unlock(&seen_lock);
    for (int i = 0; i < 3; i++)
        assert_true(script_wait(&scripts[i], &scripts[i].ended));
    close_session(&session);
}

/* --- closing the session while it runs -------------------------------------------------- */

static void test_nothing_is_delivered_after_close_returns(void **state)
{
    (void)state;
    struct test_session session = open_session();
    struct script script;
    script_init(&script);
    script.hold = true;
    script.keep_posting = true;
    script.result = S_OK;
    script.result_text = "not delivered";
    struct track track = {0};
    int freed_before = atomic_load(&results_freed);
    assert_int_equal(start(OPERATION_CLIENT_LICENSOR_ACQUISITION, &session, &script, &track), S_OK);
    wait_for_count(&track, 6); /* progress is flowing */

    object_unref(&session.session->base); /* the operation holds its own */
    assert_int_equal(DRMCloseSession(session.handle), S_OK);
    unsigned at_close = count_of(&track);

    platform_sleep_ms(50); /* the worker keeps posting: refused */
    script_release(&script);
    assert_true(script_wait(&script, &script.ended)); /* the work still finished */
    platform_sleep_ms(50);
    assert_int_equal(count_of(&track), at_close);
    assert_int_equal(terminals_of(&track), 0);
    assert_int_equal(atomic_load(&results_freed), freed_before + 1);
}

/* --- many at once ------------------------------------------------------------------------- */

#define THREADS 4
#define PER_THREAD 150

struct churn {
    struct test_session sessions[2];
    struct script scripts[PER_THREAD];
    struct track tracks[PER_THREAD];
    HRESULT started[PER_THREAD];
};

static atomic_int machine_inside;
static atomic_int machine_most_inside;

static void churn_run(void *argument)
{
    struct churn *churn = argument;
    for (unsigned i = 0; i < PER_THREAD; i++) {
        struct script *script = &churn->scripts[i];
        script_init(script);
        script->result = i % 3 == 0 ? E_DRM_SERVER_ERROR : S_OK;
        enum operation_kind kind = OPERATION_LICENSE_ACQUISITION;
        if (i % 5 == 0) {
            kind = OPERATION_MACHINE_ACTIVATION;
            script->inside = &machine_inside;
            script->most_inside = &machine_most_inside;
        }
        const struct test_session *session = &churn->sessions[i % 2];
        churn->started[i] = start(kind, session, script, &churn->tracks[i]);
        if (i % 7 == 0)
            operation_cancel(OPERATION_LICENSE_ACQUISITION, &session->session->base);
    }
}

static void test_many_operations_from_many_threads(void **state)
{
    (void)state;
    static struct churn churns[THREADS];
    void *arguments[THREADS];
    memset(churns, 0, sizeof churns);
    for (int t = 0; t < THREADS; t++) {
        churns[t].sessions[0] = open_session();
        churns[t].sessions[1] = open_session();
        arguments[t] = &churns[t];
    }
    run_on_threads(THREADS, churn_run, arguments);

    unsigned refused = 0;
    for (int t = 0; t < THREADS; t++) {
        for (unsigned i = 0; i < PER_THREAD; i++) {
            struct track *track = &churns[t].tracks[i];
            if (churns[t].started[i] == E_DRM_ALREADY_IN_PROGRESS) {
                refused++;
                assert_true(churns[t].scripts[i].ended);
                continue;
            }
            assert_int_equal(churns[t].started[i], S_OK);
            wait_for_terminal(track);
            assert_true(script_wait(&churns[t].scripts[i], &churns[t].scripts[i].ended));
        }
    }
    platform_sleep_ms(50);
    for (int t = 0; t < THREADS; t++) {
        for (unsigned i = 0; i < PER_THREAD; i++) {
            struct track *track = &churns[t].tracks[i];
            platform_mutex_lock(&seen_lock);
            if (churns[t].started[i] == S_OK) {
                /* connecting, connected, 0, 100, then the one terminal */
                assert_int_equal(track->count, 5);
                assert_int_equal(track->terminals, 1);
                assert_int_equal(track->statuses[0], S_DRM_CONNECTING);
                assert_int_equal(track->statuses[1], S_DRM_CONNECTED);
                assert_int_equal(track->percents[3], 100);
                HRESULT last = track->statuses[4];
                assert_true(last == S_DRM_COMPLETED || last == E_DRM_SERVER_ERROR ||
                            last == E_DRM_ABORTED);
            } else {
                assert_int_equal(track->count, 0);
            }
            platform_mutex_unlock(&seen_lock);
        }
        close_session(&churns[t].sessions[0]);
        close_session(&churns[t].sessions[1]);
    }
    /* Never two machine activations at once. */
    assert_int_equal(atomic_load(&machine_most_inside), 1);
    print_message("%u of %u machine activations refused while one ran\n", refused,
                  THREADS * PER_THREAD / 5);
}

/* --- allocation failures ----------------------------------------------------------------- */

#ifdef MSDRM_WRAPPED_ALLOCATIONS
static void test_failed_start_leaves_nothing_running(void **state)
{
    (void)state;
    struct test_session session = open_session();
    for (long n = 0;; n++) {
        struct script script;
        script_init(&script);
        struct track track = {0};
        fail_allocations(n, 1);
        HRESULT hr = start(OPERATION_MACHINE_ACTIVATION, &session, &script, &track);
        bool failed = failed_one;
        fail_allocations(-1, 0);
        if (!failed) {
            /* The machine kind is one per process: had a failed start left
             * its slot taken, this one would be refused. */
            assert_int_equal(hr, S_OK);
            assert_true(n > 0);
            wait_for_terminal(&track);
            assert_true(script_wait(&script, &script.ended));
            break;
        }
        assert_int_equal(hr, E_OUTOFMEMORY);
        assert_true(script.ended);
        assert_false(script.entered);
        platform_sleep_ms(10);
        assert_int_equal(count_of(&track), 0);
    }
    close_session(&session);
}

static void test_terminal_message_survives_allocation_failures(void **state)
{
    (void)state;
    struct test_session session = open_session();
    /* No result to lose: the completion is queued once memory is back. */
    struct script script;
    script_init(&script);
    script.fail_terminal_allocations = 3;
    struct track track = {0};
    assert_int_equal(start(OPERATION_USER_ACTIVATION, &session, &script, &track), S_OK);
    wait_for_terminal(&track);
    assert_true(script_wait(&script, &script.ended));
    /* A result string went with the refused post: the caller learns why. */
    struct script with_result;
    script_init(&with_result);
    with_result.fail_terminal_allocations = 3;
    with_result.result_text = "lost";
    struct track with_result_track = {0};
    int freed_before = atomic_load(&results_freed);
    assert_int_equal(start(OPERATION_SIGNING, &session, &with_result, &with_result_track), S_OK);
    wait_for_terminal(&with_result_track);
    assert_true(script_wait(&with_result, &with_result.ended));
    platform_sleep_ms(50);
    platform_mutex_lock(&seen_lock);
    assert_int_equal(track.terminals, 1);
    assert_int_equal(track.statuses[track.count - 1], S_DRM_COMPLETED);
    assert_int_equal(with_result_track.terminals, 1);
    assert_int_equal(with_result_track.statuses[with_result_track.count - 1], E_OUTOFMEMORY);
    assert_false(with_result_track.param_on_failure);
    platform_mutex_unlock(&seen_lock);
    assert_int_equal(atomic_load(&results_freed), freed_before + 1);
    close_session(&session);
}
#endif

/* --- machine activation on the module -------------------------------------------------- */

/* The messages belong to the session, not to the handle the call was made
 * with (DRMDuplicateSession: one session, reference counted): closing that
 * handle while a duplicate stays open does not stop them. */
static void test_activation_reports_while_a_duplicate_is_open(void **state)
{
    (void)state;
    DRMHSESSION session = DRMHSESSION_INVALID, copy = DRMHSESSION_INVALID;
    assert_int_equal(DRMCreateClientSession(record, DRMCALLBACKVERSION,
                                            DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL, &session),
                     S_OK);
    assert_int_equal(DRMDuplicateSession(session, &copy), S_OK);
    struct track track = {0};
    assert_int_equal(
        DRMActivate(session, DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT, 0, NULL, &track, NULL),
        S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);
    wait_for_terminal(&track);
    platform_mutex_lock(&seen_lock);
    assert_int_equal(track.statuses[0], S_DRM_CONNECTING);
    assert_int_equal(track.statuses[track.count - 1], S_DRM_COMPLETED);
    platform_mutex_unlock(&seen_lock);
    assert_int_equal(DRMCloseSession(copy), S_OK);
}

/* --- the process ends while one runs ---------------------------------------------------- */

static int child_exit_while_running(void)
{
    struct test_session session = open_session();
    static struct script script;
    script_init(&script);
    script.hold = true; /* never released */
    static struct track track;
    if (start(OPERATION_TEMPLATE_ACQUISITION, &session, &script, &track) != S_OK)
        return 2;
    if (!script_wait(&script, &script.entered))
        return 3;
    return 0; /* exit with the worker waiting */
}

static int child_exit_while_activating(void)
{
    struct test_session session = open_session();
    static struct track track;
    if (DRMActivate(session.handle, DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT, 0, NULL, &track,
                    NULL) != S_OK)
        return 2;
    wait_for_count(&track, 3); /* the keys are being made */
    return 0;
}

static void test_process_exits_while_an_operation_runs(void **state)
{
    (void)state;
    for (int round = 0; round < 5; round++) {
        struct child *child = child_spawn_self("exit-while-running");
        assert_non_null(child);
        assert_int_equal(child_wait(child), 0);
        child = child_spawn_self("exit-while-activating");
        assert_non_null(child);
        assert_int_equal(child_wait(child), 0);
    }
}

int main(int argc, char **argv)
{
    const char *role = child_role(argc, argv);
    if (role != NULL && strcmp(role, "exit-while-running") == 0)
        return child_exit_while_running();
    if (role != NULL && strcmp(role, "exit-while-activating") == 0)
        return child_exit_while_activating();

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_messages_arrive_in_order_ending_in_one_completion),
        cmocka_unit_test(test_each_kind_posts_its_message),
        cmocka_unit_test(test_failure_is_the_one_terminal_message_without_param),
        cmocka_unit_test(test_second_machine_activation_is_refused_without_callback),
        cmocka_unit_test(test_failed_prepare_leaves_nothing_running),
        cmocka_unit_test(test_malformed_request_is_refused_and_state_released),
        cmocka_unit_test(test_cancelled_operation_ends_aborted),
        cmocka_unit_test(test_cancel_too_late_still_completes),
        cmocka_unit_test(test_cancel_marks_every_running_one_of_that_kind_and_session),
        cmocka_unit_test(test_nothing_is_delivered_after_close_returns),
        cmocka_unit_test(test_many_operations_from_many_threads),
#ifdef MSDRM_WRAPPED_ALLOCATIONS
        cmocka_unit_test(test_failed_start_leaves_nothing_running),
        cmocka_unit_test(test_terminal_message_survives_allocation_failures),
#endif
        cmocka_unit_test(test_activation_reports_while_a_duplicate_is_open),
        cmocka_unit_test(test_process_exits_while_an_operation_runs),
    };
    return cmocka_run_group_tests_name("operation", tests, NULL, NULL);
}
