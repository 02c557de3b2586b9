/*
 * openmsdrm - Win32: GetLastError() as an HRESULT that is never a success
 * code, for failure paths that must not report S_OK by accident.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_LAST_ERROR_H
#define MSDRM_LAST_ERROR_H

#include <windows.h>

static inline HRESULT hresult_from_last_error(void)
{
    DWORD error = GetLastError();
    return error == ERROR_SUCCESS ? E_FAIL : HRESULT_FROM_WIN32(error);
}

#endif /* MSDRM_LAST_ERROR_H */
