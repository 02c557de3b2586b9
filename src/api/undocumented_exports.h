/*
 * openmsdrm - prototypes of the exports that no SDK header declares
 * (spec/exports.md, "Undocumented exports"): the DRMp* file-protection
 * family, __AddMachineCertToLicenseStore and the COM entry points.
 *
 * The DRMp* prototypes are inferred (arity and parameter roles only); their
 * parameter count matters on x86, where a __stdcall callee pops its own
 * arguments. ILockBytes streams are taken as opaque pointers.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_UNDOCUMENTED_EXPORTS_H
#define MSDRM_UNDOCUMENTED_EXPORTS_H

#include "msdrm.h"

#ifdef __cplusplus
extern "C" {
#endif

HRESULT UDAPICALL DRMpFileInitialize(PCWSTR wszInputFileExtension, void *pilbInputByteStream,
                                     DRMENVHANDLE hEnv, DRMHANDLE hDefaultLibrary, void **phFile);
HRESULT UDAPICALL DRMpFileProtect(void *hFile, PCWSTR wszTemplate, PCWSTR wszOwnerEmail,
                                  PWSTR *ppwszOut1, PWSTR *ppwszOut2, void *pilbOutputByteStream);
HRESULT UDAPICALL DRMpFileUnprotect(void *hFile, PWSTR *ppwszOriginalExtension,
                                    void *pilbOutputByteStream);
HRESULT UDAPICALL DRMpFileIsProtected(void *hFile, BOOL *pfProtected);
HRESULT UDAPICALL DRMpCloseFile(void *hFile);
HRESULT UDAPICALL DRMpFreeMemory(void *pv);

/* No prototype is published; we take none (see file_api.c). */
HRESULT UDAPICALL __AddMachineCertToLicenseStore(void);

/* Standard COM in-process server entry points (objbase.h on Windows). */
HRESULT UDAPICALL DllCanUnloadNow(void);
HRESULT UDAPICALL DllGetClassObject(REFCLSID rclsid, REFIID riid, LPVOID *ppv);
HRESULT UDAPICALL DllRegisterServer(void);
HRESULT UDAPICALL DllUnregisterServer(void);

#ifdef __cplusplus
}
#endif

#endif /* MSDRM_UNDOCUMENTED_EXPORTS_H */
