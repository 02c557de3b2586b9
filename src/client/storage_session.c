/*
 * openmsdrm - license storage sessions (see storage_session.h).
 *
 * What DRMAddLicense accepts: an end-user license chain, leaf first, every
 * document through the hardened parser; the leaf an end-user license by
 * its signed content (BODY type LICENSE and DESCRIPTOR OBJECT type
 * "Content-License": never the root start tag, which the signature does
 * not cover) with a license ID (DESCRIPTOR/OBJECT/ID) and a content ID
 * (WORK/OBJECT/ID); its signature verified with its own ISSUER key and
 * each link of the chain with the next document's principal key. Roots
 * are not checked against a trust list: binding decides trust. Anything
 * else is refused and nothing is stored.
 *
 * When a license expires: when its rights end (license_rights_end,
 * spec/xrml.md §2, §8): at VALIDITYTIME/UNTIL; and when every right it
 * grants has a RANGETIME, at the latest UNTIL among them (after that it
 * grants nothing); whichever is earlier.
 *
 * Lock order: a storage session's lock (its handle count's), then its
 * temporary store's (a leaf). The session's lock is never held with its
 * client session's (client_session_*_storage_session) nor with the handle
 * table's.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/storage_session.h"

#include <stdlib.h>
#include <string.h>

#include "client/environment.h"
#include "client/license_scope.h"
#include "client/session.h"
#include "license/license_model.h"
#include "runtime/handles.h"
#include "util/wstring.h"
#include "xrml/xrml_chain.h"
#include "msdrmerror.h"

#define STORAGE_MASK HANDLE_MASK(HANDLE_LICENSE_STORAGE_SESSION)

static void storage_session_destroy(struct object *object)
{
    struct storage_session *session = (struct storage_session *)object;
    temporary_store_destroy(&session->temporary);
    free(session->content_id);
    enumeration_cache_free(atomic_load_explicit(&session->enumeration, memory_order_acquire));
    handle_count_clear(&session->handles);
    object_unref((struct object *)session->client);
    object_unref((struct object *)session->environment);
    free(session);
}

/* --- reading licenses ---------------------------------------------------------- */

/* A heap copy of `text` into *copy; NULL (and S_OK) for none. */
static HRESULT copy_text(const char *text, char **copy)
{
    *copy = NULL;
    if (text == NULL)
        return S_OK;
    *copy = str_copy(text);
    return *copy == NULL ? E_OUTOFMEMORY : S_OK;
}

/* The first issued principal's NAME: the user a license is issued to. */
static const char *issued_to(const struct license_model *license)
{
    for (size_t i = 0; i < license->principal_count; i++) {
        const struct license_object *object = license->principals[i].object;
        if (object != NULL && object->name != NULL)
            return object->name;
    }
    return NULL;
}

/* Fills the item to store from an end-user license (top of this file). */
static HRESULT describe_end_user_license(const struct license_model *license,
                                         struct store_item *item)
{
    if (license->kind != LICENSE_KIND_END_USER_LICENSE || license_id(license) == NULL ||
        license_content_id(license) == NULL || license->valid_from == LICENSE_TIME_INVALID)
        return E_DRM_INVALID_LICENSE;
    HRESULT hr = copy_text(license_id(license), &item->license_id);
    if (SUCCEEDED(hr))
        hr = copy_text(license_content_id(license), &item->content_id);
    if (SUCCEEDED(hr))
        hr = copy_text(license->issuer != NULL && license->issuer->object != NULL
                           ? license->issuer->object->name
                           : NULL,
                       &item->issuer_name);
    if (SUCCEEDED(hr))
        hr = copy_text(issued_to(license), &item->group_identity);
    item->valid_from = license->valid_from;
    if (SUCCEEDED(hr))
        hr = license_rights_end(license, &item->valid_until);
    return hr;
}

/* Checks an end-user license chain and fills the item to store. */
static HRESULT read_end_user_license(const WCHAR *text, struct store_item *item)
{
    memset(item, 0, sizeof *item);
    item->kind = STORE_END_USER_LICENSE;
    struct xrml_chain chain;
    HRESULT hr = xrml_chain_parse(text, &chain);
    if (FAILED(hr))
        return hr;
    struct license_model license;
    hr = license_model_read(chain.documents[0], &license);
    if (SUCCEEDED(hr)) {
        hr = describe_end_user_license(&license, item);
        license_model_clear(&license);
    }
    if (SUCCEEDED(hr))
        hr = xrml_chain_verify(&chain);
    if (SUCCEEDED(hr) && (item->xrml = xrml_chain_text(&chain)) == NULL)
        hr = E_OUTOFMEMORY;
    xrml_chain_clear(&chain);
    if (FAILED(hr))
        store_item_clear(item);
    return hr;
}

/* The signed issuance license's content ID. */
static HRESULT read_issuance_license(const WCHAR *text, char **content_id)
{
    *content_id = NULL;
    struct xrml_chain chain;
    HRESULT hr = xrml_chain_parse(text, &chain);
    if (FAILED(hr))
        return hr;
    struct license_model license;
    hr = license_model_read(chain.documents[0], &license);
    if (SUCCEEDED(hr)) {
        /* spec/xrml.md §1.1, §4.5: a signed publishing license. */
        if (license.kind != LICENSE_KIND_PUBLISHING_LICENSE || !license.has_signature ||
            license_content_id(&license) == NULL)
            hr = E_DRM_INVALID_LICENSE;
        else
            hr = copy_text(license_content_id(&license), content_id);
        license_model_clear(&license);
    }
    if (SUCCEEDED(hr))
        hr = xrml_chain_verify(&chain);
    xrml_chain_clear(&chain);
    if (FAILED(hr)) {
        free(*content_id);
        *content_id = NULL;
    }
    return hr;
}

/* --- the session ------------------------------------------------------------------- */

/* spec/guide.md §5: the temporary store ends with the session's last
 * handle, and the client session may close again. */
static void storage_session_last_closed(struct object *object)
{
    struct storage_session *session = (struct storage_session *)object;
    /* Under the handle lock, so that a DRMAddLicense that saw the handle
     * open has added before this empties the store. */
    platform_mutex_lock(&session->handles.lock);
    temporary_store_clear(&session->temporary);
    platform_mutex_unlock(&session->handles.lock);
    client_session_remove_storage_session(session->client);
}

static void storage_session_license_scope(struct object *object, struct license_scope *scope);

static const struct session_vtbl storage_session_vtbl = {
    {{storage_session_destroy},
     offsetof(struct storage_session, handles),
     NULL,
     storage_session_last_closed},
    storage_session_license_scope,
};

HRESULT storage_session_create(DRMENVHANDLE environment_handle, DRMHANDLE library,
                               DRMHSESSION client_handle, const WCHAR *issuance_license,
                               DRMHSESSION *handle)
{
    struct environment *environment = NULL;
    struct client_session *client = NULL;
    char *content_id = NULL;
    HRESULT hr = environment_acquire(environment_handle, &environment);
    if (SUCCEEDED(hr))
        hr = library_check_owner(library, environment);
    if (SUCCEEDED(hr))
        hr = client_session_acquire(client_handle, &client);
    if (SUCCEEDED(hr))
        hr = read_issuance_license(issuance_license, &content_id);
    struct storage_session *session = NULL;
    if (SUCCEEDED(hr) && (session = calloc(1, sizeof *session)) == NULL)
        hr = E_OUTOFMEMORY;
    if (FAILED(hr)) {
        free(content_id);
        object_unref((struct object *)client);
        object_unref((struct object *)environment);
        return hr;
    }
    object_init(&session->base, &storage_session_vtbl.handle.object);
    handle_count_init(&session->handles);
    session->client = client; /* the references pass to the session */
    session->environment = environment;
    session->content_id = content_id;
    session->created_at = platform_time_now_seconds();
    atomic_init(&session->enumeration, NULL);
    temporary_store_init(&session->temporary);

    hr = client_session_add_storage_session(client);
    if (SUCCEEDED(hr)) {
        hr = handle_open(&session->base, HANDLE_LICENSE_STORAGE_SESSION, handle);
        if (FAILED(hr))
            client_session_remove_storage_session(client); /* no handle: nothing else will */
    }
    object_unref(&session->base); /* the handle holds it now, or nobody */
    return hr;
}

static HRESULT storage_session_acquire(DRMHSESSION handle, struct storage_session **session)
{
    struct object *object = NULL;
    HRESULT hr = handle_acquire(handle, STORAGE_MASK, &object, NULL);
    *session = SUCCEEDED(hr) ? (struct storage_session *)object : NULL;
    return hr;
}

HRESULT storage_session_add_license(DRMHSESSION handle, bool persist, const WCHAR *license)
{
    struct storage_session *session = NULL;
    HRESULT hr = storage_session_acquire(handle, &session);
    if (FAILED(hr))
        return hr;
    struct store_item item;
    hr = read_end_user_license(license, &item);
    if (SUCCEEDED(hr) && persist) {
        struct license_store *store = NULL;
        hr = store_shared(&store);
        if (SUCCEEDED(hr))
            hr = store_put(store, &item, NULL);
    } else if (SUCCEEDED(hr)) {
        platform_mutex_lock(&session->handles.lock);
        hr = !handle_count_is_open(&session->handles)
                 ? E_DRM_INVALID_HANDLE
                 : temporary_store_put(&session->temporary, &item);
        platform_mutex_unlock(&session->handles.lock);
    }
    store_item_clear(&item);
    object_unref(&session->base);
    return hr;
}

static void storage_session_license_scope(struct object *object, struct license_scope *scope)
{
    struct storage_session *session = (struct storage_session *)object;
    *scope = (struct license_scope){.storage_session = true,
                                    .cache = &session->enumeration,
                                    .created_at = session->created_at,
                                    .content_id = session->content_id,
                                    .temporary = &session->temporary};
}
