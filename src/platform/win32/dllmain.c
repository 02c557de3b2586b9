/*
 * openmsdrm - Win32: the DLL entry point.
 *
 * Runs under the loader lock, so it starts no thread and waits for none.
 * libcrypto and libxml2 are linked statically, so nothing else frees
 * their per-thread state: each exiting thread calls OPENSSL_thread_stop()
 * here, and libxml2 (built with LIBXML_STATIC_FOR_DLL, so that it starts
 * no helper thread of its own per thread) gets every notification through
 * xmlDllMain.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <windows.h>

#include <openssl/crypto.h>

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved);

/* libxml2's DllMain for static builds inside a DLL; no header declares it. */
int xmlDllMain(void *instance, unsigned long reason, void *reserved);

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_THREAD_DETACH)
        OPENSSL_thread_stop();
    return xmlDllMain(instance, reason, reserved) != FALSE;
}
