/*
 * openmsdrm - license storage sessions (DRMCreateLicenseStorageSession):
 * a DRMHSESSION tied to one signed issuance license and to a client
 * session, whose user and callback it uses. It owns the temporary license
 * store (end-user licenses added with DRM_ADD_LICENSE_NOPERSIST), which
 * lives in memory until the session's last handle is closed; it reaches
 * the permanent store like any session.
 *
 * While it has an open handle it counts as a child of its client session,
 * whose last handle cannot be closed meanwhile
 * (functions/DRMCloseSession.md).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_STORAGE_SESSION_H
#define MSDRM_STORAGE_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client/enumeration_cache.h"
#include "client/temporary_store.h"
#include "runtime/handles.h"
#include "store/license_store.h"
#include "msdrmdefs.h"

struct client_session;
struct environment;

struct storage_session {
    struct object base;
    struct handle_count handles;     /* its lock orders DRMAddLicense before the last close */
    struct client_session *client;   /* a reference: the user and the callback */
    struct environment *environment; /* a reference */
    char *content_id;                /* the issuance license's WORK/OBJECT/ID */
    int64_t created_at;              /* seconds since 1970: what expired before is skipped */
    enumeration_cache_slot enumeration;
    struct temporary_store temporary; /* end-user licenses added with NOPERSIST */
};

/* DRMCreateLicenseStorageSession after its argument checks. */
HRESULT storage_session_create(DRMENVHANDLE environment, DRMHANDLE library, DRMHSESSION client,
                               const WCHAR *issuance_license, DRMHSESSION *handle);

/* DRMDuplicateSession and DRMCloseSession go by the kind's table
 * (session.c): closing the last handle empties the temporary store and
 * lets the client session go. */

/*
 * DRMAddLicense: checks the end-user license chain (see storage_session.c)
 * and adds it to the temporary store, or with `persist` to the permanent
 * one; a license with the same ID there is replaced.
 */
HRESULT storage_session_add_license(DRMHSESSION handle, bool persist, const WCHAR *license);

#endif /* MSDRM_STORAGE_SESSION_H */
