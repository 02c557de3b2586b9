/*
 * openmsdrm - exports: asynchronous license, advisory and template acquisition.
 *
 * DRMAcquireLicense acquires client licensor certificates (client
 * sessions) and DRMAcquireIssuanceLicenseTemplate templates; end-user
 * licenses (storage sessions) and DRMAcquireAdvisories are not
 * implemented yet and return E_NOTIMPL (README, status table).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

#include <stdint.h>

#include "client/licensor_acquisition.h"
#include "client/template_acquisition.h"
#include "util/wstring.h"

/* Longer URLs than any server has are refused. */
#define MAX_URL_UNITS 2048

HRESULT UDAPICALL DRMAcquireLicense(DRMHSESSION hSession, UINT uFlags,
                                    PWSTR wszGroupIdentityCredential, PWSTR wszRequestedRights,
                                    PWSTR wszCustomData, PWSTR wszURL, VOID *pvContext)
{
    TRACE_CALL(T_HANDLE(hSession), T_UINT(uFlags), T_WSTR(wszGroupIdentityCredential),
               T_WSTR(wszRequestedRights), T_WSTR(wszCustomData), T_WSTR(wszURL), T_PTR(pvContext));
    (void)wszCustomData; /* application data for end-user licenses only */
    /* functions/DRMAcquireLicense.md: nonsilent acquisition is not
     * supported; wszRequestedRights is reserved. NOUI and FETCHNOADVISORY
     * change nothing for a client licensor certificate. */
    const UINT known =
        DRM_AL_NONSILENT | DRM_AL_NOPERSIST | DRM_AL_CANCEL | DRM_AL_FETCHNOADVISORY | DRM_AL_NOUI;
    if ((uFlags & ~known) != 0 || (uFlags & DRM_AL_NONSILENT) || wszRequestedRights != NULL)
        return TRACE_RETURN(E_INVALIDARG);
    if (uFlags & DRM_AL_CANCEL)
        return TRACE_RETURN(license_acquisition_cancel(hSession));
    if (wszURL != NULL &&
        (wstr_length_bounded(wszURL, MAX_URL_UNITS) == SIZE_MAX || wszURL[0] == 0))
        return TRACE_RETURN(E_INVALIDARG);
    return TRACE_RETURN(license_acquisition_start(hSession, (uFlags & DRM_AL_NOPERSIST) != 0,
                                                  wszGroupIdentityCredential, wszURL, pvContext));
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
    /* functions/DRMAcquireIssuanceLicenseTemplate.md: the three reserved
     * arguments are NULL, 0, NULL. NONSILENT asks for a prompt there is
     * none to show. */
    const UINT known = DRM_AILT_NONSILENT | DRM_AILT_OBTAIN_ALL | DRM_AILT_CANCEL;
    if ((uFlags & ~known) != 0 || pvReserved != NULL || cTemplates != 0 || pwszTemplateIds != NULL)
        return TRACE_RETURN(E_INVALIDARG);
    if (uFlags & DRM_AILT_CANCEL)
        return TRACE_RETURN(template_acquisition_cancel(hClient));
    if (wszUrl != NULL &&
        (wstr_length_bounded(wszUrl, MAX_URL_UNITS) == SIZE_MAX || wszUrl[0] == 0))
        return TRACE_RETURN(E_INVALIDARG);
    return TRACE_RETURN(template_acquisition_start(hClient, (uFlags & DRM_AILT_OBTAIN_ALL) != 0,
                                                   wszUrl, pvContext));
}
