/*
 * openmsdrm - exports: the secure environment, libraries and session-free queries.
 *
 * The environment (DRMInitEnvironment, its handles, its standard library,
 * revocation lists and secure time) is in client/environment.c, with the
 * manifest policy. DRMCloseHandle and DRMDuplicateHandle work on any
 * DRMHANDLE the handle table holds, libraries included.
 * DRMAttest and DRMVerify are complete: their pages say they are no longer
 * supported and return E_NOTIMPL.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

#include "runtime/handles.h"

#include "client/client_info.h"
#include "client/environment.h"
#include "runtime/global_options.h"
#include "platform/platform.h"

HRESULT UDAPICALL DRMInitEnvironment(DRMSECURITYPROVIDERTYPE eSecurityProviderType,
                                     DRMSPECTYPE eSpecification, PWSTR wszSecurityProvider,
                                     PWSTR wszManifestCredentials, PWSTR wszMachineCredentials,
                                     DRMENVHANDLE *phEnv, DRMHANDLE *phDefaultLibrary)
{
    TRACE_CALL(T_INT(eSecurityProviderType), T_INT(eSpecification), T_WSTR(wszSecurityProvider),
               T_WSTR(wszManifestCredentials), T_WSTR(wszMachineCredentials), T_PTR(phEnv),
               T_PTR(phDefaultLibrary));
    if (phEnv == NULL || phDefaultLibrary == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    *phEnv = DRMENVHANDLE_INVALID; /* whatever fails below */
    *phDefaultLibrary = DRMHANDLE_INVALID;
    /* The only lockbox there is: a file, the one DRMGetSecurityProvider
     * names (functions/DRMInitEnvironment.md). */
    if (eSecurityProviderType != DRMSECURITYPROVIDERTYPE_SOFTWARESECREP ||
        eSpecification != DRMSPECTYPE_FILENAME)
        return TRACE_RETURN(E_DRM_INVALID_LOCKBOX_TYPE);
    if (wszSecurityProvider == NULL || wszManifestCredentials == NULL ||
        wszMachineCredentials == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    HRESULT hr = environment_create(wszSecurityProvider, wszManifestCredentials,
                                    wszMachineCredentials, phEnv, phDefaultLibrary);
    return TRACE_RETURN(hr);
}

HRESULT UDAPICALL DRMLoadLibrary(DRMENVHANDLE hEnv, DRMSPECTYPE eSpecification,
                                 PWSTR wszLibraryProvider, PWSTR wszCredentials,
                                 DRMHANDLE *phLibrary)
{
    TRACE_CALL(T_HANDLE(hEnv), T_INT(eSpecification), T_WSTR(wszLibraryProvider),
               T_WSTR(wszCredentials), T_PTR(phLibrary));
    if (phLibrary == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    *phLibrary = DRMHANDLE_INVALID;
    /* functions/DRMLoadLibrary.md: a file name; wszCredentials reserved. */
    if (eSpecification != DRMSPECTYPE_FILENAME || wszLibraryProvider == NULL ||
        wszLibraryProvider[0] == 0 || wszCredentials != NULL)
        return TRACE_RETURN(E_INVALIDARG);
    return TRACE_RETURN(environment_load_library(hEnv, wszLibraryProvider, phLibrary));
}

/* functions/DRMInitEnvironment.md: the last handle of an environment whose
 * libraries are still open is refused with E_DRM_ENV_NOT_LOADED. */
HRESULT UDAPICALL DRMCloseEnvironmentHandle(DRMENVHANDLE hEnv)
{
    TRACE_CALL(T_HANDLE(hEnv));
    return TRACE_RETURN(environment_close(hEnv));
}

HRESULT UDAPICALL DRMDuplicateEnvironmentHandle(DRMENVHANDLE hToCopy, DRMENVHANDLE *phCopy)
{
    TRACE_CALL(T_HANDLE(hToCopy), T_PTR(phCopy));
    if (phCopy == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    *phCopy = DRMENVHANDLE_INVALID;
    return TRACE_RETURN(environment_duplicate(hToCopy, phCopy));
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
    if (ppfnProcAddress == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    *ppfnProcAddress = NULL; /* never a made-up address */
    if (wszProcName == NULL || wszProcName[0] == 0)
        return TRACE_RETURN(E_INVALIDARG);
    return TRACE_RETURN(library_get_proc_address(hLibrary, wszProcName));
}

HRESULT UDAPICALL DRMGetTime(DRMENVHANDLE hEnv, DRMTIMETYPE eTimerIdType, SYSTEMTIME *poTimeObject)
{
    TRACE_CALL(T_HANDLE(hEnv), T_INT(eTimerIdType), T_PTR(poTimeObject));
    if (poTimeObject == NULL ||
        (eTimerIdType != DRMTIMETYPE_SYSTEMUTC && eTimerIdType != DRMTIMETYPE_SYSTEMLOCAL))
        return TRACE_RETURN(E_INVALIDARG);
    struct environment *environment = NULL;
    HRESULT hr = environment_acquire(hEnv, &environment);
    if (FAILED(hr))
        return TRACE_RETURN(hr);
    object_unref(&environment->base);
    /* The system clock: there is no time server to ask. */
    platform_system_time(eTimerIdType == DRMTIMETYPE_SYSTEMLOCAL, poTimeObject);
    return TRACE_RETURN(S_OK);
}

HRESULT UDAPICALL DRMRegisterRevocationList(DRMENVHANDLE hEnv, PWSTR wszRevocationList)
{
    TRACE_CALL(T_HANDLE(hEnv), T_WSTR(wszRevocationList));
    if (wszRevocationList == NULL || wszRevocationList[0] == 0)
        return TRACE_RETURN(E_INVALIDARG);
    return TRACE_RETURN(environment_register_revocation_list(hEnv, wszRevocationList));
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
