/*
 * openmsdrm - exports: client and license storage sessions.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

#include "client/session.h"
#include "util/wstring.h"

/*
 * Longest wszGroupID we keep, in UTF-16 units. The ID is an e-mail address
 * (at most 254 characters by RFC 5321) or a user principal name; anything
 * longer is refused rather than stored. We do not check its syntax: the
 * server that issues the user's certificate decides what an ID is.
 */
#define GROUP_ID_MAX_UNITS 1024

/* functions/DRMCreateClientSession.md: the provider is compared by content. */
static bool parse_provider(const WCHAR *text, enum group_id_provider *provider)
{
    if (text == NULL)
        return false;
    if (wstr_equals_ascii(text, "WindowsAuthProvider"))
        *provider = GROUP_ID_PROVIDER_WINDOWS;
    else if (wstr_equals_ascii(text, "PassportAuthProvider"))
        *provider = GROUP_ID_PROVIDER_PASSPORT;
    else
        return false;
    return true;
}

HRESULT UDAPICALL DRMCreateClientSession(DRMCALLBACK pfnCallback, UINT uCallbackVersion,
                                         PWSTR wszGroupIDProviderType, PWSTR wszGroupID,
                                         DRMHSESSION *phClient)
{
    TRACE_CALL(T_FUNC(pfnCallback), T_UINT(uCallbackVersion), T_WSTR(wszGroupIDProviderType),
               T_WSTR(wszGroupID), T_PTR(phClient));
    if (phClient != NULL)
        *phClient = DRMHSESSION_INVALID; /* whatever fails below */
    if (pfnCallback == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    /* The page says version 0; the header's DRMCALLBACKVERSION and
     * Microsoft's managed callers say 1 (spec/README.md, warning 3). */
    if (uCallbackVersion != 0 && uCallbackVersion != DRMCALLBACKVERSION)
        return TRACE_RETURN(E_INVALIDARG);
    enum group_id_provider provider;
    if (!parse_provider(wszGroupIDProviderType, &provider))
        return TRACE_RETURN(E_INVALIDARG);
    if (phClient == NULL)
        return TRACE_RETURN(E_INVALIDARG);

    /* An empty ID is the same as none: NULL is allowed (service location
     * and machine activation need no user). A longer one than we keep, or
     * one that is not well-formed UTF-16, is refused. */
    size_t group_id_length = 0;
    if (wszGroupID != NULL) {
        group_id_length = wstr_length_bounded(wszGroupID, GROUP_ID_MAX_UNITS);
        if (group_id_length == SIZE_MAX || !wstr_is_valid_utf16(wszGroupID, group_id_length))
            return TRACE_RETURN(E_INVALIDARG);
    }
    if (platform_is_safe_mode())
        return TRACE_RETURN(E_DRM_SAFEMODE_OS_DETECTED);

    HRESULT hr = client_session_create(
        pfnCallback, provider, group_id_length > 0 ? wszGroupID : NULL, group_id_length, phClient);
    return TRACE_RETURN(hr);
}

/* functions/DRMCloseSession.md: either session kind. */
HRESULT UDAPICALL DRMCloseSession(DRMHSESSION hSession)
{
    TRACE_CALL(T_HANDLE(hSession));
    return TRACE_RETURN(session_close(hSession));
}

/* functions/DRMDuplicateSession.md: a new handle on the same session. */
HRESULT UDAPICALL DRMDuplicateSession(DRMHSESSION hSessionIn, DRMHSESSION *phSessionOut)
{
    TRACE_CALL(T_HANDLE(hSessionIn), T_PTR(phSessionOut));
    if (phSessionOut == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    *phSessionOut = DRMHSESSION_INVALID;
    return TRACE_RETURN(session_duplicate(hSessionIn, phSessionOut));
}
