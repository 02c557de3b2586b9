/*
 * Machine activation through the DLL, as Microsoft's machine-activation
 * sample does it: DRMIsActivated(MACHINE) -> E_DRM_NEEDS_MACHINE_ACTIVATION
 * -> DRMActivate(MACHINE | SILENT) -> callbacks ending in S_DRM_COMPLETED
 * -> DRMIsActivated = S_OK, in this process and in the next.
 *
 * Rules from functions/DRMActivate.md, DRMIsActivated.md and
 * DRMEnumerateLicense.md; the certificate format from spec/xrml.md §4.2.
 * Each test process gets a fresh data folder (tests/CMakeLists.txt).
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

#include "ignore_status.h"
#include "msdrm.h"
#include "test_platform.h"
#include "spawn.h"
#include "xrml_check.h"

#ifndef MSDRM_SPEC_EXAMPLES
#error "MSDRM_SPEC_EXAMPLES (tests/data/xrml-examples) comes from tests/CMakeLists.txt"
#endif

/* What an activation's callbacks delivered, as the SDK samples track it. */
struct activation_watch {
    test_mutex lock;
    int messages;
    int terminals;
    HRESULT statuses[16];
    DRM_STATUS_MSG kinds[16];
    unsigned long caller_thread;
    unsigned long callback_thread;
};

static HRESULT __stdcall watch_status(DRM_STATUS_MSG message, HRESULT status, void *param,
                                      void *context)
{
    (void)param;
    struct activation_watch *watch = context;
    test_mutex_lock(&watch->lock);
    if (watch->messages < 16) {
        watch->statuses[watch->messages] = status;
        watch->kinds[watch->messages] = message;
    }
    watch->messages++;
    if (status == S_DRM_COMPLETED || FAILED(status))
        watch->terminals++;
    watch->callback_thread = test_thread_id();
    test_mutex_unlock(&watch->lock);
    return S_OK;
}

static DRMHSESSION client_session(void)
{
    DRMHSESSION session = DRMHSESSION_INVALID;
    assert_int_equal(DRMCreateClientSession(watch_status, DRMCALLBACKVERSION,
                                            (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL,
                                            &session),
                     S_OK);
    return session;
}

static int terminals_of(struct activation_watch *watch)
{
    test_mutex_lock(&watch->lock);
    int terminals = watch->terminals;
    test_mutex_unlock(&watch->lock);
    return terminals;
}

/* Activates and waits for the one terminal message; returns it. */
static HRESULT activate_and_wait(DRMHSESSION session, struct activation_watch *watch)
{
    memset(watch, 0, sizeof *watch);
    test_mutex_init(&watch->lock);
    watch->caller_thread = test_thread_id();
    HRESULT hr =
        DRMActivate(session, DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT, 0, NULL, watch, NULL);
    if (FAILED(hr))
        return hr;
    for (int waited = 0; waited < 60000; waited += 5) {
        test_mutex_lock(&watch->lock);
        int terminals = watch->terminals;
        HRESULT last = watch->messages > 0 ? watch->statuses[watch->messages - 1] : S_OK;
        test_mutex_unlock(&watch->lock);
        if (terminals > 0) {
            test_sleep_ms(50); /* a second terminal would show up now */
            return last;
        }
        test_sleep_ms(5);
    }
    return E_FAIL;
}

/* --- argument rules ------------------------------------------------------------------ */

static void test_is_activated_arguments(void **state)
{
    (void)state;
    DRMHSESSION session = client_session();
    DRM_ACTSERV_INFO info = {DRMACTSERVINFOVERSION, NULL, NULL};
    /* pActServInfo "is reserved and must be set to NULL". */
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_MACHINE, &info), E_INVALIDARG);
    /* One of the two flags. */
    assert_int_equal(DRMIsActivated(session, 0, NULL), E_INVALIDARG);
    assert_int_equal(
        DRMIsActivated(session, DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_GROUPIDENTITY, NULL),
        E_INVALIDARG);
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_SILENT, NULL), E_INVALIDARG);
    assert_int_equal(DRMIsActivated(0x12345678, DRM_ACTIVATE_MACHINE, NULL), E_DRM_INVALID_HANDLE);
    /* No rights account certificate exists for anyone yet. */
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL),
                     E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

static void test_activate_flag_rules(void **state)
{
    (void)state;
    DRMHSESSION session = client_session();
    struct activation_watch watch;
    memset(&watch, 0, sizeof watch);
    test_mutex_init(&watch.lock);
    /* MACHINE needs SILENT, excludes GROUPIDENTITY, CANCEL, TEMPORARY. */
    static const UINT refused[] = {
        DRM_ACTIVATE_MACHINE,
        DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT | DRM_ACTIVATE_GROUPIDENTITY,
        DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT | DRM_ACTIVATE_CANCEL,
        DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT | DRM_ACTIVATE_TEMPORARY,
        DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT | 0x80,
        0,
        DRM_ACTIVATE_SILENT,
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        assert_int_equal(DRMActivate(session, refused[i], 0, NULL, &watch, NULL), E_INVALIDARG);
    assert_int_equal(
        DRMActivate(0x12345678, DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT, 0, NULL, NULL, NULL),
        E_DRM_INVALID_HANDLE);
    /* Silent user activation needs pActServInfo; a URL is not empty.
     * Refused at once, with no callback. */
    assert_int_equal(DRMActivate(session, DRM_ACTIVATE_GROUPIDENTITY | DRM_ACTIVATE_SILENT, 0, NULL,
                                 &watch, NULL),
                     E_INVALIDARG);
    WCHAR empty[1] = {0};
    DRM_ACTSERV_INFO info = {DRMACTSERVINFOVERSION, NULL, empty};
    assert_int_equal(DRMActivate(session, DRM_ACTIVATE_GROUPIDENTITY | DRM_ACTIVATE_SILENT, 0,
                                 &info, &watch, NULL),
                     E_INVALIDARG);
    test_sleep_ms(50);
    test_mutex_lock(&watch.lock);
    assert_int_equal(watch.messages, 0);
    test_mutex_unlock(&watch.lock);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

/* --- the activation flow ------------------------------------------------------------- */

static char *enumerate_machine_certificate(DRMHSESSION session, UINT index, HRESULT *result)
{
    UINT length = 0;
    BOOL shared = TRUE;
    *result = DRMEnumerateLicense(session, DRM_EL_MACHINE, index, &shared, &length, NULL);
    if (FAILED(*result))
        return NULL;
    WCHAR *wide = calloc(length, sizeof(WCHAR));
    UINT short_length = length - 1;
    /* Too small: E_DRM_INSUFFICIENT_BUFFER and the size again. */
    assert_int_equal(
        DRMEnumerateLicense(session, DRM_EL_MACHINE, index, &shared, &short_length, wide),
        E_DRM_INSUFFICIENT_BUFFER);
    assert_int_equal(short_length, length);
    *result = DRMEnumerateLicense(session, DRM_EL_MACHINE, index, &shared, &length, wide);
    assert_false(shared); /* a client session's certificates are the user's own */
    char *text = malloc(length * 3);
    size_t n = 0;
    for (UINT i = 0; i + 1 < length; i++) /* our documents are ASCII */
        text[n++] = (char)wide[i];
    text[n] = '\0';
    free(wide);
    return text;
}

static void test_machine_activation_flow(void **state)
{
    (void)state;
    DRMHSESSION session = client_session();
    HRESULT hr;
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_MACHINE, NULL),
                     E_DRM_NEEDS_MACHINE_ACTIVATION);
    assert_null(enumerate_machine_certificate(session, 0, &hr));
    assert_int_equal(hr, E_DRM_NEEDS_MACHINE_ACTIVATION);

    struct activation_watch watch;
    assert_int_equal(activate_and_wait(session, &watch), S_DRM_COMPLETED);
    assert_int_equal(watch.terminals, 1);
    assert_int_equal(watch.statuses[0], S_DRM_CONNECTING);
    assert_int_equal(watch.statuses[1], S_DRM_CONNECTED);
    for (int i = 0; i < watch.messages && i < 16; i++)
        assert_int_equal(watch.kinds[i], DRM_MSG_ACTIVATE_MACHINE);
    assert_int_not_equal(watch.callback_thread, watch.caller_thread);

    /* Activated is exactly S_OK (WPF compares with 0). */
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_MACHINE, NULL), S_OK);

    /* Two machine certificates, index 0 and 1; then no more. */
    for (UINT index = 0; index < 2; index++) {
        char *certificate = enumerate_machine_certificate(session, index, &hr);
        assert_int_equal(hr, S_OK);
        assert_non_null(strstr(certificate, "type=\"Machine-Certificate\""));
        assert_int_equal(xrml_check_signature(certificate, XRML_ISSUER_MODULUS), XRML_VALID);
        /* A one-byte change in the signed body breaks the signature. */
        char *body_byte = strstr(certificate, "<NAME>Machine</NAME>") + 6;
        *body_byte = 'N';
        assert_int_equal(xrml_check_signature(certificate, XRML_ISSUER_MODULUS), XRML_BAD_DIGEST);
        free(certificate);
    }
    assert_null(enumerate_machine_certificate(session, 2, &hr));
    assert_int_equal(hr, E_DRM_NO_MORE_DATA);
    assert_int_equal(DRMCloseSession(session), S_OK);

    /* Persisted: another process sees it too. */
    struct child *child = child_spawn_self("check-activated");
    assert_non_null(child);
    assert_int_equal(child_wait(child), 0);
}

/* Our checker agrees with a certificate signed by Microsoft's client. */
static void test_checker_accepts_real_machine_certificate(void **state)
{
    (void)state;
    FILE *file = fopen(MSDRM_SPEC_EXAMPLES "/rmpr-4.5.1-security-processor-certificate.xml", "rb");
    assert_non_null(file);
    static char document[16384];
    size_t length = fread(document, 1, sizeof document - 1, file);
    fclose(file);
    document[length] = '\0';
    assert_int_equal(xrml_check_signature(document, XRML_ISSUER_MODULUS), XRML_VALID);
}

static void test_second_activation_is_refused_while_one_runs(void **state)
{
    (void)state;
    DRMHSESSION session = client_session();
    struct activation_watch first, second;
    memset(&first, 0, sizeof first);
    memset(&second, 0, sizeof second);
    test_mutex_init(&first.lock);
    test_mutex_init(&second.lock);
    /* Generating two RSA keys takes far longer than the next call. */
    assert_int_equal(
        DRMActivate(session, DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT, 0, NULL, &first, NULL),
        S_OK);
    assert_int_equal(
        DRMActivate(session, DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT, 0, NULL, &second, NULL),
        E_DRM_ALREADY_IN_PROGRESS);
    for (int waited = 0; terminals_of(&first) == 0 && waited < 60000; waited += 5)
        test_sleep_ms(5);
    test_sleep_ms(50);
    assert_int_equal(terminals_of(&first), 1);
    test_mutex_lock(&second.lock);
    assert_int_equal(second.messages, 0);
    test_mutex_unlock(&second.lock);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

/* --- two processes at once ------------------------------------------------------------ */

static int child_check_activated(void)
{
    DRMHSESSION session = DRMHSESSION_INVALID;
    if (DRMCreateClientSession(ignore_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL,
                               &session) != S_OK)
        return 2;
    HRESULT hr = DRMIsActivated(session, DRM_ACTIVATE_MACHINE, NULL);
    DRMCloseSession(session);
    return hr == S_OK ? 0 : 3;
}

static int child_activate(void)
{
    DRMHSESSION session = DRMHSESSION_INVALID;
    struct activation_watch watch;
    if (DRMCreateClientSession(watch_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL,
                               &session) != S_OK)
        return 2;
    HRESULT hr = activate_and_wait(session, &watch);
    DRMCloseSession(session);
    return hr == S_DRM_COMPLETED && watch.terminals == 1 ? 0 : 3;
}

/* The GUIDs of the machine certificates, by enumeration. */
static void machine_guids(char guids[2][40])
{
    DRMHSESSION session = client_session();
    for (UINT index = 0; index < 2; index++) {
        HRESULT hr;
        char *certificate = enumerate_machine_certificate(session, index, &hr);
        assert_int_equal(hr, S_OK);
        const char *id = strstr(certificate, "<ID type=\"MS-GUID\">");
        assert_non_null(id);
        memcpy(guids[index], id + strlen("<ID type=\"MS-GUID\">"), 38);
        guids[index][38] = '\0';
        free(certificate);
    }
    assert_null(enumerate_machine_certificate(session, 2, &(HRESULT){0}));
    assert_int_equal(DRMCloseSession(session), S_OK);
}

/* Repeated use leaves no handle (Windows) or descriptor (POSIX) behind;
 * the store's connection and the dispatcher are opened by the warm-up. */
static void test_no_handles_leak(void **state)
{
    (void)state;
    unsigned long before = 0;
    for (int round = 0; round < 300; round++) {
        if (round == 50)
            before = test_open_handle_count();
        DRMHSESSION session = client_session();
        HRESULT hr;
        UINT length = 0;
        BOOL shared;
        assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_MACHINE, NULL), S_OK);
        free(enumerate_machine_certificate(session, round % 2, &hr));
        assert_int_equal(hr, S_OK);
        assert_int_equal(
            DRMEnumerateLicense(session, DRM_EL_GROUPIDENTITY, 0, &shared, &length, NULL),
            E_DRM_NO_MORE_DATA);
        assert_int_equal(DRMGetSecurityProvider(0, &length, NULL, &length, NULL), S_OK);
        assert_int_equal(DRMCloseSession(session), S_OK);
    }
    assert_int_equal(test_open_handle_count(), before);
}

#define ACTIVATION_RACES 50

static void test_two_processes_activating_end_with_one_identity(void **state)
{
    (void)state;
    for (int round = 0; round < ACTIVATION_RACES; round++) {
        struct child *first = child_spawn_self("activate");
        struct child *second = child_spawn_self("activate");
        assert_non_null(first);
        assert_non_null(second);
        assert_int_equal(child_wait(first), 0);
        assert_int_equal(child_wait(second), 0);
        /* Exactly two certificates (one identity), and it opens. */
        char guids[2][40];
        machine_guids(guids);
        assert_string_not_equal(guids[0], guids[1]);
        DRMHSESSION session = client_session();
        assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_MACHINE, NULL), S_OK);
        assert_int_equal(DRMCloseSession(session), S_OK);
    }
}

int main(int argc, char **argv)
{
    const char *role = child_role(argc, argv);
    if (role != NULL && strcmp(role, "check-activated") == 0)
        return child_check_activated();
    if (role != NULL && strcmp(role, "activate") == 0)
        return child_activate();

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_activated_arguments),
        cmocka_unit_test(test_activate_flag_rules),
        cmocka_unit_test(test_checker_accepts_real_machine_certificate),
        cmocka_unit_test(test_machine_activation_flow),
        cmocka_unit_test(test_second_activation_is_refused_while_one_runs),
        cmocka_unit_test(test_no_handles_leak),
        cmocka_unit_test(test_two_processes_activating_end_with_one_identity),
    };
    return cmocka_run_group_tests_name("activation", tests, NULL, NULL);
}
