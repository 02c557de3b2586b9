/*
 * openmsdrm - a session's enumeration cache (see enumeration_cache.h).
 *
 * Lock order: a cache's lock, then the store's lock.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/enumeration_cache.h"

#include <stdlib.h>

#include "util/wstring.h"
#include "msdrmerror.h"
#include "platform/platform.h"

struct enumeration_cache {
    platform_mutex lock;
    UINT flags; /* what the list was made for; 0: no list */
    uint64_t store_version;
    int64_t *ids;
    size_t count;
};

/* The session's cache, made now if it has none (two threads may race:
 * one cache wins, the other is freed). */
static HRESULT cache_of(enumeration_cache_slot *slot, struct enumeration_cache **cache)
{
    struct enumeration_cache *existing = atomic_load_explicit(slot, memory_order_acquire);
    if (existing == NULL) {
        struct enumeration_cache *made = calloc(1, sizeof *made);
        if (made == NULL)
            return E_OUTOFMEMORY;
        platform_mutex_init(&made->lock);
        if (atomic_compare_exchange_strong_explicit(slot, &existing, made, memory_order_acq_rel,
                                                    memory_order_acquire))
            existing = made;
        else
            enumeration_cache_free(made);
    }
    *cache = existing;
    return S_OK;
}

void enumeration_cache_free(struct enumeration_cache *cache)
{
    if (cache == NULL)
        return;
    free(cache->ids);
    platform_mutex_destroy(&cache->lock);
    free(cache);
}

/* Under cache->lock: makes the list current for `query`. */
static HRESULT refresh(struct enumeration_cache *cache, struct license_store *store,
                       const struct enumeration_query *query)
{
    uint64_t version = 0;
    HRESULT hr = store_version(store, &version);
    if (FAILED(hr) || (cache->flags == query->flags && cache->store_version == version))
        return hr;

    char *group_id = NULL;
    if (query->specified) {
        if (query->group_id == NULL)
            return E_DRM_GROUPID_NOT_SET; /* "specified": the session names none */
        if ((group_id = wstr_to_utf8(query->group_id)) == NULL)
            return E_OUTOFMEMORY;
    }
    struct store_filter filter = {STORE_KIND_MASK(query->kind), group_id, query->valid_at,
                                  query->content_id};
    int64_t *ids = NULL;
    size_t count = 0;
    hr = store_list(store, &filter, &ids, &count);
    free(group_id);
    if (FAILED(hr))
        return hr;
    free(cache->ids);
    cache->ids = ids;
    cache->count = count;
    cache->flags = query->flags;
    cache->store_version = version;
    return S_OK;
}

HRESULT enumeration_cache_read(enumeration_cache_slot *slot, const struct enumeration_query *query,
                               size_t index, struct store_item *item)
{
    struct license_store *store = NULL;
    HRESULT hr = store_shared(&store);
    struct enumeration_cache *cache = NULL;
    if (SUCCEEDED(hr))
        hr = cache_of(slot, &cache);
    if (FAILED(hr))
        return hr;

    platform_mutex_lock(&cache->lock);
    /* The walk's usual step: the list is current, one transaction reads
     * the version and the item. */
    bool current = false;
    if (cache->flags == query->flags && index < cache->count)
        hr = store_get_if_current(store, cache->ids[index], cache->store_version, item, &current);
    /* Otherwise read the list again; twice at most, as an item deleted
     * since the list was read forces one more reading. */
    for (int attempt = 0; !current && attempt < 2; attempt++) {
        if (attempt > 0)
            cache->flags = 0;
        hr = refresh(cache, store, query);
        if (SUCCEEDED(hr) && index >= cache->count)
            hr = E_DRM_NO_MORE_DATA;
        if (SUCCEEDED(hr))
            hr = store_get(store, cache->ids[index], item);
        if (hr != E_DRM_RECORD_NOT_FOUND)
            break;
    }
    platform_mutex_unlock(&cache->lock);
    return hr == E_DRM_RECORD_NOT_FOUND ? E_DRM_NO_MORE_DATA : hr;
}
