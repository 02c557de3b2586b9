/*
 * openmsdrm - exports: the undocumented file-protection family (DRMp*) and
 * __AddMachineCertToLicenseStore.
 *
 * Nothing public documents these or shows a caller (spec/exports.md). They
 * exist so that an importer that names them still loads; each traces its
 * call and returns E_NOTIMPL without touching its out-parameters.
 *
 * __AddMachineCertToLicenseStore has no known prototype. We declare it
 * without parameters: on x64 the caller cleans the stack, so any arguments
 * are harmless; on x86 an importer passing arguments would find them left
 * on its stack, the same as a __cdecl callee would leave them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

HRESULT UDAPICALL DRMpFileInitialize(PCWSTR wszInputFileExtension, void *pilbInputByteStream,
                                     DRMENVHANDLE hEnv, DRMHANDLE hDefaultLibrary, void **phFile)
{
    TRACE_CALL(T_WSTR(wszInputFileExtension), T_PTR(pilbInputByteStream), T_HANDLE(hEnv),
               T_HANDLE(hDefaultLibrary), T_PTR(phFile));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMpFileProtect(void *hFile, PCWSTR wszTemplate, PCWSTR wszOwnerEmail,
                                  PWSTR *ppwszOut1, PWSTR *ppwszOut2, void *pilbOutputByteStream)
{
    TRACE_CALL(T_PTR(hFile), T_WSTR(wszTemplate), T_WSTR(wszOwnerEmail), T_PTR(ppwszOut1),
               T_PTR(ppwszOut2), T_PTR(pilbOutputByteStream));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMpFileUnprotect(void *hFile, PWSTR *ppwszOriginalExtension,
                                    void *pilbOutputByteStream)
{
    TRACE_CALL(T_PTR(hFile), T_PTR(ppwszOriginalExtension), T_PTR(pilbOutputByteStream));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMpFileIsProtected(void *hFile, BOOL *pfProtected)
{
    TRACE_CALL(T_PTR(hFile), T_PTR(pfProtected));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMpCloseFile(void *hFile)
{
    TRACE_CALL(T_PTR(hFile));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMpFreeMemory(void *pv)
{
    TRACE_CALL(T_PTR(pv));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL __AddMachineCertToLicenseStore(void)
{
    TRACE_CALL_NOARGS();
    return TRACE_RETURN(E_NOTIMPL);
}
