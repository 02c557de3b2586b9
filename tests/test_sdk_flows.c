/*
 * What Microsoft's AD RMS SDK samples UserActivation, SBActivation,
 * AcquireClientLicensor and AcquireTemplates rely on, through the DLL
 * against msdrm-server over HTTP (WinHTTP under Wine, libcurl natively).
 * The samples are Microsoft's and stay out of the tree; test_server_flows.c
 * checks what the operations produce, this test the way the samples make
 * the calls and follow them:
 *  - DRM_ACTSERV_INFO allocated with `new` and only wszURL set: the
 *    reserved uVersion and wszPubKey are whatever the heap held (0xCD
 *    under MSVC's debug heap), for machine activation and user activation;
 *  - the messages of each operation in the documented order
 *    (functions/DRMActivate.md, guide.md §3): S_DRM_CONNECTING,
 *    S_DRM_CONNECTED, S_DRM_INPROGRESS..., then exactly one S_DRM_COMPLETED,
 *    all of the operation's DRM_MSG_ kind, with the caller's pvContext;
 *  - SBActivation's DRMSetGlobalOptions (server lockbox, WinHTTP) before
 *    its session.
 * msdrm_add_test_with_server (tests/CMakeLists.txt) starts the server and
 * sets MSDRM_TEST_SERVER_URL ("http://127.0.0.1:PORT/_wmcs").
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

#include "msdrm.h"
#include "test_platform.h"
#include "wide_text.h"

#define WAIT_MS 60000 /* what the samples wait */
#define MAX_MESSAGES 32

/* The messages one operation delivered to the session callback. */
struct watch {
    test_mutex lock;
    int messages;
    DRM_STATUS_MSG kinds[MAX_MESSAGES];
    HRESULT statuses[MAX_MESSAGES];
    int terminals;
};

static struct watch *watch_start(struct watch *watch)
{
    memset(watch, 0, sizeof *watch);
    test_mutex_init(&watch->lock);
    return watch;
}

static HRESULT __stdcall on_status(DRM_STATUS_MSG message, HRESULT status, void *param,
                                   void *context)
{
    (void)param;
    struct watch *watch = context;
    test_mutex_lock(&watch->lock);
    if (watch->messages < MAX_MESSAGES) {
        watch->kinds[watch->messages] = message;
        watch->statuses[watch->messages] = status;
    }
    watch->messages++;
    if (status == S_DRM_COMPLETED || FAILED(status))
        watch->terminals++;
    test_mutex_unlock(&watch->lock);
    return S_OK;
}

/* The order of the progress messages: connecting, connected, progress. */
static int step_of(HRESULT status)
{
    switch (status) {
    case S_DRM_CONNECTING:
        return 0;
    case S_DRM_CONNECTED:
        return 1;
    case S_DRM_INPROGRESS:
    case S_DRM_ALREADY_ACTIVATED: /* machine activation, another process won */
        return 2;
    default:
        fail_msg("status 0x%08lx before the end", (unsigned long)status);
        return -1;
    }
}

/*
 * Waits for the terminal message as the samples do, then checks the whole
 * sequence: one kind, the steps in order (connecting and connected at most
 * once), exactly one terminal, S_DRM_COMPLETED, last.
 */
static void assert_completed(struct watch *watch, DRM_STATUS_MSG kind)
{
    for (int waited = 0; waited < WAIT_MS; waited += 5) {
        test_mutex_lock(&watch->lock);
        int terminals = watch->terminals;
        test_mutex_unlock(&watch->lock);
        if (terminals > 0)
            break;
        test_sleep_ms(5);
    }
    test_sleep_ms(50); /* a second terminal message would show up now */
    test_mutex_lock(&watch->lock);
    int messages = watch->messages;
    int terminals = watch->terminals;
    test_mutex_unlock(&watch->lock);
    assert_int_equal(terminals, 1);
    assert_true(messages <= MAX_MESSAGES);
    assert_int_equal(watch->statuses[messages - 1], S_DRM_COMPLETED);
    int step = -1;
    for (int i = 0; i < messages; i++) {
        assert_int_equal(watch->kinds[i], kind);
        if (i == messages - 1)
            break;
        int next = step_of(watch->statuses[i]);
        if (next < step || (next == step && next != 2))
            fail_msg("message %d, 0x%08lx, out of the documented order", i,
                     (unsigned long)watch->statuses[i]);
        step = next;
    }
}

/* MSDRM_TEST_SERVER_URL + "/" + `service`, as UTF-16 in `buffer`. */
static PWSTR service_url(const char *service, WCHAR *buffer)
{
    const char *base = getenv("MSDRM_TEST_SERVER_URL");
    assert_non_null(base);
    char url[512];
    assert_true(snprintf(url, sizeof url, "%s/%s", base, service) < (int)sizeof url);
    return widen(url, buffer);
}

static DRMHSESSION session_for(const char *user)
{
    WCHAR wide_user[128];
    DRMHSESSION session = DRMHSESSION_INVALID;
    assert_int_equal(DRMCreateClientSession(on_status, DRMCALLBACKVERSION,
                                            (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH,
                                            widen(user, wide_user), &session),
                     S_OK);
    return session;
}

/* A DRM_ACTSERV_INFO as the samples make it: `new` memory (MSVC's debug
 * heap fills it with 0xCD) with only wszURL set. */
static DRM_ACTSERV_INFO *sample_server_info(PWSTR url)
{
    DRM_ACTSERV_INFO *info = malloc(sizeof *info);
    assert_non_null(info);
    memset(info, 0xCD, sizeof *info);
    info->wszURL = url;
    return info;
}

/* UserActivation's machine activation: with its server info. */
static void activate_machine(DRMHSESSION session, PWSTR url)
{
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_MACHINE, NULL),
                     E_DRM_NEEDS_MACHINE_ACTIVATION);
    DRM_ACTSERV_INFO *info = sample_server_info(url);
    struct watch watch;
    assert_int_equal(DRMActivate(session, DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT, 0, info,
                                 watch_start(&watch), NULL),
                     S_OK);
    free(info);
    assert_completed(&watch, DRM_MSG_ACTIVATE_MACHINE);
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_MACHINE, NULL), S_OK);
}

static void activate_user(DRMHSESSION session, PWSTR url)
{
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL),
                     E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION);
    DRM_ACTSERV_INFO *info = sample_server_info(url);
    struct watch watch;
    assert_int_equal(DRMActivate(session, DRM_ACTIVATE_GROUPIDENTITY | DRM_ACTIVATE_SILENT, 0, info,
                                 watch_start(&watch), NULL),
                     S_OK);
    free(info); /* the caller's again once DRMActivate returned */
    assert_completed(&watch, DRM_MSG_ACTIVATE_GROUPIDENTITY);
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL), S_OK);
}

/* UserActivation, then AcquireClientLicensor for the same user. */
static void test_user_activation_and_licensor(void **state)
{
    (void)state;
    WCHAR certification[600], licensing[600];
    service_url("certification", certification);
    service_url("licensing", licensing);
    DRMHSESSION session = session_for("sample@example.com");
    activate_machine(session, certification);
    activate_user(session, certification);
    assert_int_equal(DRMCloseSession(session), S_OK);

    /* The next sample run: a new session finds both activations. */
    session = session_for("sample@example.com");
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_MACHINE, NULL), S_OK);
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL), S_OK);
    struct watch watch;
    assert_int_equal(
        DRMAcquireLicense(session, 0, NULL, NULL, NULL, licensing, watch_start(&watch)), S_OK);
    assert_completed(&watch, DRM_MSG_ACQUIRE_CLIENTLICENSOR);
    UINT length = 0;
    BOOL shared = FALSE;
    assert_int_equal(DRMEnumerateLicense(session, DRM_EL_CLIENTLICENSOR, 0, &shared, &length, NULL),
                     S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

/* AcquireTemplates: no activation first; OBTAIN_ALL, then enumeration. */
static void test_templates(void **state)
{
    (void)state;
    WCHAR licensing[600];
    service_url("licensing", licensing);
    DRMHSESSION session = session_for("templates@example.com");
    struct watch watch;
    assert_int_equal(DRMAcquireIssuanceLicenseTemplate(session, DRM_AILT_OBTAIN_ALL, NULL, 0, NULL,
                                                       licensing, watch_start(&watch)),
                     S_OK);
    assert_completed(&watch, DRM_MSG_ACQUIRE_ISSUANCE_LICENSE_TEMPLATE);
    UINT length = 0;
    BOOL shared = FALSE;
    assert_int_equal(
        DRMEnumerateLicense(session, DRM_EL_ISSUANCELICENSE_TEMPLATE, 0, &shared, &length, NULL),
        S_OK);
    assert_int_equal(
        DRMEnumerateLicense(session, DRM_EL_ISSUANCELICENSE_TEMPLATE, 1, &shared, &length, NULL),
        E_DRM_NO_MORE_DATA);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

/* SBActivation, last: its global options hold for the rest of the process
 * (the machine is activated by then: its "already activated" branch). */
static void test_server_lockbox_activation(void **state)
{
    (void)state;
    WCHAR certification[600];
    service_url("certification", certification);
    assert_int_equal(DRMSetGlobalOptions(DRMGLOBALOPTIONS_USE_SERVERSECURITYPROCESSOR, NULL, 0),
                     S_OK);
    assert_int_equal(DRMSetGlobalOptions(DRMGLOBALOPTIONS_USE_WINHTTP, NULL, 0), S_OK);
    DRMHSESSION session = session_for("lockbox@example.com");
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_MACHINE, NULL), S_OK);
    activate_user(session, certification);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_user_activation_and_licensor),
        cmocka_unit_test(test_templates),
        cmocka_unit_test(test_server_lockbox_activation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
