/*
 * openmsdrm - exports: the license store: enumeration, adding, deleting, repair.
 *
 * DRMEnumerateLicense enumerates machine certificates; everything else
 * here is not implemented yet and returns E_NOTIMPL without touching its
 * out-parameters (README, status table).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

#include "core/enumeration.h"
#include "core/handles.h"

HRESULT UDAPICALL DRMEnumerateLicense(DRMHSESSION hSession, UINT uFlags, UINT uIndex,
                                      BOOL *pfSharedFlag, UINT *puCertificateDataLen,
                                      PWSTR wszCertificateData)
{
    TRACE_CALL(T_HANDLE(hSession), T_UINT(uFlags), T_UINT(uIndex), T_PTR(pfSharedFlag),
               T_PTR(puCertificateDataLen), T_PTR(wszCertificateData));
    if (puCertificateDataLen == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    struct object *session = NULL;
    HRESULT hr = handle_acquire(hSession, HANDLE_MASK_SESSION, &session, NULL);
    if (FAILED(hr))
        return TRACE_RETURN(hr);
    object_unref(session);
    /* Machine certificates work; the other item kinds are not implemented
     * yet (README, status table). */
    if (uFlags != DRM_EL_MACHINE)
        return TRACE_RETURN(E_NOTIMPL);
    hr = enumerate_machine_certificate(uIndex, pfSharedFlag, puCertificateDataLen,
                                       wszCertificateData);
    return TRACE_RETURN(hr);
}

HRESULT UDAPICALL DRMDeleteLicense(DRMHSESSION hSession, PWSTR wszLicenseId)
{
    TRACE_CALL(T_HANDLE(hSession), T_WSTR(wszLicenseId));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMAddLicense(DRMHSESSION hLicenseStorage, UINT uFlags, PWSTR wszLicense)
{
    TRACE_CALL(T_HANDLE(hLicenseStorage), T_UINT(uFlags), T_WSTR(wszLicense));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMRepair(void)
{
    TRACE_CALL_NOARGS();
    return TRACE_RETURN(E_NOTIMPL);
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
