/*
 * openmsdrm - DRMEnumerateLicense (see enumeration.h).
 *
 * Lock order: a session's enumeration cache lock, then the store's lock.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "core/enumeration.h"

#include <stdlib.h>

#include "core/handles.h"
#include "core/license_store.h"
#include "core/machine_identity.h"
#include "core/session.h"
#include "core/wstring.h"
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

/* Under cache->lock: makes the list current for `flags`. */
static HRESULT refresh(struct enumeration_cache *cache, struct license_store *store, UINT flags,
                       const struct request *request, const struct client_session *session)
{
    uint64_t version = 0;
    HRESULT hr = store_version(store, &version);
    if (FAILED(hr) || (cache->flags == flags && cache->store_version == version))
        return hr;

    char *group_id = NULL;
    if (request->specified) {
        if (session->group_id == NULL)
            return E_DRM_GROUPID_NOT_SET; /* "specified": the session names none */
        if ((group_id = wstr_to_utf8(session->group_id)) == NULL)
            return E_OUTOFMEMORY;
    }
    /* Unexpired at the session's creation, unless EXPIRED includes them. */
    struct store_filter filter = {STORE_KIND_MASK(request->kind), group_id,
                                  (flags & DRM_EL_EXPIRED) ? 0 : session->created_at};
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

static HRESULT enumerate_from_client_session(struct client_session *session, UINT flags, UINT index,
                                             BOOL *shared, UINT *length, WCHAR *buffer)
{
    struct request request;
    HRESULT hr = parse_flags(flags, &request);
    struct license_store *store = NULL;
    if (SUCCEEDED(hr))
        hr = store_shared(&store);
    if (FAILED(hr))
        return hr;

    struct enumeration_cache *cache = &session->enumeration;
    platform_mutex_lock(&cache->lock);
    struct store_item item = {0};
    /* The walk's usual step: the list is current, one transaction reads
     * the version and the item. */
    bool current = false;
    if (cache->flags == flags && index < cache->count)
        hr = store_get_if_current(store, cache->ids[index], cache->store_version, &item, &current);
    /* Otherwise read the list again; twice at most, as an item deleted
     * since the list was read forces one more reading. */
    for (int attempt = 0; !current && attempt < 2; attempt++) {
        if (attempt > 0)
            cache->flags = 0;
        hr = refresh(cache, store, flags, &request, session);
        if (SUCCEEDED(hr) && index >= cache->count)
            hr = E_DRM_NO_MORE_DATA;
        if (SUCCEEDED(hr))
            hr = store_get(store, cache->ids[index], &item);
        if (hr != E_DRM_RECORD_NOT_FOUND)
            break;
    }
    platform_mutex_unlock(&cache->lock);
    if (hr == E_DRM_RECORD_NOT_FOUND)
        hr = E_DRM_NO_MORE_DATA;
    if (SUCCEEDED(hr))
        hr = return_item(&item, request.text, shared, length, buffer);
    store_item_clear(&item);
    return hr;
}

/* Machine certificate `index` (0: 1024-bit, 1: 2048-bit); FALSE shared. */
static HRESULT enumerate_machine_certificate(UINT index, BOOL *shared, UINT *length, WCHAR *buffer)
{
    struct license_store *store = NULL;
    HRESULT hr = store_shared(&store);
    if (SUCCEEDED(hr))
        hr = machine_identity_check(store);
    int64_t *ids = NULL;
    size_t count = 0;
    struct store_filter filter = {STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE), NULL, 0};
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
    if (kind != HANDLE_CLIENT_SESSION)
        hr = E_NOTIMPL; /* license storage sessions come with the environment */
    else if ((flags & ~(UINT)DRM_EL_EXPIRED) == DRM_EL_MACHINE)
        hr = enumerate_machine_certificate(index, shared, length, buffer);
    else
        hr = enumerate_from_client_session((struct client_session *)object, flags, index, shared,
                                           length, buffer);
    object_unref(object);
    return hr;
}
