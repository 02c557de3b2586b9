/*
 * openmsdrm - the secure environment and its libraries (see environment.h).
 *
 * Manifest policy. Windows checks that the application manifest is signed
 * in Microsoft's hierarchy, which cannot be verified offline and which no
 * one outside Microsoft can sign into. Ours: the manifest must be one
 * well-formed XrML document or a chain of them, leaf first, through the
 * hardened parser (no DOCTYPE, no entities, bounded size and depth). When
 * the leaf is signed, or the manifest is a chain, every signature must
 * verify and every link must match (xrml_verify_chain); an unsigned
 * single document is accepted, and so is any root: we cannot check
 * Microsoft's. We record the leaf's identity (DESCRIPTOR/OBJECT/ID and the
 * issuer's name) and never load, open or run anything the manifest names.
 * Whatever fails is E_DRM_MANIFEST_POLICY_VIOLATION, the one code that
 * names the manifest as the argument at fault.
 *
 * Lock order: an environment's lock (its handle count's), then the handle
 * table's locks (inside handle_open). No object is released while an
 * environment lock is held: a library's destroy function takes its
 * environment's lock.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/environment.h"

#include <stdlib.h>
#include <string.h>

#include "client/client_info.h"
#include "store/license_store.h"
#include "client/machine_identity.h"
#include "license/license_model.h"
#include "util/private_errors.h"
#include "util/wstring.h"
#include "xrml/xrml_chain.h"
#include "msdrmerror.h"

#define ENVIRONMENT_MASK HANDLE_MASK(HANDLE_ENVIRONMENT)
#define LIBRARY_MASK HANDLE_MASK(HANDLE_LIBRARY)

struct library {
    struct object base;
    struct environment *environment; /* a reference: the library outlives no environment */
};

/* --- libraries ------------------------------------------------------------------ */

static void library_destroy(struct object *object)
{
    struct library *library = (struct library *)object;
    struct environment *environment = library->environment;
    platform_mutex_lock(&environment->handles.lock);
    environment->libraries--;
    if (environment->standard_library == library)
        environment->standard_library = NULL;
    platform_mutex_unlock(&environment->handles.lock);
    object_unref(&environment->base);
    free(library);
}

/* A library handle is one more reference: closing its last handle unloads
 * it (once no call on it is in progress). */
static const struct handle_vtbl library_vtbl = {{library_destroy}, 0, NULL, NULL};

/* Under environment->handles.lock: loads the standard library (one reference,
 * the caller's), or NULL when out of memory. */
static struct library *library_new(struct environment *environment)
{
    struct library *library = calloc(1, sizeof *library);
    if (library == NULL)
        return NULL;
    object_init(&library->base, &library_vtbl.object);
    object_ref(&environment->base);
    library->environment = environment;
    environment->libraries++;
    environment->standard_library = library;
    return library;
}

/* Under environment->handles.lock: the loaded standard library, or a new one. */
static struct library *standard_library(struct environment *environment)
{
    struct library *library = environment->standard_library;
    if (library != NULL && object_try_ref(&library->base))
        return library;
    return library_new(environment); /* none, or the last handle just went */
}

/* "UDStdPlg" (g_wszPLUG_STANDARDLIBRARY), compared as Windows compares
 * file names: ASCII letters in either case. */
static bool is_standard_library(const WCHAR *name)
{
    return wstr_equals_ascii_nocase(name, "UDStdPlg");
}

HRESULT library_get_proc_address(DRMHANDLE handle, const WCHAR *name)
{
    (void)name; /* the standard library exports nothing by any name */
    struct object *object = NULL;
    HRESULT hr = handle_acquire(handle, LIBRARY_MASK, &object, NULL);
    if (FAILED(hr))
        return hr;
    object_unref(object);
    return E_MSDRM_PROC_NOT_FOUND;
}

HRESULT library_check_owner(DRMHANDLE handle, const struct environment *environment)
{
    struct object *object = NULL;
    HRESULT hr = handle_acquire(handle, LIBRARY_MASK, &object, NULL);
    if (FAILED(hr))
        return hr;
    if (((struct library *)object)->environment != environment)
        hr = E_DRM_INCOMPATIBLE_OBJECTS;
    object_unref(object);
    return hr;
}

/* --- environments ------------------------------------------------------------ */

static void environment_destroy(struct object *object)
{
    struct environment *environment = (struct environment *)object;
    free(environment->manifest_id);
    free(environment->manifest_issuer);
    for (size_t i = 0; i < environment->revocation_list_count; i++)
        xrml_document_unref(environment->revocation_lists[i]);
    free(environment->revocation_lists);
    handle_count_clear(&environment->handles);
    free(environment);
}

/* functions/DRMInitEnvironment.md: libraries are closed first. */
static HRESULT environment_last_closing(struct object *object)
{
    return ((struct environment *)object)->libraries > 0 ? E_DRM_ENV_NOT_LOADED : S_OK;
}

static const struct handle_vtbl environment_vtbl = {
    {environment_destroy}, offsetof(struct environment, handles), environment_last_closing, NULL};

/* A heap copy of `text` into *copy; NULL (and S_OK) for none. */
static HRESULT copy_text(const char *text, char **copy)
{
    *copy = NULL;
    if (text == NULL)
        return S_OK;
    *copy = str_copy(text);
    return *copy == NULL ? E_OUTOFMEMORY : S_OK;
}

/* Records the manifest leaf's identity: its ID and its issuer's NAME (else ID). */
static HRESULT record_manifest(const struct license_model *manifest,
                               struct environment *environment)
{
    const struct license_object *issuer =
        manifest->issuer != NULL ? manifest->issuer->object : NULL;
    HRESULT hr = copy_text(license_id(manifest), &environment->manifest_id);
    if (SUCCEEDED(hr) && issuer != NULL)
        hr = copy_text(issuer->name != NULL ? issuer->name : issuer->id,
                       &environment->manifest_issuer);
    return hr;
}

/* The manifest policy (top of this file); records the leaf's identity. */
static HRESULT check_manifest(const WCHAR *manifest, struct environment *environment)
{
    struct xrml_chain chain;
    HRESULT hr = xrml_chain_parse(manifest, &chain);
    if (SUCCEEDED(hr)) {
        struct license_model leaf;
        hr = license_model_read(chain.documents[0], &leaf);
        if (SUCCEEDED(hr)) {
            environment->manifest_signed = chain.count > 1 || leaf.has_signature;
            if (environment->manifest_signed)
                hr = xrml_chain_verify(&chain);
            if (SUCCEEDED(hr))
                hr = record_manifest(&leaf, environment);
            license_model_clear(&leaf);
        }
        xrml_chain_clear(&chain);
    }
    return FAILED(hr) && hr != E_OUTOFMEMORY ? E_DRM_MANIFEST_POLICY_VIOLATION : hr;
}

/*
 * The machine credentials must be this user's machine certificate (what
 * DRMEnumerateLicense(DRM_EL_MACHINE) returns), optionally followed by its
 * issuers, with valid signatures.
 */
static HRESULT check_machine_credentials(const WCHAR *credentials)
{
    struct license_store *store = NULL;
    HRESULT hr = store_shared(&store);
    if (SUCCEEDED(hr))
        hr = machine_identity_check(store);
    if (FAILED(hr))
        return hr;
    struct xrml_chain chain;
    hr = xrml_chain_parse(credentials, &chain);
    if (FAILED(hr))
        return hr;
    hr = xrml_chain_verify(&chain);
    if (SUCCEEDED(hr))
        hr = machine_identity_match_certificate(store, chain.documents[0]->text);
    if (hr == S_FALSE)
        hr = E_DRM_ENV_CANNOT_LOAD; /* another user's or machine's lockbox */
    xrml_chain_clear(&chain);
    return hr;
}

static HRESULT check_security_provider(const WCHAR *path)
{
    WCHAR *expected = NULL;
    HRESULT hr = client_info_lockbox_path(&expected);
    if (FAILED(hr))
        return hr;
    size_t i = 0;
    while (expected[i] != 0 && path[i] == expected[i])
        i++;
    if (path[i] != expected[i])
        hr = E_DRM_INVALID_LOCKBOX_PATH;
    free(expected);
    return hr;
}

HRESULT environment_create(const WCHAR *security_provider, const WCHAR *manifest,
                           const WCHAR *machine_credentials, DRMENVHANDLE *handle,
                           DRMHANDLE *default_library)
{
    HRESULT hr = check_security_provider(security_provider);
    if (FAILED(hr))
        return hr;
    struct environment *environment = calloc(1, sizeof *environment);
    if (environment == NULL)
        return E_OUTOFMEMORY;
    object_init(&environment->base, &environment_vtbl.object);
    handle_count_init(&environment->handles);

    hr = check_manifest(manifest, environment);
    if (SUCCEEDED(hr))
        hr = check_machine_credentials(machine_credentials);
    struct library *library = NULL;
    if (SUCCEEDED(hr)) {
        platform_mutex_lock(&environment->handles.lock);
        library = library_new(environment);
        platform_mutex_unlock(&environment->handles.lock);
        hr = library == NULL ? E_OUTOFMEMORY
                             : handle_open(&library->base, HANDLE_LIBRARY, default_library);
    }
    /* The library's handle first: while it is open, the environment's
     * last handle cannot close, so undoing means closing the library. */
    if (SUCCEEDED(hr)) {
        hr = handle_open(&environment->base, HANDLE_ENVIRONMENT, handle);
        if (FAILED(hr)) {
            handle_close(*default_library, LIBRARY_MASK);
            *default_library = DRMHANDLE_INVALID;
        }
    }
    if (library != NULL)
        object_unref(&library->base); /* its handle holds it now, or nobody */
    object_unref(&environment->base);
    return hr;
}

HRESULT environment_acquire(DRMENVHANDLE handle, struct environment **environment)
{
    struct object *object = NULL;
    HRESULT hr = handle_acquire(handle, ENVIRONMENT_MASK, &object, NULL);
    *environment = SUCCEEDED(hr) ? (struct environment *)object : NULL;
    return hr;
}

HRESULT environment_duplicate(DRMENVHANDLE handle, DRMENVHANDLE *copy)
{
    return handle_duplicate(handle, ENVIRONMENT_MASK, copy);
}

HRESULT environment_close(DRMENVHANDLE handle)
{
    return handle_close(handle, ENVIRONMENT_MASK);
}

HRESULT environment_load_library(DRMENVHANDLE handle, const WCHAR *name, DRMHANDLE *library_handle)
{
    struct environment *environment = NULL;
    HRESULT hr = environment_acquire(handle, &environment);
    if (FAILED(hr))
        return hr;
    if (!is_standard_library(name)) {
        object_unref(&environment->base);
        return E_DRM_MANIFEST_POLICY_VIOLATION; /* we load no code of anyone's */
    }
    struct library *library = NULL;
    platform_mutex_lock(&environment->handles.lock);
    if (!handle_count_is_open(&environment->handles)) {
        hr = E_DRM_INVALID_HANDLE;
    } else {
        library = standard_library(environment);
        hr = library == NULL ? E_OUTOFMEMORY
                             : handle_open(&library->base, HANDLE_LIBRARY, library_handle);
    }
    platform_mutex_unlock(&environment->handles.lock);
    if (library != NULL)
        object_unref(&library->base);
    object_unref(&environment->base);
    return hr;
}

/* Whether the environment holds a list with exactly this text. */
static bool holds_revocation_list(const struct environment *environment,
                                  const struct xrml_document *list)
{
    for (size_t i = 0; i < environment->revocation_list_count; i++) {
        const struct xrml_document *held = environment->revocation_lists[i];
        if (held->length == list->length && memcmp(held->text, list->text, list->length) == 0)
            return true;
    }
    return false;
}

/* E_DRM_INVALID_LICENSE unless `list` is a revocation list by its signed content. */
static HRESULT check_revocation_list(const struct xrml_document *list)
{
    struct license_model model;
    HRESULT hr = license_model_read(list, &model);
    if (SUCCEEDED(hr) && model.kind != LICENSE_KIND_REVOCATION_LIST)
        hr = E_DRM_INVALID_LICENSE;
    license_model_clear(&model);
    return hr;
}

HRESULT environment_register_revocation_list(DRMENVHANDLE handle, const WCHAR *text)
{
    struct environment *environment = NULL;
    HRESULT hr = environment_acquire(handle, &environment);
    if (FAILED(hr))
        return hr;
    struct xrml_document *list = NULL;
    hr = xrml_parse_string(text, &list);
    /* spec/xrml.md §2: a revocation list's BODY holds a REVOCATIONLIST. */
    if (SUCCEEDED(hr))
        hr = check_revocation_list(list);
    if (SUCCEEDED(hr))
        hr = xrml_verify_with_issuer_key(list);
    if (SUCCEEDED(hr)) {
        platform_mutex_lock(&environment->handles.lock);
        if (!handle_count_is_open(&environment->handles)) {
            hr = E_DRM_INVALID_HANDLE;
        } else if (!holds_revocation_list(environment, list)) {
            struct xrml_document **grown =
                realloc(environment->revocation_lists,
                        (environment->revocation_list_count + 1) * sizeof *grown);
            if (grown == NULL) {
                hr = E_OUTOFMEMORY;
            } else {
                environment->revocation_lists = grown;
                grown[environment->revocation_list_count++] = list;
                list = NULL; /* the environment holds it now */
            }
        }
        platform_mutex_unlock(&environment->handles.lock);
    }
    xrml_document_unref(list);
    object_unref(&environment->base);
    return hr;
}

size_t environment_revocation_list_count(struct environment *environment)
{
    platform_mutex_lock(&environment->handles.lock);
    size_t count = environment->revocation_list_count;
    platform_mutex_unlock(&environment->handles.lock);
    return count;
}
