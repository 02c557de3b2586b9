/*
 * openmsdrm - DRMEnumerateLicense by the rules of the session kind asking,
 * in the session's license scope (license_scope.h). The items of the
 * session's temporary store come before the permanent ones and are read
 * from memory; permanent items are walked through the session's
 * enumeration cache (enumeration_cache.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_ENUMERATION_H
#define MSDRM_ENUMERATION_H

#include "client/license_scope.h"
#include "msdrmdefs.h"

/*
 * DRMEnumerateLicense after its pointer checks: validates the flags
 * (functions/DRMEnumerateLicense.md) for the kind of session, and returns
 * item `index` by the two-call buffer protocol.
 */
HRESULT enumerate_in_scope(const struct license_scope *scope, UINT flags, UINT index, BOOL *shared,
                           UINT *length, WCHAR *buffer);

#endif /* MSDRM_ENUMERATION_H */
