/*
 * openmsdrm - a session's temporary license store (see temporary_store.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/temporary_store.h"

#include <stdlib.h>
#include <string.h>

#include "util/wstring.h"
#include "msdrmerror.h"

void temporary_store_init(struct temporary_store *store)
{
    platform_mutex_init(&store->lock);
    store->items = NULL;
    store->count = 0;
}

/* Under store->lock. */
static void remove_at(struct temporary_store *store, size_t i)
{
    store_item_clear(&store->items[i]);
    memmove(&store->items[i], &store->items[i + 1], (store->count - i - 1) * sizeof *store->items);
    store->count--;
}

void temporary_store_clear(struct temporary_store *store)
{
    platform_mutex_lock(&store->lock);
    for (size_t i = 0; i < store->count; i++)
        store_item_clear(&store->items[i]);
    free(store->items);
    store->items = NULL;
    store->count = 0;
    platform_mutex_unlock(&store->lock);
}

void temporary_store_destroy(struct temporary_store *store)
{
    temporary_store_clear(store);
    platform_mutex_destroy(&store->lock);
}

HRESULT temporary_store_put(struct temporary_store *store, struct store_item *item)
{
    platform_mutex_lock(&store->lock);
    /* Room first, so that a failure changes nothing. */
    struct store_item *grown = realloc(store->items, (store->count + 1) * sizeof *grown);
    if (grown == NULL) {
        platform_mutex_unlock(&store->lock);
        return E_OUTOFMEMORY;
    }
    store->items = grown;
    for (size_t i = 0; i < store->count; i++) {
        if (grown[i].kind == item->kind && grown[i].license_id != NULL &&
            item->license_id != NULL && strcmp(grown[i].license_id, item->license_id) == 0) {
            remove_at(store, i);
            break;
        }
    }
    store->items[store->count++] = *item;
    memset(item, 0, sizeof *item);
    platform_mutex_unlock(&store->lock);
    return S_OK;
}

static bool same_text(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* The permanent store's rules (store_list): kind, not expired at
 * valid_at, issued to the group ID, for the content. */
static bool selected(const struct store_item *item, const struct enumeration_query *query,
                     const char *group_id)
{
    return item->kind == query->kind &&
           (query->valid_at == 0 || item->valid_until == 0 ||
            item->valid_until > query->valid_at) &&
           (!query->specified || same_text(item->group_identity, group_id)) &&
           (query->content_id == NULL || same_text(item->content_id, query->content_id));
}

static HRESULT copy_text(const char *from, char **to)
{
    *to = NULL;
    if (from != NULL && (*to = str_copy(from)) == NULL)
        return E_OUTOFMEMORY;
    return S_OK;
}

static HRESULT copy_item(const struct store_item *from, struct store_item *to)
{
    *to = *from;
    to->license_id = to->group_identity = to->issuer_name = to->content_id = to->xrml = NULL;
    HRESULT hr = copy_text(from->license_id, &to->license_id);
    if (SUCCEEDED(hr))
        hr = copy_text(from->group_identity, &to->group_identity);
    if (SUCCEEDED(hr))
        hr = copy_text(from->issuer_name, &to->issuer_name);
    if (SUCCEEDED(hr))
        hr = copy_text(from->content_id, &to->content_id);
    if (SUCCEEDED(hr))
        hr = copy_text(from->xrml, &to->xrml);
    if (FAILED(hr))
        store_item_clear(to);
    return hr;
}

HRESULT temporary_store_item(struct temporary_store *store, const struct enumeration_query *query,
                             size_t index, struct store_item *item, size_t *count)
{
    *count = 0;
    char *group_id = NULL;
    if (query->specified) {
        if (query->group_id == NULL)
            return E_DRM_NO_MORE_DATA; /* nothing is issued to no one; the permanent store says why
                                        */
        if ((group_id = wstr_to_utf8(query->group_id)) == NULL)
            return E_OUTOFMEMORY;
    }
    HRESULT hr = E_DRM_NO_MORE_DATA;
    platform_mutex_lock(&store->lock);
    for (size_t i = 0; i < store->count; i++) {
        if (!selected(&store->items[i], query, group_id))
            continue;
        if (*count == index)
            hr = copy_item(&store->items[i], item);
        ++*count;
    }
    platform_mutex_unlock(&store->lock);
    free(group_id);
    return hr;
}

bool temporary_store_delete(struct temporary_store *store, uint32_t kinds, const char *license_id)
{
    bool deleted = false;
    platform_mutex_lock(&store->lock);
    for (size_t i = 0; i < store->count;) {
        if ((STORE_KIND_MASK(store->items[i].kind) & kinds) != 0 &&
            same_text(store->items[i].license_id, license_id)) {
            remove_at(store, i);
            deleted = true;
        } else {
            i++;
        }
    }
    platform_mutex_unlock(&store->lock);
    return deleted;
}
