/*
 * The handle table (src/runtime/handles.c), tested from inside the library:
 * forged, stale, closed and wrong-kind values are refused with
 * E_DRM_INVALID_HANDLE; objects live exactly as long as their handles and
 * the calls in flight; threads may create, duplicate, look up and close at
 * once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "runtime/handles.h"
#include "counted_object.h"
#include "msdrmerror.h"
#include "platform/platform.h"
#include "test_threads.h"

static ULONG open_counted(enum handle_kind kind, atomic_int *destroyed)
{
    ULONG handle = try_open_counted(kind, destroyed);
    assert_int_not_equal(handle, 0);
    return handle;
}

static void test_open_lookup_close(void **state)
{
    (void)state;
    atomic_int destroyed = 0;
    size_t open_before = handle_open_count();
    ULONG handle = open_counted(HANDLE_CLIENT_SESSION, &destroyed);
    assert_int_not_equal(handle, 0);
    assert_int_equal(handle_open_count(), open_before + 1);

    struct object *object = NULL;
    enum handle_kind kind;
    assert_int_equal(handle_acquire(handle, HANDLE_MASK_SESSION, &object, &kind), S_OK);
    assert_int_equal(kind, HANDLE_CLIENT_SESSION);
    assert_non_null(object);

    /* Closing while a call holds the object: it lives until released. */
    assert_int_equal(handle_close(handle, HANDLE_MASK_SESSION), S_OK);
    assert_int_equal(atomic_load(&destroyed), 0);
    object_unref(object);
    assert_int_equal(atomic_load(&destroyed), 1);
    assert_int_equal(handle_open_count(), open_before);
}

static void test_closed_handle_is_refused(void **state)
{
    (void)state;
    atomic_int destroyed = 0;
    ULONG handle = open_counted(HANDLE_QUERY, &destroyed);
    struct object *object = NULL;
    assert_int_equal(handle_close(handle, HANDLE_MASK(HANDLE_QUERY)), S_OK);
    assert_int_equal(handle_close(handle, HANDLE_MASK(HANDLE_QUERY)), E_DRM_INVALID_HANDLE);
    assert_int_equal(handle_acquire(handle, HANDLE_MASK(HANDLE_QUERY), &object, NULL),
                     E_DRM_INVALID_HANDLE);
    assert_null(object);
    assert_int_equal(atomic_load(&destroyed), 1);
}

static void test_wrong_kind_is_refused(void **state)
{
    (void)state;
    atomic_int destroyed = 0;
    ULONG handle = open_counted(HANDLE_ENVIRONMENT, &destroyed);
    struct object *object = NULL;
    assert_int_equal(handle_acquire(handle, HANDLE_MASK_SESSION, &object, NULL),
                     E_DRM_INVALID_HANDLE);
    assert_int_equal(handle_acquire(handle, HANDLE_MASK_PUB | HANDLE_MASK_DRMHANDLE, &object, NULL),
                     E_DRM_INVALID_HANDLE);
    assert_int_equal(handle_close(handle, HANDLE_MASK_SESSION), E_DRM_INVALID_HANDLE);
    assert_int_equal(atomic_load(&destroyed), 0);
    assert_int_equal(handle_close(handle, HANDLE_MASK(HANDLE_ENVIRONMENT)), S_OK);
    assert_int_equal(atomic_load(&destroyed), 1);
}

static void test_zero_is_never_a_handle(void **state)
{
    (void)state;
    struct object *object = NULL;
    assert_int_equal(handle_acquire(0, UINT32_MAX, &object, NULL), E_DRM_INVALID_HANDLE);
    assert_int_equal(handle_close(0, UINT32_MAX), E_DRM_INVALID_HANDLE);
}

/* A small xorshift generator: the same sequence on every platform. */
static uint32_t next_random(uint32_t *seed)
{
    uint32_t x = *seed;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *seed = x;
}

static void test_random_values_are_refused(void **state)
{
    (void)state;
    atomic_int destroyed = 0;
    /* A few live handles of every kind, so that slots are populated. */
    ULONG live[45];
    for (int i = 0; i < 45; i++)
        live[i] = open_counted((enum handle_kind)(1 + i % 12), &destroyed);

    uint32_t seed = 0x2545F491;
    for (int i = 0; i < 1000000; i++) {
        ULONG value = next_random(&seed);
        bool is_live = false;
        for (int j = 0; j < 45; j++)
            is_live |= value == live[j];
        if (is_live)
            continue;
        struct object *object = NULL;
        if (handle_acquire(value, UINT32_MAX, &object, NULL) != E_DRM_INVALID_HANDLE)
            fail_msg("forged value 0x%08lx was accepted", (unsigned long)value);
        if (handle_close(value, UINT32_MAX) != E_DRM_INVALID_HANDLE)
            fail_msg("forged value 0x%08lx was closed", (unsigned long)value);
    }
    for (int i = 0; i < 45; i++)
        assert_int_equal(handle_close(live[i], UINT32_MAX), S_OK);
    assert_int_equal(atomic_load(&destroyed), 45);
}

static void test_closed_value_stays_invalid_across_reuse(void **state)
{
    (void)state;
    atomic_int destroyed = 0;
    ULONG stale = open_counted(HANDLE_CLIENT_SESSION, &destroyed);
    assert_int_equal(handle_close(stale, HANDLE_MASK_SESSION), S_OK);
    for (int i = 0; i < 100000; i++) {
        ULONG handle = open_counted(HANDLE_CLIENT_SESSION, &destroyed);
        if (handle == stale)
            fail_msg("value 0x%08lx came back after %d cycles", (unsigned long)stale, i);
        assert_int_equal(handle_close(handle, HANDLE_MASK_SESSION), S_OK);
    }
    struct object *object = NULL;
    assert_int_equal(handle_acquire(stale, HANDLE_MASK_SESSION, &object, NULL),
                     E_DRM_INVALID_HANDLE);
    assert_int_equal(atomic_load(&destroyed), 100001);
}

/* --- a kind with last-handle rules ------------------------------------------ */

struct ruled {
    struct object base;
    struct handle_count handles;
    HRESULT refusal; /* what closing the last handle returns; S_OK: allowed */
    int last_closed_calls;
    atomic_int *destroyed;
};

static void ruled_destroy(struct object *object)
{
    struct ruled *ruled = (struct ruled *)object;
    atomic_fetch_add(ruled->destroyed, 1);
    handle_count_clear(&ruled->handles);
    free(ruled);
}

static HRESULT ruled_last_closing(struct object *object)
{
    return ((struct ruled *)object)->refusal;
}

static void ruled_last_closed(struct object *object)
{
    struct ruled *ruled = (struct ruled *)object;
    ruled->last_closed_calls++;
    /* Outside the count's lock: the kind may take it. */
    platform_mutex_lock(&ruled->handles.lock);
    assert_false(handle_count_is_open(&ruled->handles));
    platform_mutex_unlock(&ruled->handles.lock);
}

static const struct handle_vtbl ruled_vtbl = {
    {ruled_destroy}, offsetof(struct ruled, handles), ruled_last_closing, ruled_last_closed};

/* handles.h: duplicating is refused once the last handle closed; closing
 * the last one may be refused (the handle stays open) or have an effect,
 * which runs once. Closing any other handle consults no rule. */
static void test_last_handle_rules(void **state)
{
    (void)state;
    atomic_int destroyed = 0;
    struct ruled *ruled = calloc(1, sizeof *ruled);
    assert_non_null(ruled);
    object_init(&ruled->base, &ruled_vtbl.object);
    handle_count_init(&ruled->handles);
    ruled->refusal = E_ACCESSDENIED;
    ruled->destroyed = &destroyed;
    ULONG first = 0, second = 0, third = 0;
    assert_int_equal(handle_open(&ruled->base, HANDLE_ENVIRONMENT, &first), S_OK);
    object_unref(&ruled->base);
    const uint32_t mask = HANDLE_MASK(HANDLE_ENVIRONMENT);

    assert_int_equal(handle_duplicate(first, mask, &second), S_OK);
    assert_int_equal(handle_close(first, mask), S_OK); /* not the last: no rule */
    assert_int_equal(handle_close(first, mask), E_DRM_INVALID_HANDLE);
    assert_int_equal(handle_duplicate(first, mask, &third), E_DRM_INVALID_HANDLE);

    assert_int_equal(handle_close(second, mask), E_ACCESSDENIED);
    struct object *object = NULL;
    assert_int_equal(handle_acquire(second, mask, &object, NULL), S_OK); /* still open */
    assert_int_equal(ruled->last_closed_calls, 0);

    ruled->refusal = S_OK;
    assert_int_equal(handle_close(second, mask), S_OK);
    assert_int_equal(ruled->last_closed_calls, 1);
    assert_int_equal(handle_close(second, mask), E_DRM_INVALID_HANDLE);
    assert_int_equal(ruled->last_closed_calls, 1);
    assert_int_equal(atomic_load(&destroyed), 0); /* our reference keeps it */
    object_unref(object);
    assert_int_equal(atomic_load(&destroyed), 1);
}

/* --- threads ------------------------------------------------------------------ */

#define THREADS 8
#define ROUNDS 100000

struct worker {
    atomic_int *destroyed;
    ULONG shared; /* a handle all workers look up while it stays open */
    int failures;
};

static void worker_run(void *argument)
{
    struct worker *worker = argument;
    for (int i = 0; i < ROUNDS; i++) {
        ULONG mine = try_open_counted(HANDLE_BOUND_LICENSE, worker->destroyed);
        struct object *object = NULL;
        /* Duplicate: a second handle on the same object. */
        ULONG copy = 0;
        if (handle_acquire(mine, HANDLE_MASK_DRMHANDLE, &object, NULL) != S_OK ||
            handle_open(object, HANDLE_BOUND_LICENSE, &copy) != S_OK)
            worker->failures++;
        object_unref(object);
        struct object *shared = NULL;
        if (handle_acquire(worker->shared, HANDLE_MASK_SESSION, &shared, NULL) != S_OK)
            worker->failures++;
        object_unref(shared);
        if (handle_close(mine, HANDLE_MASK_DRMHANDLE) != S_OK ||
            handle_close(copy, HANDLE_MASK_DRMHANDLE) != S_OK ||
            handle_close(mine, HANDLE_MASK_DRMHANDLE) != E_DRM_INVALID_HANDLE)
            worker->failures++;
    }
}

static void test_threads_create_duplicate_lookup_close(void **state)
{
    (void)state;
    atomic_int destroyed = 0;
    atomic_int shared_destroyed = 0;
    size_t open_before = handle_open_count();
    ULONG shared = open_counted(HANDLE_CLIENT_SESSION, &shared_destroyed);
    struct worker workers[THREADS];
    void *arguments[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (struct worker){&destroyed, shared, 0};
        arguments[i] = &workers[i];
    }
    run_on_threads(THREADS, worker_run, arguments);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(workers[i].failures, 0);
    assert_int_equal(atomic_load(&destroyed), THREADS * ROUNDS);
    assert_int_equal(handle_close(shared, HANDLE_MASK_SESSION), S_OK);
    assert_int_equal(atomic_load(&shared_destroyed), 1);
    assert_int_equal(handle_open_count(), open_before);
}

/* Closing from one thread while others look the same handle up: each
 * lookup either succeeds with a live object or is refused, and the object
 * goes exactly once. */
struct racer {
    ULONG handle;
    bool closes;
    bool close_failed;
};

static void racer_run(void *argument)
{
    struct racer *racer = argument;
    for (int i = 0; i < 1000; i++) {
        if (racer->closes && i == 100)
            racer->close_failed = handle_close(racer->handle, HANDLE_MASK_PUB) != S_OK;
        struct object *object = NULL;
        if (handle_acquire(racer->handle, HANDLE_MASK_PUB, &object, NULL) == S_OK)
            object_unref(object);
    }
}

static void test_close_races_lookups(void **state)
{
    (void)state;
    for (int round = 0; round < 200; round++) {
        atomic_int destroyed = 0;
        struct racer racers[4];
        void *arguments[4];
        ULONG handle = open_counted(HANDLE_RIGHT, &destroyed);
        for (int i = 0; i < 4; i++) {
            racers[i] = (struct racer){handle, i == 0, false};
            arguments[i] = &racers[i];
        }
        run_on_threads(4, racer_run, arguments);
        assert_false(racers[0].close_failed);
        assert_int_equal(atomic_load(&destroyed), 1);
        struct object *object = NULL;
        assert_int_equal(handle_acquire(handle, HANDLE_MASK_PUB, &object, NULL),
                         E_DRM_INVALID_HANDLE);
    }
}

/* README: at most 65,536 handles are open at once, E_OUTOFMEMORY beyond;
 * slots closed on one thread serve another once the table is full. (Each
 * fill ends with one object refused, and gone.) */
#define TABLE_SIZE 65536

struct batch {
    ULONG *handles;
    size_t count;
    int failures;
};

static void close_batch(void *argument)
{
    struct batch *batch = argument;
    for (size_t i = 0; i < batch->count; i++)
        batch->failures += handle_close(batch->handles[i], HANDLE_MASK(HANDLE_QUERY)) != S_OK;
}

static size_t open_until_full(ULONG *handles, atomic_int *destroyed)
{
    size_t opened = 0;
    while (opened <= TABLE_SIZE && (handles[opened] = try_open_counted(HANDLE_QUERY, destroyed)))
        opened++;
    return opened;
}

static void test_table_holds_65536_handles(void **state)
{
    (void)state;
    atomic_int destroyed = 0;
    size_t open_before = handle_open_count();
    ULONG *handles = calloc(TABLE_SIZE + 1, sizeof *handles);
    assert_non_null(handles);
    size_t room = open_until_full(handles, &destroyed);
    assert_int_equal(room, TABLE_SIZE - open_before);
    assert_int_equal(handle_open_count(), TABLE_SIZE);

    struct counted *extra = malloc(sizeof *extra);
    assert_non_null(extra);
    object_init(&extra->base, &counted_vtbl.object);
    extra->destroyed = &destroyed;
    ULONG refused = 0;
    assert_int_equal(handle_open(&extra->base, HANDLE_QUERY, &refused), E_OUTOFMEMORY);
    object_unref(&extra->base);
    assert_int_equal(atomic_load(&destroyed), 2);

    /* Closed on another thread, the slots wait in its shard. */
    struct batch batch = {handles, room, 0};
    void *arguments[1] = {&batch};
    run_on_threads(1, close_batch, arguments);
    assert_int_equal(batch.failures, 0);
    assert_int_equal(handle_open_count(), open_before);
    assert_int_equal(open_until_full(handles, &destroyed), room);
    close_batch(&batch);
    assert_int_equal(batch.failures, 0);
    assert_int_equal(atomic_load(&destroyed), 3 + 2 * (int)room);
    assert_int_equal(handle_open_count(), open_before);
    free(handles);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_lookup_close),
        cmocka_unit_test(test_closed_handle_is_refused),
        cmocka_unit_test(test_wrong_kind_is_refused),
        cmocka_unit_test(test_zero_is_never_a_handle),
        cmocka_unit_test(test_random_values_are_refused),
        cmocka_unit_test(test_closed_value_stays_invalid_across_reuse),
        cmocka_unit_test(test_last_handle_rules),
        cmocka_unit_test(test_table_holds_65536_handles),
        cmocka_unit_test(test_threads_create_duplicate_lookup_close),
        cmocka_unit_test(test_close_races_lookups),
    };
    return cmocka_run_group_tests_name("handles", tests, NULL, NULL);
}
