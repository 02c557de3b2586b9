/*
 * openmsdrm - the secure environment (DRMInitEnvironment) and its
 * libraries (DRMLoadLibrary, DRMGetProcAddress).
 *
 * An environment stands for the loaded lockbox and the application's
 * manifest. openmsdrm never loads or runs code on an application's word:
 * the one library an environment knows is the standard one, "UDStdPlg",
 * built into this DLL, and it exports no procedures. Its handles are
 * DRMHANDLEs (HANDLE_LIBRARY) on one library object per environment.
 *
 * The library-first rule (functions/DRMInitEnvironment.md): closing the
 * last handle of an environment while any library of it is loaded fails
 * with E_DRM_ENV_NOT_LOADED and closes nothing. A library is loaded while
 * its object lives, i.e. until its last handle is closed (and no call on
 * it is in progress): the handle table's references are the one record,
 * and a library object tells its environment when it goes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_ENVIRONMENT_H
#define MSDRM_ENVIRONMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/handles.h"
#include "util/object.h"
#include "xrml/xrml_document.h"
#include "msdrmdefs.h"

struct library;

struct environment {
    struct object base;
    char *manifest_id;     /* BODY/DESCRIPTOR/OBJECT/ID of the manifest's leaf, or NULL */
    char *manifest_issuer; /* its ISSUER/OBJECT NAME (else ID), or NULL */
    bool manifest_signed;
    struct handle_count handles;      /* its lock guards everything below */
    unsigned libraries;               /* library objects alive */
    struct library *standard_library; /* not owned: cleared as it goes */
    struct xrml_document **revocation_lists;
    size_t revocation_list_count;
};

/*
 * DRMInitEnvironment after its argument checks: checks the lockbox path,
 * the manifest (policy in environment.c) and the machine credentials,
 * then opens the environment handle and its default library's handle.
 */
HRESULT environment_create(const WCHAR *security_provider, const WCHAR *manifest,
                           const WCHAR *machine_credentials, DRMENVHANDLE *environment,
                           DRMHANDLE *default_library);

/* Looks up an environment handle; release with object_unref. */
HRESULT environment_acquire(DRMENVHANDLE handle, struct environment **environment);

/* DRMDuplicateEnvironmentHandle and DRMCloseEnvironmentHandle. */
HRESULT environment_duplicate(DRMENVHANDLE handle, DRMENVHANDLE *copy);
HRESULT environment_close(DRMENVHANDLE handle);

/* DRMLoadLibrary: a new handle on the standard library, loading it if no
 * handle names it; E_DRM_MANIFEST_POLICY_VIOLATION for any other name. */
HRESULT environment_load_library(DRMENVHANDLE handle, const WCHAR *name, DRMHANDLE *library);

/* DRMGetProcAddress: the handle must name a library; none exports
 * anything, so a valid one gives HRESULT_FROM_WIN32(ERROR_PROC_NOT_FOUND). */
HRESULT library_get_proc_address(DRMHANDLE handle, const WCHAR *name);

/* Whether library handle `library` belongs to `environment`:
 * E_DRM_INVALID_HANDLE if it is no library, E_DRM_INCOMPATIBLE_OBJECTS if
 * it is another environment's. */
HRESULT library_check_owner(DRMHANDLE library, const struct environment *environment);

/* DRMRegisterRevocationList: a signed revocation list, kept in memory
 * for the environment's lifetime. */
HRESULT environment_register_revocation_list(DRMENVHANDLE handle, const WCHAR *list);

/* How many revocation lists the environment holds (for tests). */
size_t environment_revocation_list_count(struct environment *environment);

#endif /* MSDRM_ENVIRONMENT_H */
