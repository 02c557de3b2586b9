/*
 * openmsdrm - Win32: secrets at rest, sealed with DPAPI in the user's
 * scope (CryptProtectData): another user, or the same bytes copied to
 * another machine, cannot unseal them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "platform/platform.h"

#include <dpapi.h>
#include <stdlib.h>
#include <string.h>

#include "last_error.h"
#include "msdrmerror.h"

/* Copies a DPAPI result to malloc memory and frees the original. */
static HRESULT take_blob(DATA_BLOB *blob, uint8_t **bytes, size_t *size)
{
    *bytes = malloc(blob->cbData > 0 ? blob->cbData : 1);
    HRESULT hr = *bytes == NULL ? E_OUTOFMEMORY : S_OK;
    if (SUCCEEDED(hr)) {
        memcpy(*bytes, blob->pbData, blob->cbData);
        *size = blob->cbData;
    }
    SecureZeroMemory(blob->pbData, blob->cbData);
    LocalFree(blob->pbData);
    return hr;
}

HRESULT platform_protect_secret(const uint8_t *secret, size_t size, uint8_t **protected_bytes,
                                size_t *protected_size)
{
    if (size > MAXDWORD)
        return E_INVALIDARG;
    DATA_BLOB in = {(DWORD)size, (BYTE *)secret};
    DATA_BLOB out = {0, NULL};
    if (!CryptProtectData(&in, L"openmsdrm lockbox", NULL, NULL, NULL, CRYPTPROTECT_UI_FORBIDDEN,
                          &out))
        return hresult_from_last_error();
    return take_blob(&out, protected_bytes, protected_size);
}

HRESULT platform_unprotect_secret(const uint8_t *protected_bytes, size_t protected_size,
                                  uint8_t **secret, size_t *size)
{
    if (protected_size > MAXDWORD)
        return E_INVALIDARG;
    DATA_BLOB in = {(DWORD)protected_size, (BYTE *)protected_bytes};
    DATA_BLOB out = {0, NULL};
    if (!CryptUnprotectData(&in, NULL, NULL, NULL, NULL, CRYPTPROTECT_UI_FORBIDDEN, &out))
        return hresult_from_last_error();
    return take_blob(&out, secret, size);
}
