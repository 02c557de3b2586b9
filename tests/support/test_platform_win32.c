/*
 * test_platform.h on Windows.
 */
#include "test_platform.h"

#include <string.h>
#include <windows.h>
#include <psapi.h>

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

unsigned long long test_monotonic_ns(void)
{
    LARGE_INTEGER now, frequency;
    QueryPerformanceCounter(&now);
    QueryPerformanceFrequency(&frequency);
    unsigned long long ticks = (unsigned long long)now.QuadPart;
    unsigned long long per_second = (unsigned long long)frequency.QuadPart;
    return ticks / per_second * 1000000000ULL + ticks % per_second * 1000000000ULL / per_second;
}

void test_set_environment(const char *name, const char *value)
{
    SetEnvironmentVariableA(name, value);
}

int test_set_machine_setting(const char *key, const char *value)
{
    if (value == NULL)
        return RegDeleteKeyA(HKEY_LOCAL_MACHINE, key) == ERROR_SUCCESS;
    HKEY opened = NULL;
    if (RegCreateKeyExA(HKEY_LOCAL_MACHINE, key, 0, NULL, 0, KEY_SET_VALUE, NULL, &opened, NULL) !=
        ERROR_SUCCESS)
        return 0;
    LSTATUS status =
        RegSetValueExA(opened, NULL, 0, REG_SZ, (const BYTE *)value, (DWORD)strlen(value) + 1);
    RegCloseKey(opened);
    return status == ERROR_SUCCESS;
}

int test_make_shared_folder(char *path, unsigned long size)
{
    (void)path;
    (void)size;
    return 0;
}

int test_make_read_only_folder(const char *folder)
{
    (void)folder;
    return 0;
}

int test_drop_privileges(void)
{
    return 1;
}

unsigned long test_open_handle_count(void)
{
    DWORD count = 0;
    GetProcessHandleCount(GetCurrentProcess(), &count);
    return count;
}

unsigned long long test_peak_memory_bytes(void)
{
    PROCESS_MEMORY_COUNTERS counters;
    if (!K32GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof counters))
        return 0;
    return counters.PeakWorkingSetSize;
}
