/*
 * openmsdrm - DRMActivate's asynchronous operations. The call validates,
 * starts an operation (runtime/operation.h) and returns; its worker
 * reports through the client session's callback (DRM_MSG_ACTIVATE_MACHINE):
 * S_DRM_CONNECTING, S_DRM_CONNECTED, S_DRM_INPROGRESS (pvParam: DWORD*
 * percent), then S_DRM_ALREADY_ACTIVATED if another process activated
 * meanwhile, and exactly one terminal message: S_DRM_COMPLETED or
 * E_DRM_ACTIVATIONFAILED (spec/types.md §4).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_ACTIVATION_H
#define MSDRM_ACTIVATION_H

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
 * DRMIsActivated: with DRM_ACTIVATE_MACHINE, S_OK when the machine is
 * activated for this user, else E_DRM_NEEDS_MACHINE_ACTIVATION; with
 * DRM_ACTIVATE_GROUPIDENTITY, S_OK when the store holds a rights account
 * certificate issued to the session's group ID (any, if the session has
 * none), else E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION.
 */
HRESULT activation_check(DRMHSESSION session, UINT which);

#endif /* MSDRM_ACTIVATION_H */
