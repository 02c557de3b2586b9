/*
 * License storage sessions: DRMCreateLicenseStorageSession, DRMAddLicense,
 * DRMEnumerateLicense (DRM_EL_EUL, DRM_EL_EUL_LID) and DRMDeleteLicense on
 * them, and their place under a client session.
 *
 * Rules from functions/DRMCreateLicenseStorageSession.md (a signed
 * issuance license; uFlags reserved), DRMAddLicense.md (temporary and
 * permanent stores; the temporary one ends with the session),
 * DRMEnumerateLicense.md (EULs whose content ID matches the session's
 * issuance license; expired ones only with DRM_EL_EXPIRED; *pfSharedFlag
 * untouched for machine certificates), DRMDeleteLicense.md (storage
 * sessions delete EULs and revocation lists by license ID) and
 * DRMCloseSession.md (storage sessions are closed before their client
 * session). Documents are built and signed here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/crypto.h>

#include "client/machine_identity.h"
#include "license/license_model.h"
#include "runtime/handles.h"
#include "store/license_store.h"
#include "xrml/xrml_chain.h"
#include "ignore_status.h"
#include "msdrm.h"
#include "spec_examples.h"
#include "test_documents.h"
#include "test_threads.h"
#include "wide_text.h"
#include "xrml_builders.h"

#define E_SESSION_IN_USE ((HRESULT)0x800700AAL) /* README: HRESULT_FROM_WIN32(ERROR_BUSY) */

static DRMENVHANDLE env;
static DRMHANDLE library;
static DRMHSESSION client;
static EVP_PKEY *root_key;     /* signs the licensing server's certificate */
static EVP_PKEY *server_key;   /* the licensing server: signs EULs */
static EVP_PKEY *licensor_key; /* signs issuance licenses */
static char *server_certificate;

static WCHAR *machine_certificate(void)
{
    BOOL shared = FALSE;
    UINT length = 0;
    assert_int_equal(DRMEnumerateLicense(client, DRM_EL_MACHINE, 0, &shared, &length, NULL), S_OK);
    WCHAR *text = calloc(length, sizeof(WCHAR));
    assert_int_equal(DRMEnumerateLicense(client, DRM_EL_MACHINE, 0, &shared, &length, text), S_OK);
    return text;
}

static int setup(void **state)
{
    (void)state;
    struct license_store *store = NULL;
    bool already = false;
    if (FAILED(store_shared(&store)) || FAILED(machine_identity_activate(store, false, &already)))
        return 1;
    WCHAR group[32];
    if (DRMCreateClientSession(ignore_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH,
                               widen("reader@example.com", group), &client) != S_OK)
        return 1;
    UINT type_length = 0, path_length = 0;
    DRMGetSecurityProvider(0, &type_length, NULL, &path_length, NULL);
    WCHAR *type = calloc(type_length, sizeof(WCHAR));
    WCHAR *path = calloc(path_length, sizeof(WCHAR));
    DRMGetSecurityProvider(0, &type_length, type, &path_length, path);
    char *manifest_text = test_manifest(NULL, "{M}", "Test vendor", "app.exe");
    WCHAR *manifest = test_wide(manifest_text);
    WCHAR *machine = machine_certificate();
    HRESULT hr = DRMInitEnvironment(DRMSECURITYPROVIDERTYPE_SOFTWARESECREP, DRMSPECTYPE_FILENAME,
                                    path, manifest, machine, &env, &library);
    free(type);
    free(path);
    free(manifest_text);
    free(manifest);
    free(machine);
    root_key = test_key();
    server_key = test_key();
    licensor_key = test_key();
    server_certificate = test_issuer_certificate(root_key, server_key, "{SERVER}");
    return hr != S_OK || server_certificate == NULL;
}

static int teardown(void **state)
{
    (void)state;
    DRMCloseSession(client);
    DRMCloseHandle(library);
    DRMCloseEnvironmentHandle(env);
    EVP_PKEY_free(root_key);
    EVP_PKEY_free(server_key);
    EVP_PKEY_free(licensor_key);
    free(server_certificate);
    return 0;
}

/* A signed issuance license for `content_id`, as UTF-16. */
static WCHAR *issuance_license(const char *content_id)
{
    char *text = test_issuance_license(licensor_key, content_id);
    WCHAR *wide = test_wide(text);
    free(text);
    return wide;
}

/* An EUL chain (EUL + the server's certificate), UTF-8 and UTF-16. */
struct license {
    char *text;
    WCHAR *wide;
};

static struct license eul(const char *license_id, const char *content_id, const char *valid_until,
                          const char *right_until, int open_right)
{
    char *leaf = test_end_user_license(server_key, license_id, content_id, valid_until, right_until,
                                       open_right);
    struct license license;
    license.text = test_join(leaf, server_certificate);
    license.wide = test_wide(license.text);
    free(leaf);
    return license;
}

static void license_free(struct license *license)
{
    free(license->text);
    free(license->wide);
}

static DRMHSESSION open_storage(const char *content_id)
{
    WCHAR *il = issuance_license(content_id);
    DRMHSESSION storage = DRMHSESSION_INVALID;
    assert_int_equal(DRMCreateLicenseStorageSession(env, library, client, 0, il, &storage), S_OK);
    assert_int_not_equal(storage, DRMHSESSION_INVALID);
    free(il);
    return storage;
}

/* Item `index` as UTF-8, or NULL with *result the failure. */
static char *item_at(DRMHSESSION session, UINT flags, UINT index, HRESULT *result)
{
    BOOL shared = TRUE;
    UINT length = 0;
    *result = DRMEnumerateLicense(session, flags, index, &shared, &length, NULL);
    if (FAILED(*result))
        return NULL;
    WCHAR *wide = calloc(length, sizeof(WCHAR));
    *result = DRMEnumerateLicense(session, flags, index, &shared, &length, wide);
    assert_int_equal(*result, S_OK);
    assert_false(shared);
    char *text = malloc(length);
    for (UINT i = 0; i < length; i++)
        text[i] = (char)wide[i];
    free(wide);
    return text;
}

/* How many items an enumeration walks before E_DRM_NO_MORE_DATA. */
static UINT count_items(DRMHSESSION session, UINT flags)
{
    UINT index = 0;
    for (;; index++) {
        HRESULT result;
        char *text = item_at(session, flags, index, &result);
        free(text);
        if (result == E_DRM_NO_MORE_DATA)
            return index;
        assert_int_equal(result, S_OK);
    }
}

static void assert_item(DRMHSESSION session, UINT flags, UINT index, const char *expected)
{
    HRESULT result;
    char *text = item_at(session, flags, index, &result);
    assert_int_equal(result, S_OK);
    assert_string_equal(text, expected);
    free(text);
}

/* functions/DRMCreateLicenseStorageSession.md: every argument checked;
 * nothing handed out on failure. */
static void test_create_arguments(void **state)
{
    (void)state;
    size_t before = handle_open_count();
    WCHAR *il = issuance_license("{C0000000-0000-0000-0000-000000000001}");
    DRMHSESSION storage = 77;
    assert_int_equal(DRMCreateLicenseStorageSession(env, library, client, 0, il, NULL),
                     E_INVALIDARG);
    assert_int_equal(DRMCreateLicenseStorageSession(env, library, client, 1, il, &storage),
                     E_INVALIDARG);
    assert_int_equal(storage, DRMHSESSION_INVALID);
    assert_int_equal(DRMCreateLicenseStorageSession(env, library, client, 0, NULL, &storage),
                     E_INVALIDARG);
    /* Handles of the wrong kind, or none. */
    assert_int_equal(DRMCreateLicenseStorageSession(library, library, client, 0, il, &storage),
                     E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMCreateLicenseStorageSession(env, env, client, 0, il, &storage),
                     E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMCreateLicenseStorageSession(env, library, env, 0, il, &storage),
                     E_DRM_INVALID_HANDLE);
    assert_int_equal(
        DRMCreateLicenseStorageSession(env, library, DRMHSESSION_INVALID, 0, il, &storage),
        E_DRM_INVALID_HANDLE);
    DRMHSESSION storage_as_client = open_storage("{C0000000-0000-0000-0000-000000000001}");
    assert_int_equal(
        DRMCreateLicenseStorageSession(env, library, storage_as_client, 0, il, &storage),
        E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMCloseSession(storage_as_client), S_OK);
    assert_int_equal(storage, DRMHSESSION_INVALID);

    /* Another environment's library. */
    DRMHANDLE other_library = DRMHANDLE_INVALID;
    DRMENVHANDLE other_env = DRMENVHANDLE_INVALID;
    {
        /* A second environment, as the first was made. */
        UINT type_length = 0, path_length = 0;
        DRMGetSecurityProvider(0, &type_length, NULL, &path_length, NULL);
        WCHAR *type = calloc(type_length, sizeof(WCHAR));
        WCHAR *path = calloc(path_length, sizeof(WCHAR));
        DRMGetSecurityProvider(0, &type_length, type, &path_length, path);
        char *manifest_text = test_manifest(NULL, "{M2}", "Test vendor", "app.exe");
        WCHAR *manifest = test_wide(manifest_text);
        WCHAR *machine = machine_certificate();
        assert_int_equal(DRMInitEnvironment(DRMSECURITYPROVIDERTYPE_SOFTWARESECREP,
                                            DRMSPECTYPE_FILENAME, path, manifest, machine,
                                            &other_env, &other_library),
                         S_OK);
        free(type);
        free(path);
        free(manifest_text);
        free(manifest);
        free(machine);
    }
    assert_int_equal(DRMCreateLicenseStorageSession(env, other_library, client, 0, il, &storage),
                     E_DRM_INCOMPATIBLE_OBJECTS);
    assert_int_equal(DRMCloseHandle(other_library), S_OK);
    assert_int_equal(DRMCloseEnvironmentHandle(other_env), S_OK);

    /* Not a signed issuance license. */
    char *unsigned_text = test_issuance_license(NULL, "{C0000000-0000-0000-0000-000000000001}");
    WCHAR *unsigned_il = test_wide(unsigned_text);
    assert_int_equal(DRMCreateLicenseStorageSession(env, library, client, 0, unsigned_il, &storage),
                     E_DRM_INVALID_LICENSE);
    char *tampered_text =
        test_issuance_license(licensor_key, "{C0000000-0000-0000-0000-000000000001}");
    test_tamper(tampered_text, "owner@", "owneR@");
    WCHAR *tampered = test_wide(tampered_text);
    assert_int_equal(DRMCreateLicenseStorageSession(env, library, client, 0, tampered, &storage),
                     E_DRM_INVALID_LICENSE_SIGNATURE);
    struct license license = eul("{L}", "{C0000000-0000-0000-0000-000000000001}", NULL, NULL, 0);
    assert_int_equal(
        DRMCreateLicenseStorageSession(env, library, client, 0, license.wide, &storage),
        E_DRM_INVALID_LICENSE);
    WCHAR hostile[128];
    assert_int_equal(
        DRMCreateLicenseStorageSession(
            env, library, client, 0,
            widen("<!DOCTYPE XrML [<!ENTITY a \"b\">]><XrML><BODY>&a;</BODY></XrML>", hostile),
            &storage),
        E_DRM_INVALID_LICENSE);
    assert_int_equal(storage, DRMHSESSION_INVALID);
    assert_int_equal(handle_open_count(), before);
    license_free(&license);
    free(unsigned_text);
    free(unsigned_il);
    free(tampered_text);
    free(tampered);
    free(il);
}

/* functions/DRMCloseSession.md, DRMDuplicateSession.md: storage sessions
 * are closed before their client session; duplicates count. */
static void test_lifecycle(void **state)
{
    (void)state;
    DRMHSESSION storage = open_storage("{C0000000-0000-0000-0000-000000000002}");
    DRMHSESSION copy = DRMHSESSION_INVALID;
    assert_int_equal(DRMDuplicateSession(storage, &copy), S_OK);
    assert_int_not_equal(copy, storage);
    assert_int_equal(DRMCloseSession(client), E_SESSION_IN_USE);
    assert_int_equal(DRMCloseSession(storage), S_OK);
    assert_int_equal(DRMCloseSession(client), E_SESSION_IN_USE);
    /* The copy still works. */
    HRESULT result;
    assert_null(item_at(copy, DRM_EL_EUL, 0, &result));
    assert_int_equal(result, E_DRM_NO_MORE_DATA);
    assert_int_equal(DRMCloseSession(copy), S_OK);
    assert_int_equal(DRMCloseSession(copy), E_DRM_INVALID_HANDLE);

    /* With no storage session left, a client session closes. */
    WCHAR group[32];
    DRMHSESSION other = DRMHSESSION_INVALID;
    assert_int_equal(DRMCreateClientSession(ignore_status, 0,
                                            (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH,
                                            widen("reader@example.com", group), &other),
                     S_OK);
    WCHAR *il = issuance_license("{C0000000-0000-0000-0000-000000000002}");
    assert_int_equal(DRMCreateLicenseStorageSession(env, library, other, 0, il, &storage), S_OK);
    assert_int_equal(DRMCloseSession(other), E_SESSION_IN_USE);
    assert_int_equal(DRMCloseSession(storage), S_OK);
    assert_int_equal(DRMCloseSession(other), S_OK);
    /* A closed client session hosts nothing new. */
    assert_int_equal(DRMCreateLicenseStorageSession(env, library, other, 0, il, &storage),
                     E_DRM_INVALID_HANDLE);
    free(il);
}

/* functions/DRMAddLicense.md: flags, handle kind and the license checked;
 * nothing stored when it is refused. */
static void test_add_license_arguments(void **state)
{
    (void)state;
    const char *content = "{C0000000-0000-0000-0000-000000000003}";
    DRMHSESSION storage = open_storage(content);
    struct license good = eul("{L3-GOOD}", content, NULL, NULL, 0);
    assert_int_equal(DRMAddLicense(storage, 2, good.wide), E_INVALIDARG);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_PERSIST, NULL), E_INVALIDARG);
    WCHAR empty[1] = {0};
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_PERSIST, empty), E_INVALIDARG);
    /* Our choice: a client session is a handle of the wrong kind. */
    assert_int_equal(DRMAddLicense(client, DRM_ADD_LICENSE_PERSIST, good.wide),
                     E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMAddLicense(DRMHSESSION_INVALID, DRM_ADD_LICENSE_NOPERSIST, good.wide),
                     E_DRM_INVALID_HANDLE);

    /* Not an end-user license: an issuance license, a certificate, text. */
    WCHAR *il = issuance_license(content);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_PERSIST, il), E_DRM_INVALID_LICENSE);
    WCHAR *certificate = test_wide(server_certificate);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_PERSIST, certificate),
                     E_DRM_INVALID_LICENSE);
    WCHAR junk[32];
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_NOPERSIST, widen("<XrML", junk)),
                     E_DRM_INVALID_LICENSE);
    /* Tampered after signing. */
    struct license tampered = eul("{L3-TAMPERED}", content, NULL, NULL, 0);
    test_tamper(tampered.text, "reader@", "readeR@");
    free(tampered.wide);
    tampered.wide = test_wide(tampered.text);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_PERSIST, tampered.wide),
                     E_DRM_INVALID_LICENSE_SIGNATURE);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_NOPERSIST, tampered.wide),
                     E_DRM_INVALID_LICENSE_SIGNATURE);
    /* A chain whose next certificate is issued to another key. */
    EVP_PKEY *stranger = test_key();
    char *wrong = test_issuer_certificate(root_key, stranger, "{WRONG}");
    char *leaf = test_end_user_license(server_key, "{L3-BROKEN}", content, NULL, NULL, 0);
    char *broken_text = test_join(leaf, wrong);
    WCHAR *broken = test_wide(broken_text);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_PERSIST, broken),
                     E_DRM_BROKEN_CERT_CHAIN);
    assert_int_equal(count_items(storage, DRM_EL_EUL | DRM_EL_EXPIRED), 0);

    assert_int_equal(DRMCloseSession(storage), S_OK);
    license_free(&good);
    license_free(&tampered);
    free(il);
    free(certificate);
    free(wrong);
    free(leaf);
    free(broken_text);
    free(broken);
    EVP_PKEY_free(stranger);
}

/* functions/DRMAddLicense.md: the temporary store belongs to the session
 * and ends with it; DRMEnumerateLicense.md: only this content's EULs. */
static void test_temporary_store(void **state)
{
    (void)state;
    const char *content = "{C0000000-0000-0000-0000-000000000004}";
    DRMHSESSION storage = open_storage(content);
    struct license mine = eul("{L4-TEMP}", content, NULL, NULL, 0);
    struct license elsewhere =
        eul("{L4-OTHER}", "{C0000000-0000-0000-0000-0000000000FF}", NULL, NULL, 0);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_NOPERSIST, mine.wide), S_OK);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_NOPERSIST, elsewhere.wide), S_OK);
    /* Adding the same license again replaces it. */
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_NOPERSIST, mine.wide), S_OK);
    assert_item(storage, DRM_EL_EUL, 0, mine.text);
    assert_item(storage, DRM_EL_EUL_LID, 0, "{L4-TEMP}");
    assert_int_equal(count_items(storage, DRM_EL_EUL), 1);
    assert_int_equal(count_items(storage, DRM_EL_EUL_LID), 1);

    /* Another session on the same content sees nothing of it... */
    DRMHSESSION second = open_storage(content);
    assert_int_equal(count_items(second, DRM_EL_EUL), 0);
    /* ... nor does a new one after the first is closed. */
    assert_int_equal(DRMCloseSession(storage), S_OK);
    assert_int_equal(DRMCloseSession(second), S_OK);
    DRMHSESSION third = open_storage(content);
    assert_int_equal(count_items(third, DRM_EL_EUL), 0);
    assert_int_equal(DRMCloseSession(third), S_OK);
    license_free(&mine);
    license_free(&elsewhere);
}

/* functions/DRMAddLicense.md: the permanent store outlives the session. */
static void test_permanent_store(void **state)
{
    (void)state;
    const char *content = "{C0000000-0000-0000-0000-000000000005}";
    DRMHSESSION storage = open_storage(content);
    struct license kept = eul("{L5-KEPT}", content, NULL, NULL, 0);
    struct license temporary = eul("{L5-TEMP}", content, NULL, NULL, 0);
    struct license elsewhere =
        eul("{L5-OTHER}", "{C0000000-0000-0000-0000-0000000000FE}", NULL, NULL, 0);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_PERSIST, kept.wide), S_OK);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_PERSIST, kept.wide), S_OK);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_PERSIST, elsewhere.wide), S_OK);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_NOPERSIST, temporary.wide), S_OK);
    /* Temporary first, then permanent; one copy of the one added twice. */
    assert_item(storage, DRM_EL_EUL_LID, 0, "{L5-TEMP}");
    assert_item(storage, DRM_EL_EUL_LID, 1, "{L5-KEPT}");
    assert_item(storage, DRM_EL_EUL, 1, kept.text);
    assert_int_equal(count_items(storage, DRM_EL_EUL), 2);
    assert_int_equal(DRMCloseSession(storage), S_OK);

    DRMHSESSION later = open_storage(content);
    assert_item(later, DRM_EL_EUL_LID, 0, "{L5-KEPT}");
    assert_int_equal(count_items(later, DRM_EL_EUL_LID), 1);
    /* End-user licenses are not enumerated through a client session. */
    UINT length = 0;
    assert_int_equal(DRMEnumerateLicense(client, DRM_EL_EUL, 0, NULL, &length, NULL), E_INVALIDARG);
    assert_int_equal(DRMCloseSession(later), S_OK);
    license_free(&kept);
    license_free(&temporary);
    license_free(&elsewhere);
}

/* functions/DRMEnumerateLicense.md: expired licenses only with
 * DRM_EL_EXPIRED; our expiry: VALIDITYTIME, or every right's RANGETIME. */
static void test_expired_licenses(void **state)
{
    (void)state;
    const char *content = "{C0000000-0000-0000-0000-000000000006}";
    DRMHSESSION storage = open_storage(content);
    struct license validity = eul("{L6-VALIDITY}", content, "2021-01-01T00:00", NULL, 0);
    struct license right = eul("{L6-RIGHT}", content, NULL, "2021-01-01T00:00", 0);
    struct license open_right = eul("{L6-OPEN}", content, NULL, "2021-01-01T00:00", 1);
    struct license future = eul("{L6-FUTURE}", content, "2999-01-01T00:00", "2999-01-01T00:00", 0);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_PERSIST, validity.wide), S_OK);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_NOPERSIST, right.wide), S_OK);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_PERSIST, open_right.wide), S_OK);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_NOPERSIST, future.wide), S_OK);
    assert_item(storage, DRM_EL_EUL_LID, 0, "{L6-FUTURE}");
    assert_item(storage, DRM_EL_EUL_LID, 1, "{L6-OPEN}");
    assert_int_equal(count_items(storage, DRM_EL_EUL_LID), 2);
    assert_int_equal(count_items(storage, DRM_EL_EUL), 2);
    assert_item(storage, DRM_EL_EUL_LID | DRM_EL_EXPIRED, 0, "{L6-RIGHT}");
    assert_item(storage, DRM_EL_EUL_LID | DRM_EL_EXPIRED, 1, "{L6-FUTURE}");
    assert_item(storage, DRM_EL_EUL_LID | DRM_EL_EXPIRED, 2, "{L6-VALIDITY}");
    assert_item(storage, DRM_EL_EUL_LID | DRM_EL_EXPIRED, 3, "{L6-OPEN}");
    assert_int_equal(count_items(storage, DRM_EL_EUL | DRM_EL_EXPIRED), 4);
    /* A time that is not a time: refused. */
    struct license bad = eul("{L6-BAD}", content, "yesterday", NULL, 0);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_PERSIST, bad.wide),
                     E_DRM_INVALID_LICENSE);
    assert_int_equal(DRMCloseSession(storage), S_OK);
    license_free(&validity);
    license_free(&right);
    license_free(&open_right);
    license_free(&future);
    license_free(&bad);
}

/* functions/DRMDeleteLicense.md: a storage session deletes EULs by license
 * ID, temporary and permanent; content IDs need a client session. */
static void test_delete(void **state)
{
    (void)state;
    const char *content = "{C0000000-0000-0000-0000-000000000007}";
    DRMHSESSION storage = open_storage(content);
    struct license temporary = eul("{L7-TEMP}", content, NULL, NULL, 0);
    struct license kept = eul("{L7-KEPT}", content, NULL, NULL, 0);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_NOPERSIST, temporary.wide), S_OK);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_PERSIST, kept.wide), S_OK);
    WCHAR id[64];
    assert_int_equal(DRMDeleteLicense(storage, NULL), E_INVALIDARG);
    assert_int_equal(DRMDeleteLicense(storage, widen(content, id)), E_DRM_RECORD_NOT_FOUND);
    assert_int_equal(count_items(storage, DRM_EL_EUL), 2);
    assert_int_equal(DRMDeleteLicense(storage, widen("{L7-TEMP}", id)), S_OK);
    assert_item(storage, DRM_EL_EUL_LID, 0, "{L7-KEPT}");
    assert_int_equal(count_items(storage, DRM_EL_EUL), 1);
    assert_int_equal(DRMDeleteLicense(storage, widen("{L7-KEPT}", id)), S_OK);
    assert_int_equal(count_items(storage, DRM_EL_EUL), 0);
    assert_int_equal(DRMDeleteLicense(storage, widen("{L7-KEPT}", id)), E_DRM_RECORD_NOT_FOUND);

    /* Revocation lists in the permanent store: enumerated and deleted by
     * license ID through a storage session. */
    struct license_store *store = NULL;
    assert_int_equal(store_shared(&store), S_OK);
    struct store_item list = {0};
    list.kind = STORE_REVOCATION_LIST;
    list.license_id = "{R7-LIST}";
    list.xrml = "<XrML version=\"1.2\"><BODY type=\"LICENSE\"><REVOCATIONLIST /></BODY></XrML>";
    assert_int_equal(store_add(store, &list, NULL), S_OK);
    assert_item(storage, DRM_EL_REVOCATIONLIST_LID, 0, "{R7-LIST}");
    assert_item(storage, DRM_EL_REVOCATIONLIST, 0, list.xrml);
    assert_int_equal(DRMDeleteLicense(storage, widen("{R7-LIST}", id)), S_OK);
    assert_int_equal(count_items(storage, DRM_EL_REVOCATIONLIST), 0);

    /* A client session deletes permanent EULs by content ID. */
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_PERSIST, kept.wide), S_OK);
    assert_int_equal(DRMDeleteLicense(client, widen(content, id)), S_OK);
    assert_int_equal(count_items(storage, DRM_EL_EUL), 0);
    assert_int_equal(DRMCloseSession(storage), S_OK);
    license_free(&temporary);
    license_free(&kept);
}

/* functions/DRMEnumerateLicense.md: what else a storage session
 * enumerates, and how. */
static void test_enumerate_flags(void **state)
{
    (void)state;
    DRMHSESSION storage = open_storage("{C0000000-0000-0000-0000-000000000008}");
    UINT length = 0;
    BOOL shared = TRUE;
    assert_int_equal(DRMEnumerateLicense(storage, DRM_EL_EUL, 0, &shared, NULL, NULL),
                     E_INVALIDARG);
    static const UINT refused[] = {
        DRM_EL_GROUPIDENTITY,
        DRM_EL_CLIENTLICENSOR,
        DRM_EL_ISSUANCELICENSE_TEMPLATE,
        DRM_EL_SPECIFIED_GROUPIDENTITY,
        DRM_EL_EUL | DRM_EL_ISSUERNAME,
        DRM_EL_EUL | DRM_EL_EUL_LID,
        0,
        DRM_EL_EXPIRED,
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        assert_int_equal(DRMEnumerateLicense(storage, refused[i], 0, &shared, &length, NULL),
                         E_INVALIDARG);
    /* Machine certificates: *pfSharedFlag keeps its value. */
    length = 0;
    assert_int_equal(DRMEnumerateLicense(storage, DRM_EL_MACHINE, 0, &shared, &length, NULL), S_OK);
    WCHAR *certificate = calloc(length, sizeof(WCHAR));
    assert_int_equal(DRMEnumerateLicense(storage, DRM_EL_MACHINE, 0, &shared, &length, certificate),
                     S_OK);
    assert_true(shared);
    free(certificate);
    /* Revocation lists: none stored. */
    assert_int_equal(DRMEnumerateLicense(storage, DRM_EL_REVOCATIONLIST, 0, &shared, &length, NULL),
                     E_DRM_NO_MORE_DATA);
    assert_int_equal(
        DRMEnumerateLicense(storage, DRM_EL_REVOCATIONLIST_LID, 0, &shared, &length, NULL),
        E_DRM_NO_MORE_DATA);
    assert_int_equal(DRMCloseSession(storage), S_OK);
}

/* Real documents (spec/xrml-examples, [MS-RMPR] §4.5.4 and §4.5.6): the
 * offline-signed publishing license and the use license issued for it,
 * both with signatures that verify. The use license's only right ended in
 * 2010: it is seen only with DRM_EL_EXPIRED. The SDK's cleaned EUL was
 * edited after signing and is refused. */
static void test_published_examples(void **state)
{
    (void)state;
    WCHAR *il = example_wide("rmpr-4.5.4-publishing-license.xml");
    WCHAR *ul = example_wide("rmpr-4.5.6-use-license.xml");
    WCHAR *edited = example_wide("sdk-end-user-license.cleaned.xml");
    DRMHSESSION storage = DRMHSESSION_INVALID;
    assert_int_equal(DRMCreateLicenseStorageSession(env, library, client, 0, il, &storage), S_OK);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_NOPERSIST, ul), S_OK);
    assert_int_equal(count_items(storage, DRM_EL_EUL), 0);
    assert_item(storage, DRM_EL_EUL_LID | DRM_EL_EXPIRED, 0,
                "{c542ff5d-c2ca-4eda-beec-a142f834d271}");
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_NOPERSIST, edited),
                     E_DRM_INVALID_LICENSE_SIGNATURE);
    assert_int_equal(count_items(storage, DRM_EL_EUL | DRM_EL_EXPIRED), 1);
    assert_int_equal(DRMCloseSession(storage), S_OK);
    free(il);
    free(ul);
    free(edited);
}

/* `text` with `from` replaced by `to` (heap, free with free). */
static char *replaced(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    char *result = malloc(strlen(text) - strlen(from) + strlen(to) + 1);
    assert_non_null(result);
    memcpy(result, text, (size_t)(at - text));
    strcpy(result + (at - text), to);
    strcat(result, at + strlen(from));
    return result;
}

/* The content ID (WORK/OBJECT/ID) of a document. */
static char *content_id_of(const char *text)
{
    struct xrml_document *document = NULL;
    assert_int_equal(xrml_parse_utf8(text, strlen(text), &document), S_OK);
    struct license_model model;
    assert_int_equal(license_model_read(document, &model), S_OK);
    assert_non_null(license_content_id(&model));
    char *id = malloc(strlen(license_content_id(&model)) + 1);
    assert_non_null(id);
    strcpy(id, license_content_id(&model));
    license_model_clear(&model);
    xrml_document_unref(document);
    return id;
}

/*
 * Issue 9, finding 1: whether a document is an end-user license is read
 * from its signed content (BODY/DESCRIPTOR/OBJECT@type), never from the
 * root start tag, which is outside the signature (spec/xrml.md §1). A
 * client licensor certificate chain with purpose="Content-License"
 * written into the CLC's <XrML> tag still verifies, and is refused; the
 * stores stay empty. The real EUL of the same hierarchy is stored.
 */
static void test_kind_is_read_from_signed_content(void **state)
{
    (void)state;
    struct xrml_test_pki *pki = xrml_test_pki_new();
    assert_non_null(pki);
    char *content = content_id_of(pki->clc); /* the CLC's own GUID */
    char *clc = replaced(pki->clc, "<XrML xmlns=\"\" version=\"1.2\">",
                         "<XrML xmlns=\"\" version=\"1.2\" purpose=\"Content-License\">");
    const char *const documents[] = {clc, pki->slc_certificate, pki->ca_certificate, NULL};
    char *forged_text = xrml_concatenate(documents);
    WCHAR *forged = test_wide(forged_text);
    /* No signed byte changed: the chain verifies. */
    struct xrml_chain chain;
    assert_int_equal(xrml_chain_parse(forged, &chain), S_OK);
    assert_int_equal(xrml_chain_verify(&chain), S_OK);
    xrml_chain_clear(&chain);

    DRMHSESSION storage = open_storage(content);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_NOPERSIST, forged),
                     E_DRM_INVALID_LICENSE);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_PERSIST, forged),
                     E_DRM_INVALID_LICENSE);
    assert_int_equal(count_items(storage, DRM_EL_EUL | DRM_EL_EXPIRED), 0);
    struct license_store *store = NULL;
    assert_int_equal(store_shared(&store), S_OK);
    int64_t *ids = NULL;
    size_t count = 0;
    struct store_filter filter = {STORE_KIND_MASK(STORE_END_USER_LICENSE), NULL, 0, content};
    assert_int_equal(store_list(store, &filter, &ids, &count), S_OK);
    assert_int_equal(count, 0);
    free(ids);

    char *eul_text = xrml_test_end_user_license_chain(pki, content);
    WCHAR *eul = test_wide(eul_text);
    assert_int_equal(DRMAddLicense(storage, DRM_ADD_LICENSE_NOPERSIST, eul), S_OK);
    assert_int_equal(count_items(storage, DRM_EL_EUL), 1);
    assert_int_equal(DRMCloseSession(storage), S_OK);
    free(eul);
    free(eul_text);
    free(forged);
    free(forged_text);
    free(clc);
    free(content);
    xrml_test_pki_free(pki);
}

struct worker {
    DRMHSESSION storage;
    struct license license;
    int failures;
};

static void add_enumerate_delete(void *argument)
{
    struct worker *worker = argument;
    for (int i = 0; i < 50; i++) {
        worker->failures +=
            DRMAddLicense(worker->storage, DRM_ADD_LICENSE_NOPERSIST, worker->license.wide) != S_OK;
        /* No cmocka assertions off the main thread: count failures. */
        WCHAR id[64];
        UINT length = 64;
        worker->failures +=
            DRMEnumerateLicense(worker->storage, DRM_EL_EUL_LID, 0, NULL, &length, id) != S_OK;
        DRMHSESSION copy = DRMHSESSION_INVALID;
        worker->failures += DRMDuplicateSession(worker->storage, &copy) != S_OK;
        worker->failures += DRMCloseSession(copy) != S_OK;
    }
    /* libcrypto's per-thread state goes now, not in the thread's exit
     * handlers, which may run after the process's leak check. */
    OPENSSL_thread_stop();
}

/* Threads adding to one temporary store, enumerating it and duplicating
 * and closing its handles at once: every call succeeds, and each license
 * is there once. */
static void test_concurrent_sessions(void **state)
{
    (void)state;
    const char *content = "{C0000000-0000-0000-0000-00000000000A}";
    DRMHSESSION storage = open_storage(content);
    struct worker workers[4];
    void *arguments[4];
    for (int i = 0; i < 4; i++) {
        char id[32];
        snprintf(id, sizeof id, "{LA-%d}", i);
        workers[i] = (struct worker){storage, eul(id, content, NULL, NULL, 0), 0};
        arguments[i] = &workers[i];
    }
    run_on_threads(4, add_enumerate_delete, arguments);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(workers[i].failures, 0);
        license_free(&workers[i].license);
    }
    assert_int_equal(count_items(storage, DRM_EL_EUL), 4);
    assert_int_equal(DRMCloseSession(storage), S_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_arguments),
        cmocka_unit_test(test_lifecycle),
        cmocka_unit_test(test_add_license_arguments),
        cmocka_unit_test(test_temporary_store),
        cmocka_unit_test(test_permanent_store),
        cmocka_unit_test(test_expired_licenses),
        cmocka_unit_test(test_delete),
        cmocka_unit_test(test_enumerate_flags),
        cmocka_unit_test(test_published_examples),
        cmocka_unit_test(test_kind_is_read_from_signed_content),
        cmocka_unit_test(test_concurrent_sessions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
