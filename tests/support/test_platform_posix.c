/*
 * test_platform.h on POSIX systems.
 */
#define _GNU_SOURCE
#include "test_platform.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

_Static_assert(sizeof(test_mutex) >= sizeof(pthread_mutex_t), "test_mutex too small");

void test_mutex_init(test_mutex *mutex)
{
    pthread_mutex_init((pthread_mutex_t *)mutex->state, NULL);
}

void test_mutex_lock(test_mutex *mutex)
{
    pthread_mutex_lock((pthread_mutex_t *)mutex->state);
}

void test_mutex_unlock(test_mutex *mutex)
{
    pthread_mutex_unlock((pthread_mutex_t *)mutex->state);
}

unsigned long test_thread_id(void)
{
    return (unsigned long)syscall(SYS_gettid);
}

void test_sleep_ms(unsigned milliseconds)
{
    struct timespec duration = {(time_t)(milliseconds / 1000),
                                (long)(milliseconds % 1000) * 1000000L};
    nanosleep(&duration, NULL);
}

void test_set_environment(const char *name, const char *value)
{
    if (value != NULL)
        setenv(name, value, 1);
    else
        unsetenv(name);
}

int test_set_machine_setting(const char *key, const char *value)
{
    (void)key;
    (void)value;
    return 0;
}
