/*
 * openmsdrm - Win32: environment, trace output and thread identity.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "platform/platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

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
