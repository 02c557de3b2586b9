/*
 * test_platform.h on Windows.
 */
#include "test_platform.h"

#include <windows.h>

_Static_assert(sizeof(test_mutex) >= sizeof(SRWLOCK), "test_mutex too small");

void test_mutex_init(test_mutex *mutex)
{
    InitializeSRWLock((SRWLOCK *)mutex->state);
}

void test_mutex_lock(test_mutex *mutex)
{
    AcquireSRWLockExclusive((SRWLOCK *)mutex->state);
}

void test_mutex_unlock(test_mutex *mutex)
{
    ReleaseSRWLockExclusive((SRWLOCK *)mutex->state);
}

unsigned long test_thread_id(void)
{
    return GetCurrentThreadId();
}

void test_sleep_ms(unsigned milliseconds)
{
    Sleep(milliseconds);
}
