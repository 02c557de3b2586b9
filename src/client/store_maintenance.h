/*
 * openmsdrm - deleting from the license store on the application's word:
 * DRMDeleteLicense and DRMRepair.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_STORE_MAINTENANCE_H
#define MSDRM_STORE_MAINTENANCE_H

#include "msdrmdefs.h"

/*
 * Deletes the items with license ID `license_id` that the session kind may
 * delete (functions/DRMDeleteLicense.md): through a client session,
 * end-user licenses (also by content ID), rights account and client
 * licensor certificates and templates; through a license storage session,
 * end-user licenses and revocation lists. E_DRM_RECORD_NOT_FOUND when
 * nothing matched.
 */
HRESULT store_delete_for_session(DRMHSESSION session, const WCHAR *license_id);

/*
 * DRMRepair: if the machine is not validly activated, deletes the machine
 * certificates and lockbox, rights account and client licensor
 * certificates; if it is but no rights account certificate is still valid,
 * deletes those and the client licensor certificates. Under the per-user
 * lock, each in one transaction.
 */
HRESULT store_repair(void);

#endif /* MSDRM_STORE_MAINTENANCE_H */
