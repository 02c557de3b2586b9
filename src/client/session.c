/*
 * openmsdrm - client sessions (see session.h).
 *
 * Lock order: a client session's lock (its handle count's), then the
 * handle table's locks (inside handle_open) or its temporary store's. The dispatcher's lock is
 * never taken while a session lock is held.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/session.h"

#include <stdlib.h>
#include <string.h>

#include "client/enumeration.h"
#include "client/license_scope.h"
#include "util/wstring.h"
#include "msdrmerror.h"
#include "platform/platform.h"

#define CLIENT_MASK HANDLE_MASK(HANDLE_CLIENT_SESSION)

static void client_session_destroy(struct object *object)
{
    struct client_session *session = (struct client_session *)object;
    wstr_scrub(session->group_id);
    enumeration_cache_free(atomic_load_explicit(&session->enumeration, memory_order_acquire));
    temporary_store_destroy(&session->temporary);
    handle_count_clear(&session->handles);
    free(session);
}

/* functions/DRMCreateClientSession.md: storage sessions are closed first. */
static HRESULT client_session_last_closing(struct object *object)
{
    struct client_session *session = (struct client_session *)object;
    return session->storage_sessions > 0 ? E_MSDRM_SESSION_IN_USE : S_OK;
}

/* No callback runs once the last handle has closed, and the temporary
 * certificates go (under the handle lock: client_session_keep_temporary
 * adds while the session is open, or not at all). */
static void client_session_last_closed(struct object *object)
{
    struct client_session *session = (struct client_session *)object;
    dispatch_channel_close(&session->channel);
    platform_mutex_lock(&session->handles.lock);
    temporary_store_clear(&session->temporary);
    platform_mutex_unlock(&session->handles.lock);
}

static void client_session_license_scope(struct object *object, struct license_scope *scope)
{
    struct client_session *session = (struct client_session *)object;
    *scope = (struct license_scope){.cache = &session->enumeration,
                                    .created_at = session->created_at,
                                    .group_id = session->group_id,
                                    .temporary = &session->temporary};
}

static const struct session_vtbl client_session_vtbl = {
    {{client_session_destroy},
     offsetof(struct client_session, handles),
     client_session_last_closing,
     client_session_last_closed},
    client_session_license_scope,
};

HRESULT client_session_create(DRMCALLBACK callback, enum group_id_provider provider,
                              const WCHAR *group_id, size_t group_id_length, DRMHSESSION *handle)
{
    size_t text_units = group_id != NULL ? group_id_length + 1 : 0;
    struct client_session *session = malloc(sizeof *session + text_units * sizeof(WCHAR));
    if (session == NULL)
        return E_OUTOFMEMORY;
    object_init(&session->base, &client_session_vtbl.handle.object);
    handle_count_init(&session->handles);
    dispatch_channel_init(&session->channel, &session->base, callback);
    session->provider = provider;
    session->group_id = NULL;
    if (group_id != NULL) {
        memcpy(session->group_id_text, group_id, group_id_length * sizeof(WCHAR));
        session->group_id_text[group_id_length] = 0;
        session->group_id = session->group_id_text;
    }
    session->created_at = platform_time_now_seconds();
    atomic_init(&session->enumeration, NULL);
    temporary_store_init(&session->temporary);
    session->storage_sessions = 0;

    HRESULT hr = handle_open(&session->base, HANDLE_CLIENT_SESSION, handle);
    object_unref(&session->base); /* the handle holds it now, or nobody */
    return hr;
}

HRESULT client_session_acquire(DRMHSESSION handle, struct client_session **session)
{
    struct object *object = NULL;
    HRESULT hr = handle_acquire(handle, CLIENT_MASK, &object, NULL);
    *session = SUCCEEDED(hr) ? (struct client_session *)object : NULL;
    return hr;
}

HRESULT session_scope(DRMHSESSION handle, struct object **session, struct license_scope *scope)
{
    HRESULT hr = handle_acquire(handle, HANDLE_MASK_SESSION, session, NULL);
    if (SUCCEEDED(hr))
        ((const struct session_vtbl *)(*session)->vtbl)->license_scope(*session, scope);
    return hr;
}

HRESULT session_duplicate(DRMHSESSION handle, DRMHSESSION *copy)
{
    return handle_duplicate(handle, HANDLE_MASK_SESSION, copy);
}

HRESULT session_close(DRMHSESSION handle)
{
    return handle_close(handle, HANDLE_MASK_SESSION);
}

HRESULT enumerate_license(DRMHSESSION handle, UINT flags, UINT index, BOOL *shared, UINT *length,
                          WCHAR *buffer)
{
    struct object *session = NULL;
    struct license_scope scope;
    HRESULT hr = session_scope(handle, &session, &scope);
    if (FAILED(hr))
        return hr;
    hr = enumerate_in_scope(&scope, flags, index, shared, length, buffer);
    object_unref(session);
    return hr;
}

HRESULT client_session_add_storage_session(struct client_session *session)
{
    HRESULT hr = S_OK;
    platform_mutex_lock(&session->handles.lock);
    if (!handle_count_is_open(&session->handles))
        hr = E_DRM_INVALID_HANDLE; /* its last handle closed meanwhile */
    else
        session->storage_sessions++;
    platform_mutex_unlock(&session->handles.lock);
    return hr;
}

void client_session_remove_storage_session(struct client_session *session)
{
    platform_mutex_lock(&session->handles.lock);
    session->storage_sessions--;
    platform_mutex_unlock(&session->handles.lock);
}

HRESULT client_session_keep_temporary(struct client_session *session, struct store_item *item)
{
    platform_mutex_lock(&session->handles.lock);
    HRESULT hr = handle_count_is_open(&session->handles)
                     ? temporary_store_put(&session->temporary, item)
                     : E_DRM_INVALID_HANDLE;
    platform_mutex_unlock(&session->handles.lock);
    return hr;
}

HRESULT client_session_post_status(DRMHSESSION handle, DRM_STATUS_MSG message, HRESULT status,
                                   void *param, void (*free_param)(void *param), void *context)
{
    struct client_session *session = NULL;
    HRESULT hr = client_session_acquire(handle, &session);
    if (FAILED(hr)) {
        if (free_param != NULL)
            free_param(param);
        return hr;
    }
    hr = dispatch_post(&session->channel, message, status, param, free_param, context);
    object_unref(&session->base);
    return hr;
}
