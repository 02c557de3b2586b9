/*
 * openmsdrm - exports: asynchronous license, advisory and template acquisition.
 *
 * Not implemented yet: each export traces its call and returns E_NOTIMPL
 * without touching its out-parameters (README, status table).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

HRESULT UDAPICALL DRMAcquireLicense(DRMHSESSION hSession, UINT uFlags,
                                    PWSTR wszGroupIdentityCredential, PWSTR wszRequestedRights,
                                    PWSTR wszCustomData, PWSTR wszURL, VOID *pvContext)
{
    TRACE_CALL(T_HANDLE(hSession), T_UINT(uFlags), T_WSTR(wszGroupIdentityCredential),
               T_WSTR(wszRequestedRights), T_WSTR(wszCustomData), T_WSTR(wszURL), T_PTR(pvContext));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMAcquireAdvisories(DRMHSESSION hLicenseStorage, PWSTR wszLicense, PWSTR wszURL,
                                       VOID *pvContext)
{
    TRACE_CALL(T_HANDLE(hLicenseStorage), T_WSTR(wszLicense), T_WSTR(wszURL), T_PTR(pvContext));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMAcquireIssuanceLicenseTemplate(DRMHSESSION hClient, UINT uFlags,
                                                    VOID *pvReserved, UINT cTemplates,
                                                    PWSTR *pwszTemplateIds, PWSTR wszUrl,
                                                    VOID *pvContext)
{
    TRACE_CALL(T_HANDLE(hClient), T_UINT(uFlags), T_PTR(pvReserved), T_UINT(cTemplates),
               T_PTR(pwszTemplateIds), T_WSTR(wszUrl), T_PTR(pvContext));
    return TRACE_RETURN(E_NOTIMPL);
}
