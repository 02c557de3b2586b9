/*
 * openmsdrm - the HRESULTs the library returns that msdrmerror.h does not
 * define: the one place they are defined. Each wraps a Win32 error code as
 * HRESULT_FROM_WIN32 does (0x8007xxxx, as Windows reports a system error),
 * spelled out so that it stays a constant expression on every compiler.
 *
 * A new code goes here, with why it exists, and into hresult_names.c:
 * test_hresult_names reads this file and fails for a code without a name.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_PRIVATE_ERRORS_H
#define MSDRM_PRIVATE_ERRORS_H

#include "msdrmdefs.h"

/* The HRESULT of Win32 error `code` (1 to 0xFFFF): HRESULT_FROM_WIN32. */
#define MSDRM_FROM_WIN32(code) ((HRESULT)(0x80070000UL | (code)))

/*
 * DRMCloseSession, on the last handle of a client session that still hosts
 * license storage sessions: the resource is in use. The documentation
 * states the rule but gives no code. Win32 ERROR_BUSY (170): 0x800700AA.
 */
#define E_MSDRM_SESSION_IN_USE MSDRM_FROM_WIN32(170)

/*
 * DRMGetProcAddress on a valid library handle: the standard library exports
 * nothing, and a name a module does not export is what GetProcAddress
 * reports with Win32 ERROR_PROC_NOT_FOUND (127): 0x8007007F.
 */
#define E_MSDRM_PROC_NOT_FOUND MSDRM_FROM_WIN32(127)

/*
 * The license store's file is not a database, or is damaged (SQLite's
 * NOTADB, CORRUPT, FORMAT, or a failed quick check); it is left as it
 * was, and the caller can tell it from E_ACCESSDENIED. Win32
 * ERROR_FILE_CORRUPT (1392): 0x80070570.
 */
#define E_MSDRM_STORE_CORRUPT MSDRM_FROM_WIN32(1392)

#endif /* MSDRM_PRIVATE_ERRORS_H */
