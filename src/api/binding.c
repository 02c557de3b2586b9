/*
 * openmsdrm - exports: enabling principals and bound licenses.
 *
 * Not implemented yet: each export traces its call and returns E_NOTIMPL
 * without touching its out-parameters (README, status table).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

HRESULT UDAPICALL DRMCreateEnablingPrincipal(DRMENVHANDLE hEnv, DRMHANDLE hLibrary, PWSTR wszObject,
                                             DRMID *pidPrincipal, PWSTR wszCredentials,
                                             DRMHANDLE *phEnablingPrincipal)
{
    TRACE_CALL(T_HANDLE(hEnv), T_HANDLE(hLibrary), T_WSTR(wszObject), T_PTR(pidPrincipal),
               T_WSTR(wszCredentials), T_PTR(phEnablingPrincipal));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMCreateBoundLicense(DRMENVHANDLE hEnv, DRMBOUNDLICENSEPARAMS *pParams,
                                        PWSTR wszLicenseChain, DRMHANDLE *phBoundLicense,
                                        DRMHANDLE *phErrorLog)
{
    TRACE_CALL(T_HANDLE(hEnv), T_PTR(pParams), T_WSTR(wszLicenseChain), T_PTR(phBoundLicense),
               T_PTR(phErrorLog));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetBoundLicenseObjectCount(DRMHANDLE hQueryRoot, PWSTR wszSubObjectType,
                                                UINT *pcSubObjects)
{
    TRACE_CALL(T_HANDLE(hQueryRoot), T_WSTR(wszSubObjectType), T_PTR(pcSubObjects));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetBoundLicenseObject(DRMHANDLE hQueryRoot, PWSTR wszSubObjectType,
                                           UINT iWhich, DRMHANDLE *phSubObject)
{
    TRACE_CALL(T_HANDLE(hQueryRoot), T_WSTR(wszSubObjectType), T_UINT(iWhich), T_PTR(phSubObject));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetBoundLicenseAttributeCount(DRMHANDLE hQueryRoot, PWSTR wszAttribute,
                                                   UINT *pcAttributes)
{
    TRACE_CALL(T_HANDLE(hQueryRoot), T_WSTR(wszAttribute), T_PTR(pcAttributes));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetBoundLicenseAttribute(DRMHANDLE hQueryRoot, PWSTR wszAttribute, UINT iWhich,
                                              DRMENCODINGTYPE *peEncoding, UINT *pcBuffer,
                                              BYTE *pbBuffer)
{
    TRACE_CALL(T_HANDLE(hQueryRoot), T_WSTR(wszAttribute), T_UINT(iWhich), T_PTR(peEncoding),
               T_PTR(pcBuffer), T_PTR(pbBuffer));
    return TRACE_RETURN(E_NOTIMPL);
}
