/*
 * openmsdrm - DRMActivate's asynchronous operations. The call validates,
 * starts an operation (runtime/operation.h) and returns; its worker
 * reports through the client session's callback. Machine activation
 * (DRM_MSG_ACTIVATE_MACHINE):
 * S_DRM_CONNECTING, S_DRM_CONNECTED, S_DRM_INPROGRESS (pvParam: DWORD*
 * percent), then S_DRM_ALREADY_ACTIVATED if another process activated
 * meanwhile, and exactly one terminal message: S_DRM_COMPLETED or
 * E_DRM_ACTIVATIONFAILED (spec/types.md §4).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_ACTIVATION_H
#define MSDRM_ACTIVATION_H

#include <stdbool.h>

#include "msdrmdefs.h"

/*
 * Starts machine activation for the client session `session` (an
 * operation of runtime/operation.h: its messages go to the session until
 * its last handle closes). E_DRM_ALREADY_IN_PROGRESS while one is running
 * in this process (no callback follows then); E_DRM_INVALID_HANDLE for a
 * handle that is not an open client session; the store's error when it
 * cannot be opened.
 */
HRESULT activation_start_machine(DRMHSESSION session, void *context);

/*
 * Starts user activation for the client session `session`
 * (DRM_MSG_ACTIVATE_GROUPIDENTITY): Certify at `url` (the
 * DRM_ACTSERV_INFO's; NULL: the enterprise certification service that
 * service discovery names) with this machine's certificate and the
 * session's group ID as the user, the RAC chain verified
 * (credentials/rights_account.h), then kept: in the store (the per-user
 * lock held), or, `temporary`, in the session's memory only. S_DRM_COMPLETED
 * carries the RAC chain as a string. Failures reach the callback, as
 * documented for the message: E_DRM_NEEDS_MACHINE_ACTIVATION,
 * E_DRM_SERVER_NOT_FOUND, the call's (net/rmpr_client.h),
 * E_DRM_INVALID_SERVER_RESPONSE for a chain not valid or not ours,
 * E_DRM_ABORTED once cancelled. The call itself fails only for a handle
 * that is not an open client session, the store, or memory.
 */
HRESULT activation_start_user(DRMHSESSION session, bool temporary, const WCHAR *url, void *context);

/* DRM_ACTIVATE_CANCEL: cancels the session's running user activations
 * (each then ends with E_DRM_ABORTED unless it was done). */
HRESULT activation_cancel_user(DRMHSESSION session);

/*
 * DRMIsActivated: with DRM_ACTIVATE_MACHINE, S_OK when the machine is
 * activated for this user, else E_DRM_NEEDS_MACHINE_ACTIVATION; with
 * DRM_ACTIVATE_GROUPIDENTITY, S_OK when the session's temporary RACs or
 * the store hold an unexpired rights account certificate issued to the
 * session's group ID (any, if the session has none), else
 * E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION.
 */
HRESULT activation_check(DRMHSESSION session, UINT which);

#endif /* MSDRM_ACTIVATION_H */
