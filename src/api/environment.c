/*
 * openmsdrm - exports: the secure environment, libraries and session-free queries.
 *
 * Not implemented yet: each export traces its call and returns E_NOTIMPL
 * without touching its out-parameters (README, status table), except
 * DRMAttest and DRMVerify, which are complete: their pages say they are no
 * longer supported and return E_NOTIMPL.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

HRESULT UDAPICALL DRMInitEnvironment(
    DRMSECURITYPROVIDERTYPE eSecurityProviderType,
    DRMSPECTYPE eSpecification,
    PWSTR wszSecurityProvider,
    PWSTR wszManifestCredentials,
    PWSTR wszMachineCredentials,
    DRMENVHANDLE *phEnv,
    DRMHANDLE *phDefaultLibrary)
{
    TRACE_CALL(T_INT(eSecurityProviderType), T_INT(eSpecification), T_WSTR(wszSecurityProvider),
               T_WSTR(wszManifestCredentials), T_WSTR(wszMachineCredentials), T_PTR(phEnv),
               T_PTR(phDefaultLibrary));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMLoadLibrary(
    DRMENVHANDLE hEnv,
    DRMSPECTYPE eSpecification,
    PWSTR wszLibraryProvider,
    PWSTR wszCredentials,
    DRMHANDLE *phLibrary)
{
    TRACE_CALL(T_HANDLE(hEnv), T_INT(eSpecification), T_WSTR(wszLibraryProvider),
               T_WSTR(wszCredentials), T_PTR(phLibrary));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMCloseEnvironmentHandle(
    DRMENVHANDLE hEnv)
{
    TRACE_CALL(T_HANDLE(hEnv));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMDuplicateEnvironmentHandle(
    DRMENVHANDLE hToCopy,
    DRMENVHANDLE *phCopy)
{
    TRACE_CALL(T_HANDLE(hToCopy), T_PTR(phCopy));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMCloseHandle(
    DRMHANDLE handle)
{
    TRACE_CALL(T_HANDLE(handle));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMDuplicateHandle(
    DRMHANDLE hToCopy,
    DRMHANDLE *phCopy)
{
    TRACE_CALL(T_HANDLE(hToCopy), T_PTR(phCopy));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetProcAddress(
    DRMHANDLE hLibrary,
    PWSTR wszProcName,
    FARPROC *ppfnProcAddress)
{
    TRACE_CALL(T_HANDLE(hLibrary), T_WSTR(wszProcName), T_PTR(ppfnProcAddress));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetTime(
    DRMENVHANDLE hEnv,
    DRMTIMETYPE eTimerIdType,
    SYSTEMTIME *poTimeObject)
{
    TRACE_CALL(T_HANDLE(hEnv), T_INT(eTimerIdType), T_PTR(poTimeObject));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMRegisterRevocationList(
    DRMENVHANDLE hEnv,
    PWSTR wszRevocationList)
{
    TRACE_CALL(T_HANDLE(hEnv), T_WSTR(wszRevocationList));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetSecurityProvider(
    UINT uFlags,
    UINT *puTypeLen,
    PWSTR wszType,
    UINT *puPathLen,
    PWSTR wszPath)
{
    TRACE_CALL(T_UINT(uFlags), T_PTR(puTypeLen), T_PTR(wszType), T_PTR(puPathLen), T_PTR(wszPath));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetEnvironmentInfo(
    DRMENVHANDLE handle,
    PWSTR wszAttribute,
    DRMENCODINGTYPE *peEncoding,
    UINT *pcBuffer,
    BYTE *pbBuffer)
{
    TRACE_CALL(T_HANDLE(handle), T_WSTR(wszAttribute), T_PTR(peEncoding), T_PTR(pcBuffer),
               T_PTR(pbBuffer));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMCheckSecurity(
    DRMENVHANDLE hEnv,
    UINT cLevel)
{
    TRACE_CALL(T_HANDLE(hEnv), T_UINT(cLevel));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMSetGlobalOptions(
    DRMGLOBALOPTIONS eGlobalOptions,
    LPVOID pvdata,
    DWORD dwlen)
{
    TRACE_CALL(T_INT(eGlobalOptions), T_PTR(pvdata), T_UINT(dwlen));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetClientVersion(
    DRM_CLIENT_VERSION_INFO *pDRMClientVersionInfo)
{
    TRACE_CALL(T_PTR(pDRMClientVersionInfo));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMAttest(
    DRMHANDLE hEnablingPrincipal,
    PWSTR wszData,
    DRMATTESTTYPE eType,
    UINT *pcAttestedBlob,
    PWSTR wszAttestedBlob)
{
    TRACE_CALL(T_HANDLE(hEnablingPrincipal), T_WSTR(wszData), T_INT(eType), T_PTR(pcAttestedBlob),
               T_PTR(wszAttestedBlob));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMVerify(
    PWSTR wszData,
    UINT *pcAttestedData,
    PWSTR wszAttestedData,
    DRMATTESTTYPE *peType,
    UINT *pcPrincipal,
    PWSTR wszPrincipal,
    UINT *pcManifest,
    PWSTR wszManifest)
{
    TRACE_CALL(T_WSTR(wszData), T_PTR(pcAttestedData), T_PTR(wszAttestedData), T_PTR(peType),
               T_PTR(pcPrincipal), T_PTR(wszPrincipal), T_PTR(pcManifest), T_PTR(wszManifest));
    return TRACE_RETURN(E_NOTIMPL);
}
