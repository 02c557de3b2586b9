/*
 * openmsdrm - POSIX: secrets at rest. There is no per-user key service to
 * seal them with, so they are stored as they are; what protects them is
 * the data folder, created readable by its owner only (README).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "platform/platform.h"

#include <stdlib.h>
#include <string.h>

#include "msdrmerror.h"

static HRESULT copy_bytes(const uint8_t *from, size_t size, uint8_t **to, size_t *to_size)
{
    *to = malloc(size > 0 ? size : 1);
    if (*to == NULL)
        return E_OUTOFMEMORY;
    memcpy(*to, from, size);
    *to_size = size;
    return S_OK;
}

HRESULT platform_protect_secret(const uint8_t *secret, size_t size, uint8_t **protected_bytes,
                                size_t *protected_size)
{
    return copy_bytes(secret, size, protected_bytes, protected_size);
}

HRESULT platform_unprotect_secret(const uint8_t *protected_bytes, size_t protected_size,
                                  uint8_t **secret, size_t *size)
{
    return copy_bytes(protected_bytes, protected_size, secret, size);
}
