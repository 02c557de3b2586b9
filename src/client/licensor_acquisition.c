/*
 * openmsdrm - client licensor certificate acquisition (see
 * licensor_acquisition.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/licensor_acquisition.h"

#include <stdlib.h>
#include <string.h>

#include "store/license_store.h"
#include "credentials/client_licensor.h"
#include "credentials/rights_account.h"
#include "client/license_scope.h"
#include "client/machine_identity.h"
#include "client/service_location.h"
#include "client/session.h"
#include "client/temporary_store.h"
#include "license/license_model.h"
#include "net/rmpr_client.h"
#include "runtime/operation.h"
#include "util/trace.h"
#include "util/wstring.h"
#include "xrml/xrml_chain.h"
#include "msdrmerror.h"
#include "platform/platform.h"

struct licensor_acquisition {
    struct client_session *session; /* a reference */
    struct license_store *store;
    struct xrml_chain credential; /* the caller's RAC chain; empty: the session's */
    char *url;                    /* UTF-8; NULL: discovered */
    char *from;                   /* the session's group ID, UTF-8, or NULL */
    bool temporary;
};

static void acquisition_free(void *state)
{
    struct licensor_acquisition *acquisition = state;
    object_unref(&acquisition->session->base);
    xrml_chain_clear(&acquisition->credential);
    free(acquisition->url);
    free(acquisition->from);
    free(acquisition);
}

static HRESULT acquisition_prepare(void *state)
{
    struct licensor_acquisition *acquisition = state;
    return store_shared(&acquisition->store);
}

/* The message documents no failures: the library's own codes go through,
 * anything else (a store that cannot be written) is reported as a failed
 * acquisition. */
static HRESULT reported_failure(HRESULT hr)
{
    if (((hr >> 16) & 0x1FFF) == FACILITY_ITF || hr == E_OUTOFMEMORY)
        return hr;
    if (trace_enabled()) {
        const struct trace_arg cause[] = {T_HRESULT(hr)};
        trace_call("client licensor certificate acquisition failed", cause, 1);
    }
    return E_DRM_LICENSEACQUISITIONFAILED;
}

/* The newest unexpired RAC of `query`'s in the session's temporary store,
 * else in the permanent one; its text into *chain. */
static HRESULT newest_rac(struct licensor_acquisition *acquisition, char **chain)
{
    struct client_session *session = acquisition->session;
    int64_t now = platform_time_now_seconds();
    struct enumeration_query query = {0, STORE_RIGHTS_ACCOUNT_CERTIFICATE, now,
                                      session->group_id != NULL, session->group_id, NULL};
    struct store_item item = {0};
    size_t count = 0;
    HRESULT hr = temporary_store_item(&session->temporary, &query, 0, &item, &count);
    store_item_clear(&item);
    if (count > 0)
        hr = temporary_store_item(&session->temporary, &query, count - 1, &item, &count);
    if (hr == E_DRM_NO_MORE_DATA) {
        int64_t *ids = NULL;
        struct store_filter filter = {STORE_KIND_MASK(STORE_RIGHTS_ACCOUNT_CERTIFICATE),
                                      acquisition->from, now, NULL};
        hr = store_list(acquisition->store, &filter, &ids, &count);
        if (SUCCEEDED(hr))
            hr = count > 0 ? store_get(acquisition->store, ids[count - 1], &item)
                           : E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION;
        if (hr == E_DRM_RECORD_NOT_FOUND)
            hr = E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION; /* deleted meanwhile */
        free(ids);
    }
    if (SUCCEEDED(hr)) {
        *chain = item.xrml;
        item.xrml = NULL;
    }
    store_item_clear(&item);
    return hr;
}

/* The RAC chain to present: the caller's, or the session's newest. */
static HRESULT rac_chain(struct licensor_acquisition *acquisition, struct xrml_chain *chain)
{
    if (acquisition->credential.count > 0) {
        *chain = acquisition->credential;
        acquisition->credential = (struct xrml_chain){0};
        return S_OK;
    }
    char *text = NULL;
    HRESULT hr = newest_rac(acquisition, &text);
    WCHAR *wide = NULL;
    if (SUCCEEDED(hr) && (wide = wstr_from_utf8(text)) == NULL)
        hr = E_OUTOFMEMORY;
    if (SUCCEEDED(hr))
        hr = xrml_chain_parse(wide, chain);
    free(wide);
    free(text);
    return hr;
}

/* GetClientLicensorCert (spec/rmpr.md §6.3) with the RAC chain. */
static HRESULT request_certificate(struct operation *operation,
                                   struct licensor_acquisition *acquisition,
                                   const struct xrml_chain *rac, struct rmpr_documents *clc)
{
    struct service_call call;
    HRESULT hr = service_call_prepare(DRM_SERVICE_TYPE_CLIENTLICENSOR, acquisition->url,
                                      acquisition->from, &call);
    if (FAILED(hr))
        return hr;
    char *texts[XRML_CHAIN_MAX_DOCUMENTS];
    size_t lengths[XRML_CHAIN_MAX_DOCUMENTS];
    for (size_t i = 0; i < rac->count; i++) {
        texts[i] = rac->documents[i]->text;
        lengths[i] = rac->documents[i]->length;
    }
    struct rmpr_documents documents = {rac->count, texts, lengths};
    hr = operation_cancelled(operation)
             ? E_DRM_ABORTED
             : rmpr_get_client_licensor_cert(&call.options, &documents, clc);
    service_call_clear(&call);
    return hr;
}

static HRESULT keep(struct licensor_acquisition *acquisition, struct store_item *item)
{
    if (acquisition->temporary)
        return client_session_keep_temporary(acquisition->session, item);
    return store_put(acquisition->store, item, NULL);
}

static HRESULT acquisition_run(struct operation *operation, void *state)
{
    struct licensor_acquisition *acquisition = state;
    operation_report(operation, OPERATION_CONNECTING);
    struct machine_identities machine;
    HRESULT hr = machine_identities_open(acquisition->store, &machine);
    if (FAILED(hr))
        return reported_failure(hr);
    struct xrml_chain rac = {0};
    EVP_PKEY *rac_key = NULL;
    hr = rac_chain(acquisition, &rac);
    if (SUCCEEDED(hr)) {
        hr = rights_account_open_key(rac.documents[0], machine.keys, machine.count, &rac_key);
        if (hr == E_DRM_INVALID_LICENSE)
            hr = E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION; /* not a RAC of this machine's */
    }
    machine_identities_clear(&machine);
    struct rmpr_documents clc = {0};
    if (SUCCEEDED(hr))
        hr = request_certificate(operation, acquisition, &rac, &clc);
    if (SUCCEEDED(hr)) {
        operation_report(operation, OPERATION_CONNECTED);
        operation_progress(operation, 50);
    }
    struct store_item item = {0};
    if (SUCCEEDED(hr))
        hr = client_licensor_accept(clc.count, clc.texts, clc.lengths, rac.documents[0], rac_key,
                                    platform_time_now_seconds(), &item);
    rmpr_documents_clear(&clc);
    EVP_PKEY_free(rac_key);
    xrml_chain_clear(&rac);
    if (SUCCEEDED(hr) && operation_cancelled(operation))
        hr = E_DRM_ABORTED;
    if (SUCCEEDED(hr))
        hr = keep(acquisition, &item);
    store_item_clear(&item);
    if (FAILED(hr))
        return reported_failure(hr);
    operation_progress(operation, 100);
    return S_OK;
}

/* A caller's RAC chain: parsed, its leaf a RAC, else E_INVALIDARG. */
static HRESULT read_credential(const WCHAR *text, struct xrml_chain *chain)
{
    HRESULT hr = xrml_chain_parse(text, chain);
    if (FAILED(hr))
        return hr == E_OUTOFMEMORY ? hr : E_INVALIDARG;
    struct license_model model;
    hr = license_model_read(chain->documents[0], &model);
    if (SUCCEEDED(hr)) {
        if (model.kind != LICENSE_KIND_RIGHTS_ACCOUNT_CERTIFICATE)
            hr = E_INVALIDARG;
        license_model_clear(&model);
    }
    if (FAILED(hr))
        xrml_chain_clear(chain);
    return hr;
}

static HRESULT client_session_of(DRMHSESSION handle, struct client_session **session)
{
    struct object *object = NULL;
    struct license_scope scope;
    HRESULT hr = session_scope(handle, &object, &scope);
    if (FAILED(hr))
        return hr;
    bool storage = scope.storage_session;
    object_unref(object);
    if (storage)
        return E_NOTIMPL; /* an end-user license: the consumption issue */
    return client_session_acquire(handle, session);
}

HRESULT license_acquisition_start(DRMHSESSION handle, bool temporary, const WCHAR *credential,
                                  const WCHAR *url, void *context)
{
    struct client_session *session = NULL;
    HRESULT hr = client_session_of(handle, &session);
    if (FAILED(hr))
        return hr;
    struct licensor_acquisition *acquisition = calloc(1, sizeof *acquisition);
    if (acquisition == NULL) {
        object_unref(&session->base);
        return E_OUTOFMEMORY;
    }
    acquisition->session = session; /* the reference passes to the state */
    acquisition->temporary = temporary;
    if (credential != NULL)
        hr = read_credential(credential, &acquisition->credential);
    if (SUCCEEDED(hr) &&
        ((url != NULL && (acquisition->url = wstr_to_utf8(url)) == NULL) ||
         (session->group_id != NULL && (acquisition->from = wstr_to_utf8(session->group_id)) == NULL)))
        hr = E_OUTOFMEMORY;
    if (FAILED(hr)) {
        acquisition_free(acquisition);
        return hr;
    }
    const struct operation_request request = {
        .kind = OPERATION_CLIENT_LICENSOR_ACQUISITION,
        .channel = &session->channel,
        .scope = &session->base,
        .context = context,
        .prepare = acquisition_prepare,
        .run = acquisition_run,
        .state = acquisition,
        .free_state = acquisition_free,
    };
    return operation_start(&request);
}

HRESULT license_acquisition_cancel(DRMHSESSION handle)
{
    struct client_session *session = NULL;
    HRESULT hr = client_session_of(handle, &session);
    if (FAILED(hr))
        return hr;
    operation_cancel(OPERATION_CLIENT_LICENSOR_ACQUISITION, &session->base);
    object_unref(&session->base);
    return S_OK;
}
