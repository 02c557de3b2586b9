/*
 * openmsdrm - what the client reports about itself: its version and
 * hierarchy (DRMGetClientVersion) and its lockbox (DRMGetSecurityProvider).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_CLIENT_INFO_H
#define MSDRM_CLIENT_INFO_H

#include "msdrmdefs.h"

/*
 * Fills uStructVersion's version and hierarchy fields; the product ID and
 * description are left as the caller had them (not filled by the real
 * client either, spec/types.md §3).
 */
void client_info_version(DRM_CLIENT_VERSION_INFO *info);

/*
 * The security provider's type ("filename") and path, by the two-call
 * protocol of DRMGetSecurityProvider: lengths in characters with the NUL;
 * with NULL buffers only the lengths are stored; with buffers too small
 * for either string, the lengths are stored, nothing is copied and the
 * result is E_DRM_INSUFFICIENT_BUFFER.
 */
HRESULT client_info_security_provider(UINT *type_length, WCHAR *type, UINT *path_length,
                                      WCHAR *path);

/* The security provider's path (what the function above reports) as a
 * heap string; the caller frees it. */
HRESULT client_info_lockbox_path(WCHAR **path);

#endif /* MSDRM_CLIENT_INFO_H */
