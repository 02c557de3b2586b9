/*
 * openmsdrm - exports: issuance licenses: creation, signing, owner licenses.
 *
 * DRMClosePubHandle and DRMDuplicatePubHandle work on any publishing
 * handle; the rest is not implemented yet and returns E_NOTIMPL without
 * touching its out-parameters (README, status table).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

#include "runtime/handles.h"

HRESULT UDAPICALL DRMCreateIssuanceLicense(SYSTEMTIME *pstTimeFrom, SYSTEMTIME *pstTimeUntil,
                                           PWSTR wszReferralInfoName, PWSTR wszReferralInfoURL,
                                           DRMPUBHANDLE hOwner, PWSTR wszIssuanceLicense,
                                           DRMHANDLE hBoundLicense, DRMPUBHANDLE *phIssuanceLicense)
{
    TRACE_CALL(T_PTR(pstTimeFrom), T_PTR(pstTimeUntil), T_WSTR(wszReferralInfoName),
               T_WSTR(wszReferralInfoURL), T_HANDLE(hOwner), T_WSTR(wszIssuanceLicense),
               T_HANDLE(hBoundLicense), T_PTR(phIssuanceLicense));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMClosePubHandle(DRMPUBHANDLE hPub)
{
    TRACE_CALL(T_HANDLE(hPub));
    return TRACE_RETURN(handle_close(hPub, HANDLE_MASK_PUB));
}

HRESULT UDAPICALL DRMDuplicatePubHandle(DRMPUBHANDLE hPubIn, DRMPUBHANDLE *phPubOut)
{
    TRACE_CALL(T_HANDLE(hPubIn), T_PTR(phPubOut));
    if (phPubOut == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    *phPubOut = DRMPUBHANDLE_INVALID;
    return TRACE_RETURN(handle_duplicate(hPubIn, HANDLE_MASK_PUB, phPubOut));
}

HRESULT UDAPICALL DRMGetIssuanceLicenseInfo(DRMPUBHANDLE hIssuanceLicense, SYSTEMTIME *pstTimeFrom,
                                            SYSTEMTIME *pstTimeUntil, UINT uFlags,
                                            UINT *puDistributionPointNameLength,
                                            PWSTR wszDistributionPointName,
                                            UINT *puDistributionPointURLLength,
                                            PWSTR wszDistributionPointURL, DRMPUBHANDLE *phOwner,
                                            BOOL *pfOfficial)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_PTR(pstTimeFrom), T_PTR(pstTimeUntil), T_UINT(uFlags),
               T_PTR(puDistributionPointNameLength), T_PTR(wszDistributionPointName),
               T_PTR(puDistributionPointURLLength), T_PTR(wszDistributionPointURL), T_PTR(phOwner),
               T_PTR(pfOfficial));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetIssuanceLicenseTemplate(DRMPUBHANDLE hIssuanceLicense,
                                                UINT *puIssuanceLicenseTemplateLength,
                                                PWSTR wszIssuanceLicenseTemplate)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_PTR(puIssuanceLicenseTemplateLength),
               T_PTR(wszIssuanceLicenseTemplate));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetSignedIssuanceLicense(DRMENVHANDLE hEnv, DRMPUBHANDLE hIssuanceLicense,
                                              UINT uFlags, BYTE *pbSymKey, UINT cbSymKey,
                                              PWSTR wszSymKeyType,
                                              PWSTR wszClientLicensorCertificate,
                                              DRMCALLBACK pfnCallback, PWSTR wszURL,
                                              VOID *pvContext)
{
    TRACE_CALL(T_HANDLE(hEnv), T_HANDLE(hIssuanceLicense), T_UINT(uFlags), T_PTR(pbSymKey),
               T_UINT(cbSymKey), T_WSTR(wszSymKeyType), T_WSTR(wszClientLicensorCertificate),
               T_FUNC(pfnCallback), T_WSTR(wszURL), T_PTR(pvContext));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetSignedIssuanceLicenseEx(DRMENVHANDLE hEnv, DRMPUBHANDLE hIssuanceLicense,
                                                UINT uFlags, BYTE *pbSymKey, UINT cbSymKey,
                                                PWSTR wszSymKeyType, PVOID pvReserved,
                                                DRMHANDLE hEnablingPrincipal,
                                                DRMHANDLE hBoundLicenseCLC, DRMCALLBACK pfnCallback,
                                                PVOID pvContext)
{
    TRACE_CALL(T_HANDLE(hEnv), T_HANDLE(hIssuanceLicense), T_UINT(uFlags), T_PTR(pbSymKey),
               T_UINT(cbSymKey), T_WSTR(wszSymKeyType), T_PTR(pvReserved),
               T_HANDLE(hEnablingPrincipal), T_HANDLE(hBoundLicenseCLC), T_FUNC(pfnCallback),
               T_PTR(pvContext));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetOwnerLicense(DRMPUBHANDLE hIssuanceLicense, UINT *puOwnerLicenseLength,
                                     PWSTR wszOwnerLicense)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_PTR(puOwnerLicenseLength), T_PTR(wszOwnerLicense));
    return TRACE_RETURN(E_NOTIMPL);
}
