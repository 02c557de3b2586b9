/*
 * openmsdrm - the symbolic name of an HRESULT, for traces and tools.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_HRESULT_NAMES_H
#define MSDRM_HRESULT_NAMES_H

#include "msdrmdefs.h"

/* The name of a code this API uses ("E_DRM_NO_MORE_DATA"), or NULL. */
const char *hresult_name(HRESULT hr);

#endif /* MSDRM_HRESULT_NAMES_H */
