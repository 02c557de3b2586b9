/*
 * test_threads.h on the platform layer's detached threads: a counter under
 * a mutex tells the starter when the last one has finished.
 */
#include "test_threads.h"

#include <stdlib.h>

#include "platform/platform.h"

struct batch {
    platform_mutex lock;
    platform_cond done;
    unsigned running;
};

struct job {
    struct batch *batch;
    void (*run)(void *argument);
    void *argument;
};

static void job_main(void *job_pointer)
{
    struct job *job = job_pointer;
    job->run(job->argument);
    platform_mutex_lock(&job->batch->lock);
    if (--job->batch->running == 0)
        platform_cond_broadcast(&job->batch->done);
    platform_mutex_unlock(&job->batch->lock);
}

void run_on_threads(unsigned count, void (*run)(void *argument), void **arguments)
{
    struct batch batch = {PLATFORM_MUTEX_INIT, PLATFORM_COND_INIT, count};
    struct job *jobs = calloc(count, sizeof *jobs);
    if (jobs == NULL)
        abort();
    for (unsigned i = 0; i < count; i++) {
        jobs[i] = (struct job){&batch, run, arguments[i]};
        if (FAILED(platform_thread_start(job_main, &jobs[i])))
            abort();
    }
    platform_mutex_lock(&batch.lock);
    while (batch.running > 0)
        platform_cond_wait(&batch.done, &batch.lock);
    platform_mutex_unlock(&batch.lock);
    /* Past the broadcast no thread touches `batch` or its job again. */
    free(jobs);
}
