/*
 * openmsdrm - exports: unbound-license queries (client/license_query.h).
 * Pointer arguments are checked first (E_INVALIDARG), then the handle
 * (E_DRM_INVALID_HANDLE).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

#include "client/license_query.h"

HRESULT UDAPICALL DRMParseUnboundLicense(PWSTR wszCertificate, DRMQUERYHANDLE *phQueryRoot)
{
    TRACE_CALL(T_WSTR(wszCertificate), T_PTR(phQueryRoot));
    if (wszCertificate == NULL || phQueryRoot == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    *phQueryRoot = DRMQUERYHANDLE_INVALID;
    return TRACE_RETURN(query_parse(wszCertificate, phQueryRoot));
}

HRESULT UDAPICALL DRMGetUnboundLicenseObjectCount(DRMQUERYHANDLE hQueryRoot, PWSTR wszSubObjectType,
                                                  UINT *pcSubObjects)
{
    TRACE_CALL(T_HANDLE(hQueryRoot), T_WSTR(wszSubObjectType), T_PTR(pcSubObjects));
    if (wszSubObjectType == NULL || pcSubObjects == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    return TRACE_RETURN(query_object_count(hQueryRoot, wszSubObjectType, pcSubObjects));
}

HRESULT UDAPICALL DRMGetUnboundLicenseObject(DRMQUERYHANDLE hQueryRoot, PWSTR wszSubObjectType,
                                             UINT iIndex, DRMQUERYHANDLE *phSubQuery)
{
    TRACE_CALL(T_HANDLE(hQueryRoot), T_WSTR(wszSubObjectType), T_UINT(iIndex), T_PTR(phSubQuery));
    if (wszSubObjectType == NULL || phSubQuery == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    *phSubQuery = DRMQUERYHANDLE_INVALID;
    return TRACE_RETURN(query_object(hQueryRoot, wszSubObjectType, iIndex, phSubQuery));
}

HRESULT UDAPICALL DRMGetUnboundLicenseAttributeCount(DRMQUERYHANDLE hQueryRoot,
                                                     PWSTR wszAttributeType, UINT *pcAttributes)
{
    TRACE_CALL(T_HANDLE(hQueryRoot), T_WSTR(wszAttributeType), T_PTR(pcAttributes));
    if (wszAttributeType == NULL || pcAttributes == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    return TRACE_RETURN(query_attribute_count(hQueryRoot, wszAttributeType, pcAttributes));
}

HRESULT UDAPICALL DRMGetUnboundLicenseAttribute(DRMQUERYHANDLE hQueryRoot, PWSTR wszAttributeType,
                                                UINT iWhich, DRMENCODINGTYPE *peEncoding,
                                                UINT *pcBuffer, BYTE *pbBuffer)
{
    TRACE_CALL(T_HANDLE(hQueryRoot), T_WSTR(wszAttributeType), T_UINT(iWhich), T_PTR(peEncoding),
               T_PTR(pcBuffer), T_PTR(pbBuffer));
    /* *pcBuffer counts bytes: strings come with their NUL (README, Choices). */
    if (wszAttributeType == NULL || peEncoding == NULL || pcBuffer == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    HRESULT hr =
        query_attribute(hQueryRoot, wszAttributeType, iWhich, peEncoding, pcBuffer, pbBuffer);
    return TRACE_RETURN(hr);
}

HRESULT UDAPICALL DRMCloseQueryHandle(DRMQUERYHANDLE hQuery)
{
    TRACE_CALL(T_HANDLE(hQuery));
    return TRACE_RETURN(query_close(hQuery));
}
