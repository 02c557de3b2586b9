/*
 * openmsdrm - template acquisition (see template_acquisition.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/template_acquisition.h"

#include <stdlib.h>
#include <string.h>

#include "store/license_store.h"
#include "credentials/rights_template.h"
#include "client/service_location.h"
#include "client/session.h"
#include "net/rmpr_client.h"
#include "runtime/operation.h"
#include "util/wstring.h"
#include "msdrmerror.h"
#include "platform/platform.h"

struct template_acquisition {
    struct service_operation common; /* first */
    bool obtain_all;
};

/* --- the store's templates ------------------------------------------------------ */

struct items {
    struct store_item *items;
    size_t count;
};

static void items_clear(struct items *list)
{
    for (size_t i = 0; i < list->count; i++)
        store_item_clear(&list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

/* Every stored template. */
static HRESULT read_templates(struct license_store *store, struct items *list)
{
    memset(list, 0, sizeof *list);
    int64_t *ids = NULL;
    size_t count = 0;
    struct store_filter filter = {STORE_KIND_MASK(STORE_ISSUANCE_LICENSE_TEMPLATE), NULL, 0, NULL};
    HRESULT hr = store_list(store, &filter, &ids, &count);
    if (SUCCEEDED(hr) && count > 0 && (list->items = calloc(count, sizeof *list->items)) == NULL)
        hr = E_OUTOFMEMORY;
    for (size_t i = 0; SUCCEEDED(hr) && i < count; i++) {
        hr = store_get(store, ids[i], &list->items[list->count]);
        if (SUCCEEDED(hr))
            list->count++;
        else if (hr == E_DRM_RECORD_NOT_FOUND)
            hr = S_OK; /* deleted meanwhile */
    }
    free(ids);
    if (FAILED(hr))
        items_clear(list);
    return hr;
}

/* The server's stored template with this GUID, or NULL. */
static const struct store_item *stored(const struct items *list, const char *server,
                                       const char *guid)
{
    for (size_t i = 0; i < list->count; i++) {
        const struct store_item *item = &list->items[i];
        if (item->issuer_name != NULL && strcmp(item->issuer_name, server) == 0 &&
            rights_template_same_guid(item->license_id, guid))
            return item;
    }
    return NULL;
}

/* Whether a listed template is to be fetched: missing, or (OBTAIN_ALL)
 * stored with another hash. */
static HRESULT wanted(const struct items *list, const char *server,
                      const struct rmpr_guid_hash *listed, bool obtain_all, bool *fetch)
{
    const struct store_item *item = stored(list, server, listed->guid);
    *fetch = item == NULL;
    if (item == NULL || !obtain_all)
        return S_OK;
    char *hash = NULL;
    HRESULT hr = rights_template_hash(item->xrml, strlen(item->xrml), &hash);
    if (hr == E_DRM_INVALID_LICENSE) {
        *fetch = true; /* unreadable: fetch it again */
        return S_OK;
    }
    if (SUCCEEDED(hr))
        *fetch = listed->hash == NULL || strcmp(hash, listed->hash) != 0;
    free(hash);
    return hr;
}

/* --- talking to the server ---------------------------------------------------------- */

/* Fetches `guids` (their list entries in `listed`) in calls of 25 and
 * verifies each template into `fetched`. */
static HRESULT fetch(struct operation *operation, const struct rmpr_call_options *options,
                     const struct template_server *server, const struct rmpr_guid_hash **listed,
                     size_t count, struct items *fetched)
{
    memset(fetched, 0, sizeof *fetched);
    if (count == 0)
        return S_OK;
    if ((fetched->items = calloc(count, sizeof *fetched->items)) == NULL)
        return E_OUTOFMEMORY;
    HRESULT hr = S_OK;
    for (size_t start = 0; SUCCEEDED(hr) && start < count; start += RMPR_MAX_TEMPLATES_PER_CALL) {
        size_t n = count - start < RMPR_MAX_TEMPLATES_PER_CALL ? count - start
                                                               : RMPR_MAX_TEMPLATES_PER_CALL;
        const char *guids[RMPR_MAX_TEMPLATES_PER_CALL];
        struct rmpr_template templates[RMPR_MAX_TEMPLATES_PER_CALL];
        memset(templates, 0, sizeof templates);
        for (size_t i = 0; i < n; i++)
            guids[i] = listed[start + i]->guid;
        hr = operation_cancelled(operation) ? E_DRM_ABORTED
                                            : rmpr_acquire_templates(options, guids, n, templates);
        for (size_t i = 0; SUCCEEDED(hr) && i < n; i++) {
            /* One the server no longer has is skipped (it is gone from
             * the next list). */
            if (templates[i].text == NULL)
                continue;
            hr = rights_template_accept(templates[i].text, templates[i].length, guids[i],
                                        listed[start + i]->hash, server,
                                        &fetched->items[fetched->count]);
            if (SUCCEEDED(hr))
                fetched->count++;
        }
        for (size_t i = 0; i < n; i++)
            rmpr_template_clear(&templates[i]);
    }
    if (FAILED(hr))
        items_clear(fetched);
    return hr;
}

static bool listed_guid(const struct rmpr_template_information *information, const char *guid)
{
    for (size_t i = 0; i < information->count; i++) {
        if (rights_template_same_guid(information->templates[i].guid, guid))
            return true;
    }
    return false;
}

static bool replaced(const struct items *fetched, const char *server, const char *guid)
{
    return stored(fetched, server, guid) != NULL;
}

/*
 * Under the per-user lock, in one transaction: the store's templates as
 * they are now, minus this server's replaced ones and (OBTAIN_ALL) those
 * it no longer lists, plus the fetched ones.
 */
static HRESULT write_templates(struct template_acquisition *acquisition,
                               const struct rmpr_template_information *information,
                               const struct template_server *server, struct items *fetched)
{
    struct platform_user_lock *lock = NULL;
    bool abandoned = false;
    HRESULT hr = platform_user_lock_acquire(&lock, &abandoned);
    if (FAILED(hr))
        return hr;
    struct items current;
    hr = read_templates(acquisition->common.store, &current);
    struct store_item *kept = NULL;
    size_t count = 0;
    if (SUCCEEDED(hr) && (kept = calloc(current.count + fetched->count + 1, sizeof *kept)) == NULL)
        hr = E_OUTOFMEMORY;
    for (size_t i = 0; SUCCEEDED(hr) && i < current.count; i++) {
        const struct store_item *item = &current.items[i];
        bool ours = item->issuer_name != NULL && strcmp(item->issuer_name, server->id) == 0;
        if (ours && (replaced(fetched, server->id, item->license_id) ||
                     (acquisition->obtain_all && !listed_guid(information, item->license_id))))
            continue;
        kept[count++] = *item; /* borrowed: `current` frees it */
    }
    for (size_t i = 0; SUCCEEDED(hr) && i < fetched->count; i++)
        kept[count++] = fetched->items[i];
    if (SUCCEEDED(hr))
        hr = store_replace(acquisition->common.store,
                           STORE_KIND_MASK(STORE_ISSUANCE_LICENSE_TEMPLATE), kept, count);
    platform_user_lock_release(lock);
    free(kept);
    items_clear(&current);
    return hr;
}

static HRESULT synchronise(struct operation *operation, struct template_acquisition *acquisition,
                           const struct rmpr_call_options *options)
{
    struct rmpr_template_information information = {0};
    HRESULT hr = rmpr_acquire_template_information(options, &information);
    struct template_server server = {0};
    if (SUCCEEDED(hr))
        hr = template_server_read(information.server_public_key, &server);
    struct items local = {0};
    if (SUCCEEDED(hr))
        hr = read_templates(acquisition->common.store, &local);
    const struct rmpr_guid_hash **listed = NULL;
    size_t count = 0;
    if (SUCCEEDED(hr) && information.count > 0 &&
        (listed = calloc(information.count, sizeof *listed)) == NULL)
        hr = E_OUTOFMEMORY;
    for (size_t i = 0; SUCCEEDED(hr) && i < information.count; i++) {
        bool fetch_it = false;
        if (information.templates[i].guid == NULL)
            hr = E_DRM_INVALID_SERVER_RESPONSE;
        else
            hr = wanted(&local, server.id, &information.templates[i], acquisition->obtain_all,
                        &fetch_it);
        if (SUCCEEDED(hr) && fetch_it)
            listed[count++] = &information.templates[i];
    }
    items_clear(&local);
    struct items fetched = {0};
    if (SUCCEEDED(hr))
        hr = fetch(operation, options, &server, listed, count, &fetched);
    free(listed);
    if (SUCCEEDED(hr) && operation_cancelled(operation))
        hr = E_DRM_ABORTED;
    if (SUCCEEDED(hr))
        hr = write_templates(acquisition, &information, &server, &fetched);
    items_clear(&fetched);
    template_server_clear(&server);
    rmpr_template_information_clear(&information);
    return hr;
}

static HRESULT acquisition_run(struct operation *operation, void *state)
{
    struct template_acquisition *acquisition = state;
    struct service_call call;
    HRESULT hr = service_call_prepare(DRM_SERVICE_TYPE_CLIENTLICENSOR, acquisition->common.url,
                                      acquisition->common.from, &call);
    if (SUCCEEDED(hr)) {
        hr = operation_cancelled(operation) ? E_DRM_ABORTED
                                            : synchronise(operation, acquisition, &call.options);
        service_call_clear(&call);
    }
    return hr;
}

HRESULT template_acquisition_start(DRMHSESSION handle, bool obtain_all, const WCHAR *url,
                                   void *context)
{
    struct template_acquisition *acquisition = calloc(1, sizeof *acquisition);
    if (acquisition == NULL)
        return E_OUTOFMEMORY;
    acquisition->obtain_all = obtain_all;
    return service_operation_start(handle, OPERATION_TEMPLATE_ACQUISITION, url, context,
                                   &acquisition->common, acquisition_run);
}

HRESULT template_acquisition_cancel(DRMHSESSION handle)
{
    return service_operation_cancel(handle, OPERATION_TEMPLATE_ACQUISITION);
}
