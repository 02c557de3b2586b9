/*
 * openmsdrm - exports: the secure environment, libraries and session-free queries.
 *
 * The environment itself (DRMInitEnvironment and the handles it gives) is
 * not implemented yet: those exports trace their call and return
 * E_NOTIMPL without touching their out-parameters (README, status table).
 * DRMCloseHandle and DRMDuplicateHandle work on any DRMHANDLE the handle
 * table holds.
 * DRMAttest and DRMVerify are complete: their pages say they are no longer
 * supported and return E_NOTIMPL.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

#include "core/handles.h"

#include "core/client_info.h"
#include "core/global_options.h"

HRESULT UDAPICALL DRMInitEnvironment(DRMSECURITYPROVIDERTYPE eSecurityProviderType,
                                     DRMSPECTYPE eSpecification, PWSTR wszSecurityProvider,
                                     PWSTR wszManifestCredentials, PWSTR wszMachineCredentials,
                                     DRMENVHANDLE *phEnv, DRMHANDLE *phDefaultLibrary)
{
    TRACE_CALL(T_INT(eSecurityProviderType), T_INT(eSpecification), T_WSTR(wszSecurityProvider),
               T_WSTR(wszManifestCredentials), T_WSTR(wszMachineCredentials), T_PTR(phEnv),
               T_PTR(phDefaultLibrary));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMLoadLibrary(DRMENVHANDLE hEnv, DRMSPECTYPE eSpecification,
                                 PWSTR wszLibraryProvider, PWSTR wszCredentials,
                                 DRMHANDLE *phLibrary)
{
    TRACE_CALL(T_HANDLE(hEnv), T_INT(eSpecification), T_WSTR(wszLibraryProvider),
               T_WSTR(wszCredentials), T_PTR(phLibrary));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMCloseEnvironmentHandle(DRMENVHANDLE hEnv)
{
    TRACE_CALL(T_HANDLE(hEnv));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMDuplicateEnvironmentHandle(DRMENVHANDLE hToCopy, DRMENVHANDLE *phCopy)
{
    TRACE_CALL(T_HANDLE(hToCopy), T_PTR(phCopy));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMCloseHandle(DRMHANDLE handle)
{
    TRACE_CALL(T_HANDLE(handle));
    /* functions/DRMCloseHandle.md: libraries and DRMCreate* objects. */
    return TRACE_RETURN(handle_close(handle, HANDLE_MASK_DRMHANDLE));
}

HRESULT UDAPICALL DRMDuplicateHandle(DRMHANDLE hToCopy, DRMHANDLE *phCopy)
{
    TRACE_CALL(T_HANDLE(hToCopy), T_PTR(phCopy));
    if (phCopy == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    *phCopy = DRMHANDLE_INVALID;
    return TRACE_RETURN(handle_duplicate(hToCopy, HANDLE_MASK_DRMHANDLE, phCopy));
}

HRESULT UDAPICALL DRMGetProcAddress(DRMHANDLE hLibrary, PWSTR wszProcName, FARPROC *ppfnProcAddress)
{
    TRACE_CALL(T_HANDLE(hLibrary), T_WSTR(wszProcName), T_PTR(ppfnProcAddress));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetTime(DRMENVHANDLE hEnv, DRMTIMETYPE eTimerIdType, SYSTEMTIME *poTimeObject)
{
    TRACE_CALL(T_HANDLE(hEnv), T_INT(eTimerIdType), T_PTR(poTimeObject));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMRegisterRevocationList(DRMENVHANDLE hEnv, PWSTR wszRevocationList)
{
    TRACE_CALL(T_HANDLE(hEnv), T_WSTR(wszRevocationList));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetSecurityProvider(UINT uFlags, UINT *puTypeLen, PWSTR wszType,
                                         UINT *puPathLen, PWSTR wszPath)
{
    TRACE_CALL(T_UINT(uFlags), T_PTR(puTypeLen), T_PTR(wszType), T_PTR(puPathLen), T_PTR(wszPath));
    /* functions/DRMGetSecurityProvider.md: both buffers NULL to learn the
     * sizes, or both given; one NULL is an error. uFlags is reserved. */
    if (uFlags != 0 || puTypeLen == NULL || puPathLen == NULL ||
        (wszType == NULL) != (wszPath == NULL))
        return TRACE_RETURN(E_INVALIDARG);

    HRESULT hr = client_info_security_provider(puTypeLen, wszType, puPathLen, wszPath);
    return TRACE_RETURN(hr);
}

HRESULT UDAPICALL DRMGetEnvironmentInfo(DRMENVHANDLE handle, PWSTR wszAttribute,
                                        DRMENCODINGTYPE *peEncoding, UINT *pcBuffer, BYTE *pbBuffer)
{
    TRACE_CALL(T_HANDLE(handle), T_WSTR(wszAttribute), T_PTR(peEncoding), T_PTR(pcBuffer),
               T_PTR(pbBuffer));
    /* functions/DRMGetEnvironmentInfo.md: no longer supported, returns S_OK
     * (and, like the real client, fills nothing in). */
    return TRACE_RETURN(S_OK);
}

HRESULT UDAPICALL DRMCheckSecurity(DRMENVHANDLE hEnv, UINT cLevel)
{
    TRACE_CALL(T_HANDLE(hEnv), T_UINT(cLevel));
    /* functions/DRMCheckSecurity.md: S_OK for any level since 1.0 SP1. */
    return TRACE_RETURN(S_OK);
}

HRESULT UDAPICALL DRMSetGlobalOptions(DRMGLOBALOPTIONS eGlobalOptions, LPVOID pvdata, DWORD dwlen)
{
    TRACE_CALL(T_INT(eGlobalOptions), T_PTR(pvdata), T_UINT(dwlen));
    /* pvdata and dwlen are unused (functions/DRMSetGlobalOptions.md). */
    if (eGlobalOptions != DRMGLOBALOPTIONS_USE_WINHTTP &&
        eGlobalOptions != DRMGLOBALOPTIONS_USE_SERVERSECURITYPROCESSOR)
        return TRACE_RETURN(E_INVALIDARG);
    return TRACE_RETURN(global_option_set(eGlobalOptions));
}

HRESULT UDAPICALL DRMGetClientVersion(DRM_CLIENT_VERSION_INFO *pDRMClientVersionInfo)
{
    TRACE_CALL(T_PTR(pDRMClientVersionInfo));
    /* The caller states the structure's version (spec/types.md §3). */
    if (pDRMClientVersionInfo == NULL ||
        pDRMClientVersionInfo->uStructVersion != DRMCLIENTSTRUCTVERSION)
        return TRACE_RETURN(E_INVALIDARG);
    client_info_version(pDRMClientVersionInfo);
    return TRACE_RETURN(S_OK);
}

HRESULT UDAPICALL DRMAttest(DRMHANDLE hEnablingPrincipal, PWSTR wszData, DRMATTESTTYPE eType,
                            UINT *pcAttestedBlob, PWSTR wszAttestedBlob)
{
    TRACE_CALL(T_HANDLE(hEnablingPrincipal), T_WSTR(wszData), T_INT(eType), T_PTR(pcAttestedBlob),
               T_PTR(wszAttestedBlob));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMVerify(PWSTR wszData, UINT *pcAttestedData, PWSTR wszAttestedData,
                            DRMATTESTTYPE *peType, UINT *pcPrincipal, PWSTR wszPrincipal,
                            UINT *pcManifest, PWSTR wszManifest)
{
    TRACE_CALL(T_WSTR(wszData), T_PTR(pcAttestedData), T_PTR(wszAttestedData), T_PTR(peType),
               T_PTR(pcPrincipal), T_PTR(wszPrincipal), T_PTR(pcManifest), T_PTR(wszManifest));
    return TRACE_RETURN(E_NOTIMPL);
}
