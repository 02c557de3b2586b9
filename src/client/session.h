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

#include "client/enumeration_cache.h"
#include "client/temporary_store.h"
#include "runtime/dispatch.h"
#include "runtime/handles.h"
#include "util/object.h"
#include "util/private_errors.h" /* E_MSDRM_SESSION_IN_USE */
#include "msdrmdefs.h"

enum group_id_provider {
    GROUP_ID_PROVIDER_WINDOWS, /* DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH */
    GROUP_ID_PROVIDER_PASSPORT /* DRM_DEFAULTGROUPIDTYPE_PASSPORT */
};

struct license_scope;

/*
 * The table of both session kinds (DRMHSESSION handles): their handle
 * rules, and what each sees of the license store.
 */
struct session_vtbl {
    struct handle_vtbl handle;
    /* Fills *scope; it holds while the caller holds a reference. */
    void (*license_scope)(struct object *session, struct license_scope *scope);
};

struct client_session {
    struct object base;
    struct handle_count handles; /* its lock guards storage_sessions too */
    struct dispatch_channel channel;
    enum group_id_provider provider;
    WCHAR *group_id;    /* NULL when none was given; else group_id_text */
    int64_t created_at; /* seconds since 1970: enumerations skip what expired before */
    enumeration_cache_slot enumeration;
    /* Temporary rights account certificates (DRM_ACTIVATE_TEMPORARY) and
     * client licensor certificates (DRM_AL_NOPERSIST): this session's
     * only, never on disk. */
    struct temporary_store temporary;
    unsigned storage_sessions;
    WCHAR group_id_text[]; /* in the same allocation */
};

/* Creates a client session and opens its first handle. */
HRESULT client_session_create(DRMCALLBACK callback, enum group_id_provider provider,
                              const WCHAR *group_id, size_t group_id_length, DRMHSESSION *handle);

/* Looks up a client session handle (not a license storage session). */
HRESULT client_session_acquire(DRMHSESSION handle, struct client_session **session);

/*
 * Looks up a session handle of either kind: a reference to it (release
 * with object_unref) and its license scope.
 */
HRESULT session_scope(DRMHSESSION handle, struct object **session, struct license_scope *scope);

/* Opens another handle on the session `handle` names (either kind). */
HRESULT session_duplicate(DRMHSESSION handle, DRMHSESSION *copy);

/*
 * Closes one handle of either kind, by its kind's rules. Closing a client
 * session's last handle closes its callback channel (no callback runs
 * after this returns) and scrubs what it holds.
 */
HRESULT session_close(DRMHSESSION handle);

/* DRMEnumerateLicense after its pointer checks, on either kind
 * (enumeration.h). */
HRESULT enumerate_license(DRMHSESSION handle, UINT flags, UINT index, BOOL *shared, UINT *length,
                          WCHAR *buffer);

/*
 * License storage sessions call these as they open and close, so that the
 * client session's last handle stays open while they exist. Adding fails
 * with E_DRM_INVALID_HANDLE once the session's last handle has closed.
 */
HRESULT client_session_add_storage_session(struct client_session *session);
void client_session_remove_storage_session(struct client_session *session);

/*
 * Keeps `item` (taken over, as temporary_store_put does) in the session's
 * temporary store while the session is open; E_DRM_INVALID_HANDLE once
 * its last handle has closed (the item stays with the caller).
 */
HRESULT client_session_keep_temporary(struct client_session *session, struct store_item *item);

/*
 * Posts a status message to the application's callback of the client
 * session `handle` names: the internal tests' and benchmarks' way to post
 * synthetic messages (operations post through runtime/operation.h).
 */
HRESULT client_session_post_status(DRMHSESSION handle, DRM_STATUS_MSG message, HRESULT status,
                                   void *param, void (*free_param)(void *param), void *context);

#endif /* MSDRM_SESSION_H */
