/*
 * openmsdrm - POSIX: environment, trace output and thread identity.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE
#include "platform/platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "msdrmerror.h"

bool platform_env_get(const char *name, char *value, size_t size)
{
    const char *found = getenv(name);
    if (found == NULL || size == 0)
        return false;
    snprintf(value, size, "%s", found);
    return true;
}

void platform_trace_write(const char *line, bool to_debugger)
{
    (void)to_debugger; /* no debugger channel here: stderr either way */
    fputs(line, stderr);
    fflush(stderr);
}

unsigned long platform_thread_id(void)
{
    return (unsigned long)syscall(SYS_gettid);
}

bool platform_is_safe_mode(void)
{
    return false; /* no such boot mode */
}

HRESULT platform_machine_setting(const WCHAR *key, WCHAR **value)
{
    (void)key;
    *value = NULL;
    return E_DRM_SERVICE_NOT_FOUND; /* no registry here */
}
