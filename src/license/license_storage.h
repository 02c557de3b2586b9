/*
 * openmsdrm - where a read license model keeps what it read: strings,
 * arrays and keys in a few large blocks, all freed at once by
 * license_model_clear. Private to the license layer.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_LICENSE_STORAGE_H
#define MSDRM_LICENSE_STORAGE_H

#include <stddef.h>

#include <openssl/evp.h>

#include "msdrmdefs.h"

struct license_storage;

/* A new, empty storage, or NULL when out of memory. */
struct license_storage *license_storage_new(void);

/* Frees every block and key (NULL is fine). */
void license_storage_free(struct license_storage *storage);

/* `size` zeroed bytes aligned for any type, or NULL when out of memory. */
void *license_storage_alloc(struct license_storage *storage, size_t size);

/* `count` zeroed elements of `size` bytes (NULL for 0 or out of memory). */
void *license_storage_array(struct license_storage *storage, size_t count, size_t size);

/* A copy of `length` bytes of text and a NUL, or NULL when out of memory. */
char *license_storage_copy(struct license_storage *storage, const char *text, size_t length);

/* Takes `key` over, to free with the storage; E_OUTOFMEMORY (and the key
 * is freed) when it cannot. */
HRESULT license_storage_keep_key(struct license_storage *storage, EVP_PKEY *key);

#endif /* MSDRM_LICENSE_STORAGE_H */
