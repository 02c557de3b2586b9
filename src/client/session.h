/*
 * openmsdrm - client sessions and the rules shared by both session kinds
 * (client and license storage sessions, both DRMHSESSION handles).
 *
 * A client session holds the application's callback, the group-identity
 * provider and the optional group ID (the user's e-mail address). It hosts
 * license storage sessions: while any exists, the session's last handle
 * cannot be closed (functions/DRMCreateClientSession.md).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_SESSION_H
#define MSDRM_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/dispatch.h"
#include "client/enumeration.h"
#include "util/object.h"
#include "util/private_errors.h" /* E_MSDRM_SESSION_IN_USE */
#include "msdrmdefs.h"
#include "platform/platform.h"

enum group_id_provider {
    GROUP_ID_PROVIDER_WINDOWS, /* DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH */
    GROUP_ID_PROVIDER_PASSPORT /* DRM_DEFAULTGROUPIDTYPE_PASSPORT */
};

struct client_session {
    struct object base;
    struct dispatch_channel channel;
    enum group_id_provider provider;
    WCHAR *group_id;    /* NULL when none was given */
    int64_t created_at; /* seconds since 1970: enumerations skip what expired before */
    struct enumeration_cache enumeration;
    platform_mutex lock; /* guards the two counts below */
    unsigned open_handles;
    unsigned storage_sessions;
};

/* Creates a client session and opens its first handle. */
HRESULT client_session_create(DRMCALLBACK callback, enum group_id_provider provider,
                              const WCHAR *group_id, size_t group_id_length, DRMHSESSION *handle);

/* Looks up a client session handle (not a license storage session). */
HRESULT client_session_acquire(DRMHSESSION handle, struct client_session **session);

/* Opens another handle on the session `handle` names (either kind). */
HRESULT session_duplicate(DRMHSESSION handle, DRMHSESSION *copy);

/*
 * Closes one handle of either kind. Closing a client session's last handle
 * closes its callback channel (no callback runs after this returns) and
 * scrubs what it holds.
 */
HRESULT session_close(DRMHSESSION handle);

/*
 * License storage sessions call these as they open and close, so that the
 * client session's last handle stays open while they exist. Adding fails
 * with E_DRM_INVALID_HANDLE once the session's last handle has closed.
 */
HRESULT client_session_add_storage_session(struct client_session *session);
void client_session_remove_storage_session(struct client_session *session);

/*
 * Posts a status message to the application's callback of the client
 * session `handle` names: what asynchronous operations use, and the
 * internal tests' way to post synthetic operations.
 */
HRESULT client_session_post_status(DRMHSESSION handle, DRM_STATUS_MSG message, HRESULT status,
                                   void *param, void (*free_param)(void *param), void *context);

#endif /* MSDRM_SESSION_H */
