/*
 * openmsdrm - what one session sees of the license store: the scope that
 * DRMEnumerateLicense (enumeration.h) and DRMDeleteLicense
 * (store_maintenance.h) work in. Each session kind fills one from its
 * table (struct session_vtbl, session.h), so neither needs to know the
 * session kinds.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_LICENSE_SCOPE_H
#define MSDRM_LICENSE_SCOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client/enumeration_cache.h"
#include "client/temporary_store.h"
#include "store/license_store.h"
#include "msdrmdefs.h"

struct license_scope {
    bool storage_session;          /* a license storage session; else a client session */
    enumeration_cache_slot *cache; /* the session's */
    int64_t created_at;            /* what expired before is left out */
    const WCHAR *group_id;         /* a client session's user, or NULL */
    const char *content_id;        /* a storage session's content: its end-user licenses only */
    /* The session's temporary store, read before the permanent one:
     * a storage session's end-user licenses, a client session's
     * temporary rights account and client licensor certificates. */
    struct temporary_store *temporary;
};

#endif /* MSDRM_LICENSE_SCOPE_H */
