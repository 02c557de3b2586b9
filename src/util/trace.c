/*
 * openmsdrm - the trace channel (see trace.h). Each call's line is built in
 * a stack buffer and written at once, so lines of concurrent threads do not
 * interleave within a line.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/trace.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/build_info.h"
#include "util/hresult_names.h"
#include "platform/platform.h"

/* Longest part of a string argument shown; the rest is elided. */
#define TRACE_WSTR_MAX_UNITS 80

atomic_int trace_state_cached = TRACE_UNKNOWN;

struct trace_line {
    char text[1024];
    size_t length;
};

static void line_append(struct trace_line *line, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static void line_append(struct trace_line *line, const char *format, ...)
{
    size_t room = sizeof line->text - line->length;
    if (room <= 1)
        return;
    va_list args;
    va_start(args, format);
    int written = vsnprintf(line->text + line->length, room, format, args);
    va_end(args);
    if (written < 0)
        return;
    line->length += (size_t)written < room ? (size_t)written : room - 1;
}

static void line_append_wstr(struct trace_line *line, const WCHAR *text)
{
    if (text == NULL) {
        line_append(line, "NULL");
        return;
    }
    line_append(line, "L\"");
    size_t i = 0;
    for (; text[i] != 0 && i < TRACE_WSTR_MAX_UNITS; i++) {
        unsigned unit = text[i];
        if (unit == '"' || unit == '\\')
            line_append(line, "\\%c", (char)unit);
        else if (unit >= 0x20 && unit < 0x7f)
            line_append(line, "%c", (char)unit);
        else
            line_append(line, "\\u%04x", unit);
    }
    line_append(line, text[i] != 0 ? "\"..." : "\"");
}

/* "0x8004cf00 E_DRM_INVALID_LICENSE", or the number alone. */
static void line_append_hresult(struct trace_line *line, HRESULT hr)
{
    const char *name = hresult_name(hr);
    line_append(line, "0x%08lx%s%s", (unsigned long)(uint32_t)hr, name != NULL ? " " : "",
                name != NULL ? name : "");
}

static void line_emit(struct trace_line *line)
{
    int state = atomic_load_explicit(&trace_state_cached, memory_order_relaxed);
    line_append(line, "\n");
    platform_trace_write(line->text, state == TRACE_DEBUGGER);
}

static void line_start(struct trace_line *line)
{
    line->length = 0;
    line->text[0] = '\0';
    line_append(line, "msdrm:%04lx: ", platform_thread_id());
}

enum trace_state trace_state_init(void)
{
    char value[16];
    enum trace_state state = TRACE_OFF;
    if (platform_env_get("MSDRM_DEBUG", value, sizeof value) && value[0] != '\0' &&
        strcmp(value, "0") != 0)
        state = strcmp(value, "ods") == 0 ? TRACE_DEBUGGER : TRACE_STDERR;

    int expected = TRACE_UNKNOWN;
    if (!atomic_compare_exchange_strong(&trace_state_cached, &expected, (int)state))
        return (enum trace_state)expected; /* another thread decided first */

    if (state != TRACE_OFF) {
        struct trace_line line;
        line_start(&line);
        line_append(&line, "trace on: ");
        build_info_describe(line.text + line.length, sizeof line.text - line.length);
        line.length = strlen(line.text);
        line_emit(&line);
    }
    return state;
}

void trace_call(const char *function, const struct trace_arg *args, size_t count)
{
    struct trace_line line;
    line_start(&line);
    line_append(&line, "%s(", function);
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            line_append(&line, ", ");
        switch (args[i].kind) {
        case TRACE_ARG_HANDLE:
            line_append(&line, "0x%08lx", (unsigned long)args[i].v.u);
            break;
        case TRACE_ARG_UINT:
            line_append(&line, "%lu", (unsigned long)args[i].v.u);
            break;
        case TRACE_ARG_INT:
            line_append(&line, "%ld", (long)args[i].v.i);
            break;
        case TRACE_ARG_PTR:
            if (args[i].v.p == NULL)
                line_append(&line, "NULL");
            else
                line_append(&line, "0x%" PRIxPTR, (uintptr_t)args[i].v.p);
            break;
        case TRACE_ARG_WSTR:
            line_append_wstr(&line, args[i].v.w);
            break;
        case TRACE_ARG_HRESULT:
            line_append_hresult(&line, (HRESULT)args[i].v.u);
            break;
        }
    }
    line_append(&line, ")");
    line_emit(&line);
}

void trace_result(const char *function, HRESULT hr)
{
    struct trace_line line;
    line_start(&line);
    line_append(&line, "%s -> ", function);
    line_append_hresult(&line, hr);
    line_emit(&line);
}

void trace_note(const char *note)
{
    if (!trace_enabled())
        return;
    struct trace_line line;
    line_start(&line);
    line_append(&line, "%s", note);
    line_emit(&line);
}
