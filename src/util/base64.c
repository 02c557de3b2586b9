/*
 * openmsdrm - base64 (see base64.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/base64.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t base64_encoded_length(size_t length)
{
    size_t groups = length / 3 + (length % 3 != 0);
    return groups > SIZE_MAX / 4 ? SIZE_MAX : groups * 4;
}

void base64_encode_wide(const uint8_t *bytes, size_t length, WCHAR *text)
{
    size_t out = 0;
    for (size_t i = 0; i < length; i += 3) {
        uint32_t group = (uint32_t)bytes[i] << 16;
        if (i + 1 < length)
            group |= (uint32_t)bytes[i + 1] << 8;
        if (i + 2 < length)
            group |= bytes[i + 2];
        text[out++] = (WCHAR)alphabet[group >> 18];
        text[out++] = (WCHAR)alphabet[group >> 12 & 0x3F];
        text[out++] = i + 1 < length ? (WCHAR)alphabet[group >> 6 & 0x3F] : (WCHAR)'=';
        text[out++] = i + 2 < length ? (WCHAR)alphabet[group & 0x3F] : (WCHAR)'=';
    }
}

/* The 6-bit value of a base64 character, or -1. */
static int value_of(WCHAR c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

bool base64_decoded_length(const WCHAR *text, size_t units, size_t *length)
{
    if (units % 4 != 0)
        return false;
    size_t padding = 0;
    if (units > 0 && text[units - 1] == '=')
        padding = units > 1 && text[units - 2] == '=' ? 2 : 1;
    for (size_t i = 0; i < units - padding; i++) {
        if (value_of(text[i]) < 0)
            return false;
    }
    /* The bits the padding leaves over must be zero (canonical form). */
    if (padding == 1 && (value_of(text[units - 2]) & 0x03) != 0)
        return false;
    if (padding == 2 && (value_of(text[units - 3]) & 0x0F) != 0)
        return false;
    *length = units / 4 * 3 - padding;
    return true;
}

void base64_decode_wide(const WCHAR *text, size_t units, uint8_t *bytes)
{
    size_t out = 0;
    for (size_t i = 0; i < units; i += 4) {
        uint32_t group = 0;
        int present = 0;
        for (int k = 0; k < 4; k++) {
            int value = text[i + k] == '=' ? 0 : value_of(text[i + k]);
            present += text[i + k] != '=';
            group = group << 6 | (uint32_t)value;
        }
        bytes[out++] = (uint8_t)(group >> 16);
        if (present > 2)
            bytes[out++] = (uint8_t)(group >> 8);
        if (present > 3)
            bytes[out++] = (uint8_t)group;
    }
}
