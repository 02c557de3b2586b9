/*
 * openmsdrm - DRMActivate's machine and user activations (see
 * activation.h), operations (runtime/operation.h): once the application
 * closes the session's last handle, nothing more is delivered, while the
 * activation itself still completes (a temporary RAC then has no session
 * to live in and is dropped).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/activation.h"

#include <stdlib.h>
#include <string.h>

#include "store/license_store.h"
#include "credentials/rights_account.h"
#include "client/machine_identity.h"
#include "client/service_location.h"
#include "client/session.h"
#include "client/temporary_store.h"
#include "net/rmpr_client.h"
#include "runtime/operation.h"
#include "util/trace.h"
#include "util/wstring.h"
#include "msdrmerror.h"
#include "platform/platform.h"

/* What a machine activation needs on its worker thread. */
struct machine_activation {
    struct license_store *store;
    bool was_activated;
};

/* On the caller's thread: a store that cannot be opened fails the call. */
static HRESULT machine_activation_prepare(void *state)
{
    struct machine_activation *activation = state;
    HRESULT hr = store_shared(&activation->store);
    if (SUCCEEDED(hr))
        activation->was_activated = machine_identity_check(activation->store) == S_OK;
    return hr;
}

static HRESULT machine_activation_run(struct operation *operation, void *state)
{
    struct machine_activation *activation = state;
    operation_report(operation, OPERATION_CONNECTING);
    operation_report(operation, OPERATION_CONNECTED);
    operation_progress(operation, 0);
    bool already = false;
    HRESULT hr = machine_identity_activate(activation->store, activation->was_activated, &already);
    if (already)
        operation_report(operation, OPERATION_ALREADY_ACTIVATED);
    if (SUCCEEDED(hr)) {
        operation_progress(operation, 100);
        return S_OK;
    }
    if (trace_enabled()) {
        const struct trace_arg cause[] = {T_HRESULT(hr)};
        trace_call("machine activation failed", cause, 1);
    }
    return E_DRM_ACTIVATIONFAILED;
}

HRESULT activation_start_machine(DRMHSESSION handle, void *context)
{
    struct client_session *session = NULL;
    HRESULT hr = client_session_acquire(handle, &session);
    if (FAILED(hr))
        return hr;
    struct machine_activation *activation = calloc(1, sizeof *activation);
    if (activation == NULL) {
        object_unref(&session->base);
        return E_OUTOFMEMORY;
    }
    const struct operation_request request = {
        .kind = OPERATION_MACHINE_ACTIVATION,
        .channel = &session->channel,
        .scope = &session->base,
        .context = context,
        .prepare = machine_activation_prepare,
        .run = machine_activation_run,
        .state = activation,
        .free_state = free,
    };
    hr = operation_start(&request);
    object_unref(&session->base); /* the operation holds its own reference */
    return hr;
}

/* --- user activation ------------------------------------------------------------- */

/* What a user activation needs on its worker thread. */
struct user_activation {
    struct service_operation common; /* first */
    bool temporary;
};

/* The codes DRM_MSG_ACTIVATE_GROUPIDENTITY documents (spec/types.md §4);
 * anything else ends as E_DRM_ACTIVATIONFAILED. */
static HRESULT documented_failure(HRESULT hr)
{
    static const HRESULT documented[] = {
        E_DRM_ABORTED,
        E_DRM_ACTIVATIONFAILED,
        E_DRM_AD_ENTRY_NOT_FOUND,
        E_DRM_AUTHENTICATION_FAILED,
        E_DRM_EMAIL_NOT_VERIFIED,
        E_DRM_INVALID_EMAIL,
        E_DRM_INVALID_SERVER_RESPONSE,
        E_DRM_NEEDS_MACHINE_ACTIVATION,
        E_DRM_NO_CONNECT,
        E_DRM_REQUEST_DENIED,
        E_DRM_SERVER_ERROR,
        E_DRM_SERVER_NOT_FOUND,
        E_DRM_SERVICE_GONE,
        E_DRM_SERVICE_MOVED,
        E_DRM_VALIDITYTIME_VIOLATION,
        E_OUTOFMEMORY,
    };
    for (size_t i = 0; i < sizeof documented / sizeof documented[0]; i++) {
        if (hr == documented[i])
            return hr;
    }
    if (trace_enabled()) {
        const struct trace_arg cause[] = {T_HRESULT(hr)};
        trace_call("user activation failed", cause, 1);
    }
    return E_DRM_ACTIVATIONFAILED;
}

/*
 * Stores a persistent RAC: under the per-user lock, and only if the
 * machine certificate it was issued for is still this user's (another
 * process may have reactivated the machine meanwhile).
 */
static HRESULT store_persistent(struct license_store *store, const char *certificate,
                                const struct store_item *item)
{
    struct platform_user_lock *lock = NULL;
    bool abandoned = false;
    HRESULT hr = platform_user_lock_acquire(&lock, &abandoned);
    if (FAILED(hr))
        return hr;
    hr = machine_identity_match_certificate(store, certificate);
    if (hr == S_FALSE)
        hr = E_DRM_NEEDS_MACHINE_ACTIVATION;
    if (SUCCEEDED(hr))
        hr = store_put(store, item, NULL);
    platform_user_lock_release(lock);
    return hr;
}

/* Certify (spec/rmpr.md §6.2) with the mode-1 machine certificate. */
static HRESULT certify(struct operation *operation, struct user_activation *activation,
                       const struct machine_identities *machine, struct rmpr_documents *rac_chain)
{
    struct service_call call;
    HRESULT hr = service_call_prepare(DRM_SERVICE_TYPE_ACTIVATION, activation->common.url,
                                      activation->common.from, &call);
    if (FAILED(hr))
        return hr;
    size_t length = strlen(machine->certificates[0]);
    struct rmpr_documents machine_chain = {1, (char **)&machine->certificates[0], &length};
    hr = operation_cancelled(operation)
             ? E_DRM_ABORTED
             : rmpr_certify(&call.options, &machine_chain, !activation->temporary, rac_chain);
    service_call_clear(&call);
    return hr;
}

static HRESULT user_activation_run(struct operation *operation, void *state)
{
    struct user_activation *activation = state;
    operation_report(operation, OPERATION_CONNECTING);
    struct machine_identities machine;
    HRESULT hr = machine_identities_open(activation->common.store, &machine);
    if (FAILED(hr))
        return documented_failure(hr);
    struct rmpr_documents rac_chain = {0};
    hr = certify(operation, activation, &machine, &rac_chain);
    if (SUCCEEDED(hr)) {
        operation_report(operation, OPERATION_CONNECTED);
        operation_progress(operation, 50);
    }
    /* Verified before anything is kept; a cancel stops it here too. */
    struct store_item item = {0};
    if (SUCCEEDED(hr))
        hr = rights_account_accept(rac_chain.count, rac_chain.texts, rac_chain.lengths,
                                   machine.keys, machine.count, platform_time_now_seconds(), &item);
    rmpr_documents_clear(&rac_chain);
    if (SUCCEEDED(hr) && operation_cancelled(operation))
        hr = E_DRM_ABORTED;
    /* S_DRM_COMPLETED's pvParam: the RAC chain, as it is enumerated. */
    WCHAR *result = NULL;
    if (SUCCEEDED(hr) && (result = wstr_from_utf8(item.xrml)) == NULL)
        hr = E_OUTOFMEMORY;
    if (SUCCEEDED(hr))
        hr = activation->temporary
                 ? client_session_keep_temporary(activation->common.session, &item)
                 : store_persistent(activation->common.store, machine.certificates[0], &item);
    store_item_clear(&item);
    machine_identities_clear(&machine);
    if (FAILED(hr)) {
        free(result);
        return documented_failure(hr);
    }
    operation_progress(operation, 100);
    operation_set_result(operation, result, free);
    return S_OK;
}

HRESULT activation_start_user(DRMHSESSION handle, bool temporary, const WCHAR *url, void *context)
{
    struct user_activation *activation = calloc(1, sizeof *activation);
    if (activation == NULL)
        return E_OUTOFMEMORY;
    activation->temporary = temporary;
    return service_operation_start(handle, OPERATION_USER_ACTIVATION, url, context,
                                   &activation->common, user_activation_run);
}

HRESULT activation_cancel_user(DRMHSESSION handle)
{
    return service_operation_cancel(handle, OPERATION_USER_ACTIVATION);
}

/* --- DRMIsActivated --------------------------------------------------------------- */

/* A rights account certificate issued to the session's group ID (any, if
 * it has none), unexpired now: a temporary one of the session's, or one
 * in the store. */
static HRESULT user_check(struct license_store *store, struct client_session *session)
{
    int64_t now = platform_time_now_seconds();
    struct enumeration_query query = {
        0,   STORE_RIGHTS_ACCOUNT_CERTIFICATE, now, session->group_id != NULL, session->group_id,
        NULL};
    struct store_item item = {0};
    size_t temporary = 0;
    HRESULT hr = temporary_store_item(&session->temporary, &query, 0, &item, &temporary);
    store_item_clear(&item);
    if (hr != E_DRM_NO_MORE_DATA)
        return hr;

    char *group_id = NULL;
    if (session->group_id != NULL && (group_id = wstr_to_utf8(session->group_id)) == NULL)
        return E_OUTOFMEMORY;
    int64_t *ids = NULL;
    size_t count = 0;
    struct store_filter filter = {STORE_KIND_MASK(STORE_RIGHTS_ACCOUNT_CERTIFICATE), group_id, now,
                                  NULL};
    hr = store_list(store, &filter, &ids, &count);
    free(ids);
    free(group_id);
    if (SUCCEEDED(hr) && count == 0)
        hr = E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION;
    return hr;
}

HRESULT activation_check(DRMHSESSION handle, UINT which)
{
    struct client_session *session = NULL;
    HRESULT hr = client_session_acquire(handle, &session);
    if (FAILED(hr))
        return hr;
    struct license_store *store = NULL;
    hr = store_shared(&store);
    if (SUCCEEDED(hr))
        hr = which == DRM_ACTIVATE_MACHINE ? machine_identity_check(store)
                                           : user_check(store, session);
    object_unref(&session->base);
    return hr;
}
