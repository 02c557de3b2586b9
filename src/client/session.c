/*
 * openmsdrm - client sessions (see session.h).
 *
 * Lock order: a license storage session's lock, then its client
 * session's `lock`, then the handle table's lock (taken inside
 * handle_open/handle_close). The dispatcher's lock is never taken while a
 * session lock is held.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/session.h"

#include <stdlib.h>

#include "runtime/handles.h"
#include "client/storage_session.h"
#include "util/wstring.h"
#include "msdrmerror.h"

static void client_session_destroy(struct object *object)
{
    struct client_session *session = (struct client_session *)object;
    wstr_free_secret(session->group_id);
    enumeration_cache_free(&session->enumeration);
    platform_mutex_destroy(&session->lock);
    free(session);
}

HRESULT client_session_create(DRMCALLBACK callback, enum group_id_provider provider,
                              const WCHAR *group_id, size_t group_id_length, DRMHSESSION *handle)
{
    struct client_session *session = calloc(1, sizeof *session);
    if (session == NULL)
        return E_OUTOFMEMORY;
    if (group_id != NULL) {
        session->group_id = wstr_copy(group_id, group_id_length);
        if (session->group_id == NULL) {
            free(session);
            return E_OUTOFMEMORY;
        }
    }
    object_init(&session->base, client_session_destroy);
    dispatch_channel_init(&session->channel, &session->base, callback);
    session->provider = provider;
    session->created_at = platform_time_now_seconds();
    enumeration_cache_init(&session->enumeration);
    platform_mutex_init(&session->lock);
    session->open_handles = 1;

    HRESULT hr = handle_open(&session->base, HANDLE_CLIENT_SESSION, handle);
    object_unref(&session->base); /* the handle holds it now, or nobody */
    return hr;
}

HRESULT client_session_acquire(DRMHSESSION handle, struct client_session **session)
{
    struct object *object = NULL;
    HRESULT hr = handle_acquire(handle, HANDLE_MASK(HANDLE_CLIENT_SESSION), &object, NULL);
    *session = SUCCEEDED(hr) ? (struct client_session *)object : NULL;
    return hr;
}

HRESULT session_duplicate(DRMHSESSION handle, DRMHSESSION *copy)
{
    struct object *object = NULL;
    enum handle_kind kind;
    HRESULT hr = handle_acquire(handle, HANDLE_MASK_SESSION, &object, &kind);
    if (FAILED(hr))
        return hr;
    if (kind == HANDLE_CLIENT_SESSION) {
        struct client_session *session = (struct client_session *)object;
        platform_mutex_lock(&session->lock);
        if (session->open_handles == 0) {
            hr = E_DRM_INVALID_HANDLE; /* its last handle closed meanwhile */
        } else {
            hr = handle_open(object, kind, copy);
            session->open_handles += SUCCEEDED(hr);
        }
        platform_mutex_unlock(&session->lock);
    } else {
        hr = storage_session_duplicate(object, copy);
    }
    object_unref(object);
    return hr;
}

HRESULT session_close(DRMHSESSION handle)
{
    struct object *object = NULL;
    enum handle_kind kind;
    HRESULT hr = handle_acquire(handle, HANDLE_MASK_SESSION, &object, &kind);
    if (FAILED(hr))
        return hr;
    if (kind != HANDLE_CLIENT_SESSION) {
        hr = storage_session_close(object, handle);
        object_unref(object);
        return hr;
    }

    struct client_session *session = (struct client_session *)object;
    bool last = false;
    platform_mutex_lock(&session->lock);
    if (session->open_handles == 1 && session->storage_sessions > 0) {
        hr = E_MSDRM_SESSION_IN_USE;
    } else {
        hr = handle_close(handle, HANDLE_MASK(kind));
        if (SUCCEEDED(hr))
            last = --session->open_handles == 0;
    }
    platform_mutex_unlock(&session->lock);

    if (last)
        dispatch_channel_close(&session->channel);
    object_unref(object); /* the last reference scrubs and frees it */
    return hr;
}

HRESULT client_session_add_storage_session(struct client_session *session)
{
    HRESULT hr = S_OK;
    platform_mutex_lock(&session->lock);
    if (session->open_handles == 0)
        hr = E_DRM_INVALID_HANDLE; /* its last handle closed meanwhile */
    else
        session->storage_sessions++;
    platform_mutex_unlock(&session->lock);
    return hr;
}

void client_session_remove_storage_session(struct client_session *session)
{
    platform_mutex_lock(&session->lock);
    session->storage_sessions--;
    platform_mutex_unlock(&session->lock);
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
