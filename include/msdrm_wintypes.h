/*
 * openmsdrm - the Windows types msdrm.h needs, for builds that are not
 * Windows (the native Linux build used for sanitizers, fuzzing and fast
 * tests). On Windows <windows.h> supplies all of this and this file is not
 * included.
 *
 * The ABI types keep their Windows sizes: ULONG, DWORD, UINT and LONG are
 * 32 bits and WCHAR is a 16-bit UTF-16 code unit, so structures and handles
 * match the Windows layout of the same pointer width.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_WINTYPES_H
#define MSDRM_WINTYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void VOID;
typedef void *PVOID;
typedef void *LPVOID;
typedef int BOOL;
typedef uint8_t BYTE;
typedef uint16_t WORD;
typedef uint32_t DWORD;
typedef uint32_t UINT;
typedef uint32_t ULONG;
typedef int32_t LONG;
typedef int32_t HRESULT;
#ifdef __cplusplus
typedef char16_t WCHAR; /* so that u"" literals have the type PWSTR points to */
#else
typedef uint16_t WCHAR; /* C11: char16_t is uint_least16_t, the type of u"" */
#endif
typedef WCHAR *PWSTR;
typedef WCHAR *LPWSTR;
typedef const WCHAR *PCWSTR;
typedef const WCHAR *LPCWSTR;
typedef struct HWND__ *HWND;
typedef intptr_t (*FARPROC)(void);

typedef struct _SYSTEMTIME {
    WORD wYear;
    WORD wMonth;
    WORD wDayOfWeek;
    WORD wDay;
    WORD wHour;
    WORD wMinute;
    WORD wSecond;
    WORD wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;

typedef struct _GUID {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
} GUID, IID, CLSID;
#ifdef __cplusplus
typedef const GUID &REFIID;
typedef const GUID &REFCLSID;
#else
typedef const GUID *REFIID;
typedef const GUID *REFCLSID;
#endif

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

#define __stdcall
#define WINAPI
#define STDAPI HRESULT

#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#define MAKE_HRESULT(sev, fac, code) \
    ((HRESULT)(((uint32_t)(sev) << 31) | ((uint32_t)(fac) << 16) | ((uint32_t)(code))))
#define FACILITY_ITF 4
#define FACILITY_WIN32 7
#define HRESULT_FROM_WIN32(x) \
    ((HRESULT)(x) <= 0 ? ((HRESULT)(x)) \
                       : ((HRESULT)(((uint32_t)(x) & 0x0000FFFFu) | (FACILITY_WIN32 << 16) | 0x80000000u)))
#define ERROR_INSUFFICIENT_BUFFER 122L

#define S_OK ((HRESULT)0x00000000)
#define S_FALSE ((HRESULT)0x00000001)
#define E_NOTIMPL ((HRESULT)0x80004001)
#define E_POINTER ((HRESULT)0x80004003)
#define E_FAIL ((HRESULT)0x80004005)
#define E_UNEXPECTED ((HRESULT)0x8000FFFF)
#define E_ACCESSDENIED ((HRESULT)0x80070005)
#define E_OUTOFMEMORY ((HRESULT)0x8007000E)
#define E_INVALIDARG ((HRESULT)0x80070057)
#define CLASS_E_CLASSNOTAVAILABLE ((HRESULT)0x80040111)

#ifdef __cplusplus
}
#endif

#endif /* MSDRM_WINTYPES_H */
