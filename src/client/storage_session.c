/*
 * openmsdrm - license storage sessions (see storage_session.h).
 *
 * What DRMAddLicense accepts: an end-user license chain, leaf first, every
 * document through the hardened parser; the leaf a license (BODY type
 * LICENSE, and XrML purpose or DESCRIPTOR OBJECT type "Content-License")
 * with a license ID (DESCRIPTOR/OBJECT/ID) and a content ID
 * (WORK/OBJECT/ID); its signature verified with its own ISSUER key and
 * each link of the chain with the next document's principal key. Roots
 * are not checked against a trust list: binding decides trust. Anything
 * else is refused and nothing is stored.
 *
 * When a license expires (spec/xrml.md §2, §8): at VALIDITYTIME/UNTIL; and
 * when every right it grants has a RANGETIME, at the latest UNTIL among
 * them (after that it grants nothing); whichever is earlier.
 *
 * Lock order: a storage session's lock (its handle count's) is never held
 * with its client session's (client_session_*_storage_session) nor with
 * the handle table's.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/storage_session.h"

#include <stdlib.h>
#include <string.h>

#include "client/environment.h"
#include "client/license_scope.h"
#include "client/session.h"
#include "util/wstring.h"
#include "xrml/xrml_chain.h"
#include "msdrmerror.h"

#define STORAGE_MASK HANDLE_MASK(HANDLE_LICENSE_STORAGE_SESSION)

static void clear_temporary(struct storage_session *session)
{
    for (size_t i = 0; i < session->temporary_count; i++)
        store_item_clear(&session->temporary[i]);
    free(session->temporary);
    session->temporary = NULL;
    session->temporary_count = 0;
}

static void storage_session_destroy(struct object *object)
{
    struct storage_session *session = (struct storage_session *)object;
    clear_temporary(session);
    free(session->content_id);
    enumeration_cache_free(atomic_load_explicit(&session->enumeration, memory_order_acquire));
    handle_count_clear(&session->handles);
    object_unref((struct object *)session->client);
    object_unref((struct object *)session->environment);
    free(session);
}

/* --- reading licenses ---------------------------------------------------------- */

/* A copy of an element's text; NULL (and S_OK) when the element or its
 * text is missing. */
static HRESULT copy_text(xmlNodePtr from, const char *path, char **copy)
{
    xmlNodePtr element = xrml_select_first(from, path);
    const char *text = element != NULL ? xrml_text(element) : NULL;
    *copy = NULL;
    if (text == NULL || text[0] == '\0')
        return S_OK;
    *copy = str_copy(text);
    return *copy == NULL ? E_OUTOFMEMORY : S_OK;
}

/* An element's time (UTC) as seconds since 1970: 0 when the element is
 * missing, E_DRM_INVALID_LICENSE when its text is not a time. */
static HRESULT read_time(xmlNodePtr from, const char *path, int64_t *seconds)
{
    *seconds = 0;
    xmlNodePtr element = xrml_select_first(from, path);
    if (element == NULL)
        return S_OK;
    const char *text = xrml_text(element);
    SYSTEMTIME time;
    if (text == NULL || !xrml_parse_time(text, &time))
        return E_DRM_INVALID_LICENSE;
    *seconds = xrml_time_seconds(&time);
    return S_OK;
}

/* The latest RANGETIME/UNTIL of the rights, or 0 if a right has none. */
static HRESULT rights_end(xmlNodePtr body, int64_t *end)
{
    *end = 0;
    xmlNodePtr lists[16];
    size_t list_count = xrml_select(body, "WORK/RIGHTSGROUP/RIGHTSLIST", lists, 16);
    if (list_count == 0 || list_count > 16)
        return S_OK;
    int64_t latest = 0;
    for (size_t i = 0; i < list_count; i++) {
        for (xmlNodePtr right = lists[i]->children; right != NULL; right = right->next) {
            if (right->type != XML_ELEMENT_NODE || right->ns != NULL)
                continue; /* in no namespace, like every lookup (xrml_document.h) */
            int64_t until = 0;
            HRESULT hr = read_time(right, "CONDITIONLIST/TIME/RANGETIME/UNTIL", &until);
            if (FAILED(hr))
                return hr;
            if (until == 0)
                return S_OK; /* a right without an end: the license does not expire by rights */
            if (until > latest)
                latest = until;
        }
    }
    *end = latest;
    return S_OK;
}

static bool equals(const char *text, const char *expected)
{
    return text != NULL && strcmp(text, expected) == 0;
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
    struct xrml_document *leaf = chain.documents[0];
    xmlNodePtr descriptor = xrml_select_first(leaf->body, "DESCRIPTOR/OBJECT");
    bool content_license =
        equals(xrml_attribute(leaf->root, "purpose"), "Content-License") ||
        (descriptor != NULL && equals(xrml_attribute(descriptor, "type"), "Content-License"));
    if (strcmp(xrml_body_type(leaf), "LICENSE") != 0 || !content_license)
        hr = E_DRM_INVALID_LICENSE;
    if (SUCCEEDED(hr))
        hr = copy_text(leaf->body, "DESCRIPTOR/OBJECT/ID", &item->license_id);
    if (SUCCEEDED(hr))
        hr = copy_text(leaf->body, "WORK/OBJECT/ID", &item->content_id);
    if (SUCCEEDED(hr) && (item->license_id == NULL || item->content_id == NULL))
        hr = E_DRM_INVALID_LICENSE;
    if (SUCCEEDED(hr))
        hr = copy_text(leaf->body, "ISSUER/OBJECT/NAME", &item->issuer_name);
    if (SUCCEEDED(hr))
        hr = copy_text(leaf->body, "ISSUEDPRINCIPALS/PRINCIPAL/OBJECT/NAME", &item->group_identity);
    int64_t rights_until = 0;
    if (SUCCEEDED(hr))
        hr = read_time(leaf->body, "VALIDITYTIME/FROM", &item->valid_from);
    if (SUCCEEDED(hr))
        hr = read_time(leaf->body, "VALIDITYTIME/UNTIL", &item->valid_until);
    if (SUCCEEDED(hr))
        hr = rights_end(leaf->body, &rights_until);
    if (SUCCEEDED(hr) && rights_until != 0 &&
        (item->valid_until == 0 || rights_until < item->valid_until))
        item->valid_until = rights_until;
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
    struct xrml_document *leaf = chain.documents[0];
    /* spec/xrml.md §1.1, §4.5: a signed publishing license. */
    if (strcmp(xrml_body_type(leaf), "Microsoft Rights Label") != 0 ||
        xrml_child(leaf->root, "SIGNATURE") == NULL)
        hr = E_DRM_INVALID_LICENSE;
    if (SUCCEEDED(hr))
        hr = copy_text(leaf->body, "WORK/OBJECT/ID", content_id);
    if (SUCCEEDED(hr) && *content_id == NULL)
        hr = E_DRM_INVALID_LICENSE;
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
    platform_mutex_lock(&session->handles.lock);
    clear_temporary(session);
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

/* Under session->handles.lock: adds `item` (taken over) to the temporary store,
 * replacing a license with the same ID. Room is made first, so that a
 * failure leaves the store as it was. */
static HRESULT add_temporary(struct storage_session *session, struct store_item *item)
{
    struct store_item *grown =
        realloc(session->temporary, (session->temporary_count + 1) * sizeof *grown);
    if (grown == NULL)
        return E_OUTOFMEMORY;
    session->temporary = grown;
    for (size_t i = 0; i < session->temporary_count; i++) {
        if (strcmp(grown[i].license_id, item->license_id) == 0) {
            store_item_clear(&grown[i]);
            memmove(&grown[i], &grown[i + 1], (session->temporary_count - i - 1) * sizeof *grown);
            session->temporary_count--;
            break;
        }
    }
    grown[session->temporary_count++] = *item;
    memset(item, 0, sizeof *item);
    return S_OK;
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
        hr = !handle_count_is_open(&session->handles) ? E_DRM_INVALID_HANDLE
                                                      : add_temporary(session, &item);
        platform_mutex_unlock(&session->handles.lock);
    }
    store_item_clear(&item);
    object_unref(&session->base);
    return hr;
}

static bool temporary_matches(const struct storage_session *session, const struct store_item *item,
                              int64_t valid_at)
{
    return strcmp(item->content_id, session->content_id) == 0 &&
           (valid_at == 0 || item->valid_until == 0 || item->valid_until > valid_at);
}

static HRESULT copy_item(const struct store_item *from, struct store_item *to)
{
    memset(to, 0, sizeof *to);
    to->kind = from->kind;
    to->valid_from = from->valid_from;
    to->valid_until = from->valid_until;
    to->license_id = str_copy(from->license_id);
    to->content_id = str_copy(from->content_id);
    to->xrml = str_copy(from->xrml);
    if (to->license_id == NULL || to->content_id == NULL || to->xrml == NULL) {
        store_item_clear(to);
        return E_OUTOFMEMORY;
    }
    return S_OK;
}

/* Item `index` of the temporary licenses for the session's content that
 * had not expired at `valid_at` (0: all), copied into *item; *count is how
 * many there are. E_DRM_NO_MORE_DATA past the last. */
static HRESULT temporary_item(void *temporary, int64_t valid_at, size_t index,
                              struct store_item *item, size_t *count)
{
    struct storage_session *session = temporary;
    HRESULT hr = E_DRM_NO_MORE_DATA;
    *count = 0;
    platform_mutex_lock(&session->handles.lock);
    for (size_t i = 0; i < session->temporary_count; i++) {
        if (!temporary_matches(session, &session->temporary[i], valid_at))
            continue;
        if (*count == index)
            hr = copy_item(&session->temporary[i], item);
        ++*count;
    }
    platform_mutex_unlock(&session->handles.lock);
    return hr;
}

/* Deletes the end-user licenses with this license ID from the temporary
 * store; whether any went. */
static bool temporary_delete(void *temporary, const char *license_id)
{
    struct storage_session *session = temporary;
    bool deleted = false;
    platform_mutex_lock(&session->handles.lock);
    for (size_t i = 0; i < session->temporary_count;) {
        if (strcmp(session->temporary[i].license_id, license_id) != 0) {
            i++;
            continue;
        }
        store_item_clear(&session->temporary[i]);
        memmove(&session->temporary[i], &session->temporary[i + 1],
                (session->temporary_count - i - 1) * sizeof *session->temporary);
        session->temporary_count--;
        deleted = true;
    }
    platform_mutex_unlock(&session->handles.lock);
    return deleted;
}

static void storage_session_license_scope(struct object *object, struct license_scope *scope)
{
    struct storage_session *session = (struct storage_session *)object;
    *scope = (struct license_scope){.storage_session = true,
                                    .cache = &session->enumeration,
                                    .created_at = session->created_at,
                                    .content_id = session->content_id,
                                    .temporary = session,
                                    .temporary_item = temporary_item,
                                    .temporary_delete = temporary_delete};
}
