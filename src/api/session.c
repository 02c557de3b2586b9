/*
 * openmsdrm - exports: client and license storage sessions.
 *
 * Not implemented yet: each export traces its call and returns E_NOTIMPL
 * without touching its out-parameters (README, status table).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

HRESULT UDAPICALL DRMCreateClientSession(
    DRMCALLBACK pfnCallback,
    UINT uCallbackVersion,
    PWSTR wszGroupIDProviderType,
    PWSTR wszGroupID,
    DRMHSESSION *phClient)
{
    TRACE_CALL(T_FUNC(pfnCallback), T_UINT(uCallbackVersion), T_WSTR(wszGroupIDProviderType),
               T_WSTR(wszGroupID), T_PTR(phClient));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMCloseSession(
    DRMHSESSION hSession)
{
    TRACE_CALL(T_HANDLE(hSession));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMDuplicateSession(
    DRMHSESSION hSessionIn,
    DRMHSESSION *phSessionOut)
{
    TRACE_CALL(T_HANDLE(hSessionIn), T_PTR(phSessionOut));
    return TRACE_RETURN(E_NOTIMPL);
}
