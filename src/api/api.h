/*
 * openmsdrm - what every file of the exported-ABI layer includes.
 *
 * An export body reads top to bottom: TRACE_CALL with its arguments,
 * validation in the documented order, a call into the core, and
 * TRACE_RETURN of a documented HRESULT.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_API_H
#define MSDRM_API_H

#include "msdrm.h"
#include "msdrmgetinfo.h"
#include "api/undocumented_exports.h"
#include "util/trace.h"

#endif /* MSDRM_API_H */
