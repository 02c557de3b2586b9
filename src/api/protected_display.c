/*
 * openmsdrm - exports: protected windows and content display registration.
 *
 * Protected windows are not implemented yet: those exports trace their
 * call and return E_NOTIMPL without touching their out-parameters (README,
 * status table).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

#include "runtime/global_options.h"

HRESULT UDAPICALL DRMRegisterProtectedWindow(DRMENVHANDLE hEnv, HWND hwnd)
{
    TRACE_CALL(T_HANDLE(hEnv), T_PTR(hwnd));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMIsWindowProtected(HWND hwnd, BOOL *pfProtected)
{
    TRACE_CALL(T_PTR(hwnd), T_PTR(pfProtected));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMRegisterContent(BOOL fRegister)
{
    TRACE_CALL(T_INT(fRegister));
    /* functions/DRMRegisterContent.md: a count of protected documents on
     * display; every TRUE has its FALSE. We count, and refuse a FALSE
     * without a TRUE. The screen-capture protection Windows applies while
     * the count is non-zero is not implemented. */
    return TRACE_RETURN(content_register(fRegister != FALSE));
}
