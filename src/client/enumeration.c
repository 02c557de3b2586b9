/*
 * openmsdrm - DRMEnumerateLicense (see enumeration.h).
 *
 * Lock order: a session's enumeration cache lock, then the store's lock.
 * A storage session's own lock (its temporary store) is never held with
 * either.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/enumeration.h"

#include <stdlib.h>

#include "runtime/handles.h"
#include "store/license_store.h"
#include "client/machine_identity.h"
#include "client/session.h"
#include "client/storage_session.h"
#include "util/wstring.h"
#include "msdrmerror.h"

/* What an enumeration flag asks for, and which part of the item it returns. */
enum item_text { TEXT_DOCUMENT, TEXT_LICENSE_ID, TEXT_NAME, TEXT_ISSUER_NAME };

struct request {
    enum store_kind kind;
    enum item_text text;
    bool specified; /* only items issued to the session's group ID */
};

static bool single_bit(UINT value)
{
    return value != 0 && (value & (value - 1)) == 0;
}

/* Maps the flags of a license storage session's enumeration to a request
 * (functions/DRMEnumerateLicense.md): its end-user licenses and the
 * revocation lists; ISSUERNAME only goes with certificate flags. */
static HRESULT parse_storage_flags(UINT flags, struct request *request)
{
    UINT base = flags & ~(UINT)DRM_EL_EXPIRED;
    static const struct {
        UINT flag;
        struct request request;
    } table[] = {
        {DRM_EL_EUL, {STORE_END_USER_LICENSE, TEXT_DOCUMENT, false}},
        {DRM_EL_EUL_LID, {STORE_END_USER_LICENSE, TEXT_LICENSE_ID, false}},
        {DRM_EL_REVOCATIONLIST, {STORE_REVOCATION_LIST, TEXT_DOCUMENT, false}},
        {DRM_EL_REVOCATIONLIST_LID, {STORE_REVOCATION_LIST, TEXT_LICENSE_ID, false}},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (table[i].flag == base) {
            *request = table[i].request;
            return S_OK;
        }
    }
    return E_INVALIDARG;
}

/* Maps the flags of a client session's enumeration to a request. */
static HRESULT parse_flags(UINT flags, struct request *request)
{
    UINT base = flags & ~(UINT)(DRM_EL_EXPIRED | DRM_EL_ISSUERNAME);
    if (!single_bit(base))
        return E_INVALIDARG;
    static const struct {
        UINT flag;
        struct request request;
    } table[] = {
        {DRM_EL_GROUPIDENTITY, {STORE_RIGHTS_ACCOUNT_CERTIFICATE, TEXT_DOCUMENT, false}},
        {DRM_EL_GROUPIDENTITY_NAME, {STORE_RIGHTS_ACCOUNT_CERTIFICATE, TEXT_NAME, false}},
        {DRM_EL_GROUPIDENTITY_LID, {STORE_RIGHTS_ACCOUNT_CERTIFICATE, TEXT_LICENSE_ID, false}},
        {DRM_EL_SPECIFIED_GROUPIDENTITY, {STORE_RIGHTS_ACCOUNT_CERTIFICATE, TEXT_DOCUMENT, true}},
        {DRM_EL_CLIENTLICENSOR, {STORE_CLIENT_LICENSOR_CERTIFICATE, TEXT_DOCUMENT, false}},
        {DRM_EL_CLIENTLICENSOR_LID, {STORE_CLIENT_LICENSOR_CERTIFICATE, TEXT_LICENSE_ID, false}},
        {DRM_EL_SPECIFIED_CLIENTLICENSOR, {STORE_CLIENT_LICENSOR_CERTIFICATE, TEXT_DOCUMENT, true}},
        {DRM_EL_REVOCATIONLIST, {STORE_REVOCATION_LIST, TEXT_DOCUMENT, false}},
        {DRM_EL_REVOCATIONLIST_LID, {STORE_REVOCATION_LIST, TEXT_LICENSE_ID, false}},
        {DRM_EL_ISSUANCELICENSE_TEMPLATE, {STORE_ISSUANCE_LICENSE_TEMPLATE, TEXT_DOCUMENT, false}},
        {DRM_EL_ISSUANCELICENSE_TEMPLATE_LID,
         {STORE_ISSUANCE_LICENSE_TEMPLATE, TEXT_LICENSE_ID, false}},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (table[i].flag != base)
            continue;
        *request = table[i].request;
        if (flags & DRM_EL_ISSUERNAME) {
            /* Not with EXPIRED; only for the four certificate flags. */
            if ((flags & DRM_EL_EXPIRED) || request->text != TEXT_DOCUMENT ||
                (request->kind != STORE_RIGHTS_ACCOUNT_CERTIFICATE &&
                 request->kind != STORE_CLIENT_LICENSOR_CERTIFICATE))
                return E_INVALIDARG;
            request->text = TEXT_ISSUER_NAME;
        }
        return S_OK;
    }
    /* End-user licenses are enumerated through a license storage session. */
    return E_INVALIDARG;
}

void enumeration_cache_init(struct enumeration_cache *cache)
{
    platform_mutex_init(&cache->lock);
    cache->flags = 0;
    cache->ids = NULL;
    cache->count = 0;
}

void enumeration_cache_free(struct enumeration_cache *cache)
{
    free(cache->ids);
    platform_mutex_destroy(&cache->lock);
}

/* What one session enumerates from the permanent store. */
struct scope {
    struct enumeration_cache *cache;
    int64_t created_at;     /* what expired before is left out */
    const WCHAR *group_id;  /* the client session's user, or NULL */
    const char *content_id; /* a storage session's content: its EULs only */
};

/* Under cache->lock: makes the list current for `flags`. */
static HRESULT refresh(const struct scope *scope, struct license_store *store, UINT flags,
                       const struct request *request)
{
    struct enumeration_cache *cache = scope->cache;
    uint64_t version = 0;
    HRESULT hr = store_version(store, &version);
    if (FAILED(hr) || (cache->flags == flags && cache->store_version == version))
        return hr;

    char *group_id = NULL;
    if (request->specified) {
        if (scope->group_id == NULL)
            return E_DRM_GROUPID_NOT_SET; /* "specified": the session names none */
        if ((group_id = wstr_to_utf8(scope->group_id)) == NULL)
            return E_OUTOFMEMORY;
    }
    /* Unexpired at the session's creation, unless EXPIRED includes them. */
    struct store_filter filter = {
        STORE_KIND_MASK(request->kind), group_id, (flags & DRM_EL_EXPIRED) ? 0 : scope->created_at,
        request->kind == STORE_END_USER_LICENSE ? scope->content_id : NULL};
    int64_t *ids = NULL;
    size_t count = 0;
    hr = store_list(store, &filter, &ids, &count);
    free(group_id);
    if (FAILED(hr))
        return hr;
    free(cache->ids);
    cache->ids = ids;
    cache->count = count;
    cache->flags = flags;
    cache->store_version = version;
    return S_OK;
}

static const char *text_of(const struct store_item *item, enum item_text text)
{
    const char *value = text == TEXT_DOCUMENT     ? item->xrml
                        : text == TEXT_LICENSE_ID ? item->license_id
                        : text == TEXT_NAME       ? item->group_identity
                                                  : item->issuer_name;
    return value != NULL ? value : "";
}

static HRESULT return_item(const struct store_item *item, enum item_text text, BOOL *shared,
                           UINT *length, WCHAR *buffer)
{
    WCHAR *wide = wstr_from_utf8(text_of(item, text));
    if (wide == NULL)
        return E_OUTOFMEMORY;
    HRESULT hr = wstr_return(wide, length, buffer);
    if (SUCCEEDED(hr) && shared != NULL)
        *shared = item->shared ? TRUE : FALSE;
    free(wide);
    return hr;
}

/* Item `index` of the permanent store's items `request` selects. */
static HRESULT enumerate_stored(const struct scope *scope, UINT flags,
                                const struct request *request, size_t index,
                                struct store_item *item)
{
    struct license_store *store = NULL;
    HRESULT hr = store_shared(&store);
    if (FAILED(hr))
        return hr;

    struct enumeration_cache *cache = scope->cache;
    platform_mutex_lock(&cache->lock);
    /* The walk's usual step: the list is current, one transaction reads
     * the version and the item. */
    bool current = false;
    if (cache->flags == flags && index < cache->count)
        hr = store_get_if_current(store, cache->ids[index], cache->store_version, item, &current);
    /* Otherwise read the list again; twice at most, as an item deleted
     * since the list was read forces one more reading. */
    for (int attempt = 0; !current && attempt < 2; attempt++) {
        if (attempt > 0)
            cache->flags = 0;
        hr = refresh(scope, store, flags, request);
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

static HRESULT enumerate_from_client_session(struct client_session *session, UINT flags, UINT index,
                                             BOOL *shared, UINT *length, WCHAR *buffer)
{
    struct request request;
    HRESULT hr = parse_flags(flags, &request);
    if (FAILED(hr))
        return hr;
    struct scope scope = {&session->enumeration, session->created_at, session->group_id, NULL};
    struct store_item item = {0};
    hr = enumerate_stored(&scope, flags, &request, index, &item);
    if (SUCCEEDED(hr))
        hr = return_item(&item, request.text, shared, length, buffer);
    store_item_clear(&item);
    return hr;
}

/*
 * A license storage session's end-user licenses: those of its temporary
 * store first, then the permanent store's, for the session's content.
 */
static HRESULT enumerate_from_storage_session(struct storage_session *session, UINT flags,
                                              UINT index, BOOL *shared, UINT *length, WCHAR *buffer)
{
    struct request request;
    HRESULT hr = parse_storage_flags(flags, &request);
    if (FAILED(hr))
        return hr;
    int64_t valid_at = (flags & DRM_EL_EXPIRED) ? 0 : session->created_at;
    struct store_item item = {0};
    size_t temporary = 0;
    hr = E_DRM_NO_MORE_DATA;
    if (request.kind == STORE_END_USER_LICENSE)
        hr = storage_session_temporary(session, valid_at, index, &item, &temporary);
    if (hr == E_DRM_NO_MORE_DATA) {
        struct scope scope = {&session->enumeration, session->created_at, NULL,
                              session->content_id};
        hr = enumerate_stored(&scope, flags, &request, index - temporary, &item);
    }
    if (SUCCEEDED(hr))
        hr = return_item(&item, request.text, shared, length, buffer);
    store_item_clear(&item);
    return hr;
}

/* Machine certificate `index` (0: 1024-bit, 1: 2048-bit); *shared set to
 * FALSE unless it is NULL (storage sessions leave it as it was). */
static HRESULT enumerate_machine_certificate(UINT index, BOOL *shared, UINT *length, WCHAR *buffer)
{
    struct license_store *store = NULL;
    HRESULT hr = store_shared(&store);
    if (SUCCEEDED(hr))
        hr = machine_identity_check(store);
    int64_t *ids = NULL;
    size_t count = 0;
    struct store_filter filter = {STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE), NULL, 0, NULL};
    if (SUCCEEDED(hr))
        hr = store_list(store, &filter, &ids, &count);
    if (SUCCEEDED(hr) && index >= count)
        hr = E_DRM_NO_MORE_DATA;
    struct store_item item = {0};
    if (SUCCEEDED(hr))
        hr = store_get(store, ids[index], &item);
    if (hr == E_DRM_RECORD_NOT_FOUND)
        hr = E_DRM_NEEDS_MACHINE_ACTIVATION; /* repaired or reactivated meanwhile */
    if (SUCCEEDED(hr)) {
        item.shared = false; /* the user's own, for a client session */
        hr = return_item(&item, TEXT_DOCUMENT, shared, length, buffer);
    }
    store_item_clear(&item);
    free(ids);
    return hr;
}

HRESULT enumerate_license(DRMHSESSION handle, UINT flags, UINT index, BOOL *shared, UINT *length,
                          WCHAR *buffer)
{
    struct object *object = NULL;
    enum handle_kind kind;
    HRESULT hr = handle_acquire(handle, HANDLE_MASK_SESSION, &object, &kind);
    if (FAILED(hr))
        return hr;
    bool storage = kind == HANDLE_LICENSE_STORAGE_SESSION;
    if ((flags & ~(UINT)DRM_EL_EXPIRED) == DRM_EL_MACHINE)
        /* The page: a storage session leaves *pfSharedFlag as it was. */
        hr = enumerate_machine_certificate(index, storage ? NULL : shared, length, buffer);
    else if (storage)
        hr = enumerate_from_storage_session((struct storage_session *)object, flags, index, shared,
                                            length, buffer);
    else
        hr = enumerate_from_client_session((struct client_session *)object, flags, index, shared,
                                           length, buffer);
    object_unref(object);
    return hr;
}
