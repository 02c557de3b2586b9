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
    struct service_operation common; /* first */
    struct xrml_chain credential;    /* the caller's RAC chain; empty: the session's */
    bool temporary;
};

static void acquisition_clear(void *state)
{
    struct licensor_acquisition *acquisition = state;
    xrml_chain_clear(&acquisition->credential);
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

/* The newest unexpired RAC issued to the session's user (any, if it
 * names none): in the session's temporary store, else in the permanent
 * one; its text into *chain. */
static HRESULT newest_rac(struct licensor_acquisition *acquisition, char **chain)
{
    struct client_session *session = acquisition->common.session;
    int64_t now = platform_time_now_seconds();
    struct enumeration_query query = {
        0,   STORE_RIGHTS_ACCOUNT_CERTIFICATE, now, session->group_id != NULL, session->group_id,
        NULL};
    struct store_item item = {0};
    size_t count = 0;
    HRESULT hr = temporary_store_item(&session->temporary, &query, 0, &item, &count);
    store_item_clear(&item);
    if (count > 0)
        hr = temporary_store_item(&session->temporary, &query, count - 1, &item, &count);
    if (hr == E_DRM_NO_MORE_DATA) {
        int64_t *ids = NULL;
        struct store_filter filter = {STORE_KIND_MASK(STORE_RIGHTS_ACCOUNT_CERTIFICATE),
                                      acquisition->common.from, now, NULL};
        hr = store_list(acquisition->common.store, &filter, &ids, &count);
        if (SUCCEEDED(hr))
            hr = count > 0 ? store_get(acquisition->common.store, ids[count - 1], &item)
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
    HRESULT hr = service_call_prepare(DRM_SERVICE_TYPE_CLIENTLICENSOR, acquisition->common.url,
                                      acquisition->common.from, &call);
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
        return client_session_keep_temporary(acquisition->common.session, item);
    return store_put(acquisition->common.store, item, NULL);
}

static HRESULT acquisition_run(struct operation *operation, void *state)
{
    struct licensor_acquisition *acquisition = state;
    operation_report(operation, OPERATION_CONNECTING);
    struct machine_identities machine;
    HRESULT hr = machine_identities_open(acquisition->common.store, &machine);
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

/* A client session; on a license storage session the call is for an
 * end-user license, which comes with the consumption issue. */
static HRESULT client_session_check(DRMHSESSION handle)
{
    struct object *object = NULL;
    struct license_scope scope;
    HRESULT hr = session_scope(handle, &object, &scope);
    if (FAILED(hr))
        return hr;
    bool storage = scope.storage_session;
    object_unref(object);
    return storage ? E_NOTIMPL : S_OK;
}

HRESULT license_acquisition_start(DRMHSESSION handle, bool temporary, const WCHAR *credential,
                                  const WCHAR *url, void *context)
{
    HRESULT hr = client_session_check(handle);
    if (FAILED(hr))
        return hr;
    struct licensor_acquisition *acquisition = calloc(1, sizeof *acquisition);
    if (acquisition == NULL)
        return E_OUTOFMEMORY;
    acquisition->common.clear = acquisition_clear;
    acquisition->temporary = temporary;
    if (credential != NULL && FAILED(hr = read_credential(credential, &acquisition->credential))) {
        free(acquisition);
        return hr;
    }
    return service_operation_start(handle, OPERATION_CLIENT_LICENSOR_ACQUISITION, url, context,
                                   &acquisition->common, acquisition_run);
}

HRESULT license_acquisition_cancel(DRMHSESSION handle)
{
    HRESULT hr = client_session_check(handle);
    return FAILED(hr) ? hr
                      : service_operation_cancel(handle, OPERATION_CLIENT_LICENSOR_ACQUISITION);
}
