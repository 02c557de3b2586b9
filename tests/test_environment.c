/*
 * The secure environment: DRMInitEnvironment, DRMLoadLibrary,
 * DRMGetProcAddress, DRMCloseEnvironmentHandle,
 * DRMDuplicateEnvironmentHandle, DRMGetTime, DRMRegisterRevocationList,
 * and our manifest policy (README, "The environment and the manifest").
 *
 * Rules from functions/DRMInitEnvironment.md (the library handle is closed
 * before the environment handle, else E_DRM_ENV_NOT_LOADED),
 * DRMLoadLibrary.md (an already loaded library gives the same object),
 * DRMDuplicateEnvironmentHandle.md, DRMGetTime.md and
 * DRMRegisterRevocationList.md. Documents are built and signed here
 * (tests/support/test_documents.c). The test process has its own data
 * folder; the first test runs before the machine is activated.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "client/environment.h"
#include "runtime/handles.h"
#include "store/license_store.h"
#include "client/machine_identity.h"
#include "ignore_status.h"
#include "msdrm.h"
#include "msdrmgetinfo.h"
#include "test_documents.h"
#include "test_threads.h"
#include "wide_text.h"

#define E_PROC_NOT_FOUND ((HRESULT)0x8007007FL)

static WCHAR *provider_path;   /* what DRMGetSecurityProvider reports */
static WCHAR *machine_chain;   /* this user's machine certificate 0 */
static WCHAR *machine_chain_1; /* ... and 1 */
static WCHAR *plain_manifest;  /* unsigned, well-formed */
static EVP_PKEY *manifest_key;

static WCHAR *read_provider_path(void)
{
    UINT type_length = 0, path_length = 0;
    assert_int_equal(DRMGetSecurityProvider(0, &type_length, NULL, &path_length, NULL), S_OK);
    WCHAR *type = calloc(type_length, sizeof(WCHAR));
    WCHAR *path = calloc(path_length, sizeof(WCHAR));
    assert_int_equal(DRMGetSecurityProvider(0, &type_length, type, &path_length, path), S_OK);
    free(type);
    return path;
}

static WCHAR *machine_certificate(UINT index)
{
    DRMHSESSION client = DRMHSESSION_INVALID;
    assert_int_equal(DRMCreateClientSession(ignore_status, 0,
                                            (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL,
                                            &client),
                     S_OK);
    BOOL shared = TRUE;
    UINT length = 0;
    assert_int_equal(DRMEnumerateLicense(client, DRM_EL_MACHINE, index, &shared, &length, NULL),
                     S_OK);
    WCHAR *text = calloc(length, sizeof(WCHAR));
    assert_int_equal(DRMEnumerateLicense(client, DRM_EL_MACHINE, index, &shared, &length, text),
                     S_OK);
    assert_int_equal(DRMCloseSession(client), S_OK);
    return text;
}

static int setup(void **state)
{
    (void)state;
    provider_path = read_provider_path();
    manifest_key = test_key();
    char *manifest =
        test_manifest(NULL, "{AAAAAAAA-0000-0000-0000-000000000001}", "Test vendor", "plugin.dll");
    plain_manifest = test_wide(manifest);
    free(manifest);
    return provider_path == NULL || manifest_key == NULL || plain_manifest == NULL;
}

static int teardown(void **state)
{
    (void)state;
    free(provider_path);
    free(machine_chain);
    free(machine_chain_1);
    free(plain_manifest);
    EVP_PKEY_free(manifest_key);
    return 0;
}

static void activate(void)
{
    if (machine_chain != NULL)
        return;
    struct license_store *store = NULL;
    bool already = false;
    assert_int_equal(store_shared(&store), S_OK);
    assert_int_equal(machine_identity_activate(store, false, &already), S_OK);
    machine_chain = machine_certificate(0);
    machine_chain_1 = machine_certificate(1);
}

static HRESULT init_with(const WCHAR *manifest, const WCHAR *machine, DRMENVHANDLE *env,
                         DRMHANDLE *library)
{
    return DRMInitEnvironment(DRMSECURITYPROVIDERTYPE_SOFTWARESECREP, DRMSPECTYPE_FILENAME,
                              provider_path, (PWSTR)manifest, (PWSTR)machine, env, library);
}

static void init(DRMENVHANDLE *env, DRMHANDLE *library)
{
    activate();
    assert_int_equal(init_with(plain_manifest, machine_chain, env, library), S_OK);
    assert_int_not_equal(*env, DRMENVHANDLE_INVALID);
    assert_int_not_equal(*library, DRMHANDLE_INVALID);
}

static void close_all(DRMENVHANDLE env, DRMHANDLE library)
{
    assert_int_equal(DRMCloseHandle(library), S_OK);
    assert_int_equal(DRMCloseEnvironmentHandle(env), S_OK);
}

/* Initialising fails with `expected` and hands out no handle. */
static void assert_init_fails(const WCHAR *manifest, const WCHAR *machine, HRESULT expected)
{
    size_t before = handle_open_count();
    DRMENVHANDLE env = 77;
    DRMHANDLE library = 77;
    assert_int_equal(init_with(manifest, machine, &env, &library), expected);
    assert_int_equal(env, DRMENVHANDLE_INVALID);
    assert_int_equal(library, DRMHANDLE_INVALID);
    assert_int_equal(handle_open_count(), before);
}

/* functions/DRMEnumerateLicense.md, DRMInitEnvironment.md: the lockbox
 * of a machine that is not activated cannot be loaded. */
static void test_init_needs_machine_activation(void **state)
{
    (void)state;
    char *fake = test_issuer_certificate(manifest_key, manifest_key, "{0}");
    WCHAR *machine = test_wide(fake);
    assert_init_fails(plain_manifest, machine, E_DRM_NEEDS_MACHINE_ACTIVATION);
    free(machine);
    free(fake);
}

/* functions/DRMInitEnvironment.md: every argument checked, nothing handed
 * out on failure. */
static void test_init_arguments(void **state)
{
    (void)state;
    activate();
    DRMENVHANDLE env = 77;
    DRMHANDLE library = 77;
    PWSTR path = provider_path;
    assert_int_equal(DRMInitEnvironment(DRMSECURITYPROVIDERTYPE_SOFTWARESECREP,
                                        DRMSPECTYPE_FILENAME, path, plain_manifest, machine_chain,
                                        NULL, &library),
                     E_INVALIDARG);
    assert_int_equal(DRMInitEnvironment(DRMSECURITYPROVIDERTYPE_SOFTWARESECREP,
                                        DRMSPECTYPE_FILENAME, path, plain_manifest, machine_chain,
                                        &env, NULL),
                     E_INVALIDARG);
    assert_int_equal(env, 77);
    assert_int_equal(DRMInitEnvironment((DRMSECURITYPROVIDERTYPE)1, DRMSPECTYPE_FILENAME, path,
                                        plain_manifest, machine_chain, &env, &library),
                     E_DRM_INVALID_LOCKBOX_TYPE);
    assert_int_equal(env, DRMENVHANDLE_INVALID);
    assert_int_equal(library, DRMHANDLE_INVALID);
    assert_int_equal(DRMInitEnvironment(DRMSECURITYPROVIDERTYPE_SOFTWARESECREP, DRMSPECTYPE_UNKNOWN,
                                        path, plain_manifest, machine_chain, &env, &library),
                     E_DRM_INVALID_LOCKBOX_TYPE);
    assert_int_equal(DRMInitEnvironment(DRMSECURITYPROVIDERTYPE_SOFTWARESECREP,
                                        DRMSPECTYPE_FILENAME, NULL, plain_manifest, machine_chain,
                                        &env, &library),
                     E_INVALIDARG);
    assert_init_fails(NULL, machine_chain, E_INVALIDARG);
    assert_init_fails(plain_manifest, NULL, E_INVALIDARG);

    /* Another lockbox path than the one DRMGetSecurityProvider names. */
    WCHAR other[16];
    assert_int_equal(DRMInitEnvironment(DRMSECURITYPROVIDERTYPE_SOFTWARESECREP,
                                        DRMSPECTYPE_FILENAME, widen("lockbox", other),
                                        plain_manifest, machine_chain, &env, &library),
                     E_DRM_INVALID_LOCKBOX_PATH);

    /* Machine credentials: not XrML; a valid certificate that is not this
     * user's machine certificate; ours, tampered. */
    WCHAR junk[16];
    assert_init_fails(plain_manifest, widen("not a chain", junk), E_DRM_INVALID_LICENSE);
    char *stranger = test_issuer_certificate(manifest_key, manifest_key, "{1}");
    WCHAR *stranger_wide = test_wide(stranger);
    assert_init_fails(plain_manifest, stranger_wide, E_DRM_ENV_CANNOT_LOAD);
    free(stranger_wide);
    free(stranger);
    size_t units = 0;
    while (machine_chain[units] != 0)
        units++;
    WCHAR *tampered = calloc(units + 1, sizeof(WCHAR));
    memcpy(tampered, machine_chain, units * sizeof(WCHAR));
    for (size_t i = 0; i + 6 < units; i++) {
        if (tampered[i] == '<' && tampered[i + 1] == 'N' && tampered[i + 2] == 'A') {
            tampered[i + 6] = tampered[i + 6] == 'X' ? 'Y' : 'X'; /* first NAME's text */
            break;
        }
    }
    assert_init_fails(plain_manifest, tampered, E_DRM_INVALID_LICENSE_SIGNATURE);
    free(tampered);

    /* Either of the two machine certificates will do. */
    assert_int_equal(init_with(plain_manifest, machine_chain_1, &env, &library), S_OK);
    close_all(env, library);
}

/* functions/DRMInitEnvironment.md: close the library handle before the
 * environment handle, otherwise E_DRM_ENV_NOT_LOADED. */
static void test_library_before_environment(void **state)
{
    (void)state;
    size_t before = handle_open_count();
    DRMENVHANDLE env;
    DRMHANDLE library;
    init(&env, &library);
    assert_int_equal(DRMCloseEnvironmentHandle(env), E_DRM_ENV_NOT_LOADED);
    /* ... and the environment stays open. */
    SYSTEMTIME now;
    assert_int_equal(DRMGetTime(env, DRMTIMETYPE_SYSTEMUTC, &now), S_OK);
    assert_int_equal(DRMCloseHandle(library), S_OK);
    assert_int_equal(DRMCloseHandle(library), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMCloseEnvironmentHandle(env), S_OK);
    assert_int_equal(DRMCloseEnvironmentHandle(env), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMGetTime(env, DRMTIMETYPE_SYSTEMUTC, &now), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMCloseEnvironmentHandle(DRMENVHANDLE_INVALID), E_DRM_INVALID_HANDLE);
    assert_int_equal(handle_open_count(), before);
}

/* functions/DRMDuplicateEnvironmentHandle.md: duplicates are counted;
 * the library rule applies to the last environment handle. */
static void test_duplicate_environment(void **state)
{
    (void)state;
    DRMENVHANDLE env, copy = 77;
    DRMHANDLE library;
    init(&env, &library);
    assert_int_equal(DRMDuplicateEnvironmentHandle(env, NULL), E_INVALIDARG);
    assert_int_equal(DRMDuplicateEnvironmentHandle(library, &copy), E_DRM_INVALID_HANDLE);
    assert_int_equal(copy, DRMENVHANDLE_INVALID);
    assert_int_equal(DRMDuplicateEnvironmentHandle(env, &copy), S_OK);
    assert_int_not_equal(copy, env);
    assert_int_not_equal(copy, DRMENVHANDLE_INVALID);
    /* Not the last handle: closes although the library is open. */
    assert_int_equal(DRMCloseEnvironmentHandle(env), S_OK);
    assert_int_equal(DRMCloseEnvironmentHandle(copy), E_DRM_ENV_NOT_LOADED);
    assert_int_equal(DRMCloseHandle(library), S_OK);
    assert_int_equal(DRMCloseEnvironmentHandle(copy), S_OK);
    /* Handles of other kinds are not environments. */
    assert_int_equal(DRMCloseEnvironmentHandle(library), E_DRM_INVALID_HANDLE);
}

/* functions/DRMLoadLibrary.md: an approved library, the same object when
 * already loaded; ours approves the standard library only. */
static void test_load_library(void **state)
{
    (void)state;
    DRMENVHANDLE env;
    DRMHANDLE library, again = 77, lower = 77;
    init(&env, &library);
    WCHAR name[32];
    assert_int_equal(
        DRMLoadLibrary(env, DRMSPECTYPE_FILENAME, g_wszPLUG_STANDARDLIBRARY, NULL, NULL),
        E_INVALIDARG);
    assert_int_equal(DRMLoadLibrary(env, DRMSPECTYPE_FILENAME, widen("UDStdPlg", name),
                                    widen("x", name + 16), &again),
                     E_INVALIDARG);
    assert_int_equal(again, DRMHANDLE_INVALID);
    assert_int_equal(
        DRMLoadLibrary(env, DRMSPECTYPE_UNKNOWN, widen("UDStdPlg", name), NULL, &again),
        E_INVALIDARG);
    assert_int_equal(DRMLoadLibrary(env, DRMSPECTYPE_FILENAME, NULL, NULL, &again), E_INVALIDARG);
    assert_int_equal(DRMLoadLibrary(env, DRMSPECTYPE_FILENAME, widen("", name), NULL, &again),
                     E_INVALIDARG);
    assert_int_equal(
        DRMLoadLibrary(library, DRMSPECTYPE_FILENAME, widen("UDStdPlg", name), NULL, &again),
        E_DRM_INVALID_HANDLE);
    /* Foreign code is never loaded, whatever it is called. */
    assert_int_equal(
        DRMLoadLibrary(env, DRMSPECTYPE_FILENAME, widen("plugin.dll", name), NULL, &again),
        E_DRM_MANIFEST_POLICY_VIOLATION);
    assert_int_equal(
        DRMLoadLibrary(env, DRMSPECTYPE_FILENAME, widen("UDStdPlg.dll", name), NULL, &again),
        E_DRM_MANIFEST_POLICY_VIOLATION);
    assert_int_equal(again, DRMHANDLE_INVALID);

    assert_int_equal(
        DRMLoadLibrary(env, DRMSPECTYPE_FILENAME, g_wszPLUG_STANDARDLIBRARY, NULL, &again), S_OK);
    assert_int_equal(
        DRMLoadLibrary(env, DRMSPECTYPE_FILENAME, widen("udstdplg", name), NULL, &lower), S_OK);
    struct object *a = NULL, *b = NULL, *c = NULL;
    assert_int_equal(handle_acquire(library, HANDLE_MASK(HANDLE_LIBRARY), &a, NULL), S_OK);
    assert_int_equal(handle_acquire(again, HANDLE_MASK(HANDLE_LIBRARY), &b, NULL), S_OK);
    assert_int_equal(handle_acquire(lower, HANDLE_MASK(HANDLE_LIBRARY), &c, NULL), S_OK);
    assert_ptr_equal(a, b);
    assert_ptr_equal(a, c);
    object_unref(a);
    object_unref(b);
    object_unref(c);

    /* Every handle on the library keeps the environment from closing,
     * DRMDuplicateHandle's too. */
    DRMHANDLE duplicate = DRMHANDLE_INVALID;
    assert_int_equal(DRMDuplicateHandle(library, &duplicate), S_OK);
    assert_int_equal(DRMCloseHandle(library), S_OK);
    assert_int_equal(DRMCloseHandle(again), S_OK);
    assert_int_equal(DRMCloseHandle(lower), S_OK);
    assert_int_equal(DRMCloseEnvironmentHandle(env), E_DRM_ENV_NOT_LOADED);
    assert_int_equal(DRMCloseHandle(duplicate), S_OK);

    /* Once unloaded, loading it again gives a library that counts. */
    assert_int_equal(
        DRMLoadLibrary(env, DRMSPECTYPE_FILENAME, g_wszPLUG_STANDARDLIBRARY, NULL, &again), S_OK);
    assert_int_equal(DRMCloseEnvironmentHandle(env), E_DRM_ENV_NOT_LOADED);
    close_all(env, again);
}

/* functions/DRMGetProcAddress.md, with our rule: the standard library
 * exports no procedure; never a made-up address. */
static void test_get_proc_address(void **state)
{
    (void)state;
    DRMENVHANDLE env;
    DRMHANDLE library;
    init(&env, &library);
    WCHAR name[32];
    FARPROC address = (FARPROC)(uintptr_t)1;
    assert_int_equal(DRMGetProcAddress(library, widen("DRMCreateBoundLicense", name), NULL),
                     E_INVALIDARG);
    assert_int_equal(DRMGetProcAddress(library, NULL, &address), E_INVALIDARG);
    assert_null((void *)(uintptr_t)address);
    address = (FARPROC)(uintptr_t)1;
    assert_int_equal(DRMGetProcAddress(library, widen("", name), &address), E_INVALIDARG);
    address = (FARPROC)(uintptr_t)1;
    assert_int_equal(DRMGetProcAddress(library, widen("DRMCreateBoundLicense", name), &address),
                     E_PROC_NOT_FOUND);
    assert_null((void *)(uintptr_t)address);
    assert_int_equal(DRMGetProcAddress(env, widen("x", name), &address), E_DRM_INVALID_HANDLE);
    close_all(env, library);
    assert_int_equal(DRMGetProcAddress(library, widen("x", name), &address), E_DRM_INVALID_HANDLE);
}

/* Seconds since 1970 of a broken-down time, read as UTC. */
static int64_t seconds_of(int year, int month, int day, int hour, int minute, int second)
{
    int64_t y = year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return ((era * 146097 + doe - 719468) * 24 + hour) * 3600 + minute * 60 + second;
}

static int64_t seconds_of_systemtime(const SYSTEMTIME *t)
{
    return seconds_of(t->wYear, t->wMonth, t->wDay, t->wHour, t->wMinute, t->wSecond);
}

static int64_t seconds_of_tm(const struct tm *t)
{
    return seconds_of(t->tm_year + 1900, t->tm_mon + 1, t->tm_mday, t->tm_hour, t->tm_min,
                      t->tm_sec);
}

/* functions/DRMGetTime.md: UTC or local time per DRMTIMETYPE. */
static void test_get_time(void **state)
{
    (void)state;
    DRMENVHANDLE env;
    DRMHANDLE library;
    init(&env, &library);
    SYSTEMTIME utc, local, untouched;
    memset(&untouched, 0xAB, sizeof untouched);
    SYSTEMTIME probe = untouched;
    assert_int_equal(DRMGetTime(env, DRMTIMETYPE_SYSTEMUTC, NULL), E_INVALIDARG);
    assert_int_equal(DRMGetTime(env, (DRMTIMETYPE)2, &probe), E_INVALIDARG);
    assert_int_equal(DRMGetTime(env, (DRMTIMETYPE)-1, &probe), E_INVALIDARG);
    assert_int_equal(DRMGetTime(library, DRMTIMETYPE_SYSTEMUTC, &probe), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMGetTime(DRMENVHANDLE_INVALID, DRMTIMETYPE_SYSTEMUTC, &probe),
                     E_DRM_INVALID_HANDLE);
    assert_memory_equal(&probe, &untouched, sizeof probe);

    time_t now = time(NULL);
    assert_int_equal(DRMGetTime(env, DRMTIMETYPE_SYSTEMUTC, &utc), S_OK);
    assert_int_equal(DRMGetTime(env, DRMTIMETYPE_SYSTEMLOCAL, &local), S_OK);
    struct tm utc_parts = *gmtime(&now);
    struct tm local_parts = *localtime(&now);
    assert_true(llabs(seconds_of_systemtime(&utc) - seconds_of_tm(&utc_parts)) <= 5);
    assert_true(llabs(seconds_of_systemtime(&local) - seconds_of_tm(&local_parts)) <= 5);
    assert_int_equal(utc.wDayOfWeek, utc_parts.tm_wday);
    assert_true(utc.wMilliseconds < 1000);
    /* Local minus UTC is the zone's offset, whole minutes. */
    int64_t offset = seconds_of_systemtime(&local) - seconds_of_systemtime(&utc);
    int64_t expected = seconds_of_tm(&local_parts) - seconds_of_tm(&utc_parts);
    assert_true(llabs(offset - expected) <= 5);
    close_all(env, library);
}

/* Our manifest policy: well-formed XrML, signatures checked when there
 * are any, hostile documents refused, nothing named in it loaded. */
static void test_manifest_policy(void **state)
{
    (void)state;
    activate();
    DRMENVHANDLE env;
    DRMHANDLE library;
    struct environment *environment = NULL;

    /* Unsigned and well-formed: accepted, its identity recorded. */
    init(&env, &library);
    assert_int_equal(environment_acquire(env, &environment), S_OK);
    assert_string_equal(environment->manifest_id, "{AAAAAAAA-0000-0000-0000-000000000001}");
    assert_string_equal(environment->manifest_issuer, "Test vendor");
    assert_false(environment->manifest_signed);
    object_unref(&environment->base);
    /* The module it names is never loaded. */
    WCHAR name[32];
    DRMHANDLE plugin = 77;
    assert_int_equal(
        DRMLoadLibrary(env, DRMSPECTYPE_FILENAME, widen("plugin.dll", name), NULL, &plugin),
        E_DRM_MANIFEST_POLICY_VIOLATION);
    assert_int_equal(plugin, DRMHANDLE_INVALID);
    close_all(env, library);

    /* Signed by a key of our own (an unknown root): accepted. */
    char *signed_text = test_manifest(manifest_key, "{AAAAAAAA-0000-0000-0000-000000000002}",
                                      "Signed vendor", "plugin.dll");
    WCHAR *signed_manifest = test_wide(signed_text);
    assert_int_equal(init_with(signed_manifest, machine_chain, &env, &library), S_OK);
    assert_int_equal(environment_acquire(env, &environment), S_OK);
    assert_true(environment->manifest_signed);
    assert_string_equal(environment->manifest_id, "{AAAAAAAA-0000-0000-0000-000000000002}");
    object_unref(&environment->base);
    close_all(env, library);

    /* A chain, leaf first, whose links match: accepted. */
    EVP_PKEY *root = test_key();
    char *issuer =
        test_issuer_certificate(root, manifest_key, "{AAAAAAAA-0000-0000-0000-00000000000F}");
    char *chain_text = test_join(signed_text, issuer);
    WCHAR *chain = test_wide(chain_text);
    assert_int_equal(init_with(chain, machine_chain, &env, &library), S_OK);
    close_all(env, library);

    /* A chain whose issuer certifies another key: refused. */
    EVP_PKEY *other = test_key();
    char *wrong_issuer =
        test_issuer_certificate(root, other, "{AAAAAAAA-0000-0000-0000-00000000000E}");
    char *broken_text = test_join(signed_text, wrong_issuer);
    WCHAR *broken = test_wide(broken_text);
    assert_init_fails(broken, machine_chain, E_DRM_MANIFEST_POLICY_VIOLATION);

    /* Tampered after signing: refused. */
    test_tamper(signed_text, "Signed vendor", "Signed vendoR");
    WCHAR *tampered = test_wide(signed_text);
    assert_init_fails(tampered, machine_chain, E_DRM_MANIFEST_POLICY_VIOLATION);

    /* Malformed and hostile text: refused. */
    static const char *const refused[] = {
        "",
        "   ",
        "not xml at all",
        "<XrML version=\"1.2\"><BODY type=\"x\">",
        "<XrML version=\"1.2\"><NOBODY /></XrML>",
        "<?xml version=\"1.0\"?><!DOCTYPE XrML [<!ENTITY x \"boom\">]><XrML version=\"1.2\">"
        "<BODY type=\"x\">&x;</BODY></XrML>",
        "<!DOCTYPE XrML SYSTEM \"file:///etc/passwd\"><XrML version=\"1.2\"><BODY /></XrML>",
        "<XrML version=\"1.2\"><BODY>&unknown;</BODY></XrML>",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        WCHAR *text = test_wide(refused[i]);
        assert_init_fails(text, machine_chain, E_DRM_MANIFEST_POLICY_VIOLATION);
        free(text);
    }

    free(tampered);
    free(broken);
    free(broken_text);
    free(wrong_issuer);
    free(chain);
    free(chain_text);
    free(issuer);
    free(signed_manifest);
    free(signed_text);
    EVP_PKEY_free(root);
    EVP_PKEY_free(other);
}

/* functions/DRMRegisterRevocationList.md: registered for the lifetime of
 * the environment; ours must be a signed revocation list. */
static void test_register_revocation_list(void **state)
{
    (void)state;
    DRMENVHANDLE env;
    DRMHANDLE library;
    init(&env, &library);
    EVP_PKEY *authority = test_key();
    char *list_text = test_revocation_list(authority, "{BBBBBBBB-0000-0000-0000-000000000001}");
    char *second_text = test_revocation_list(authority, "{BBBBBBBB-0000-0000-0000-000000000002}");
    /* Its issuer's key, but no SIGNATURE. */
    char *unsigned_text = test_revocation_list(authority, "{BBBBBBBB-0000-0000-0000-000000000003}");
    strcpy(strstr(unsigned_text, "<SIGNATURE>"), "</XrML>");
    char *not_a_list_text = test_issuer_certificate(authority, authority, "{BBBB}");
    WCHAR *list = test_wide(list_text);
    WCHAR *second = test_wide(second_text);
    WCHAR *unsigned_list = test_wide(unsigned_text);
    WCHAR *not_a_list = test_wide(not_a_list_text);
    test_tamper(list_text, "00000000000A", "00000000000B");
    WCHAR *tampered = test_wide(list_text);
    WCHAR junk[16];

    struct environment *environment = NULL;
    assert_int_equal(environment_acquire(env, &environment), S_OK);
    assert_int_equal(DRMRegisterRevocationList(env, NULL), E_INVALIDARG);
    assert_int_equal(DRMRegisterRevocationList(env, widen("", junk)), E_INVALIDARG);
    assert_int_equal(DRMRegisterRevocationList(library, list), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMRegisterRevocationList(env, widen("<XrML>", junk)), E_DRM_INVALID_LICENSE);
    assert_int_equal(DRMRegisterRevocationList(env, not_a_list), E_DRM_INVALID_LICENSE);
    assert_int_equal(DRMRegisterRevocationList(env, unsigned_list),
                     E_DRM_INVALID_LICENSE_SIGNATURE);
    assert_int_equal(DRMRegisterRevocationList(env, tampered), E_DRM_INVALID_LICENSE_SIGNATURE);
    assert_int_equal(environment_revocation_list_count(environment), 0);

    assert_int_equal(DRMRegisterRevocationList(env, list), S_OK);
    assert_int_equal(environment_revocation_list_count(environment), 1);
    assert_int_equal(DRMRegisterRevocationList(env, list), S_OK); /* the same one: kept once */
    assert_int_equal(environment_revocation_list_count(environment), 1);
    assert_int_equal(DRMRegisterRevocationList(env, second), S_OK);
    assert_int_equal(environment_revocation_list_count(environment), 2);
    object_unref(&environment->base);

    /* A new environment starts with none. */
    DRMENVHANDLE env2;
    DRMHANDLE library2;
    init(&env2, &library2);
    assert_int_equal(environment_acquire(env2, &environment), S_OK);
    assert_int_equal(environment_revocation_list_count(environment), 0);
    object_unref(&environment->base);
    close_all(env2, library2);

    close_all(env, library);
    assert_int_equal(DRMRegisterRevocationList(env, list), E_DRM_INVALID_HANDLE);
    free(list);
    free(second);
    free(unsigned_list);
    free(not_a_list);
    free(tampered);
    free(list_text);
    free(second_text);
    free(unsigned_text);
    free(not_a_list_text);
    EVP_PKEY_free(authority);
}

struct churn {
    DRMENVHANDLE env;
    int failures;
};

static void churn_libraries(void *argument)
{
    struct churn *churn = argument;
    for (int i = 0; i < 200; i++) {
        DRMHANDLE library = DRMHANDLE_INVALID;
        DRMENVHANDLE copy = DRMENVHANDLE_INVALID;
        SYSTEMTIME now;
        churn->failures += DRMLoadLibrary(churn->env, DRMSPECTYPE_FILENAME,
                                          g_wszPLUG_STANDARDLIBRARY, NULL, &library) != S_OK;
        churn->failures += DRMDuplicateEnvironmentHandle(churn->env, &copy) != S_OK;
        churn->failures += DRMGetTime(copy, DRMTIMETYPE_SYSTEMUTC, &now) != S_OK;
        churn->failures += DRMCloseEnvironmentHandle(copy) != S_OK;
        churn->failures += DRMCloseHandle(library) != S_OK;
    }
}

/* Threads loading and closing libraries and environment handles at once:
 * every call succeeds, and afterwards the library rule still holds. */
static void test_concurrent_libraries(void **state)
{
    (void)state;
    size_t before = handle_open_count();
    DRMENVHANDLE env;
    DRMHANDLE library;
    init(&env, &library);
    struct churn churns[4] = {{env, 0}, {env, 0}, {env, 0}, {env, 0}};
    void *arguments[4] = {&churns[0], &churns[1], &churns[2], &churns[3]};
    run_on_threads(4, churn_libraries, arguments);
    for (int i = 0; i < 4; i++)
        assert_int_equal(churns[i].failures, 0);
    assert_int_equal(DRMCloseEnvironmentHandle(env), E_DRM_ENV_NOT_LOADED);
    close_all(env, library);
    assert_int_equal(handle_open_count(), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_needs_machine_activation),
        cmocka_unit_test(test_init_arguments),
        cmocka_unit_test(test_library_before_environment),
        cmocka_unit_test(test_duplicate_environment),
        cmocka_unit_test(test_load_library),
        cmocka_unit_test(test_get_proc_address),
        cmocka_unit_test(test_get_time),
        cmocka_unit_test(test_manifest_policy),
        cmocka_unit_test(test_register_revocation_list),
        cmocka_unit_test(test_concurrent_libraries),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
