/*
 * openmsdrm - DRMEncode and DRMDecode (see encoding.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/encoding.h"

#include <stdint.h>

#include "util/base64.h"
#include "util/wstring.h"
#include "msdrmerror.h"

/* Longest encoded string DRMDecode reads, in characters: 256 MB of data. */
#define DECODE_MAX_UNITS ((size_t)1 << 28)

bool encoding_is_base64(const WCHAR *algorithm)
{
    return wstr_equals_ascii_nocase(algorithm, "base64");
}

HRESULT encoding_encode(const BYTE *data, UINT length, UINT *size, WCHAR *text)
{
    size_t characters = base64_encoded_length(length);
    if (characters >= UINT32_MAX / sizeof(WCHAR))
        return E_INVALIDARG;
    UINT needed = (UINT)((characters + 1) * sizeof(WCHAR));
    UINT room = *size;
    *size = needed;
    if (text == NULL)
        return S_OK;
    if (room < needed)
        return E_DRM_INSUFFICIENT_BUFFER;
    base64_encode_wide(data, length, text);
    text[characters] = 0;
    return S_OK;
}

HRESULT encoding_decode(const WCHAR *text, UINT *length, BYTE *data)
{
    size_t units = 0;
    while (text[units] != 0) {
        if (++units > DECODE_MAX_UNITS)
            return E_INVALIDARG;
    }
    size_t decoded = 0;
    if (!base64_decoded_length_wide(text, units, BASE64_SPARE_BITS_ZERO, &decoded))
        return E_INVALIDARG;
    UINT room = *length;
    *length = (UINT)decoded;
    if (data == NULL)
        return S_OK;
    if (room < decoded)
        return E_DRM_INSUFFICIENT_BUFFER;
    base64_decode_wide(text, units, data);
    return S_OK;
}
