/*
 * openmsdrm - DRMEnumerateLicense: walking the license store by index.
 *
 * Each session (client or license storage) keeps the list of permanent
 * item ids its last enumeration matched, with the store version it was
 * read at. Index i is then one indexed read; the list is read again only
 * when the flags change or the store changed (in any process), so walking
 * 0..N-1 costs O(1) a step. A storage session's temporary licenses come
 * before the permanent ones and are read from memory.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_ENUMERATION_H
#define MSDRM_ENUMERATION_H

#include <stddef.h>
#include <stdint.h>

#include "msdrmdefs.h"
#include "platform/platform.h"

struct enumeration_cache {
    platform_mutex lock;
    UINT flags; /* what the list was made for; 0: no list */
    uint64_t store_version;
    int64_t *ids;
    size_t count;
};

void enumeration_cache_init(struct enumeration_cache *cache);
void enumeration_cache_free(struct enumeration_cache *cache);

/*
 * DRMEnumerateLicense after its pointer checks: validates the flags
 * (functions/DRMEnumerateLicense.md) for the kind of session `session`
 * names, and returns item `index` by the two-call buffer protocol.
 */
HRESULT enumerate_license(DRMHSESSION session, UINT flags, UINT index, BOOL *shared, UINT *length,
                          WCHAR *buffer);

#endif /* MSDRM_ENUMERATION_H */
