/*
 * openmsdrm - POSIX: mutexes, condition variables and threads.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE
#include "platform/platform.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include <openssl/crypto.h>

#include "msdrmerror.h"

/*
 * A detached thread (an operation's worker making keys) may still run when
 * the process calls exit(), which runs the atexit handlers while other
 * threads go on: libcrypto's own handler would free its state under that
 * thread. So libcrypto is told at load time, before our first use of it,
 * to register none; the system reclaims its memory at exit (win32/sync.c
 * does the same, for the same reason). It lives beside the thread
 * code on purpose: the layers are static libraries, and a constructor in
 * a file that nothing else references would be dropped from the link.
 */
__attribute__((constructor)) static void keep_crypto_past_exit(void)
{
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
}

void platform_mutex_init(platform_mutex *mutex)
{
    pthread_mutex_init(&mutex->lock, NULL);
}

void platform_mutex_destroy(platform_mutex *mutex)
{
    pthread_mutex_destroy(&mutex->lock);
}

void platform_mutex_lock(platform_mutex *mutex)
{
    pthread_mutex_lock(&mutex->lock);
}

void platform_mutex_unlock(platform_mutex *mutex)
{
    pthread_mutex_unlock(&mutex->lock);
}

void platform_cond_wait(platform_cond *cond, platform_mutex *mutex)
{
    pthread_cond_wait(&cond->cond, &mutex->lock);
}

bool platform_cond_wait_ms(platform_cond *cond, platform_mutex *mutex, uint32_t milliseconds)
{
    /* Statically initialised condition variables time out on the real-time
     * clock; a clock step only lengthens or shortens one idle wait. */
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += milliseconds / 1000;
    deadline.tv_nsec += (long)(milliseconds % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    return pthread_cond_timedwait(&cond->cond, &mutex->lock, &deadline) != ETIMEDOUT;
}

void platform_cond_signal(platform_cond *cond)
{
    pthread_cond_signal(&cond->cond);
}

void platform_cond_broadcast(platform_cond *cond)
{
    pthread_cond_broadcast(&cond->cond);
}

struct thread_start {
    void (*run)(void *argument);
    void *argument;
};

static void *thread_main(void *start_pointer)
{
    struct thread_start start = *(struct thread_start *)start_pointer;
    free(start_pointer);
    start.run(start.argument);
    return NULL;
}

/* The native library is linked with -z nodelete, so dlclose never unmaps
 * code a thread still runs: no pinning needed here. */
HRESULT platform_thread_start(void (*run)(void *argument), void *argument)
{
    struct thread_start *start = malloc(sizeof *start);
    if (start == NULL)
        return E_OUTOFMEMORY;
    start->run = run;
    start->argument = argument;

    pthread_attr_t attributes;
    pthread_t thread;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    int error = pthread_create(&thread, &attributes, thread_main, start);
    pthread_attr_destroy(&attributes);
    if (error != 0) {
        free(start);
        return E_OUTOFMEMORY;
    }
    return S_OK;
}

void platform_gmtime(int64_t when, struct tm *utc)
{
    time_t seconds = (time_t)when;
    gmtime_r(&seconds, utc);
}

int64_t platform_time_now_seconds(void)
{
    return (int64_t)time(NULL); /* glibc reads it without a system call or tzset */
}

void platform_system_time(bool local, SYSTEMTIME *now)
{
    struct timespec clock;
    clock_gettime(CLOCK_REALTIME, &clock);
    struct tm parts;
    if (local)
        localtime_r(&clock.tv_sec, &parts);
    else
        gmtime_r(&clock.tv_sec, &parts);
    now->wYear = (WORD)(parts.tm_year + 1900);
    now->wMonth = (WORD)(parts.tm_mon + 1);
    now->wDayOfWeek = (WORD)parts.tm_wday;
    now->wDay = (WORD)parts.tm_mday;
    now->wHour = (WORD)parts.tm_hour;
    now->wMinute = (WORD)parts.tm_min;
    now->wSecond =
        (WORD)(parts.tm_sec > 59 ? 59 : parts.tm_sec); /* SYSTEMTIME has no leap second */
    now->wMilliseconds = (WORD)(clock.tv_nsec / 1000000);
}

uint64_t platform_monotonic_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
}

void platform_sleep_ms(uint32_t milliseconds)
{
    struct timespec duration = {(time_t)(milliseconds / 1000),
                                (long)(milliseconds % 1000) * 1000000L};
    while (nanosleep(&duration, &duration) != 0 && errno == EINTR) {
    }
}
