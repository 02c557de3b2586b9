/*
 * openmsdrm - DRMAcquireLicense: on a client session it acquires a client
 * licensor certificate (CLC), the offline-publishing identity
 * (functions/DRMAcquireLicense.md; spec/rmpr.md §6.3). An operation
 * (runtime/operation.h) reporting DRM_MSG_ACQUIRE_CLIENTLICENSOR:
 * S_DRM_CONNECTING, S_DRM_INPROGRESS, S_DRM_CONNECTED once the server
 * answered, then S_DRM_COMPLETED (pvParam NULL: the CLC is in the store)
 * or the failure.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_LICENSOR_ACQUISITION_H
#define MSDRM_LICENSOR_ACQUISITION_H

#include <stdbool.h>

#include "msdrmdefs.h"

/*
 * DRMAcquireLicense after its argument checks. On a client session:
 * GetClientLicensorCert at `url` (NULL: the enterprise licensing service
 * service discovery names) with the rights account certificate
 * `credential` (a RAC chain; NULL: the newest unexpired one issued to the
 * session's user, the session's temporary ones first), the CLC chain
 * verified (credentials/client_licensor.h) and kept: in the store, or,
 * `temporary` (DRM_AL_NOPERSIST), in the session's memory only.
 * Failures reach the callback: E_DRM_NEEDS_MACHINE_ACTIVATION,
 * E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION (no RAC, or one this machine
 * cannot open), E_DRM_SERVER_NOT_FOUND, the call's (net/rmpr_client.h),
 * E_DRM_INVALID_SERVER_RESPONSE, E_DRM_ABORTED once cancelled.
 * The call fails with E_INVALIDARG for a credential that is not a RAC
 * chain, and E_NOTIMPL on a license storage session (end-user licenses
 * come with the consumption issue).
 */
HRESULT license_acquisition_start(DRMHSESSION session, bool temporary, const WCHAR *credential,
                                  const WCHAR *url, void *context);

/* DRM_AL_CANCEL: cancels the session's running acquisitions. */
HRESULT license_acquisition_cancel(DRMHSESSION session);

#endif /* MSDRM_LICENSOR_ACQUISITION_H */
