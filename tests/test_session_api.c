/*
 * Conformance tests of the session exports and the session-free exports,
 * through the DLL as an application links it. Each case names the rule of
 * spec/functions/<name>.md it checks; "our choice" marks behaviour the
 * documentation leaves open (README, "Choices").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ignore_status.h"
#include "wide_text.h"
#include "msdrm.h"

#define SENTINEL_HANDLE 0xDEADBEEFu

static bool wide_ends_with(const WCHAR *text, const char *suffix)
{
    size_t length = 0, suffix_length = strlen(suffix);
    while (text[length] != 0)
        length++;
    if (length < suffix_length)
        return false;
    for (size_t i = 0; i < suffix_length; i++) {
        if (text[length - suffix_length + i] != (WCHAR)suffix[i])
            return false;
    }
    return true;
}

static HRESULT create(DRMCALLBACK callback, UINT version, PWSTR provider, PWSTR group_id,
                      DRMHSESSION *session)
{
    *session = SENTINEL_HANDLE;
    return DRMCreateClientSession(callback, version, provider, group_id, session);
}

/* --- DRMCreateClientSession ------------------------------------------------- */

static void test_create_requires_callback_and_out_pointer(void **state)
{
    (void)state;
    WCHAR provider[32];
    DRMHSESSION session;
    /* "This parameter cannot be NULL"; on failure *phClient is 0. */
    assert_int_equal(create(NULL, 0, widen("WindowsAuthProvider", provider), NULL, &session),
                     E_INVALIDARG);
    assert_int_equal(session, DRMHSESSION_INVALID);
    assert_int_equal(DRMCreateClientSession(ignore_status, 0, provider, NULL, NULL), E_INVALIDARG);
}

static void test_create_callback_versions(void **state)
{
    (void)state;
    WCHAR provider[32];
    DRMHSESSION session;
    widen("WindowsAuthProvider", provider);
    /* Version 0 (the page) and 1 (DRMCALLBACKVERSION) are accepted. */
    for (UINT version = 0; version <= 1; version++) {
        assert_int_equal(create(ignore_status, version, provider, NULL, &session), S_OK);
        assert_int_not_equal(session, DRMHSESSION_INVALID);
        assert_int_equal(DRMCloseSession(session), S_OK);
    }
    assert_int_equal(create(ignore_status, 2, provider, NULL, &session), E_INVALIDARG);
    assert_int_equal(session, DRMHSESSION_INVALID);
    assert_int_equal(create(ignore_status, UINT32_MAX, provider, NULL, &session), E_INVALIDARG);
}

static void test_create_provider_types(void **state)
{
    (void)state;
    WCHAR provider[64];
    DRMHSESSION session;
    /* The two providers are compared by content, not address. */
    assert_int_equal(
        create(ignore_status, 0, widen("WindowsAuthProvider", provider), NULL, &session), S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);
    assert_int_equal(
        create(ignore_status, 0, widen("PassportAuthProvider", provider), NULL, &session), S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);
    assert_int_equal(
        create(ignore_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_PASSPORT, NULL, &session), S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);

    static const char *const refused[] = {"", "windowsauthprovider", "WindowsAuthProviderX",
                                          "WindowsAuth", "Passport"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        assert_int_equal(create(ignore_status, 0, widen(refused[i], provider), NULL, &session),
                         E_INVALIDARG);
        assert_int_equal(session, DRMHSESSION_INVALID);
    }
    assert_int_equal(create(ignore_status, 0, NULL, NULL, &session), E_INVALIDARG);
}

static void test_create_group_ids(void **state)
{
    (void)state;
    WCHAR provider[32];
    WCHAR id[1100];
    DRMHSESSION session;
    widen("WindowsAuthProvider", provider);
    /* Optional: NULL, an e-mail address, or empty. */
    assert_int_equal(create(ignore_status, 0, provider, NULL, &session), S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);
    assert_int_equal(create(ignore_status, 0, provider, widen("someone@example.com", id), &session),
                     S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);
    assert_int_equal(create(ignore_status, 0, provider, widen("", id), &session), S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);

    /* Our choice: at most 1024 UTF-16 units, well-formed UTF-16. */
    for (int i = 0; i < 1024; i++)
        id[i] = 'a';
    id[1024] = 0;
    assert_int_equal(create(ignore_status, 0, provider, id, &session), S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);
    id[1024] = 'a';
    id[1025] = 0;
    assert_int_equal(create(ignore_status, 0, provider, id, &session), E_INVALIDARG);
    assert_int_equal(session, DRMHSESSION_INVALID);

    WCHAR lone_surrogate[] = {'a', 0xD800, 'b', 0};
    assert_int_equal(create(ignore_status, 0, provider, lone_surrogate, &session), E_INVALIDARG);
    WCHAR pair[] = {'a', 0xD83D, 0xDE00, 0};
    assert_int_equal(create(ignore_status, 0, provider, pair, &session), S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

static void test_sessions_get_distinct_handles(void **state)
{
    (void)state;
    DRMHSESSION first, second;
    assert_int_equal(
        create(ignore_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL, &first), S_OK);
    assert_int_equal(
        create(ignore_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL, &second), S_OK);
    assert_int_not_equal(first, second);
    assert_int_equal(DRMCloseSession(first), S_OK);
    assert_int_equal(DRMCloseSession(second), S_OK);
}

/* --- DRMCloseSession, DRMDuplicateSession ------------------------------------------- */

static void test_close_refuses_invalid_handles(void **state)
{
    (void)state;
    DRMHSESSION session;
    assert_int_equal(DRMCloseSession(DRMHSESSION_INVALID), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMCloseSession(0x12345678), E_DRM_INVALID_HANDLE);
    assert_int_equal(
        create(ignore_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL, &session), S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);
    assert_int_equal(DRMCloseSession(session), E_DRM_INVALID_HANDLE);
}

/* Made-up values are refused by every session export, and change nothing. */
static void test_random_values_are_not_sessions(void **state)
{
    (void)state;
    DRMHSESSION live;
    assert_int_equal(
        create(ignore_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL, &live), S_OK);
    uint32_t seed = 0x9E3779B9;
    for (int i = 0; i < 1000000; i++) {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        if (seed == live)
            continue;
        DRMHSESSION copy = SENTINEL_HANDLE;
        if (DRMCloseSession(seed) != E_DRM_INVALID_HANDLE ||
            DRMDuplicateSession(seed, &copy) != E_DRM_INVALID_HANDLE || copy != DRMHSESSION_INVALID)
            fail_msg("0x%08lx was taken for a session", (unsigned long)seed);
    }
    assert_int_equal(DRMCloseSession(live), S_OK);
}

static void test_duplicate_session(void **state)
{
    (void)state;
    DRMHSESSION session, copy, copy_of_copy;
    assert_int_equal(DRMDuplicateSession(0, NULL), E_INVALIDARG);
    copy = SENTINEL_HANDLE;
    assert_int_equal(DRMDuplicateSession(0x12345678, &copy), E_DRM_INVALID_HANDLE);
    assert_int_equal(copy, DRMHSESSION_INVALID);

    assert_int_equal(
        create(ignore_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL, &session), S_OK);
    assert_int_equal(DRMDuplicateSession(session, NULL), E_INVALIDARG);
    assert_int_equal(DRMDuplicateSession(session, &copy), S_OK);
    assert_int_not_equal(copy, session); /* a distinct value, closed separately */
    assert_int_equal(DRMCloseSession(session), S_OK);
    /* The session lives on through the copy. */
    assert_int_equal(DRMDuplicateSession(copy, &copy_of_copy), S_OK);
    assert_int_equal(DRMCloseSession(copy), S_OK);
    assert_int_equal(DRMCloseSession(copy_of_copy), S_OK);
    assert_int_equal(DRMDuplicateSession(copy_of_copy, &copy), E_DRM_INVALID_HANDLE);
}

/* --- session-free exports --------------------------------------------------------------- */

static void test_check_security_accepts_any_level(void **state)
{
    (void)state;
    /* "returns S_OK for any level" since RMS 1.0 SP1. */
    for (UINT level = 0; level <= 11; level++)
        assert_int_equal(DRMCheckSecurity(DRMENVHANDLE_INVALID, level), S_OK);
}

static void test_client_version(void **state)
{
    (void)state;
    DRM_CLIENT_VERSION_INFO info;
    memset(&info, 0x5A, sizeof info);
    assert_int_equal(DRMGetClientVersion(NULL), E_INVALIDARG);
    info.uStructVersion = 0;
    assert_int_equal(DRMGetClientVersion(&info), E_INVALIDARG);
    info.uStructVersion = DRMCLIENTSTRUCTVERSION;
    assert_int_equal(DRMGetClientVersion(&info), S_OK);
    assert_int_equal(info.dwVersion[0], 10);
    assert_int_equal(info.dwVersion[2], 19041);
    WCHAR production[16];
    assert_memory_equal(info.wszHierarchy, widen("Production", production), sizeof(WCHAR) * 11);
    /* Not filled by DRMGetClientVersion (spec/types.md §3). */
    assert_int_equal(info.wszProductId[0], 0x5A5A);
}

static void test_security_provider_two_call_protocol(void **state)
{
    (void)state;
    UINT type_length = 0, path_length = 0;
    WCHAR type[64], path[4096];
    assert_int_equal(DRMGetSecurityProvider(0, NULL, NULL, &path_length, NULL), E_INVALIDARG);
    assert_int_equal(DRMGetSecurityProvider(0, &type_length, NULL, NULL, NULL), E_INVALIDARG);
    /* "If you set only one buffer pointer to NULL, an error is generated." */
    type_length = 64;
    path_length = 4096;
    assert_int_equal(DRMGetSecurityProvider(0, &type_length, type, &path_length, NULL),
                     E_INVALIDARG);
    assert_int_equal(DRMGetSecurityProvider(0, &type_length, NULL, &path_length, path),
                     E_INVALIDARG);
    /* Our choice: uFlags is reserved and must be 0. */
    assert_int_equal(DRMGetSecurityProvider(1, &type_length, NULL, &path_length, NULL),
                     E_INVALIDARG);

    /* First call: sizes, in characters with the NUL. */
    assert_int_equal(DRMGetSecurityProvider(0, &type_length, NULL, &path_length, NULL), S_OK);
    assert_int_equal(type_length, 9); /* "filename" */
    assert_true(path_length > 8 && path_length <= 4096);

    /* Too small: the sizes again, nothing written. */
    UINT small_type = type_length - 1, small_path = path_length;
    type[0] = 'x';
    path[0] = 'x';
    assert_int_equal(DRMGetSecurityProvider(0, &small_type, type, &small_path, path),
                     E_DRM_INSUFFICIENT_BUFFER);
    assert_int_equal(small_type, type_length);
    assert_int_equal(small_path, path_length);
    assert_int_equal(type[0], 'x');
    assert_int_equal(path[0], 'x');

    /* Second call: the strings. */
    assert_int_equal(DRMGetSecurityProvider(0, &type_length, type, &path_length, path), S_OK);
    WCHAR expected[16];
    assert_memory_equal(type, widen("filename", expected), sizeof(WCHAR) * 9);
    assert_true(wide_ends_with(path, "lockbox"));
}

static void test_environment_info_is_retired(void **state)
{
    (void)state;
    /* "no longer supported and returns S_OK". */
    UINT size = 8;
    BYTE buffer[16] = {0x5A};
    DRMENCODINGTYPE encoding = (DRMENCODINGTYPE)77;
    assert_int_equal(DRMGetEnvironmentInfo(DRMENVHANDLE_INVALID, NULL, &encoding, &size, buffer),
                     S_OK);
    assert_int_equal(encoding, 77);
    assert_int_equal(buffer[0], 0x5A);
}

static void test_global_options(void **state)
{
    (void)state;
    assert_int_equal(DRMSetGlobalOptions((DRMGLOBALOPTIONS)2, NULL, 0), E_INVALIDARG);
    /* Options cannot be toggled: a second set reports it. */
    assert_int_equal(DRMSetGlobalOptions(DRMGLOBALOPTIONS_USE_WINHTTP, NULL, 0), S_OK);
    assert_int_equal(DRMSetGlobalOptions(DRMGLOBALOPTIONS_USE_WINHTTP, NULL, 0),
                     E_DRM_GLOBAL_OPTION_ALREADY_SET);
    assert_int_equal(DRMSetGlobalOptions(DRMGLOBALOPTIONS_USE_SERVERSECURITYPROCESSOR, NULL, 0),
                     S_OK);
    /* The server lockbox is another file (guide.md §4: another lockbox). */
    UINT type_length = 64, path_length = 4096;
    WCHAR type[64], path[4096];
    assert_int_equal(DRMGetSecurityProvider(0, &type_length, type, &path_length, path), S_OK);
    assert_true(wide_ends_with(path, "lockbox-server"));
}

static void test_register_content_counts(void **state)
{
    (void)state;
    /* Every TRUE has its FALSE; our choice: a FALSE without a TRUE fails. */
    assert_int_equal(DRMRegisterContent(FALSE), E_INVALIDARG);
    assert_int_equal(DRMRegisterContent(TRUE), S_OK);
    assert_int_equal(DRMRegisterContent(TRUE), S_OK);
    assert_int_equal(DRMRegisterContent(FALSE), S_OK);
    assert_int_equal(DRMRegisterContent(FALSE), S_OK);
    assert_int_equal(DRMRegisterContent(FALSE), E_INVALIDARG);
}

static void test_attest_and_verify_are_retired(void **state)
{
    (void)state;
    UINT size = 0;
    assert_int_equal(DRMAttest(DRMHANDLE_INVALID, NULL, DRMATTESTTYPE_FULLENVIRONMENT, &size, NULL),
                     E_NOTIMPL);
    assert_int_equal(DRMVerify(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), E_NOTIMPL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_requires_callback_and_out_pointer),
        cmocka_unit_test(test_create_callback_versions),
        cmocka_unit_test(test_create_provider_types),
        cmocka_unit_test(test_create_group_ids),
        cmocka_unit_test(test_sessions_get_distinct_handles),
        cmocka_unit_test(test_close_refuses_invalid_handles),
        cmocka_unit_test(test_random_values_are_not_sessions),
        cmocka_unit_test(test_duplicate_session),
        cmocka_unit_test(test_check_security_accepts_any_level),
        cmocka_unit_test(test_client_version),
        cmocka_unit_test(test_security_provider_two_call_protocol),
        cmocka_unit_test(test_environment_info_is_retired),
        cmocka_unit_test(test_global_options),
        cmocka_unit_test(test_register_content_counts),
        cmocka_unit_test(test_attest_and_verify_are_retired),
    };
    return cmocka_run_group_tests_name("session_api", tests, NULL, NULL);
}
