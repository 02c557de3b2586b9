/*
 * openmsdrm - exports: machine and user activation, service discovery.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

#include <stdlib.h>

#include "client/activation.h"
#include "client/service_location.h"
#include "util/wstring.h"
#include "client/session.h"

/* Longer URLs than any server has are refused. */
#define MAX_URL_UNITS 2048

HRESULT UDAPICALL DRMActivate(DRMHSESSION hClient, UINT uFlags, UINT uLangID,
                              DRM_ACTSERV_INFO *pActServInfo, VOID *pvContext, HWND hParentWnd)
{
    TRACE_CALL(T_HANDLE(hClient), T_UINT(uFlags), T_UINT(uLangID), T_PTR(pActServInfo),
               T_PTR(pvContext), T_PTR(hParentWnd));
    (void)uLangID;    /* no user interface, so no language to choose */
    (void)hParentWnd; /* only for nonsilent Windows Live ID activation */
    struct client_session *session = NULL;
    HRESULT hr = client_session_acquire(hClient, &session);
    if (FAILED(hr))
        return TRACE_RETURN(hr);
    object_unref(&session->base);

    const UINT known = DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_GROUPIDENTITY | DRM_ACTIVATE_TEMPORARY |
                       DRM_ACTIVATE_CANCEL | DRM_ACTIVATE_SILENT |
                       DRM_ACTIVATE_SHARED_GROUPIDENTITY | DRM_ACTIVATE_DELAYED;
    if ((uFlags & ~known) != 0)
        return TRACE_RETURN(E_INVALIDARG);
    if (uFlags & DRM_ACTIVATE_MACHINE) {
        /* functions/DRMActivate.md: MACHINE needs SILENT and excludes
         * GROUPIDENTITY; CANCEL and TEMPORARY are for user activation.
         * pActServInfo is ignored. DELAYED (a CAB to run by hand, RMS 1.0
         * only) changes nothing for a local activation. */
        if (!(uFlags & DRM_ACTIVATE_SILENT) ||
            (uFlags & (DRM_ACTIVATE_GROUPIDENTITY | DRM_ACTIVATE_CANCEL | DRM_ACTIVATE_TEMPORARY)))
            return TRACE_RETURN(E_INVALIDARG);
        return TRACE_RETURN(activation_start_machine(hClient, pvContext));
    }
    /* CANCEL stops the session's running user activation; the rest of the
     * call is not looked at. */
    if (uFlags & DRM_ACTIVATE_CANCEL)
        return TRACE_RETURN(activation_cancel_user(hClient));
    if (!(uFlags & DRM_ACTIVATE_GROUPIDENTITY))
        return TRACE_RETURN(E_INVALIDARG); /* neither machine nor user */
    /* functions/DRMActivate.md: silent user activation needs pActServInfo
     * (its wszURL, else service discovery). Nonsilent is activated the
     * same way: there is no dialog to show. SHARED_GROUPIDENTITY is not
     * used; DELAYED is for machine activation. */
    if ((uFlags & DRM_ACTIVATE_SILENT) && pActServInfo == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    const WCHAR *url = pActServInfo != NULL ? pActServInfo->wszURL : NULL;
    if (url != NULL && (wstr_length_bounded(url, MAX_URL_UNITS) == SIZE_MAX || url[0] == 0))
        return TRACE_RETURN(E_INVALIDARG);
    return TRACE_RETURN(
        activation_start_user(hClient, (uFlags & DRM_ACTIVATE_TEMPORARY) != 0, url, pvContext));
}

HRESULT UDAPICALL DRMIsActivated(DRMHSESSION hClient, UINT uFlags, DRM_ACTSERV_INFO *pActServInfo)
{
    TRACE_CALL(T_HANDLE(hClient), T_UINT(uFlags), T_PTR(pActServInfo));
    /* functions/DRMIsActivated.md: one of the two flags; pActServInfo is
     * reserved and must be NULL. Activated is exactly S_OK. */
    if (pActServInfo != NULL ||
        (uFlags != DRM_ACTIVATE_MACHINE && uFlags != DRM_ACTIVATE_GROUPIDENTITY))
        return TRACE_RETURN(E_INVALIDARG);
    return TRACE_RETURN(activation_check(hClient, uFlags));
}

HRESULT UDAPICALL DRMGetServiceLocation(DRMHSESSION hClient, UINT uServiceType,
                                        UINT uServiceLocation, PWSTR wszIssuanceLicense,
                                        UINT *puServiceURLLength, PWSTR wszServiceURL)
{
    TRACE_CALL(T_HANDLE(hClient), T_UINT(uServiceType), T_UINT(uServiceLocation),
               T_WSTR(wszIssuanceLicense), T_PTR(puServiceURLLength), T_PTR(wszServiceURL));
    UINT type = uServiceType & ~(UINT)DRM_SERVICE_TYPE_SILENT; /* no UI to suppress */
    if ((type != DRM_SERVICE_TYPE_ACTIVATION && type != DRM_SERVICE_TYPE_CERTIFICATION &&
         type != DRM_SERVICE_TYPE_PUBLISHING && type != DRM_SERVICE_TYPE_CLIENTLICENSOR) ||
        (uServiceLocation != DRM_SERVICE_LOCATION_INTERNET &&
         uServiceLocation != DRM_SERVICE_LOCATION_ENTERPRISE) ||
        puServiceURLLength == NULL)
        return TRACE_RETURN(E_INVALIDARG);

    WCHAR *url = NULL;
    /* functions/DRMGetServiceLocation.md: hClient is optional. */
    HRESULT hr = service_location_lookup(hClient, type, uServiceLocation, wszIssuanceLicense, &url);
    if (SUCCEEDED(hr))
        hr = wstr_return(url, puServiceURLLength, wszServiceURL);
    free(url);
    return TRACE_RETURN(hr);
}
