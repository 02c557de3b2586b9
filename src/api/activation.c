/*
 * openmsdrm - exports: machine and user activation, service discovery.
 *
 * Not implemented yet: each export traces its call and returns E_NOTIMPL
 * without touching its out-parameters (README, status table).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

HRESULT UDAPICALL DRMActivate(DRMHSESSION hClient, UINT uFlags, UINT uLangID,
                              DRM_ACTSERV_INFO *pActServInfo, VOID *pvContext, HWND hParentWnd)
{
    TRACE_CALL(T_HANDLE(hClient), T_UINT(uFlags), T_UINT(uLangID), T_PTR(pActServInfo),
               T_PTR(pvContext), T_PTR(hParentWnd));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMIsActivated(DRMHSESSION hClient, UINT uFlags, DRM_ACTSERV_INFO *pActServInfo)
{
    TRACE_CALL(T_HANDLE(hClient), T_UINT(uFlags), T_PTR(pActServInfo));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetServiceLocation(DRMHSESSION hClient, UINT uServiceType,
                                        UINT uServiceLocation, PWSTR wszIssuanceLicense,
                                        UINT *puServiceURLLength, PWSTR wszServiceURL)
{
    TRACE_CALL(T_HANDLE(hClient), T_UINT(uServiceType), T_UINT(uServiceLocation),
               T_WSTR(wszIssuanceLicense), T_PTR(puServiceURLLength), T_PTR(wszServiceURL));
    return TRACE_RETURN(E_NOTIMPL);
}
