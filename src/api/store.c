/*
 * openmsdrm - exports: the license store: enumeration, adding, deleting, repair.
 *
 * DRMEnumerateLicense, DRMDeleteLicense and DRMRepair work with client
 * sessions; license storage sessions (DRMCreateLicenseStorageSession,
 * DRMAddLicense) come with the environment and return E_NOTIMPL until
 * then, without touching their out-parameters (README, status table).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

#include "core/enumeration.h"
#include "core/store_maintenance.h"

HRESULT UDAPICALL DRMEnumerateLicense(DRMHSESSION hSession, UINT uFlags, UINT uIndex,
                                      BOOL *pfSharedFlag, UINT *puCertificateDataLen,
                                      PWSTR wszCertificateData)
{
    TRACE_CALL(T_HANDLE(hSession), T_UINT(uFlags), T_UINT(uIndex), T_PTR(pfSharedFlag),
               T_PTR(puCertificateDataLen), T_PTR(wszCertificateData));
    if (puCertificateDataLen == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    HRESULT hr = enumerate_license(hSession, uFlags, uIndex, pfSharedFlag, puCertificateDataLen,
                                   wszCertificateData);
    return TRACE_RETURN(hr);
}

HRESULT UDAPICALL DRMDeleteLicense(DRMHSESSION hSession, PWSTR wszLicenseId)
{
    TRACE_CALL(T_HANDLE(hSession), T_WSTR(wszLicenseId));
    if (wszLicenseId == NULL || wszLicenseId[0] == 0)
        return TRACE_RETURN(E_INVALIDARG);
    return TRACE_RETURN(store_delete_for_session(hSession, wszLicenseId));
}

HRESULT UDAPICALL DRMAddLicense(DRMHSESSION hLicenseStorage, UINT uFlags, PWSTR wszLicense)
{
    TRACE_CALL(T_HANDLE(hLicenseStorage), T_UINT(uFlags), T_WSTR(wszLicense));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMRepair(void)
{
    TRACE_CALL_NOARGS();
    return TRACE_RETURN(store_repair());
}

HRESULT UDAPICALL DRMCreateLicenseStorageSession(DRMENVHANDLE hEnv, DRMHANDLE hDefaultLibrary,
                                                 DRMHSESSION hClient, UINT uFlags,
                                                 PWSTR wszIssuanceLicense,
                                                 DRMHSESSION *phLicenseStorage)
{
    TRACE_CALL(T_HANDLE(hEnv), T_HANDLE(hDefaultLibrary), T_HANDLE(hClient), T_UINT(uFlags),
               T_WSTR(wszIssuanceLicense), T_PTR(phLicenseStorage));
    return TRACE_RETURN(E_NOTIMPL);
}
