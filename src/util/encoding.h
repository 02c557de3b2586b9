/*
 * openmsdrm - DRMEncode and DRMDecode: base64, the one algorithm the
 * documentation names.
 *
 * Sizes: DRMEncode's page gives the encoded length "in bytes", and we
 * follow it (2 bytes a character, the NUL included): a caller that reads
 * the number as characters allocates twice what it needs, never too
 * little. DRMDecode's length is the number of bytes the data decodes to;
 * no NUL is written after binary data.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_ENCODING_H
#define MSDRM_ENCODING_H

#include <stdbool.h>

#include "msdrmdefs.h"

/* "base64", in any ASCII case. */
bool encoding_is_base64(const WCHAR *algorithm);

/*
 * Encodes `length` bytes by the two-call protocol: *size (bytes) in:
 * the buffer's size, out: the size the string takes. NULL `text`: only the
 * size. Too small: E_DRM_INSUFFICIENT_BUFFER, nothing written. E_INVALIDARG
 * when the result would not fit a UINT.
 */
HRESULT encoding_encode(const BYTE *data, UINT length, UINT *size, WCHAR *text);

/*
 * Decodes canonical base64 (E_INVALIDARG otherwise) by the two-call
 * protocol: *length in: the buffer's size in bytes, out: the decoded size.
 */
HRESULT encoding_decode(const WCHAR *text, UINT *length, BYTE *data);

#endif /* MSDRM_ENCODING_H */
