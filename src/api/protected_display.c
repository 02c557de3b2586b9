/*
 * openmsdrm - exports: protected windows and content display registration.
 *
 * Not implemented yet: each export traces its call and returns E_NOTIMPL
 * without touching its out-parameters (README, status table).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

HRESULT UDAPICALL DRMRegisterProtectedWindow(
    DRMENVHANDLE hEnv,
    HWND hwnd)
{
    TRACE_CALL(T_HANDLE(hEnv), T_PTR(hwnd));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMIsWindowProtected(
    HWND hwnd,
    BOOL *pfProtected)
{
    TRACE_CALL(T_PTR(hwnd), T_PTR(pfProtected));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMRegisterContent(
    BOOL fRegister)
{
    TRACE_CALL(T_INT(fRegister));
    return TRACE_RETURN(E_NOTIMPL);
}
