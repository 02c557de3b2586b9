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

unsigned long long test_monotonic_ns(void)
{
    LARGE_INTEGER frequency, now;
    QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&now);
    unsigned long long ticks = (unsigned long long)now.QuadPart;
    unsigned long long per_second = (unsigned long long)frequency.QuadPart;
    return ticks / per_second * 1000000000u + ticks % per_second * 1000000000u / per_second;
}

void test_sleep_ms(unsigned milliseconds)
{
    Sleep(milliseconds);
}

void test_set_environment(const char *name, const char *value)
{
    SetEnvironmentVariableA(name, value);
}

/* Appends a DWORD-length-prefixed string to the settings blob. */
static BYTE *put_counted(BYTE *at, const char *text)
{
    DWORD length = (DWORD)strlen(text);
    memcpy(at, &length, sizeof length);
    memcpy(at + sizeof length, text, length);
    return at + sizeof length + length;
}

int test_set_user_proxy(const char *proxy, const char *bypass)
{
    static const WCHAR connections[] =
        L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections";
    if (proxy != NULL && strlen(proxy) + (bypass != NULL ? strlen(bypass) : 0) > 900)
        return 0; /* more than the blob below holds */
    HKEY key = NULL;
    if (RegCreateKeyExW(HKEY_CURRENT_USER, connections, 0, NULL, 0, KEY_SET_VALUE, NULL, &key,
                        NULL) != ERROR_SUCCESS)
        return 0;
    LSTATUS status;
    if (proxy == NULL) {
        status = RegDeleteValueW(key, L"DefaultConnectionSettings");
        status = status == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : status;
    } else {
        /* WinINet's layout: a version, a change counter, flags (1 direct,
         * 2 named proxy), then the proxy, its bypass list and the PAC URL,
         * each with its length. */
        BYTE blob[1024] = {0};
        DWORD header[3] = {0x46, 1, 1 | 2};
        memcpy(blob, header, sizeof header);
        BYTE *end = put_counted(blob + sizeof header, proxy);
        end = put_counted(end, bypass != NULL ? bypass : "");
        end = put_counted(end, "");
        end += 32; /* the auto-detection state that follows, zeroed */
        status = RegSetValueExW(key, L"DefaultConnectionSettings", 0, REG_BINARY, blob,
                                (DWORD)(end - blob));
    }
    RegCloseKey(key);
    return status == ERROR_SUCCESS;
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
