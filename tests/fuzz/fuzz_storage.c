/*
 * libFuzzer target: what the environment and license storage sessions
 * accept from an application, on arbitrary input (bytes read as UTF-16LE
 * units): as an end-user license chain for DRMAddLicense (temporary
 * store, then enumerated and deleted again by its license ID), as a
 * revocation list, as a signed issuance license, and as a manifest. The
 * machine is activated once, in the fuzzer's own data folder; nothing is
 * written to the permanent store.
 */
#include <stdint.h>
#include <stdlib.h>

#include <openssl/rsa.h>

#include "store/license_store.h"
#include "client/machine_identity.h"
#include "license/license_builders.h"
#include "util/wstring.h"
#include "fuzz_input.h"
#include "msdrm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static DRMENVHANDLE env;
static DRMHANDLE library;
static DRMHSESSION client;
static DRMHSESSION storage;
static WCHAR *provider;
static WCHAR *machine;

static HRESULT __stdcall no_status(DRM_STATUS_MSG message, HRESULT status, void *param,
                                   void *context)
{
    (void)message, (void)status, (void)param, (void)context;
    return S_OK;
}

/* A signed issuance license for one content ID, signed by a new key. */
static WCHAR *issuance_license(void)
{
    EVP_PKEY *key = EVP_RSA_gen(1024);
    struct license_object issuer_object = {.id_type = "MS-GUID", .id = "{1}"};
    struct license_party issuer = {.object = &issuer_object, .key = key};
    struct license_object content = {.id_type = "MS-GUID",
                                     .id = "{09D39708-DF09-4554-BD2B-D6421346DD30}"};
    struct license_work work = {.object = &content};
    struct license_model model = {.issued_time = 1767225600, /* 2026-01-01T00:00 */
                                  .issuer = &issuer,
                                  .works = &work,
                                  .work_count = 1};
    char *text = NULL;
    if (key == NULL || FAILED(license_build_publishing_license(&model, key, &text)))
        abort();
    WCHAR *wide = wstr_from_utf8(text);
    free(text);
    EVP_PKEY_free(key);
    return wide;
}

static WCHAR *machine_certificate(void)
{
    UINT length = 0;
    BOOL shared = FALSE;
    if (DRMEnumerateLicense(client, DRM_EL_MACHINE, 0, &shared, &length, NULL) != S_OK)
        abort();
    WCHAR *text = calloc(length, sizeof(WCHAR));
    if (text == NULL ||
        DRMEnumerateLicense(client, DRM_EL_MACHINE, 0, &shared, &length, text) != S_OK)
        abort();
    return text;
}

static void setup(void)
{
    struct license_store *store = NULL;
    bool already = false;
    if (FAILED(store_shared(&store)) || FAILED(machine_identity_activate(store, false, &already)))
        abort();
    if (DRMCreateClientSession(no_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL,
                               &client) != S_OK)
        abort();
    UINT type_length = 0, path_length = 0;
    DRMGetSecurityProvider(0, &type_length, NULL, &path_length, NULL);
    WCHAR *type = calloc(type_length, sizeof(WCHAR));
    provider = calloc(path_length, sizeof(WCHAR));
    if (DRMGetSecurityProvider(0, &type_length, type, &path_length, provider) != S_OK)
        abort();
    free(type);
    machine = machine_certificate();
    WCHAR *manifest = wstr_from_utf8("<XrML version=\"1.2\"><BODY type=\"x\" /></XrML>");
    WCHAR *il = issuance_license();
    if (DRMInitEnvironment(DRMSECURITYPROVIDERTYPE_SOFTWARESECREP, DRMSPECTYPE_FILENAME, provider,
                           manifest, machine, &env, &library) != S_OK ||
        DRMCreateLicenseStorageSession(env, library, client, 0, il, &storage) != S_OK)
        abort();
    free(manifest);
    free(il);
}

/* Adds `text` to the temporary store; if it is taken, each license the
 * session then holds is deleted by the ID enumeration gives. */
static void add_and_remove(WCHAR *text)
{
    if (DRMAddLicense(storage, DRM_ADD_LICENSE_NOPERSIST, text) != S_OK)
        return;
    for (;;) {
        UINT length = 0;
        HRESULT hr =
            DRMEnumerateLicense(storage, DRM_EL_EUL_LID | DRM_EL_EXPIRED, 0, NULL, &length, NULL);
        if (hr == E_DRM_NO_MORE_DATA)
            break;
        WCHAR *id = calloc(length, sizeof(WCHAR));
        if (hr != S_OK || id == NULL ||
            DRMEnumerateLicense(storage, DRM_EL_EUL_LID | DRM_EL_EXPIRED, 0, NULL, &length, id) !=
                S_OK ||
            DRMDeleteLicense(storage, id) != S_OK)
            abort();
        free(id);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        setup();
        ready = 1;
    }
    WCHAR *text = fuzz_input_wide(data, size);
    if (text == NULL)
        return 0;
    add_and_remove(text);
    DRMRegisterRevocationList(env, text);
    DRMHSESSION other = DRMHSESSION_INVALID;
    if (DRMCreateLicenseStorageSession(env, library, client, 0, text, &other) == S_OK &&
        DRMCloseSession(other) != S_OK)
        abort();
    DRMENVHANDLE second = DRMENVHANDLE_INVALID;
    DRMHANDLE second_library = DRMHANDLE_INVALID;
    if (DRMInitEnvironment(DRMSECURITYPROVIDERTYPE_SOFTWARESECREP, DRMSPECTYPE_FILENAME, provider,
                           text, machine, &second, &second_library) == S_OK &&
        (DRMCloseHandle(second_library) != S_OK || DRMCloseEnvironmentHandle(second) != S_OK))
        abort();
    free(text);
    return 0;
}
