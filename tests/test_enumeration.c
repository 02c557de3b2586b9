/*
 * DRMEnumerateLicense on client sessions (functions/DRMEnumerateLicense.md):
 * every flag a client session can enumerate, the documented flag
 * combinations refused, expired items left out unless DRM_EL_EXPIRED, the
 * shared flag, the two-call buffer protocol, E_DRM_NO_MORE_DATA past the
 * end, and an order that stays put. Items are put in the store directly,
 * since the certificates come from later work (user activation, CLCs).
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

#include "store/license_store.h"
#include "ignore_status.h"
#include "wide_text.h"
#include "msdrm.h"

static DRMHSESSION session_for(const char *group_id)
{
    WCHAR id[64];
    DRMHSESSION session = DRMHSESSION_INVALID;
    assert_int_equal(
        DRMCreateClientSession(ignore_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH,
                               group_id != NULL ? widen(group_id, id) : NULL, &session),
        S_OK);
    return session;
}

/* Item `index` as ASCII, or NULL with *result the failure. */
static char *item_at(DRMHSESSION session, UINT flags, UINT index, BOOL *shared, HRESULT *result)
{
    UINT length = 0;
    *result = DRMEnumerateLicense(session, flags, index, shared, &length, NULL);
    if (FAILED(*result))
        return NULL;
    WCHAR *wide = calloc(length, sizeof(WCHAR));
    assert_non_null(wide);
    if (length > 1) {
        UINT short_length = length - 1;
        assert_int_equal(DRMEnumerateLicense(session, flags, index, shared, &short_length, wide),
                         E_DRM_INSUFFICIENT_BUFFER);
        assert_int_equal(short_length, length);
    }
    *result = DRMEnumerateLicense(session, flags, index, shared, &length, wide);
    char *text = malloc(length);
    for (UINT i = 0; i < length; i++)
        text[i] = (char)wide[i];
    free(wide);
    return text;
}

/* The texts an enumeration yields, joined by '|'. */
static void walk(DRMHSESSION session, UINT flags, char *joined, size_t size)
{
    joined[0] = '\0';
    for (UINT index = 0;; index++) {
        HRESULT hr;
        BOOL shared = 7;
        char *text = item_at(session, flags, index, &shared, &hr);
        if (hr == E_DRM_NO_MORE_DATA)
            return;
        assert_int_equal(hr, S_OK);
        if (index > 0)
            strncat(joined, "|", size - strlen(joined) - 1);
        strncat(joined, text, size - strlen(joined) - 1);
        if (shared)
            strncat(joined, "*", size - strlen(joined) - 1); /* marks shared items */
        free(text);
    }
}

static void add(enum store_kind kind, const char *license_id, const char *group_identity,
                const char *issuer, int64_t valid_until, bool shared, const char *xrml)
{
    struct license_store *store = NULL;
    assert_int_equal(store_shared(&store), S_OK);
    struct store_item item = {0};
    item.kind = kind;
    item.license_id = (char *)license_id;
    item.group_identity = (char *)group_identity;
    item.issuer_name = (char *)issuer;
    item.valid_until = valid_until;
    item.shared = shared;
    item.xrml = (char *)xrml;
    assert_int_equal(store_add(store, &item, NULL), S_OK);
}

static int populate(void **state)
{
    (void)state;
    int64_t past = (int64_t)time(NULL) - 3600, future = (int64_t)time(NULL) + 3600;
    add(STORE_RIGHTS_ACCOUNT_CERTIFICATE, "rac-a1", "alice@example.com", "Issuer A", past, false,
        "<RAC a1/>");
    add(STORE_RIGHTS_ACCOUNT_CERTIFICATE, "rac-a2", "alice@example.com", "Issuer A", future, true,
        "<RAC a2/>");
    add(STORE_RIGHTS_ACCOUNT_CERTIFICATE, "rac-b1", "bob@example.com", "Issuer B", 0, false,
        "<RAC b1/>");
    add(STORE_CLIENT_LICENSOR_CERTIFICATE, "clc-a", "alice@example.com", "Publisher A", 0, false,
        "<CLC a/>");
    add(STORE_CLIENT_LICENSOR_CERTIFICATE, "clc-b", "bob@example.com", "Publisher B", 0, false,
        "<CLC b/>");
    add(STORE_REVOCATION_LIST, "rl-1", NULL, "Revoker", 0, false, "<RL 1/>");
    add(STORE_ISSUANCE_LICENSE_TEMPLATE, "{T1}", NULL, NULL, 0, false, "<TEMPLATE 1/>");
    add(STORE_ISSUANCE_LICENSE_TEMPLATE, "{T2}", NULL, NULL, past, false, "<TEMPLATE 2/>");
    return 0;
}

static void test_argument_rules(void **state)
{
    (void)state;
    DRMHSESSION session = session_for("alice@example.com");
    UINT length = 0;
    BOOL shared;
    assert_int_equal(DRMEnumerateLicense(session, DRM_EL_GROUPIDENTITY, 0, &shared, NULL, NULL),
                     E_INVALIDARG);
    assert_int_equal(
        DRMEnumerateLicense(0x12345678, DRM_EL_GROUPIDENTITY, 0, &shared, &length, NULL),
        E_DRM_INVALID_HANDLE);
    static const UINT refused[] = {
        0,
        DRM_EL_EXPIRED,
        DRM_EL_ISSUERNAME,
        DRM_EL_GROUPIDENTITY | DRM_EL_CLIENTLICENSOR,
        /* ISSUERNAME: not with EXPIRED, only with the certificate flags. */
        DRM_EL_ISSUERNAME | DRM_EL_EXPIRED | DRM_EL_GROUPIDENTITY,
        DRM_EL_ISSUERNAME | DRM_EL_GROUPIDENTITY_LID,
        DRM_EL_ISSUERNAME | DRM_EL_REVOCATIONLIST,
        /* End-user licenses need a license storage session. */
        DRM_EL_EUL,
        DRM_EL_EUL_LID,
        0x10000,
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if (DRMEnumerateLicense(session, refused[i], 0, &shared, &length, NULL) != E_INVALIDARG)
            fail_msg("flags 0x%x were accepted", refused[i]);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

static void test_rights_account_certificates(void **state)
{
    (void)state;
    char joined[512];
    DRMHSESSION alice = session_for("alice@example.com");
    /* Unexpired ones, in the order stored; '*' marks the shared one. */
    walk(alice, DRM_EL_GROUPIDENTITY, joined, sizeof joined);
    assert_string_equal(joined, "<RAC a2/>*|<RAC b1/>");
    walk(alice, DRM_EL_GROUPIDENTITY_LID, joined, sizeof joined);
    assert_string_equal(joined, "rac-a2*|rac-b1");
    walk(alice, DRM_EL_GROUPIDENTITY_LID | DRM_EL_EXPIRED, joined, sizeof joined);
    assert_string_equal(joined, "rac-a1|rac-a2*|rac-b1");
    walk(alice, DRM_EL_GROUPIDENTITY_NAME, joined, sizeof joined);
    assert_string_equal(joined, "alice@example.com*|bob@example.com");
    walk(alice, DRM_EL_SPECIFIED_GROUPIDENTITY, joined, sizeof joined);
    assert_string_equal(joined, "<RAC a2/>*");
    walk(alice, DRM_EL_GROUPIDENTITY | DRM_EL_ISSUERNAME, joined, sizeof joined);
    assert_string_equal(joined, "Issuer A*|Issuer B");
    /* Activated as a user: a valid RAC for the session's ID exists. */
    assert_int_equal(DRMIsActivated(alice, DRM_ACTIVATE_GROUPIDENTITY, NULL), S_OK);
    assert_int_equal(DRMCloseSession(alice), S_OK);

    DRMHSESSION carol = session_for("carol@example.com");
    walk(carol, DRM_EL_SPECIFIED_GROUPIDENTITY, joined, sizeof joined);
    assert_string_equal(joined, "");
    assert_int_equal(DRMIsActivated(carol, DRM_ACTIVATE_GROUPIDENTITY, NULL),
                     E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION);
    assert_int_equal(DRMCloseSession(carol), S_OK);

    /* "Specified" needs a session that names a user. */
    DRMHSESSION nobody = session_for(NULL);
    UINT length = 0;
    BOOL shared;
    assert_int_equal(
        DRMEnumerateLicense(nobody, DRM_EL_SPECIFIED_GROUPIDENTITY, 0, &shared, &length, NULL),
        E_DRM_GROUPID_NOT_SET);
    assert_int_equal(DRMCloseSession(nobody), S_OK);
}

static void test_other_item_kinds(void **state)
{
    (void)state;
    char joined[512];
    DRMHSESSION bob = session_for("bob@example.com");
    walk(bob, DRM_EL_CLIENTLICENSOR, joined, sizeof joined);
    assert_string_equal(joined, "<CLC a/>|<CLC b/>");
    walk(bob, DRM_EL_CLIENTLICENSOR_LID, joined, sizeof joined);
    assert_string_equal(joined, "clc-a|clc-b");
    walk(bob, DRM_EL_SPECIFIED_CLIENTLICENSOR, joined, sizeof joined);
    assert_string_equal(joined, "<CLC b/>");
    walk(bob, DRM_EL_SPECIFIED_CLIENTLICENSOR | DRM_EL_ISSUERNAME, joined, sizeof joined);
    assert_string_equal(joined, "Publisher B");
    walk(bob, DRM_EL_REVOCATIONLIST, joined, sizeof joined);
    assert_string_equal(joined, "<RL 1/>");
    walk(bob, DRM_EL_REVOCATIONLIST_LID, joined, sizeof joined);
    assert_string_equal(joined, "rl-1");
    walk(bob, DRM_EL_ISSUANCELICENSE_TEMPLATE, joined, sizeof joined);
    assert_string_equal(joined, "<TEMPLATE 1/>");
    walk(bob, DRM_EL_ISSUANCELICENSE_TEMPLATE_LID | DRM_EL_EXPIRED, joined, sizeof joined);
    assert_string_equal(joined, "{T1}|{T2}");
    assert_int_equal(DRMCloseSession(bob), S_OK);
}

static void test_store_changes_show_up(void **state)
{
    (void)state;
    char joined[512];
    DRMHSESSION session = session_for(NULL);
    walk(session, DRM_EL_REVOCATIONLIST_LID, joined, sizeof joined);
    assert_string_equal(joined, "rl-1");
    add(STORE_REVOCATION_LIST, "rl-2", NULL, NULL, 0, false, "<RL 2/>");
    walk(session, DRM_EL_REVOCATIONLIST_LID, joined, sizeof joined);
    assert_string_equal(joined, "rl-1|rl-2");
    /* Deleted through the API: gone at once, by license ID. A client
     * session deletes templates but not revocation lists
     * (functions/DRMDeleteLicense.md). */
    WCHAR id[16];
    assert_int_equal(DRMDeleteLicense(session, widen("{T1}", id)), S_OK);
    walk(session, DRM_EL_ISSUANCELICENSE_TEMPLATE_LID | DRM_EL_EXPIRED, joined, sizeof joined);
    assert_string_equal(joined, "{T2}");
    assert_int_equal(DRMDeleteLicense(session, widen("{T1}", id)), E_DRM_RECORD_NOT_FOUND);
    assert_int_equal(DRMDeleteLicense(session, widen("rl-1", id)), E_DRM_RECORD_NOT_FOUND);
    assert_int_equal(DRMDeleteLicense(session, NULL), E_INVALIDARG);
    assert_int_equal(DRMDeleteLicense(session, widen("", id)), E_INVALIDARG);
    assert_int_equal(DRMDeleteLicense(0x12345678, widen("rl-2", id)), E_DRM_INVALID_HANDLE);
    walk(session, DRM_EL_REVOCATIONLIST_LID, joined, sizeof joined);
    assert_string_equal(joined, "rl-1|rl-2");
    assert_int_equal(DRMCloseSession(session), S_OK);
}

/* functions/DRMRepair.md: with the machine not activated, the user's
 * certificates go too. Runs last: it empties the store of them. */
static void test_repair_without_machine_activation(void **state)
{
    (void)state;
    char joined[512];
    DRMHSESSION session = session_for(NULL);
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_MACHINE, NULL),
                     E_DRM_NEEDS_MACHINE_ACTIVATION);
    assert_int_equal(DRMRepair(), S_OK);
    walk(session, DRM_EL_GROUPIDENTITY_LID | DRM_EL_EXPIRED, joined, sizeof joined);
    assert_string_equal(joined, "");
    walk(session, DRM_EL_CLIENTLICENSOR_LID, joined, sizeof joined);
    assert_string_equal(joined, "");
    /* Templates and revocation lists are not the user's certificates. */
    walk(session, DRM_EL_REVOCATIONLIST_LID, joined, sizeof joined);
    assert_string_equal(joined, "rl-1|rl-2");
    assert_int_equal(DRMCloseSession(session), S_OK);
}

/* ASCII onto both the UTF-8 text and the UTF-16 one it should come back as. */
static void append_ascii(char *utf8, WCHAR *wide, size_t *units, const char *ascii)
{
    strcat(utf8, ascii);
    for (; *ascii != '\0'; ascii++)
        wide[(*units)++] = (WCHAR)*ascii;
}

/* The store keeps UTF-8; the API returns UTF-16, also for characters of
 * two, three and four bytes among long ASCII runs, whatever the buffer. */
static void test_text_comes_back_as_utf16(void **state)
{
    (void)state;
    char xrml[256] = "";
    WCHAR expected[256];
    size_t units = 0;
    append_ascii(xrml, expected, &units, "<TEMPLATE>");
    for (int i = 0; i < 20; i++)
        append_ascii(xrml, expected, &units, "abcdefgh");
    strcat(xrml, "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"); /* U+00E9, U+20AC, U+1F600 */
    expected[units++] = 0x00E9;
    expected[units++] = 0x20AC;
    expected[units++] = 0xD83D;
    expected[units++] = 0xDE00;
    append_ascii(xrml, expected, &units, "xxxxxxx</TEMPLATE>");
    add(STORE_ISSUANCE_LICENSE_TEMPLATE, "{T-UTF8}", NULL, NULL, 0, false, xrml);

    DRMHSESSION session = session_for(NULL);
    UINT index = 0;
    for (;; index++) { /* the new template comes last */
        UINT length = 0;
        HRESULT hr = DRMEnumerateLicense(session, DRM_EL_ISSUANCELICENSE_TEMPLATE, index + 1, NULL,
                                         &length, NULL);
        if (hr == E_DRM_NO_MORE_DATA)
            break;
        assert_int_equal(hr, S_OK);
    }
    UINT needed = 0;
    assert_int_equal(
        DRMEnumerateLicense(session, DRM_EL_ISSUANCELICENSE_TEMPLATE, index, NULL, &needed, NULL),
        S_OK);
    assert_int_equal(needed, units + 1);
    static WCHAR wide[512];
    UINT sizes[] = {needed, (UINT)(sizeof wide / sizeof wide[0])};
    for (int i = 0; i < 2; i++) {
        UINT length = sizes[i];
        memset(wide, 0xFF, sizeof wide);
        assert_int_equal(DRMEnumerateLicense(session, DRM_EL_ISSUANCELICENSE_TEMPLATE, index, NULL,
                                             &length, wide),
                         S_OK);
        assert_int_equal(length, needed);
        assert_memory_equal(wide, expected, units * sizeof(WCHAR));
        assert_int_equal(wide[units], 0);
    }
    WCHAR id[16];
    assert_int_equal(DRMDeleteLicense(session, widen("{T-UTF8}", id)), S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_argument_rules),
        cmocka_unit_test(test_rights_account_certificates),
        cmocka_unit_test(test_other_item_kinds),
        cmocka_unit_test(test_store_changes_show_up),
        cmocka_unit_test(test_repair_without_machine_activation),
        cmocka_unit_test(test_text_comes_back_as_utf16),
    };
    return cmocka_run_group_tests_name("enumeration", tests, populate, NULL);
}
