/*
 * openmsdrm - exports: users and rights of issuance licenses.
 *
 * Not implemented yet: each export traces its call and returns E_NOTIMPL
 * without touching its out-parameters (README, status table).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

HRESULT UDAPICALL DRMCreateUser(PWSTR wszUserName, PWSTR wszUserId, PWSTR wszUserIdType,
                                DRMPUBHANDLE *phUser)
{
    TRACE_CALL(T_WSTR(wszUserName), T_WSTR(wszUserId), T_WSTR(wszUserIdType), T_PTR(phUser));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMCreateRight(PWSTR wszRightName, SYSTEMTIME *pstFrom, SYSTEMTIME *pstUntil,
                                 UINT cExtendedInfo, PWSTR *pwszExtendedInfoName,
                                 PWSTR *pwszExtendedInfoValue, DRMPUBHANDLE *phRight)
{
    TRACE_CALL(T_WSTR(wszRightName), T_PTR(pstFrom), T_PTR(pstUntil), T_UINT(cExtendedInfo),
               T_PTR(pwszExtendedInfoName), T_PTR(pwszExtendedInfoValue), T_PTR(phRight));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMAddRightWithUser(DRMPUBHANDLE hIssuanceLicense, DRMPUBHANDLE hRight,
                                      DRMPUBHANDLE hUser)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_HANDLE(hRight), T_HANDLE(hUser));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMClearAllRights(DRMPUBHANDLE hIssuanceLicense)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetUsers(DRMPUBHANDLE hIssuanceLicense, UINT uIndex, DRMPUBHANDLE *phUser)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_UINT(uIndex), T_PTR(phUser));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetUserRights(DRMPUBHANDLE hIssuanceLicense, DRMPUBHANDLE hUser, UINT uIndex,
                                   DRMPUBHANDLE *phRight)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_HANDLE(hUser), T_UINT(uIndex), T_PTR(phRight));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetUserInfo(DRMPUBHANDLE hUser, UINT *puUserNameLength, PWSTR wszUserName,
                                 UINT *puUserIdLength, PWSTR wszUserId, UINT *puUserIdTypeLength,
                                 PWSTR wszUserIdType)
{
    TRACE_CALL(T_HANDLE(hUser), T_PTR(puUserNameLength), T_PTR(wszUserName), T_PTR(puUserIdLength),
               T_PTR(wszUserId), T_PTR(puUserIdTypeLength), T_PTR(wszUserIdType));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetRightInfo(DRMPUBHANDLE hRight, UINT *puRightNameLength, PWSTR wszRightName,
                                  SYSTEMTIME *pstFrom, SYSTEMTIME *pstUntil)
{
    TRACE_CALL(T_HANDLE(hRight), T_PTR(puRightNameLength), T_PTR(wszRightName), T_PTR(pstFrom),
               T_PTR(pstUntil));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetRightExtendedInfo(DRMPUBHANDLE hRight, UINT uIndex,
                                          UINT *puExtendedInfoNameLength, PWSTR wszExtendedInfoName,
                                          UINT *puExtendedInfoValueLength,
                                          PWSTR wszExtendedInfoValue)
{
    TRACE_CALL(T_HANDLE(hRight), T_UINT(uIndex), T_PTR(puExtendedInfoNameLength),
               T_PTR(wszExtendedInfoName), T_PTR(puExtendedInfoValueLength),
               T_PTR(wszExtendedInfoValue));
    return TRACE_RETURN(E_NOTIMPL);
}
