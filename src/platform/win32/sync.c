/*
 * openmsdrm - Win32: SRW locks, condition variables and threads.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "platform/platform.h"

#include <stdlib.h>
#include <time.h>

#include <openssl/crypto.h>

#include "msdrmerror.h"

/*
 * A worker thread (an operation making keys) may still run when the
 * process calls exit(): in a program that links the library statically
 * (our tests) the C runtime runs the atexit handlers while the other
 * threads go on, and libcrypto's handler frees its state under that
 * thread (seen under Wine: a heap fault in OPENSSL_cleanup, about one
 * run in twelve under load). In the DLL the handlers run at process
 * detach, after Windows has ended the other threads, possibly in the
 * middle of libcrypto. So, as on POSIX, libcrypto is told before its
 * first use to register no handler; the system reclaims its memory. The
 * constructor lives beside the thread code so that the static link keeps
 * it; in the DLL it runs under the loader lock, where this base
 * initialisation (locks, a TLS index) is allowed.
 */
__attribute__((constructor)) static void keep_crypto_past_exit(void)
{
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
}

void platform_mutex_init(platform_mutex *mutex)
{
    InitializeSRWLock(&mutex->lock);
}

void platform_mutex_destroy(platform_mutex *mutex)
{
    (void)mutex; /* SRW locks hold no resources */
}

void platform_mutex_lock(platform_mutex *mutex)
{
    AcquireSRWLockExclusive(&mutex->lock);
}

void platform_mutex_unlock(platform_mutex *mutex)
{
    ReleaseSRWLockExclusive(&mutex->lock);
}

void platform_cond_wait(platform_cond *cond, platform_mutex *mutex)
{
    SleepConditionVariableSRW(&cond->cond, &mutex->lock, INFINITE, 0);
}

bool platform_cond_wait_ms(platform_cond *cond, platform_mutex *mutex, uint32_t milliseconds)
{
    return SleepConditionVariableSRW(&cond->cond, &mutex->lock, milliseconds, 0) ||
           GetLastError() != ERROR_TIMEOUT;
}

void platform_cond_signal(platform_cond *cond)
{
    WakeConditionVariable(&cond->cond);
}

void platform_cond_broadcast(platform_cond *cond)
{
    WakeAllConditionVariable(&cond->cond);
}

struct thread_start {
    void (*run)(void *argument);
    void *argument;
    HMODULE pinned; /* our DLL, held loaded while the thread runs; or NULL */
};

static DWORD WINAPI thread_main(LPVOID start_pointer)
{
    struct thread_start start = *(struct thread_start *)start_pointer;
    free(start_pointer);
    start.run(start.argument);
    if (start.pinned != NULL)
        FreeLibraryAndExitThread(start.pinned, 0); /* does not return */
    return 0;
}

/*
 * A thread running our code must keep the DLL mapped even if the
 * application calls FreeLibrary meanwhile, so it takes a module reference
 * and drops it as it exits. When the core is linked into a program (the
 * internal tests) the module is the program itself and needs no pin.
 */
static HMODULE pin_own_module(void)
{
    HMODULE module = NULL;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCWSTR)(void *)pin_own_module,
                            &module))
        return NULL;
    if (module == GetModuleHandleW(NULL)) {
        FreeLibrary(module);
        return NULL;
    }
    return module;
}

HRESULT platform_thread_start(void (*run)(void *argument), void *argument)
{
    struct thread_start *start = malloc(sizeof *start);
    if (start == NULL)
        return E_OUTOFMEMORY;
    start->run = run;
    start->argument = argument;
    start->pinned = pin_own_module();

    HANDLE thread = CreateThread(NULL, 0, thread_main, start, 0, NULL);
    if (thread == NULL) {
        if (start->pinned != NULL)
            FreeLibrary(start->pinned);
        free(start);
        return E_OUTOFMEMORY;
    }
    CloseHandle(thread);
    return S_OK;
}

void platform_gmtime(int64_t when, struct tm *utc)
{
    __time64_t seconds = (__time64_t)when;
    _gmtime64_s(utc, &seconds);
}

/* FILETIME counts 100 ns units from 1601; 1970 is this many seconds later. */
#define SECONDS_1601_TO_1970 11644473600LL

int64_t platform_time_now_seconds(void)
{
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    uint64_t units = (uint64_t)now.dwHighDateTime << 32 | now.dwLowDateTime;
    return (int64_t)(units / 10000000u) - SECONDS_1601_TO_1970;
}

void platform_system_time(bool local, SYSTEMTIME *now)
{
    if (local)
        GetLocalTime(now);
    else
        GetSystemTime(now);
}

uint64_t platform_monotonic_ms(void)
{
    return GetTickCount64();
}

void platform_sleep_ms(uint32_t milliseconds)
{
    Sleep(milliseconds);
}
