/*
 * openmsdrm - exports: the license store: enumeration, adding, deleting, repair.
 *
 * Client sessions reach the permanent store; license storage sessions
 * (client/storage_session.c) also their own temporary one.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

#include "client/session.h"
#include "client/storage_session.h"
#include "client/store_maintenance.h"

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
    if (uFlags != DRM_ADD_LICENSE_NOPERSIST && uFlags != DRM_ADD_LICENSE_PERSIST)
        return TRACE_RETURN(E_INVALIDARG);
    if (wszLicense == NULL || wszLicense[0] == 0)
        return TRACE_RETURN(E_INVALIDARG);
    /* A client session handle is of the wrong kind: E_DRM_INVALID_HANDLE. */
    HRESULT hr =
        storage_session_add_license(hLicenseStorage, uFlags == DRM_ADD_LICENSE_PERSIST, wszLicense);
    return TRACE_RETURN(hr);
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
    if (phLicenseStorage == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    *phLicenseStorage = DRMHSESSION_INVALID; /* whatever fails below */
    if (uFlags != 0 || wszIssuanceLicense == NULL || wszIssuanceLicense[0] == 0)
        return TRACE_RETURN(E_INVALIDARG);
    HRESULT hr = storage_session_create(hEnv, hDefaultLibrary, hClient, wszIssuanceLicense,
                                        phLicenseStorage);
    return TRACE_RETURN(hr);
}
