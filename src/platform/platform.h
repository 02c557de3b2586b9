/*
 * openmsdrm - the operating-system layer. Every OS difference lives behind
 * this header, in platform/win32/ or platform/posix/ (CMake picks one).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_PLATFORM_H
#define MSDRM_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Reads environment variable `name` into `value` (NUL-terminated, cut to
 * `size`). Returns false when it is not set.
 */
bool platform_env_get(const char *name, char *value, size_t size);

/* Writes one finished trace line to stderr, or to the debugger (Windows). */
void platform_trace_write(const char *line, bool to_debugger);

/* The calling thread's OS identifier, for traces. */
unsigned long platform_thread_id(void);

#endif /* MSDRM_PLATFORM_H */
