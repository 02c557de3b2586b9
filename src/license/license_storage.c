/*
 * openmsdrm - a read license model's storage (see license_storage.h): a
 * chain of blocks filled front to back. A document of n nodes needs O(n)
 * bytes and a handful of allocations instead of one per string.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "license/license_storage.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msdrmerror.h"

#define BLOCK_BYTES 4096 /* a typical license fits in two or three */
#define KEYS_PER_NODE 8

struct block {
    struct block *next;
    size_t used, capacity;
    alignas(max_align_t) unsigned char bytes[];
};

struct key_node {
    struct key_node *next;
    size_t count;
    EVP_PKEY *keys[KEYS_PER_NODE];
};

struct license_storage {
    struct block *blocks; /* the one filled now first */
    struct key_node *keys;
};

struct license_storage *license_storage_new(void)
{
    return calloc(1, sizeof(struct license_storage));
}

void license_storage_free(struct license_storage *storage)
{
    if (storage == NULL)
        return;
    for (struct block *block = storage->blocks, *next; block != NULL; block = next) {
        next = block->next;
        free(block);
    }
    for (struct key_node *node = storage->keys, *next; node != NULL; node = next) {
        next = node->next;
        for (size_t i = 0; i < node->count; i++)
            EVP_PKEY_free(node->keys[i]);
        free(node);
    }
    free(storage);
}

void *license_storage_alloc(struct license_storage *storage, size_t size)
{
    const size_t align = alignof(max_align_t);
    if (size > SIZE_MAX / 2)
        return NULL;
    size = (size + align - 1) / align * align;
    struct block *block = storage->blocks;
    if (block == NULL || block->capacity - block->used < size) {
        size_t capacity = size > BLOCK_BYTES ? size : BLOCK_BYTES;
        struct block *fresh = malloc(sizeof *fresh + capacity);
        if (fresh == NULL)
            return NULL;
        fresh->used = 0;
        fresh->capacity = capacity;
        /* A large request gets a block of its own behind the current one,
         * which stays the one being filled. */
        if (block != NULL && capacity > BLOCK_BYTES) {
            fresh->next = block->next;
            block->next = fresh;
        } else {
            fresh->next = block;
            storage->blocks = fresh;
        }
        block = fresh;
    }
    void *memory = block->bytes + block->used;
    block->used += size;
    memset(memory, 0, size);
    return memory;
}

void *license_storage_array(struct license_storage *storage, size_t count, size_t size)
{
    if (count == 0 || size == 0 || count > SIZE_MAX / 2 / size)
        return NULL;
    return license_storage_alloc(storage, count * size);
}

char *license_storage_copy(struct license_storage *storage, const char *text, size_t length)
{
    if (length == SIZE_MAX)
        return NULL;
    char *copy = license_storage_alloc(storage, length + 1);
    if (copy != NULL) {
        memcpy(copy, text, length);
        copy[length] = '\0';
    }
    return copy;
}

HRESULT license_storage_keep_key(struct license_storage *storage, EVP_PKEY *key)
{
    struct key_node *node = storage->keys;
    if (node == NULL || node->count == KEYS_PER_NODE) {
        node = calloc(1, sizeof *node);
        if (node == NULL) {
            EVP_PKEY_free(key);
            return E_OUTOFMEMORY;
        }
        node->next = storage->keys;
        storage->keys = node;
    }
    node->keys[node->count++] = key;
    return S_OK;
}
