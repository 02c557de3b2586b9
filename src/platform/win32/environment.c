/*
 * openmsdrm - Win32: environment, trace output and thread identity.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "platform/platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

#include "msdrmerror.h"

bool platform_env_get(const char *name, char *value, size_t size)
{
    /* With no buffer, the size it needs including the NUL; 0 when unset. */
    DWORD needed = GetEnvironmentVariableA(name, NULL, 0);
    if (needed == 0 || size == 0)
        return false;
    char *whole = malloc(needed);
    if (whole == NULL)
        return false;
    DWORD length = GetEnvironmentVariableA(name, whole, needed);
    bool found = length < needed;
    if (found)
        snprintf(value, size, "%s", whole);
    free(whole);
    return found;
}

void platform_trace_write(const char *line, bool to_debugger)
{
    if (to_debugger) {
        OutputDebugStringA(line);
        return;
    }
    fputs(line, stderr);
    fflush(stderr);
}

unsigned long platform_thread_id(void)
{
    return GetCurrentThreadId();
}

bool platform_is_safe_mode(void)
{
    return GetSystemMetrics(SM_CLEANBOOT) != 0;
}

HRESULT platform_machine_setting(const WCHAR *key, WCHAR **value)
{
    *value = NULL;
    DWORD bytes = 0;
    LSTATUS status = RegGetValueW(HKEY_LOCAL_MACHINE, key, NULL, RRF_RT_REG_SZ, NULL, NULL, &bytes);
    if (status == ERROR_FILE_NOT_FOUND || (status == ERROR_SUCCESS && bytes <= sizeof(WCHAR)))
        return E_DRM_SERVICE_NOT_FOUND;
    if (status != ERROR_SUCCESS)
        return HRESULT_FROM_WIN32(status);
    WCHAR *text = malloc(bytes + sizeof(WCHAR));
    if (text == NULL)
        return E_OUTOFMEMORY;
    status = RegGetValueW(HKEY_LOCAL_MACHINE, key, NULL, RRF_RT_REG_SZ, NULL, text, &bytes);
    if (status != ERROR_SUCCESS) {
        free(text);
        return status == ERROR_FILE_NOT_FOUND ? E_DRM_SERVICE_NOT_FOUND
                                              : HRESULT_FROM_WIN32(status);
    }
    *value = text;
    return S_OK;
}
