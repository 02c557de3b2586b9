/*
 * openmsdrm - DRMActivate's asynchronous machine activation (see
 * activation.h). Messages are posted by session handle: once the
 * application closes the session, posts fail and nothing is delivered,
 * while the activation itself still completes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/activation.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "store/license_store.h"
#include "client/machine_identity.h"
#include "client/session.h"
#include "util/trace.h"
#include "util/wstring.h"
#include "msdrmerror.h"
#include "platform/platform.h"

static atomic_int machine_activation_running;

struct machine_job {
    DRMHSESSION session;
    void *context;
    struct license_store *store;
    bool was_activated;
};

static void post(const struct machine_job *job, HRESULT status, void *param,
                 void (*free_param)(void *))
{
    /* A closed session refuses the post: nothing more is delivered. */
    client_session_post_status(job->session, DRM_MSG_ACTIVATE_MACHINE, status, param, free_param,
                               job->context);
}

static void post_progress(const struct machine_job *job, DWORD percent)
{
    DWORD *param = malloc(sizeof *param);
    if (param == NULL)
        return; /* a progress report is not worth failing for */
    *param = percent;
    post(job, S_DRM_INPROGRESS, param, free);
}

static void machine_job_run(void *argument)
{
    struct machine_job *job = argument;
    post(job, S_DRM_CONNECTING, NULL, NULL);
    post(job, S_DRM_CONNECTED, NULL, NULL);
    post_progress(job, 0);
    bool already = false;
    HRESULT hr = machine_identity_activate(job->store, job->was_activated, &already);
    if (already)
        post(job, S_DRM_ALREADY_ACTIVATED, NULL, NULL);
    if (SUCCEEDED(hr)) {
        post_progress(job, 100);
        post(job, S_DRM_COMPLETED, NULL, NULL);
    } else {
        if (trace_enabled()) {
            const struct trace_arg cause[] = {T_HRESULT(hr)};
            trace_call("machine activation failed", cause, 1);
        }
        post(job, E_DRM_ACTIVATIONFAILED, NULL, NULL);
    }
    atomic_store(&machine_activation_running, 0);
    free(job);
}

HRESULT activation_start_machine(DRMHSESSION session, void *context)
{
    int idle = 0;
    if (!atomic_compare_exchange_strong(&machine_activation_running, &idle, 1))
        return E_DRM_ALREADY_IN_PROGRESS;

    struct machine_job *job = calloc(1, sizeof *job);
    HRESULT hr = job == NULL ? E_OUTOFMEMORY : store_shared(&job->store);
    if (SUCCEEDED(hr)) {
        job->session = session;
        job->context = context;
        job->was_activated = machine_identity_check(job->store) == S_OK;
        hr = platform_thread_start(machine_job_run, job);
    }
    if (FAILED(hr)) {
        free(job);
        atomic_store(&machine_activation_running, 0);
    }
    return hr;
}

static HRESULT user_check(struct license_store *store, const struct client_session *session)
{
    char *group_id = NULL;
    if (session->group_id != NULL && (group_id = wstr_to_utf8(session->group_id)) == NULL)
        return E_OUTOFMEMORY;
    int64_t *ids = NULL;
    size_t count = 0;
    struct store_filter filter = {STORE_KIND_MASK(STORE_RIGHTS_ACCOUNT_CERTIFICATE), group_id,
                                  (int64_t)time(NULL), NULL};
    HRESULT hr = store_list(store, &filter, &ids, &count);
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
