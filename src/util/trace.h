/*
 * openmsdrm - the trace channel: with MSDRM_DEBUG set, every export logs
 * its arguments on entry and its result on return.
 *
 *   MSDRM_DEBUG unset, empty or "0"  off (one relaxed atomic load a call)
 *   MSDRM_DEBUG=ods                  OutputDebugString (stderr off Windows)
 *   MSDRM_DEBUG=<anything else>      stderr
 *
 * The variable is read once, at the first traced call.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_TRACE_H
#define MSDRM_TRACE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "msdrmdefs.h"

enum trace_arg_kind {
    TRACE_ARG_HANDLE, /* 32-bit handle or flags, printed in hex */
    TRACE_ARG_UINT,
    TRACE_ARG_INT,
    TRACE_ARG_PTR,
    TRACE_ARG_WSTR,   /* NUL-terminated UTF-16 input string */
    TRACE_ARG_HRESULT /* in hex, then its name when it has one */
};

struct trace_arg {
    enum trace_arg_kind kind;
    union {
        uint32_t u;
        int32_t i;
        const void *p;
        const WCHAR *w;
    } v;
};

/* Typed wrappers: the compiler checks each argument against its kind. */
#define T_HANDLE(x) ((struct trace_arg){TRACE_ARG_HANDLE, {.u = (x)}})
#define T_UINT(x) ((struct trace_arg){TRACE_ARG_UINT, {.u = (x)}})
#define T_INT(x) ((struct trace_arg){TRACE_ARG_INT, {.i = (x)}})
#define T_PTR(x) ((struct trace_arg){TRACE_ARG_PTR, {.p = (x)}})
#define T_FUNC(x) ((struct trace_arg){TRACE_ARG_PTR, {.p = (const void *)(uintptr_t)(x)}})
#define T_WSTR(x) ((struct trace_arg){TRACE_ARG_WSTR, {.w = (x)}})
#define T_HRESULT(x) ((struct trace_arg){TRACE_ARG_HRESULT, {.u = (uint32_t)(HRESULT)(x)}})

enum trace_state { TRACE_UNKNOWN = 0, TRACE_OFF, TRACE_STDERR, TRACE_DEBUGGER };

extern atomic_int trace_state_cached;
enum trace_state trace_state_init(void);

static inline int trace_enabled(void)
{
    int state = atomic_load_explicit(&trace_state_cached, memory_order_relaxed);
    if (state == TRACE_UNKNOWN)
        state = (int)trace_state_init();
    return state != TRACE_OFF;
}

void trace_call(const char *function, const struct trace_arg *args, size_t count);
void trace_result(const char *function, HRESULT hr);
/* One line of explanation on the trace channel (why a call failed). */
void trace_note(const char *note);

static inline HRESULT trace_return(const char *function, HRESULT hr)
{
    if (trace_enabled())
        trace_result(function, hr);
    return hr;
}

#define TRACE_CALL(...)                                                                            \
    do {                                                                                           \
        if (trace_enabled()) {                                                                     \
            const struct trace_arg trace_args_[] = {__VA_ARGS__};                                  \
            trace_call(__func__, trace_args_, sizeof trace_args_ / sizeof trace_args_[0]);         \
        }                                                                                          \
    } while (0)

#define TRACE_CALL_NOARGS()                                                                        \
    do {                                                                                           \
        if (trace_enabled())                                                                       \
            trace_call(__func__, NULL, 0);                                                         \
    } while (0)

#define TRACE_RETURN(hr) trace_return(__func__, (hr))

#endif /* MSDRM_TRACE_H */
