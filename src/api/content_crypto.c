/*
 * openmsdrm - exports: enabling-bits encryptors and decryptors.
 *
 * Not implemented yet: each export traces its call and returns E_NOTIMPL
 * without touching its out-parameters (README, status table).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

HRESULT UDAPICALL DRMCreateEnablingBitsDecryptor(DRMHANDLE hBoundLicense, PWSTR wszRight,
                                                 DRMHANDLE hAuxLib, PWSTR wszAuxPlug,
                                                 DRMHANDLE *phDecryptor)
{
    TRACE_CALL(T_HANDLE(hBoundLicense), T_WSTR(wszRight), T_HANDLE(hAuxLib), T_WSTR(wszAuxPlug),
               T_PTR(phDecryptor));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMCreateEnablingBitsEncryptor(DRMHANDLE hBoundLicense, PWSTR wszRight,
                                                 DRMHANDLE hAuxLib, PWSTR wszAuxPlug,
                                                 DRMHANDLE *phEncryptor)
{
    TRACE_CALL(T_HANDLE(hBoundLicense), T_WSTR(wszRight), T_HANDLE(hAuxLib), T_WSTR(wszAuxPlug),
               T_PTR(phEncryptor));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMEncrypt(DRMHANDLE hCryptoProvider, UINT iPosition, UINT cNumInBytes,
                             BYTE *pbInData, UINT *pcNumOutBytes, BYTE *pbOutData)
{
    TRACE_CALL(T_HANDLE(hCryptoProvider), T_UINT(iPosition), T_UINT(cNumInBytes), T_PTR(pbInData),
               T_PTR(pcNumOutBytes), T_PTR(pbOutData));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMDecrypt(DRMHANDLE hCryptoProvider, UINT iPosition, UINT cNumInBytes,
                             BYTE *pbInData, UINT *pcNumOutBytes, BYTE *pbOutData)
{
    TRACE_CALL(T_HANDLE(hCryptoProvider), T_UINT(iPosition), T_UINT(cNumInBytes), T_PTR(pbInData),
               T_PTR(pcNumOutBytes), T_PTR(pbOutData));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetInfo(DRMHANDLE handle, PWSTR wszAttribute, DRMENCODINGTYPE *peEncoding,
                             UINT *pcBuffer, BYTE *pbBuffer)
{
    TRACE_CALL(T_HANDLE(handle), T_WSTR(wszAttribute), T_PTR(peEncoding), T_PTR(pcBuffer),
               T_PTR(pbBuffer));
    return TRACE_RETURN(E_NOTIMPL);
}
