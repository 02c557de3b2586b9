/*
 * Benchmark (issues 3 and 9): client sessions and the callback dispatcher,
 * each against a floor measured in the same run.
 *
 *   build/release/bin/session_bench [runs]
 *   build/x86_64/wine-run.sh build/x86_64/bin/session_bench.exe [runs]
 *
 * 1. DRMCreateClientSession + DRMCloseSession pairs a second, on 1 and on 2
 *    threads, with 10, 1,000 and 60,000 other sessions open meanwhile,
 *    against a bare pair of the same shape: lock, malloc(96), unlock, then
 *    lock, free, unlock (the platform mutex; on 2 threads each has its own).
 *    Targets: a pair within 5x the floor natively, 10x under Wine; 2
 *    threads at least 1.5x one (natively); the same rate with 10 or 60,000
 *    sessions open.
 * 2. Dispatch latency: client_session_post_status to the session's
 *    callback entered, against a condition-variable handoff (one thread
 *    signals, the other wakes), one message at a time with an idle gap so
 *    that each one wakes a sleeping thread. Target: the median within 2x.
 *
 * Prints each run, then the medians and their ratios. Needs no data
 * folder: nothing here reads the store.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "client/session.h"
#include "bench_median.h"
#include "ignore_status.h"
#include "msdrm.h"
#include "platform/platform.h"
#include "test_platform.h"

#define MAX_RUNS 51
#define MAX_THREADS 2
#define SAMPLE_NS 100000000ull /* each timed sample lasts about 0.1 s */
#define DISPATCH_SAMPLES 200

static const unsigned live_counts[] = {10, 1000, 60000};
#define LIVE_CASES (sizeof live_counts / sizeof live_counts[0])

/* --- pairs on 1 or 2 threads ------------------------------------------------ */

enum workload { FLOOR, SESSIONS };

static bool floor_pairs(unsigned long pairs)
{
    platform_mutex lock;
    platform_mutex_init(&lock);
    void *volatile block; /* keeps malloc and free from being optimised away */
    for (unsigned long i = 0; i < pairs; i++) {
        platform_mutex_lock(&lock);
        block = malloc(96);
        platform_mutex_unlock(&lock);
        platform_mutex_lock(&lock);
        free(block);
        platform_mutex_unlock(&lock);
    }
    platform_mutex_destroy(&lock);
    return true;
}

static bool session_pairs(unsigned long pairs)
{
    for (unsigned long i = 0; i < pairs; i++) {
        DRMHSESSION session = DRMHSESSION_INVALID;
        if (DRMCreateClientSession(ignore_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH,
                                   NULL, &session) != S_OK ||
            DRMCloseSession(session) != S_OK)
            return false;
    }
    return true;
}

struct team {
    enum workload workload;
    unsigned long pairs;
    unsigned threads;
    atomic_uint ready;
    atomic_uint finished;
    atomic_bool failed;
    unsigned long long start[MAX_THREADS], end[MAX_THREADS];
};

struct member {
    struct team *team;
    unsigned index;
};

static void member_main(void *argument)
{
    struct member *member = argument;
    struct team *team = member->team;
    /* Start together: each waits until all are running. */
    atomic_fetch_add(&team->ready, 1);
    while (atomic_load(&team->ready) < team->threads) {
    }
    team->start[member->index] = test_monotonic_ns();
    bool ok = team->workload == FLOOR ? floor_pairs(team->pairs) : session_pairs(team->pairs);
    team->end[member->index] = test_monotonic_ns();
    if (!ok)
        atomic_store(&team->failed, true);
    atomic_fetch_add(&team->finished, 1);
}

/* Pairs a second, all threads together (first start to last end). */
static double pairs_per_second(enum workload workload, unsigned threads, unsigned long pairs)
{
    static struct team team;
    static struct member members[MAX_THREADS];
    team.workload = workload;
    team.pairs = pairs;
    team.threads = threads;
    atomic_store(&team.ready, 0);
    atomic_store(&team.finished, 0);
    atomic_store(&team.failed, false);
    for (unsigned i = 0; i < threads; i++) {
        members[i] = (struct member){&team, i};
        if (FAILED(platform_thread_start(member_main, &members[i]))) {
            fprintf(stderr, "cannot start a thread\n");
            exit(1);
        }
    }
    while (atomic_load(&team.finished) < threads)
        platform_sleep_ms(1);
    if (atomic_load(&team.failed)) {
        fprintf(stderr, "a session call failed\n");
        exit(2);
    }
    unsigned long long first = team.start[0], last = team.end[0];
    for (unsigned i = 1; i < threads; i++) {
        first = team.start[i] < first ? team.start[i] : first;
        last = team.end[i] > last ? team.end[i] : last;
    }
    return (double)pairs * threads * 1e9 / (double)(last - first);
}

/* How many pairs one thread does in about SAMPLE_NS. */
static unsigned long calibrate(enum workload workload)
{
    unsigned long pairs = 1000;
    for (;;) {
        unsigned long long start = test_monotonic_ns();
        if (!(workload == FLOOR ? floor_pairs(pairs) : session_pairs(pairs)))
            exit(2);
        unsigned long long elapsed = test_monotonic_ns() - start;
        if (elapsed > SAMPLE_NS / 10)
            return (unsigned long)((double)pairs * SAMPLE_NS / (double)elapsed) + 1;
        pairs *= 10;
    }
}

static DRMHSESSION *open_sessions(unsigned count)
{
    DRMHSESSION *sessions = calloc(count, sizeof *sessions);
    for (unsigned i = 0; sessions != NULL && i < count; i++) {
        if (DRMCreateClientSession(ignore_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH,
                                   NULL, &sessions[i]) != S_OK) {
            fprintf(stderr, "cannot open %u sessions\n", count);
            exit(1);
        }
    }
    return sessions;
}

static void close_sessions(DRMHSESSION *sessions, unsigned count)
{
    for (unsigned i = 0; i < count; i++)
        DRMCloseSession(sessions[i]);
    free(sessions);
}

/* --- dispatch latency ---------------------------------------------------------- */

static atomic_ullong entered; /* when the callback (or the floor's waiter) ran */

static HRESULT __stdcall timestamp(DRM_STATUS_MSG message, HRESULT status, void *param,
                                   void *context)
{
    (void)message;
    (void)status;
    (void)param;
    (void)context;
    atomic_store(&entered, test_monotonic_ns());
    return S_OK;
}

/* The floor: a thread waiting on a condition variable, woken by a flag. */
static struct {
    platform_mutex lock;
    platform_cond wake;
    bool posted;
    bool quit;
    atomic_bool gone;
} handoff = {PLATFORM_MUTEX_INIT, PLATFORM_COND_INIT, false, false, false};

static void waiter_main(void *unused)
{
    (void)unused;
    platform_mutex_lock(&handoff.lock);
    while (!handoff.quit) {
        while (!handoff.posted && !handoff.quit)
            platform_cond_wait(&handoff.wake, &handoff.lock);
        if (handoff.posted) {
            atomic_store(&entered, test_monotonic_ns());
            handoff.posted = false;
        }
    }
    platform_mutex_unlock(&handoff.lock);
    atomic_store(&handoff.gone, true);
}

/* Waits until the message has arrived; the sleeps make the idle gap. */
static double wait_entered(unsigned long long posted)
{
    unsigned long long at;
    for (int i = 0; (at = atomic_load(&entered)) == 0; i++) {
        if (i > 10000) {
            fprintf(stderr, "a message never arrived\n");
            exit(3);
        }
        platform_sleep_ms(1);
    }
    atomic_store(&entered, 0);
    platform_sleep_ms(1);
    return (double)(at - posted) / 1000.0;
}

/* Median microseconds from post to callback, and for the floor. */
static void dispatch_latency(double *dispatch_us, double *floor_us)
{
    static double dispatch[DISPATCH_SAMPLES], floor[DISPATCH_SAMPLES];
    DRMHSESSION session = DRMHSESSION_INVALID;
    if (DRMCreateClientSession(timestamp, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL,
                               &session) != S_OK)
        exit(1);
    handoff.quit = false;
    atomic_store(&handoff.gone, false);
    if (FAILED(platform_thread_start(waiter_main, NULL)))
        exit(1);
    /* Warm up: the dispatcher thread starts with the first message. */
    for (int i = 0; i < 5; i++) {
        unsigned long long posted = test_monotonic_ns();
        client_session_post_status(session, DRM_MSG_ACTIVATE_MACHINE, S_DRM_INPROGRESS, NULL, NULL,
                                   NULL);
        wait_entered(posted);
    }
    /* Interleaved, so that both see the same machine. */
    for (int i = 0; i < DISPATCH_SAMPLES; i++) {
        unsigned long long posted = test_monotonic_ns();
        platform_mutex_lock(&handoff.lock);
        handoff.posted = true;
        platform_cond_signal(&handoff.wake);
        platform_mutex_unlock(&handoff.lock);
        floor[i] = wait_entered(posted);

        posted = test_monotonic_ns();
        if (client_session_post_status(session, DRM_MSG_ACTIVATE_MACHINE, S_DRM_INPROGRESS, NULL,
                                       NULL, NULL) != S_OK)
            exit(2);
        dispatch[i] = wait_entered(posted);
    }
    platform_mutex_lock(&handoff.lock);
    handoff.quit = true;
    platform_cond_signal(&handoff.wake);
    platform_mutex_unlock(&handoff.lock);
    while (!atomic_load(&handoff.gone))
        platform_sleep_ms(1);
    DRMCloseSession(session);
    *dispatch_us = bench_median(dispatch, DISPATCH_SAMPLES);
    *floor_us = bench_median(floor, DISPATCH_SAMPLES);
}

/* --- the report --------------------------------------------------------------------- */

struct run {
    double floor[MAX_THREADS];                /* pairs/s on 1 and 2 threads */
    double sessions[LIVE_CASES][MAX_THREADS]; /* pairs/s */
    double dispatch_us, handoff_us;
};

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 5;
    if (runs < 1 || runs > MAX_RUNS)
        runs = 5;
    unsigned long floor_count = calibrate(FLOOR);
    unsigned long session_count = calibrate(SESSIONS);
    static struct run results[MAX_RUNS];

    for (int r = 0; r < runs; r++) {
        struct run *run = &results[r];
        for (unsigned t = 0; t < MAX_THREADS; t++)
            run->floor[t] = pairs_per_second(FLOOR, t + 1, floor_count);
        for (size_t c = 0; c < LIVE_CASES; c++) {
            DRMHSESSION *live = open_sessions(live_counts[c]);
            for (unsigned t = 0; t < MAX_THREADS; t++)
                run->sessions[c][t] = pairs_per_second(SESSIONS, t + 1, session_count);
            close_sessions(live, live_counts[c]);
        }
        dispatch_latency(&run->dispatch_us, &run->handoff_us);

        printf("run %d: floor %.1f ns a pair (2 threads %.2fx);", r + 1, 1e9 / run->floor[0],
               run->floor[1] / run->floor[0]);
        for (size_t c = 0; c < LIVE_CASES; c++)
            printf(" %u live %.1f ns (2 threads %.2fx);", live_counts[c], 1e9 / run->sessions[c][0],
                   run->sessions[c][1] / run->sessions[c][0]);
        printf(" dispatch %.1f us, handoff %.1f us\n", run->dispatch_us, run->handoff_us);
        fflush(stdout);
    }

    /* Medians of each figure, and of each run's ratios (ratios within one
     * run compare the same machine state). */
    double values[MAX_RUNS], ratios[MAX_RUNS];
    for (int r = 0; r < runs; r++)
        values[r] = 1e9 / results[r].floor[0];
    double floor_ns = bench_median(values, (size_t)runs);
    for (int r = 0; r < runs; r++)
        values[r] = results[r].floor[1] / results[r].floor[0];
    double floor_scaling = bench_median(values, (size_t)runs);
    printf("median of %d runs:\n", runs);
    printf("  floor (lock, malloc(96), unlock; lock, free, unlock): %.1f ns a pair; "
           "2 threads %.2fx one\n",
           floor_ns, floor_scaling);
    if (floor_scaling < 1.7)
        printf("  (the floor itself gains little from a second thread: no second core was "
               "free, and the 2-thread figures below say little)\n");
    for (size_t c = 0; c < LIVE_CASES; c++) {
        for (int r = 0; r < runs; r++) {
            values[r] = 1e9 / results[r].sessions[c][0];
            ratios[r] = results[r].floor[0] / results[r].sessions[c][0];
        }
        double pair_ns = bench_median(values, (size_t)runs);
        double ratio = bench_median(ratios, (size_t)runs);
        for (int r = 0; r < runs; r++)
            values[r] = results[r].sessions[c][1] / results[r].sessions[c][0];
        printf("  create+close, %5u live: %.1f ns a pair = %.2fx the floor (target <= 5 "
               "natively, <= 10 under Wine); 2 threads %.2fx one (target >= 1.5)\n",
               live_counts[c], pair_ns, ratio, bench_median(values, (size_t)runs));
    }
    for (int r = 0; r < runs; r++)
        values[r] = results[r].sessions[LIVE_CASES - 1][0] / results[r].sessions[0][0];
    printf("  flat: pairs a second with %u live / with %u live: %.2f (target about 1)\n",
           live_counts[LIVE_CASES - 1], live_counts[0], bench_median(values, (size_t)runs));
    for (int r = 0; r < runs; r++) {
        values[r] = results[r].dispatch_us;
        ratios[r] = results[r].dispatch_us / results[r].handoff_us;
    }
    double dispatch_us = bench_median(values, (size_t)runs);
    for (int r = 0; r < runs; r++)
        values[r] = results[r].handoff_us;
    printf("  dispatch, post to callback entered: median %.1f us; condition-variable handoff "
           "%.1f us; ratio %.2f (target <= 2)\n",
           dispatch_us, bench_median(values, (size_t)runs), bench_median(ratios, (size_t)runs));
    return 0;
}
