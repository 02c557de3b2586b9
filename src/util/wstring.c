/*
 * openmsdrm - UTF-16 string helpers (see wstring.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/wstring.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "msdrmerror.h"

size_t wstr_length_bounded(const WCHAR *text, size_t max_units)
{
    for (size_t i = 0; i <= max_units; i++) {
        if (text[i] == 0)
            return i;
    }
    return SIZE_MAX;
}

bool wstr_is_valid_utf16(const WCHAR *text, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        unsigned unit = text[i];
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            if (i + 1 >= length || text[i + 1] < 0xDC00 || text[i + 1] > 0xDFFF)
                return false;
            i++;
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            return false;
        }
    }
    return true;
}

bool wstr_equals_ascii(const WCHAR *text, const char *ascii)
{
    size_t i = 0;
    for (; ascii[i] != '\0'; i++) {
        if (text[i] != (WCHAR)(unsigned char)ascii[i])
            return false;
    }
    return text[i] == 0;
}

static WCHAR ascii_lower(WCHAR unit)
{
    return unit >= 'A' && unit <= 'Z' ? (WCHAR)(unit - 'A' + 'a') : unit;
}

bool wstr_equals_ascii_nocase(const WCHAR *text, const char *ascii)
{
    size_t i = 0;
    for (; ascii[i] != '\0'; i++) {
        if (ascii_lower(text[i]) != ascii_lower((WCHAR)(unsigned char)ascii[i]))
            return false;
    }
    return text[i] == 0;
}

WCHAR *wstr_copy(const WCHAR *text, size_t length)
{
    if (length >= SIZE_MAX / sizeof(WCHAR))
        return NULL;
    WCHAR *copy = malloc((length + 1) * sizeof(WCHAR));
    if (copy == NULL)
        return NULL;
    memcpy(copy, text, length * sizeof(WCHAR));
    copy[length] = 0;
    return copy;
}

char *str_copy(const char *text)
{
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy != NULL)
        memcpy(copy, text, length + 1);
    return copy;
}

void wstr_scrub(WCHAR *text)
{
    if (text == NULL)
        return;
    size_t length = 0;
    while (text[length] != 0)
        length++;
    OPENSSL_cleanse(text, length * sizeof(WCHAR));
}

void wstr_free_secret(WCHAR *text)
{
    wstr_scrub(text);
    free(text);
}

/* Decodes one UTF-8 sequence at *p; returns the code point or -1. */
static long utf8_next(const unsigned char **p)
{
    const unsigned char *s = *p;
    long point;
    int extra;
    if (s[0] < 0x80) {
        point = s[0];
        extra = 0;
    } else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        point = s[0] & 0x1F;
        extra = 1;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        point = s[0] & 0x0F;
        extra = 2;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        point = s[0] & 0x07;
        extra = 3;
    } else {
        return -1;
    }
    for (int i = 1; i <= extra; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        point = point << 6 | (s[i] & 0x3F);
    }
    static const long minimum[] = {0, 0x80, 0x800, 0x10000};
    if (point < minimum[extra] || point > 0x10FFFF || (point >= 0xD800 && point <= 0xDFFF))
        return -1;
    *p = s + extra + 1;
    return point;
}

size_t wstr_from_utf8_span(const char **utf8, const char *end, WCHAR *out, size_t room)
{
    const unsigned char *p = (const unsigned char *)*utf8;
    size_t units = 0;
    while (p < (const unsigned char *)end && units + 2 <= room) {
        /* XrML is mostly ASCII: eight bytes at a time while they all are. */
        uint64_t eight;
        while ((const unsigned char *)end - p >= 8 && room - units >= 10 &&
               (memcpy(&eight, p, 8), (eight & 0x8080808080808080u) == 0)) {
            for (int i = 0; i < 8; i++)
                out[units + (size_t)i] = p[i];
            units += 8;
            p += 8;
        }
        if (p >= (const unsigned char *)end)
            break;
        if (*p < 0x80) {
            out[units++] = *p++;
            continue;
        }
        long point = utf8_next(&p);
        if (point < 0)
            return SIZE_MAX;
        if (point >= 0x10000) {
            point -= 0x10000;
            out[units++] = (WCHAR)(0xD800 + (point >> 10));
            out[units++] = (WCHAR)(0xDC00 + (point & 0x3FF));
        } else {
            out[units++] = (WCHAR)point;
        }
    }
    *utf8 = (const char *)p;
    return units;
}

WCHAR *wstr_from_utf8(const char *utf8)
{
    size_t bytes = strlen(utf8);
    /* Never more UTF-16 units than UTF-8 bytes. */
    WCHAR *wide = malloc((bytes + 2) * sizeof(WCHAR));
    if (wide == NULL)
        return NULL;
    const char *at = utf8;
    size_t units = wstr_from_utf8_span(&at, utf8 + bytes, wide, bytes + 2);
    if (units == SIZE_MAX || at != utf8 + bytes) { /* a NUL inside a sequence */
        free(wide);
        return NULL;
    }
    wide[units] = 0;
    return wide;
}

char *wstr_to_utf8_span(const WCHAR *text, size_t units, size_t *bytes)
{
    if (units > SIZE_MAX / 3 - 1)
        return NULL;
    unsigned char *utf8 = malloc(units * 3 + 1); /* 3 bytes a unit at most */
    if (utf8 == NULL)
        return NULL;
    size_t out = 0;
    for (size_t i = 0; i < units; i++) {
        uint32_t point = text[i];
        if (point < 0x80) {
            utf8[out++] = (unsigned char)point;
            continue;
        }
        if (point >= 0xD800 && point <= 0xDFFF) {
            /* Only a high surrogate followed by a low one is a character. */
            if (point > 0xDBFF || i + 1 >= units || text[i + 1] < 0xDC00 || text[i + 1] > 0xDFFF) {
                free(utf8);
                return NULL;
            }
            point = 0x10000 + ((point - 0xD800) << 10) + (text[++i] - 0xDC00u);
            utf8[out++] = (unsigned char)(0xF0 | point >> 18);
            utf8[out++] = (unsigned char)(0x80 | (point >> 12 & 0x3F));
        } else if (point >= 0x800) {
            utf8[out++] = (unsigned char)(0xE0 | point >> 12);
        } else {
            utf8[out++] = (unsigned char)(0xC0 | point >> 6);
            utf8[out++] = (unsigned char)(0x80 | (point & 0x3F));
            continue;
        }
        utf8[out++] = (unsigned char)(0x80 | (point >> 6 & 0x3F));
        utf8[out++] = (unsigned char)(0x80 | (point & 0x3F));
    }
    utf8[out] = '\0';
    if (bytes != NULL)
        *bytes = out;
    return (char *)utf8;
}

char *wstr_to_utf8(const WCHAR *text)
{
    size_t units = 0;
    while (text[units] != 0)
        units++;
    return wstr_to_utf8_span(text, units, NULL);
}

HRESULT wstr_return_span(const WCHAR *text, size_t units, UINT *length, WCHAR *buffer)
{
    if (units >= UINT32_MAX)
        return E_FAIL;
    UINT needed = (UINT)units + 1;
    UINT room = *length;
    *length = needed;
    if (buffer == NULL)
        return S_OK;
    if (room < needed)
        return E_DRM_INSUFFICIENT_BUFFER;
    memcpy(buffer, text, units * sizeof(WCHAR));
    buffer[units] = 0;
    return S_OK;
}

HRESULT wstr_return_utf8(const char *utf8, UINT *length, WCHAR *buffer)
{
    size_t bytes = strlen(utf8);
    if (buffer != NULL && bytes < *length) {
        /* Never more units than bytes: it fits, convert in place. */
        const char *at = utf8;
        size_t units = wstr_from_utf8_span(&at, utf8 + bytes, buffer, *length);
        if (units != SIZE_MAX && at == utf8 + bytes) {
            buffer[units] = 0;
            *length = (UINT)units + 1;
            return S_OK;
        }
    }
    WCHAR *wide = wstr_from_utf8(utf8);
    if (wide == NULL)
        return E_OUTOFMEMORY;
    HRESULT hr = wstr_return(wide, length, buffer);
    free(wide);
    return hr;
}

HRESULT wstr_return(const WCHAR *text, UINT *length, WCHAR *buffer)
{
    size_t units = 0;
    while (text[units] != 0)
        units++;
    return wstr_return_span(text, units, length, buffer);
}
