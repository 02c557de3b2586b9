/*
 * ASCII to UTF-16 for tests: a caller's own copy of a string, as an
 * application's copy of a header constant would be.
 */
#ifndef MSDRM_TEST_WIDE_TEXT_H
#define MSDRM_TEST_WIDE_TEXT_H

#include <stddef.h>

#include "msdrmdefs.h"

/* Writes `ascii` as UTF-16 into `buffer` (room for it and its NUL). */
static inline PWSTR widen(const char *ascii, WCHAR *buffer)
{
    size_t i = 0;
    for (; ascii[i] != '\0'; i++)
        buffer[i] = (WCHAR)(unsigned char)ascii[i];
    buffer[i] = 0;
    return buffer;
}

#endif /* MSDRM_TEST_WIDE_TEXT_H */
