/*
 * Client licensor certificates through the exported API
 * (functions/DRMAcquireLicense.md, DRMEnumerateLicense.md,
 * DRMDeleteLicense.md; spec/rmpr.md §5.6, §6.3), the scripted transport
 * answering for the server: GetClientLicensorCert as sent (URL,
 * SOAPAction, From, the RAC chain verbatim), the CLC verified before it
 * is kept (bound to the RAC: its key opens with the RAC key), stored or
 * with DRM_AL_NOPERSIST kept in the session, the documented error in the
 * callback for every bad server, and DRM_AL_CANCEL.
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
#include <openssl/rsa.h>

#include "issued_documents.h"
#include "server_replies.h"
#include "net/rmpr_messages.h"
#include "store/license_store.h"
#include "util/wstring.h"
#include "msdrm.h"

#define CERTIFICATION "http://rms.openmsdrm.test/_wmcs/certification"
#define LICENSING "http://rms.openmsdrm.test/_wmcs/licensing"
#define PUBLISH_PATH "/_wmcs/licensing/publish.asmx"
#define PUBLISH_ACTION "http://microsoft.com/DRM/PublishingService/GetClientLicensorCert"
#define WAIT_MS 30000
#define CLC_KIND STORE_KIND_MASK(STORE_CLIENT_LICENSOR_CERTIFICATE)

static struct xrml_test_pki *pki;
static EVP_PKEY *other_key;
static EVP_PKEY *machine_key;
static char machine_id[64];
static char *rac_chain; /* the user's RAC, as activation stored it */

static WCHAR *wide(const char *text)
{
    WCHAR *w = wstr_from_utf8(text);
    assert_non_null(w);
    return w;
}

static DRMHSESSION user_session(void)
{
    DRMHSESSION session = reply_user_session();
    assert_int_not_equal(session, DRMHSESSION_INVALID);
    return session;
}

static struct scripted_reply ok_reply(const char *path, const char *action, const char *body)
{
    return (struct scripted_reply){path, action, S_OK, 200, "text/xml; charset=utf-8",
                                   body, 0,      false};
}

/* DRMAcquireLicense on the client session; the terminal message. */
static HRESULT acquire(DRMHSESSION session, UINT flags, const char *credential,
                       struct operation_watch *watch)
{
    operation_watch_reset(watch);
    WCHAR *url = wide(LICENSING);
    WCHAR *rac = credential != NULL ? wide(credential) : NULL;
    HRESULT hr = DRMAcquireLicense(session, flags, rac, NULL, NULL, url, watch);
    free(url);
    free(rac);
    assert_int_equal(hr, S_OK);
    return operation_watch_wait(watch, WAIT_MS);
}

static char *clc_reply(EVP_PKEY *signer, EVP_PKEY *sealed_to, char **chain_out)
{
    char *clc = issued_clc(pki, signer, sealed_to);
    char *chain = issued_chain_of(pki, clc);
    char *body = reply_client_licensor(chain);
    free(clc);
    if (chain_out != NULL)
        *chain_out = chain;
    else
        free(chain);
    assert_non_null(body);
    return body;
}

/* No RAC yet: E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION, nobody asked. */
static void test_without_rac(void **state)
{
    (void)state;
    machine_key = reply_activate_machine(machine_id, NULL);
    assert_non_null(machine_key);
    struct scripted_transport *transport = reply_script(NULL, 0);
    DRMHSESSION session = user_session();
    struct operation_watch watch;
    operation_watch_init(&watch);
    assert_int_equal(acquire(session, 0, NULL, &watch), E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION);
    assert_int_equal(scripted_transport_request_count(transport), 0);
    assert_int_equal(DRMCloseSession(session), S_OK);
    operation_watch_free(&watch);
    scripted_transport_free(transport);
}

/* The user's RAC, by user activation against the script. */
static void test_user_activation(void **state)
{
    (void)state;
    char *rac = issued_rac(pki, pki->slc_key, machine_key, machine_id, xrml_time_from_now(-900),
                           xrml_time_from_now(86400 * 30), 0);
    char *chain = issued_chain_of(pki, rac);
    char *body = reply_certify(chain);
    struct scripted_reply replies[] = {ok_reply(NULL, NULL, body)};
    struct scripted_transport *transport = reply_script(replies, 1);
    DRMHSESSION session = user_session();
    struct operation_watch watch;
    operation_watch_init(&watch);
    WCHAR *url = wide(CERTIFICATION);
    DRM_ACTSERV_INFO info = {DRMACTSERVINFOVERSION, NULL, url};
    assert_int_equal(DRMActivate(session, DRM_ACTIVATE_GROUPIDENTITY | DRM_ACTIVATE_SILENT, 0,
                                 &info, &watch, NULL),
                     S_OK);
    assert_int_equal(operation_watch_wait(&watch, WAIT_MS), S_DRM_COMPLETED);
    rac_chain = chain;
    free(url);
    free(body);
    free(rac);
    assert_int_equal(DRMCloseSession(session), S_OK);
    operation_watch_free(&watch);
    scripted_transport_free(transport);
}

static void test_acquire_and_enumerate(void **state)
{
    (void)state;
    char *chain = NULL;
    char *body = clc_reply(pki->slc_key, pki->rac_key, &chain);
    struct scripted_reply replies[] = {ok_reply(PUBLISH_PATH, PUBLISH_ACTION, body)};
    struct scripted_transport *transport = reply_script(replies, 1);
    DRMHSESSION session = user_session();
    HRESULT hr;
    assert_null(reply_enumerate(session, DRM_EL_SPECIFIED_CLIENTLICENSOR, 0, &hr));
    assert_int_equal(hr, E_DRM_NO_MORE_DATA); /* the sample's "no CLC yet" */
    struct operation_watch watch;
    operation_watch_init(&watch);
    assert_int_equal(acquire(session, 0, NULL, &watch), S_DRM_COMPLETED);

    /* types.md §4: DRM_MSG_ACQUIRE_CLIENTLICENSOR, pvParam NULL at the end. */
    assert_int_equal(watch.terminals, 1);
    assert_false(watch.terminal_param);
    assert_int_equal(watch.statuses[0], S_DRM_CONNECTING);
    for (int i = 0; i < watch.messages; i++)
        assert_int_equal(watch.kinds[i], DRM_MSG_ACQUIRE_CLIENTLICENSOR);

    /* The request: the RAC chain as activation stored it, verbatim. */
    assert_int_equal(scripted_transport_mismatches(transport), 0);
    const struct scripted_request *request = scripted_transport_request(transport, 0);
    assert_string_equal(request->url, LICENSING "/publish.asmx");
    assert_string_equal(request->from, ISSUED_USER);
    assert_non_null(strstr(request->body, pki->slc_certificate));
    char *rac_end = strstr(rac_chain, "</XrML>");
    assert_non_null(rac_end);
    *rac_end = '\0';
    assert_non_null(strstr(request->body, rac_chain));
    *rac_end = '<';

    /* Stored: every flag that names it. */
    char *clc = reply_enumerate(session, DRM_EL_CLIENTLICENSOR, 0, &hr);
    assert_non_null(clc);
    assert_string_equal(clc, chain);
    free(clc);
    clc = reply_enumerate(session, DRM_EL_SPECIFIED_CLIENTLICENSOR, 0, &hr);
    assert_string_equal(clc, chain);
    free(clc);
    char *issuer = reply_enumerate(session, DRM_EL_CLIENTLICENSOR | DRM_EL_ISSUERNAME, 0, &hr);
    assert_string_equal(issuer, "TEST-RMS");
    free(issuer);
    assert_int_equal(reply_stored(CLC_KIND), 1);
    char *id = reply_enumerate(session, DRM_EL_CLIENTLICENSOR_LID, 0, &hr);
    assert_non_null(id);
    WCHAR *wide_id = wide(id);
    assert_int_equal(DRMDeleteLicense(session, wide_id), S_OK);
    assert_int_equal(reply_stored(CLC_KIND), 0);
    free(wide_id);
    free(id);

    assert_int_equal(DRMCloseSession(session), S_OK);
    operation_watch_free(&watch);
    scripted_transport_free(transport);
    free(body);
    free(chain);
}

/* DRM_AL_NOPERSIST, and the caller's RAC in wszGroupIdentityCredential. */
static void test_not_persisted_with_given_rac(void **state)
{
    (void)state;
    char *chain = NULL;
    char *body = clc_reply(pki->slc_key, pki->rac_key, &chain);
    struct scripted_reply replies[] = {ok_reply(PUBLISH_PATH, PUBLISH_ACTION, body)};
    struct scripted_transport *transport = reply_script(replies, 1);
    DRMHSESSION session = user_session();
    struct operation_watch watch;
    operation_watch_init(&watch);
    assert_int_equal(acquire(session, DRM_AL_NOPERSIST, rac_chain, &watch), S_DRM_COMPLETED);
    HRESULT hr;
    char *clc = reply_enumerate(session, DRM_EL_CLIENTLICENSOR, 0, &hr);
    assert_string_equal(clc, chain);
    free(clc);
    assert_int_equal(reply_stored(CLC_KIND), 0);
    DRMHSESSION other = user_session();
    assert_null(reply_enumerate(other, DRM_EL_CLIENTLICENSOR, 0, &hr));
    assert_int_equal(hr, E_DRM_NO_MORE_DATA);
    assert_int_equal(DRMCloseSession(other), S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);
    operation_watch_free(&watch);
    scripted_transport_free(transport);
    free(body);
    free(chain);
}

static void expect_refused(const struct scripted_reply *reply, HRESULT expected)
{
    struct scripted_transport *transport = reply_script(reply, 1);
    DRMHSESSION session = user_session();
    struct operation_watch watch;
    operation_watch_init(&watch);
    assert_int_equal(acquire(session, 0, NULL, &watch), expected);
    assert_int_equal(watch.terminals, 1);
    assert_false(watch.terminal_param);
    assert_int_equal(scripted_transport_request_count(transport), 1);
    assert_int_equal(reply_stored(CLC_KIND), 0);
    assert_int_equal(DRMCloseSession(session), S_OK);
    operation_watch_free(&watch);
    scripted_transport_free(transport);
}

static void test_bad_servers(void **state)
{
    (void)state;
    /* Sealed to another key than the RAC's; signed by another key. */
    char *body = clc_reply(pki->slc_key, other_key, NULL);
    struct scripted_reply reply = ok_reply(NULL, NULL, body);
    expect_refused(&reply, E_DRM_INVALID_SERVER_RESPONSE);
    free(body);
    body = clc_reply(other_key, pki->rac_key, NULL);
    reply = ok_reply(NULL, NULL, body);
    expect_refused(&reply, E_DRM_INVALID_SERVER_RESPONSE);
    free(body);
    /* A RAC chain where the CLC chain belongs. */
    body = reply_client_licensor(rac_chain);
    reply = ok_reply(NULL, NULL, body);
    expect_refused(&reply, E_DRM_INVALID_SERVER_RESPONSE);
    free(body);
    /* Malformed XML, a fault, HTML 500, refused, timed out. */
    reply = ok_reply(NULL, NULL, "<soap:Envelope");
    expect_refused(&reply, E_DRM_INVALID_SERVER_RESPONSE);
    body = reply_fault(RMPR_FAULT_INVALID_PERSONA_CERT_SIGNATURE);
    reply = (struct scripted_reply){NULL, NULL, S_OK, 500, "text/xml", body, 0, false};
    expect_refused(&reply,
                   rmpr_fault_hresult(rmpr_fault_name(RMPR_FAULT_INVALID_PERSONA_CERT_SIGNATURE)));
    free(body);
    reply =
        (struct scripted_reply){NULL, NULL, S_OK, 500, "text/html", "<html>oops</html>", 0, false};
    expect_refused(&reply, E_DRM_SERVER_ERROR);
    reply = (struct scripted_reply){NULL, NULL, E_DRM_NO_CONNECT, 0, NULL, NULL, 0, false};
    expect_refused(&reply, E_DRM_NO_CONNECT);
    reply = (struct scripted_reply){NULL, NULL, E_DRM_SERVER_ERROR, 0, NULL, NULL, 0, false};
    expect_refused(&reply, E_DRM_SERVER_ERROR);
}

/* functions/DRMAcquireLicense.md's argument rules. */
static void test_arguments(void **state)
{
    (void)state;
    DRMHSESSION session = user_session();
    WCHAR *url = wide(LICENSING);
    WCHAR rights[] = {'x', 0};
    assert_int_equal(DRMAcquireLicense(session, DRM_AL_NONSILENT, NULL, NULL, NULL, url, NULL),
                     E_INVALIDARG);
    assert_int_equal(DRMAcquireLicense(session, 0x100, NULL, NULL, NULL, url, NULL), E_INVALIDARG);
    assert_int_equal(DRMAcquireLicense(session, 0, NULL, rights, NULL, url, NULL), E_INVALIDARG);
    WCHAR *not_a_rac = wide(pki->slc_certificate);
    assert_int_equal(DRMAcquireLicense(session, 0, not_a_rac, NULL, NULL, url, NULL), E_INVALIDARG);
    assert_int_equal(DRMAcquireLicense(session, 0, rights, NULL, NULL, url, NULL), E_INVALIDARG);
    assert_int_equal(DRMAcquireLicense(0x4321, 0, NULL, NULL, NULL, url, NULL),
                     E_DRM_INVALID_HANDLE);
    free(not_a_rac);
    free(url);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

/* DRM_AL_CANCEL while GetClientLicensorCert is on the wire. */
static void test_cancel(void **state)
{
    (void)state;
    char *body = clc_reply(pki->slc_key, pki->rac_key, NULL);
    struct scripted_reply replies[] = {ok_reply(PUBLISH_PATH, PUBLISH_ACTION, body)};
    struct scripted_transport *transport = reply_script(replies, 1);
    struct transport_gate gate;
    transport_gate_install(&gate);
    DRMHSESSION session = user_session();
    struct operation_watch watch;
    operation_watch_init(&watch);
    WCHAR *url = wide(LICENSING);
    assert_int_equal(DRMAcquireLicense(session, 0, NULL, NULL, NULL, url, &watch), S_OK);
    assert_true(transport_gate_wait_arrivals(&gate, 1, WAIT_MS));
    assert_int_equal(DRMAcquireLicense(session, DRM_AL_CANCEL, NULL, NULL, NULL, NULL, NULL), S_OK);
    transport_gate_open(&gate);
    assert_int_equal(operation_watch_wait(&watch, WAIT_MS), E_DRM_ABORTED);
    assert_int_equal(reply_stored(CLC_KIND), 0);
    free(url);
    assert_int_equal(DRMCloseSession(session), S_OK);
    transport_gate_remove(&gate);
    operation_watch_free(&watch);
    scripted_transport_free(transport);
    free(body);
}

static int setup(void **state)
{
    (void)state;
    pki = xrml_test_pki_new();
    other_key = EVP_RSA_gen(1024);
    return pki != NULL && other_key != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    xrml_test_pki_free(pki);
    EVP_PKEY_free(other_key);
    EVP_PKEY_free(machine_key);
    free(rac_chain);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_without_rac),
        cmocka_unit_test(test_user_activation),
        cmocka_unit_test(test_acquire_and_enumerate),
        cmocka_unit_test(test_not_persisted_with_given_rac),
        cmocka_unit_test(test_bad_servers),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_cancel),
    };
    return cmocka_run_group_tests_name("client licensor certificates", tests, setup, teardown);
}
