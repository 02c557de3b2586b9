/*
 * openmsdrm - exports: unbound-license queries.
 *
 * DRMCloseQueryHandle works on any query handle; the rest is not
 * implemented yet and returns E_NOTIMPL without touching its
 * out-parameters (README, status table).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

#include "core/handles.h"

HRESULT UDAPICALL DRMParseUnboundLicense(PWSTR wszCertificate, DRMQUERYHANDLE *phQueryRoot)
{
    TRACE_CALL(T_WSTR(wszCertificate), T_PTR(phQueryRoot));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetUnboundLicenseObjectCount(DRMQUERYHANDLE hQueryRoot, PWSTR wszSubObjectType,
                                                  UINT *pcSubObjects)
{
    TRACE_CALL(T_HANDLE(hQueryRoot), T_WSTR(wszSubObjectType), T_PTR(pcSubObjects));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetUnboundLicenseObject(DRMQUERYHANDLE hQueryRoot, PWSTR wszSubObjectType,
                                             UINT iIndex, DRMQUERYHANDLE *phSubQuery)
{
    TRACE_CALL(T_HANDLE(hQueryRoot), T_WSTR(wszSubObjectType), T_UINT(iIndex), T_PTR(phSubQuery));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetUnboundLicenseAttributeCount(DRMQUERYHANDLE hQueryRoot,
                                                     PWSTR wszAttributeType, UINT *pcAttributes)
{
    TRACE_CALL(T_HANDLE(hQueryRoot), T_WSTR(wszAttributeType), T_PTR(pcAttributes));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetUnboundLicenseAttribute(DRMQUERYHANDLE hQueryRoot, PWSTR wszAttributeType,
                                                UINT iWhich, DRMENCODINGTYPE *peEncoding,
                                                UINT *pcBuffer, BYTE *pbBuffer)
{
    TRACE_CALL(T_HANDLE(hQueryRoot), T_WSTR(wszAttributeType), T_UINT(iWhich), T_PTR(peEncoding),
               T_PTR(pcBuffer), T_PTR(pbBuffer));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMCloseQueryHandle(DRMQUERYHANDLE hQuery)
{
    TRACE_CALL(T_HANDLE(hQuery));
    return TRACE_RETURN(handle_close(hQuery, HANDLE_MASK(HANDLE_QUERY)));
}
