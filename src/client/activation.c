/*
 * openmsdrm - DRMActivate's machine activation (see activation.h), an
 * operation (runtime/operation.h): once the application closes the
 * session's last handle, nothing more is delivered, while the activation
 * itself still completes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/activation.h"

#include <stdlib.h>

#include "store/license_store.h"
#include "client/machine_identity.h"
#include "client/session.h"
#include "client/temporary_store.h"
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

/* A rights account certificate issued to the session's group ID (any, if
 * it has none), unexpired now: a temporary one of the session's, or one
 * in the store. */
static HRESULT user_check(struct license_store *store, struct client_session *session)
{
    int64_t now = platform_time_now_seconds();
    struct enumeration_query query = {0, STORE_RIGHTS_ACCOUNT_CERTIFICATE, now,
                                      session->group_id != NULL, session->group_id, NULL};
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
