/*
 * openmsdrm - Win32: the DLL entry point.
 *
 * Runs under the loader lock, so it starts no thread and waits for none.
 * libcrypto is linked statically, so nothing else frees its per-thread
 * state: each exiting thread must call OPENSSL_thread_stop() here.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <windows.h>

#include <openssl/crypto.h>

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved);

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reserved;
    if (reason == DLL_THREAD_DETACH)
        OPENSSL_thread_stop();
    return TRUE;
}
