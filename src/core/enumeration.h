/*
 * openmsdrm - DRMEnumerateLicense's walk over the license store.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_ENUMERATION_H
#define MSDRM_ENUMERATION_H

#include "msdrmdefs.h"

/*
 * Machine certificate number `index` (0: 1024-bit, 1: 2048-bit), by the
 * two-call buffer protocol (wstr_return); *shared (if not NULL) is FALSE,
 * as for a client session (functions/DRMEnumerateLicense.md).
 * E_DRM_NEEDS_MACHINE_ACTIVATION when the machine is not activated,
 * E_DRM_NO_MORE_DATA past the last one.
 */
HRESULT enumerate_machine_certificate(UINT index, BOOL *shared, UINT *length, WCHAR *buffer);

#endif /* MSDRM_ENUMERATION_H */
