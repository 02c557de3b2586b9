/*
 * openmsdrm - base64 (see base64.h). Narrow and wide text share one
 * decoder: it reads a unit at a time from whichever it was given.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/base64.h"

#include <stdlib.h>

#include "msdrmerror.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Text of either width; exactly one of the two is set. */
struct units {
    const char *narrow;
    const WCHAR *wide;
};

static unsigned unit_at(struct units text, size_t i)
{
    return text.narrow != NULL ? (unsigned char)text.narrow[i] : text.wide[i];
}

/* The 6-bit value of a base64 character, or -1 (for '=' too). */
static int value_of(unsigned c)
{
    if (c >= 'A' && c <= 'Z')
        return (int)(c - 'A');
    if (c >= 'a' && c <= 'z')
        return (int)(c - 'a' + 26);
    if (c >= '0' && c <= '9')
        return (int)(c - '0' + 52);
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

size_t base64_encoded_length(size_t length)
{
    size_t groups = length / 3 + (length % 3 != 0);
    return groups > SIZE_MAX / 4 ? SIZE_MAX : groups * 4;
}

/* The four characters of the group of up to three bytes at `bytes`. */
static void encode_group(const uint8_t *bytes, size_t left, char group_text[4])
{
    uint32_t group = (uint32_t)bytes[0] << 16;
    if (left > 1)
        group |= (uint32_t)bytes[1] << 8;
    if (left > 2)
        group |= bytes[2];
    group_text[0] = alphabet[group >> 18];
    group_text[1] = alphabet[group >> 12 & 0x3F];
    group_text[2] = left > 1 ? alphabet[group >> 6 & 0x3F] : '=';
    group_text[3] = left > 2 ? alphabet[group & 0x3F] : '=';
}

void base64_encode(const uint8_t *bytes, size_t length, char *text)
{
    for (size_t i = 0; i < length; i += 3, text += 4)
        encode_group(bytes + i, length - i, text);
}

void base64_encode_wide(const uint8_t *bytes, size_t length, WCHAR *text)
{
    for (size_t i = 0; i < length; i += 3) {
        char group[4];
        encode_group(bytes + i, length - i, group);
        for (int k = 0; k < 4; k++)
            *text++ = (WCHAR)group[k];
    }
}

HRESULT base64_encode_new(const uint8_t *bytes, size_t length, char **text)
{
    *text = NULL;
    size_t characters = base64_encoded_length(length);
    char *encoded = characters != SIZE_MAX ? malloc(characters + 1) : NULL;
    if (encoded == NULL)
        return E_OUTOFMEMORY;
    base64_encode(bytes, length, encoded);
    encoded[characters] = '\0';
    *text = encoded;
    return S_OK;
}

static bool decoded_length(struct units text, size_t count, enum base64_spare_bits spare,
                           size_t *length)
{
    if (count % 4 != 0)
        return false;
    size_t padding = 0;
    if (count > 0 && unit_at(text, count - 1) == '=')
        padding = unit_at(text, count - 2) == '=' ? 2 : 1;
    for (size_t i = 0; i < count - padding; i++) {
        if (value_of(unit_at(text, i)) < 0)
            return false;
    }
    if (spare == BASE64_SPARE_BITS_ZERO) {
        if (padding == 1 && (value_of(unit_at(text, count - 2)) & 0x03) != 0)
            return false;
        if (padding == 2 && (value_of(unit_at(text, count - 3)) & 0x0F) != 0)
            return false;
    }
    *length = count / 4 * 3 - padding;
    return true;
}

static void decode(struct units text, size_t count, uint8_t *bytes)
{
    for (size_t i = 0; i < count; i += 4) {
        uint32_t group = 0;
        int present = 0;
        for (size_t k = 0; k < 4; k++) {
            int value = value_of(unit_at(text, i + k));
            present += value >= 0;
            group = group << 6 | (uint32_t)(value >= 0 ? value : 0);
        }
        *bytes++ = (uint8_t)(group >> 16);
        if (present > 2)
            *bytes++ = (uint8_t)(group >> 8);
        if (present > 3)
            *bytes++ = (uint8_t)group;
    }
}

bool base64_decoded_length(const char *text, size_t count, enum base64_spare_bits spare,
                           size_t *length)
{
    return decoded_length((struct units){text, NULL}, count, spare, length);
}

bool base64_decoded_length_wide(const WCHAR *text, size_t count, enum base64_spare_bits spare,
                                size_t *length)
{
    return decoded_length((struct units){NULL, text}, count, spare, length);
}

void base64_decode(const char *text, size_t count, uint8_t *bytes)
{
    decode((struct units){text, NULL}, count, bytes);
}

void base64_decode_wide(const WCHAR *text, size_t count, uint8_t *bytes)
{
    decode((struct units){NULL, text}, count, bytes);
}

HRESULT base64_decode_new(const char *text, size_t count, enum base64_spare_bits spare,
                          uint8_t **bytes, size_t *length)
{
    *bytes = NULL;
    size_t decoded = 0;
    if (!base64_decoded_length(text, count, spare, &decoded))
        return E_INVALIDARG;
    uint8_t *buffer = malloc(decoded > 0 ? decoded : 1);
    if (buffer == NULL)
        return E_OUTOFMEMORY;
    base64_decode(text, count, buffer);
    *bytes = buffer;
    *length = decoded;
    return S_OK;
}
