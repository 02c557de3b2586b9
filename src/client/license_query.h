/*
 * openmsdrm - the unbound-license query API's core: query handles on a
 * parsed XrML document, and the objects and attributes each level of a
 * license offers (spec/xrml.md §11, spec/types.md §6).
 *
 * Every query handle opened from a license belongs to that license's tree
 * of handles; closing a handle closes every handle opened beneath it
 * ("closing a handle ... closes all objects within that handle",
 * spec/guide.md §2). Each handle keeps the document alive by itself, so a
 * call in flight on a handle being closed stays safe.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_LICENSE_QUERY_H
#define MSDRM_LICENSE_QUERY_H

#include "msdrmdefs.h"

/* DRMParseUnboundLicense: the first document of `license` (a leaf or a
 * whole chain) gives the root handle. */
HRESULT query_parse(const WCHAR *license, DRMQUERYHANDLE *root);

/* DRMGetUnboundLicenseObjectCount / DRMGetUnboundLicenseObject: direct
 * sub-objects of `handle` named `type`. Unknown names count 0; an index
 * past the last is E_DRM_NO_MORE_DATA. */
HRESULT query_object_count(DRMQUERYHANDLE handle, const WCHAR *type, UINT *count);
HRESULT query_object(DRMQUERYHANDLE handle, const WCHAR *type, UINT index, DRMQUERYHANDLE *object);

/*
 * DRMGetUnboundLicenseAttributeCount / DRMGetUnboundLicenseAttribute.
 * Values are UTF-16 strings with their NUL, SYSTEMTIMEs (UTC) or 32-bit
 * unsigned integers; `*size` is in bytes, by the two-call protocol (NULL
 * buffer: the size; too small: E_DRM_INSUFFICIENT_BUFFER and the size).
 */
HRESULT query_attribute_count(DRMQUERYHANDLE handle, const WCHAR *type, UINT *count);
HRESULT query_attribute(DRMQUERYHANDLE handle, const WCHAR *type, UINT index,
                        DRMENCODINGTYPE *encoding, UINT *size, BYTE *buffer);

/* DRMCloseQueryHandle: closes `handle` and every handle opened beneath it. */
HRESULT query_close(DRMQUERYHANDLE handle);

#endif /* MSDRM_LICENSE_QUERY_H */
