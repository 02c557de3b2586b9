/*
 * Failure paths (STYLE.md: "the failure paths are code too"): each
 * operation runs again and again with the N-th allocation failing, for
 * N = 1, 2, ... until it runs without meeting the failure. Every run must
 * fail cleanly (an error, nothing half-made: LeakSanitizer checks at exit
 * and the handle count here) or succeed, never crash; and the last run
 * must succeed.
 *
 * Which allocations fail, and which cannot (libxml2's): see
 * support/failing_allocations.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "license/license_builders.h"
#include "license/license_model.h"
#include "platform/http_common.h"
#include "util/base64.h"
#include "xrml/enabling_bits.h"
#include "runtime/handles.h"
#include "store/license_store.h"
#include "client/machine_identity.h"
#include "net/rmpr_messages.h"
#include "xrml/xrml_document.h"
#include "credentials/client_licensor.h"
#include "credentials/rights_account.h"
#include "credentials/rights_template.h"
#include "client/temporary_store.h"
#include "failing_allocations.h"
#include "issued_documents.h"
#include "server_replies.h"
#include "ignore_status.h"
#include "msdrm.h"
#include "spec_examples.h"
#include "test_documents.h"
#include "wide_text.h"

/*
 * Runs `operation` with allocation N failing for N = 0, 1, ... until a run
 * meets no failure. The operation returns its HRESULT; it must clean up
 * after itself either way.
 */
static void with_each_allocation_failing(const char *what, HRESULT (*operation)(void *),
                                         void *context)
{
    size_t handles_before = handle_open_count();
    /* Every allocation of the first thousand, then every 7th: opening the
     * lockbox's keys makes thousands in OpenSSL's decoders, alike. */
    for (long n = 0;; n += n < 1000 ? 1 : 7) {
        failing_allocations_arm(n);
        HRESULT hr = operation(context);
        bool failed_one = failing_allocations_disarm();
        assert_int_equal(handle_open_count(), handles_before);
        if (!failed_one) {
            if (hr != S_OK)
                fail_msg("%s: 0x%08x with no failed allocation", what, (unsigned)hr);
            /* Not vacuous: some allocation was made, and failed, first. */
            assert_true(n > 0);
            print_message("%s: %ld allocations, each failed once (every 7th after 1,000)\n", what,
                          n);
            return;
        }
        if (n > 100000)
            fail_msg("%s: still allocating after 100,000", what);
    }
}

/* Parse a license and read a value four levels down. */
static HRESULT query_a_right(void *context)
{
    const WCHAR *license = context;
    DRMQUERYHANDLE root = DRMQUERYHANDLE_INVALID, work = 0, group = 0, right = 0;
    WCHAR name[16];
    HRESULT hr = DRMParseUnboundLicense((PWSTR)license, &root);
    if (SUCCEEDED(hr))
        hr = DRMGetUnboundLicenseObject(root, widen("work", name), 0, &work);
    if (SUCCEEDED(hr))
        hr = DRMGetUnboundLicenseObject(work, widen("rights-group", name), 0, &group);
    if (SUCCEEDED(hr))
        hr = DRMGetUnboundLicenseObject(group, widen("right", name), 0, &right);
    BYTE value[64];
    UINT size = sizeof value;
    DRMENCODINGTYPE encoding;
    if (SUCCEEDED(hr))
        hr = DRMGetUnboundLicenseAttribute(right, widen("name", name), 0, &encoding, &size, value);
    if (SUCCEEDED(hr) && (size != 10 || memcmp(value, "V\0I\0E\0W\0\0\0", 10) != 0))
        fail_msg("the right's name came back wrong");
    if (root != DRMQUERYHANDLE_INVALID)
        assert_int_equal(DRMCloseQueryHandle(root), S_OK);
    return hr;
}

static void test_query_api(void **state)
{
    (void)state;
    WCHAR *license = example_wide("rmpr-4.5.6-use-license.xml");
    with_each_allocation_failing("query", query_a_right, license);
    free(license);
}

/* Parse and verify the signature of a document signed by a real server. */
static HRESULT verify_document(void *context)
{
    const char *text = context;
    struct xrml_document *document = NULL;
    HRESULT hr = xrml_parse_utf8(text, strlen(text), &document);
    if (SUCCEEDED(hr))
        hr = xrml_verify_with_issuer_key(document);
    xrml_document_unref(document);
    return hr;
}

static void test_parse_and_verify(void **state)
{
    (void)state;
    size_t length = 0;
    char *text = example_text("rmpr-4.5.3-client-licensor-certificate.xml", &length);
    with_each_allocation_failing("verify", verify_document, text);
    free(text);
}

static HRESULT chain_round_trip(void *context)
{
    const WCHAR *chain = context;
    UINT length = 0;
    HRESULT hr = DRMDeconstructCertificateChain((PWSTR)chain, 1, &length, NULL);
    WCHAR *second = SUCCEEDED(hr) ? __real_malloc(length * sizeof(WCHAR)) : NULL;
    if (SUCCEEDED(hr))
        hr = DRMDeconstructCertificateChain((PWSTR)chain, 1, &length, second);
    PWSTR parts[2] = {second, second};
    UINT joined = 0;
    if (SUCCEEDED(hr))
        hr = DRMConstructCertificateChain(2, parts, &joined, NULL);
    free(second);
    return hr;
}

static void test_certificate_chains(void **state)
{
    (void)state;
    WCHAR *chain = example_wide("sdk-offline-signing-chain.cleaned.xml");
    with_each_allocation_failing("chain", chain_round_trip, chain);
    free(chain);
}

/* A Certify exchange both ways (net/rmpr_messages.h): the client's
 * request, the server's reading of it, its response, the client's
 * reading of that; the documents must come through unchanged. */
static HRESULT certify_exchange(void *context)
{
    const char *document = context;
    struct rmpr_documents chain = {0}, received = {0}, returned = {0};
    char *request = NULL, *response = NULL;
    size_t request_length = 0, response_length = 0;
    bool persistent = false;
    HRESULT hr = rmpr_documents_append(&chain, document, strlen(document));
    if (SUCCEEDED(hr))
        hr = rmpr_documents_append(&chain, document, strlen(document));
    if (SUCCEEDED(hr))
        hr = rmpr_write_certify_request(&chain, true, &request, &request_length);
    if (SUCCEEDED(hr))
        hr = rmpr_read_certify_request(request, request_length, NULL, &received, &persistent);
    if (SUCCEEDED(hr))
        hr = rmpr_write_certify_response(&received, &response, &response_length);
    if (SUCCEEDED(hr))
        hr = rmpr_read_certify_response(response, response_length, &returned);
    if (SUCCEEDED(hr) &&
        (!persistent || returned.count != 2 || strcmp(returned.texts[1], chain.texts[1]) != 0))
        fail_msg("the chain came back changed");
    free(request);
    free(response);
    rmpr_documents_clear(&chain);
    rmpr_documents_clear(&received);
    rmpr_documents_clear(&returned);
    return hr;
}

static void test_rmpr_messages(void **state)
{
    (void)state;
    size_t length = 0;
    char *text = example_text("rmpr-4.5.3-client-licensor-certificate.xml", &length);
    /* What goes on the wire starts at the root element. */
    with_each_allocation_failing("rmpr", certify_exchange, strstr(text, "<XrML"));
    free(text);
}

static HRESULT seal_and_open(void *context)
{
    EVP_PKEY *key = context;
    uint8_t payload[KEY_HEADER_SIZE + AES_KEY_SIZE] = {1, 2, 3};
    uint8_t hash[ENABLING_BITS_HASH_SIZE] = {4, 5, 6}, carried[ENABLING_BITS_HASH_SIZE];
    uint8_t *bits = NULL, *opened = NULL;
    size_t length = 0, opened_length = 0;
    HRESULT hr = enabling_bits_seal(key, payload, sizeof payload, hash, &bits, &length);
    if (SUCCEEDED(hr))
        hr = enabling_bits_open(key, bits, length, &opened, &opened_length, carried);
    if (SUCCEEDED(hr) &&
        (opened_length != sizeof payload || memcmp(opened, payload, sizeof payload) != 0 ||
         memcmp(carried, hash, sizeof hash) != 0))
        fail_msg("the sealed key came back wrong");
    OPENSSL_clear_free(opened, opened_length);
    OPENSSL_clear_free(bits, length);
    return hr;
}

static void test_enabling_bits(void **state)
{
    (void)state;
    EVP_PKEY *key = EVP_RSA_gen(1024);
    assert_non_null(key);
    with_each_allocation_failing("enabling bits", seal_and_open, key);
    EVP_PKEY_free(key);
}

/* base64's allocating forms: text and back, both modes. A form that
 * fails returns E_OUTOFMEMORY and no buffer. */
static HRESULT base64_round_trip(void *context)
{
    (void)context;
    uint8_t bytes[100];
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (uint8_t)(i * 7);
    char *text = NULL;
    uint8_t *back[2] = {NULL, NULL};
    size_t length[2] = {0, 0};
    static const enum base64_spare_bits modes[2] = {BASE64_SPARE_BITS_ZERO,
                                                    BASE64_SPARE_BITS_IGNORED};
    HRESULT hr = base64_encode_new(bytes, sizeof bytes, &text);
    if (FAILED(hr) && text != NULL)
        fail_msg("base64_encode_new: text returned with 0x%08x", (unsigned)hr);
    for (size_t m = 0; m < 2 && SUCCEEDED(hr); m++) {
        hr = base64_decode_new(text, strlen(text), modes[m], &back[m], &length[m]);
        if (FAILED(hr) && back[m] != NULL)
            fail_msg("base64_decode_new: bytes returned with 0x%08x", (unsigned)hr);
        if (SUCCEEDED(hr) && (length[m] != sizeof bytes || memcmp(back[m], bytes, length[m]) != 0))
            fail_msg("base64 came back wrong");
    }
    if (FAILED(hr) && hr != E_OUTOFMEMORY)
        fail_msg("base64: 0x%08x", (unsigned)hr);
    free(back[1]);
    free(back[0]);
    free(text);
    return hr;
}

static void test_base64(void **state)
{
    (void)state;
    with_each_allocation_failing("base64", base64_round_trip, NULL);
}

/* Read a published license into the license model and build it again. */
struct rebuild {
    struct xrml_document *document;
    EVP_PKEY *signer;
};

static HRESULT read_and_build(void *context)
{
    const struct rebuild *rebuild = context;
    struct license_model model;
    char *text = NULL;
    HRESULT hr = license_model_read(rebuild->document, &model);
    if (SUCCEEDED(hr))
        hr = license_build_end_user_license(&model, rebuild->signer, &text);
    if (SUCCEEDED(hr) && strstr(text, "{c542ff5d-c2ca-4eda-beec-a142f834d271}") == NULL)
        fail_msg("the license came back without its ID");
    license_model_clear(&model);
    free(text);
    return hr;
}

static void test_license_model(void **state)
{
    (void)state;
    size_t length = 0;
    char *text = example_text("rmpr-4.5.6-use-license.xml", &length);
    struct rebuild rebuild = {NULL, EVP_RSA_gen(1024)};
    assert_non_null(rebuild.signer);
    assert_int_equal(xrml_parse_utf8(text, length, &rebuild.document), S_OK);
    with_each_allocation_failing("license model", read_and_build, &rebuild);
    xrml_document_unref(rebuild.document);
    EVP_PKEY_free(rebuild.signer);
    free(text);
}

static HRESULT open_and_close_session(void *context)
{
    (void)context;
    DRMHSESSION session = DRMHSESSION_INVALID, copy = DRMHSESSION_INVALID;
    HRESULT hr = DRMCreateClientSession(ignore_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH,
                                        NULL, &session);
    if (SUCCEEDED(hr))
        hr = DRMDuplicateSession(session, &copy);
    if (copy != DRMHSESSION_INVALID)
        assert_int_equal(DRMCloseSession(copy), S_OK);
    if (session != DRMHSESSION_INVALID)
        assert_int_equal(DRMCloseSession(session), S_OK);
    return hr;
}

static void test_client_sessions(void **state)
{
    (void)state;
    with_each_allocation_failing("sessions", open_and_close_session, NULL);
}

/* What an environment and a storage session need: an activated machine,
 * its certificate, the lockbox path, a manifest, and signed documents. */
struct environment_inputs {
    WCHAR *path;
    WCHAR *manifest;
    WCHAR *machine;
    WCHAR *issuance_license;
    WCHAR *end_user_license; /* an EUL and its issuer's certificate */
    DRMHSESSION client;
};

static struct environment_inputs inputs;

static HRESULT open_environment(void *context)
{
    (void)context;
    DRMENVHANDLE env = DRMENVHANDLE_INVALID;
    DRMHANDLE library = DRMHANDLE_INVALID, second = DRMHANDLE_INVALID;
    WCHAR name[16];
    HRESULT hr = DRMInitEnvironment(DRMSECURITYPROVIDERTYPE_SOFTWARESECREP, DRMSPECTYPE_FILENAME,
                                    inputs.path, inputs.manifest, inputs.machine, &env, &library);
    if (SUCCEEDED(hr))
        hr = DRMLoadLibrary(env, DRMSPECTYPE_FILENAME, widen("UDStdPlg", name), NULL, &second);
    if (second != DRMHANDLE_INVALID)
        assert_int_equal(DRMCloseHandle(second), S_OK);
    if (library != DRMHANDLE_INVALID)
        assert_int_equal(DRMCloseHandle(library), S_OK);
    if (env != DRMENVHANDLE_INVALID)
        assert_int_equal(DRMCloseEnvironmentHandle(env), S_OK);
    return hr;
}

static HRESULT use_storage_session(void *context)
{
    DRMENVHANDLE *environment = context;
    DRMHSESSION storage = DRMHSESSION_INVALID;
    HRESULT hr = DRMCreateLicenseStorageSession(environment[0], environment[1], inputs.client, 0,
                                                inputs.issuance_license, &storage);
    if (SUCCEEDED(hr))
        hr = DRMAddLicense(storage, DRM_ADD_LICENSE_NOPERSIST, inputs.end_user_license);
    BOOL shared = FALSE;
    UINT length = 0;
    if (SUCCEEDED(hr))
        hr = DRMEnumerateLicense(storage, DRM_EL_EUL_LID, 0, &shared, &length, NULL);
    if (storage != DRMHSESSION_INVALID)
        assert_int_equal(DRMCloseSession(storage), S_OK);
    return hr;
}

static void test_environment_and_storage_sessions(void **state)
{
    (void)state;
    with_each_allocation_failing("environment", open_environment, NULL);
    DRMENVHANDLE environment[2] = {DRMENVHANDLE_INVALID, DRMHANDLE_INVALID};
    assert_int_equal(DRMInitEnvironment(DRMSECURITYPROVIDERTYPE_SOFTWARESECREP,
                                        DRMSPECTYPE_FILENAME, inputs.path, inputs.manifest,
                                        inputs.machine, &environment[0], &environment[1]),
                     S_OK);
    with_each_allocation_failing("storage session", use_storage_session, environment);
    assert_int_equal(DRMCloseHandle(environment[1]), S_OK);
    assert_int_equal(DRMCloseEnvironmentHandle(environment[0]), S_OK);
}

/* Everything the environment test needs, made before any failure. */
static int prepare_environment_inputs(void)
{
    struct license_store *store = NULL;
    bool already = false;
    if (FAILED(store_shared(&store)) || FAILED(machine_identity_activate(store, false, &already)))
        return -1;
    WCHAR group[32];
    if (DRMCreateClientSession(ignore_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH,
                               widen("reader@example.com", group), &inputs.client) != S_OK)
        return -1;
    UINT type_length = 0, path_length = 0;
    DRMGetSecurityProvider(0, &type_length, NULL, &path_length, NULL);
    WCHAR *type = calloc(type_length, sizeof(WCHAR));
    inputs.path = calloc(path_length, sizeof(WCHAR));
    DRMGetSecurityProvider(0, &type_length, type, &path_length, inputs.path);
    free(type);
    BOOL shared = FALSE;
    UINT length = 0;
    DRMEnumerateLicense(inputs.client, DRM_EL_MACHINE, 0, &shared, &length, NULL);
    inputs.machine = calloc(length, sizeof(WCHAR));
    DRMEnumerateLicense(inputs.client, DRM_EL_MACHINE, 0, &shared, &length, inputs.machine);

    EVP_PKEY *root = test_key(), *server = test_key(), *licensor = test_key();
    char *manifest = test_manifest(NULL, "{M}", "Test vendor", "app.exe");
    char *issuance = test_issuance_license(licensor, "{C}");
    char *certificate = test_issuer_certificate(root, server, "{SERVER}");
    char *license = test_end_user_license(server, "{L}", "{C}", NULL, NULL, 1);
    char *chain = test_join(license, certificate);
    inputs.manifest = test_wide(manifest);
    inputs.issuance_license = test_wide(issuance);
    inputs.end_user_license = test_wide(chain);
    free(manifest);
    free(issuance);
    free(certificate);
    free(license);
    free(chain);
    EVP_PKEY_free(root);
    EVP_PKEY_free(server);
    EVP_PKEY_free(licensor);
    return 0;
}

static int free_environment_inputs(void **state)
{
    (void)state;
    DRMCloseSession(inputs.client);
    free(inputs.path);
    free(inputs.manifest);
    free(inputs.machine);
    free(inputs.issuance_license);
    free(inputs.end_user_license);
    return 0;
}

static int route_allocations(void **state)
{
    (void)state;
    if (!failing_allocations_cover_openssl())
        return -1;
    /* One run with nothing failing first: one-time initialisation (libxml2's
     * parser, OpenSSL's providers) is not what is being tested. */
    size_t length = 0;
    char *text = example_text("rmpr-4.5.3-client-licensor-certificate.xml", &length);
    HRESULT hr = verify_document(text);
    free(text);
    EVP_PKEY *key = EVP_RSA_gen(1024);
    if (key != NULL && SUCCEEDED(hr))
        hr = seal_and_open(key);
    EVP_PKEY_free(key);
    if (hr != S_OK || prepare_environment_inputs() != 0)
        return -1;
    /* Once, unfailed: the first DRMInitEnvironment and storage session
     * open the shared store and make lasting caches. */
    DRMENVHANDLE environment[2] = {0, 0};
    hr = DRMInitEnvironment(DRMSECURITYPROVIDERTYPE_SOFTWARESECREP, DRMSPECTYPE_FILENAME,
                            inputs.path, inputs.manifest, inputs.machine, &environment[0],
                            &environment[1]);
    if (SUCCEEDED(hr))
        hr = use_storage_session(environment);
    DRMCloseHandle(environment[1]);
    DRMCloseEnvironmentHandle(environment[0]);
    return hr == S_OK ? 0 : -1;
}

/* An HTTP response body growing as the bytes come (platform/http_common.h):
 * a failed append leaves what was received as it was. */
static HRESULT grow_a_body(void *context)
{
    (void)context;
    struct http_body body;
    http_body_init(&body, (size_t)1 << 20);
    char chunk[3000];
    memset(chunk, 'b', sizeof chunk);
    HRESULT hr = http_body_expect(&body, 100);
    for (int i = 0; SUCCEEDED(hr) && i < 40; i++) {
        size_t before = body.length;
        hr = http_body_append(&body, chunk, sizeof chunk);
        if (FAILED(hr) && body.length != before)
            fail_msg("a failed append changed the body");
    }
    struct http_response response = {0};
    if (SUCCEEDED(hr))
        hr = http_body_finish(&body, &response);
    if (SUCCEEDED(hr) && (response.length != 40 * sizeof chunk || response.body[response.length]))
        fail_msg("the body came back wrong");
    http_response_clear(&response);
    http_body_free(&body);
    return hr;
}

static void test_http_body(void **state)
{
    (void)state;
    with_each_allocation_failing("http body", grow_a_body, NULL);
}

/* --- what servers issue (src/credentials) and the temporary store ----------------- */

/* A RAC chain, a CLC chain and a template, as replies carry them. */
struct issued_case {
    struct xrml_test_pki *pki;
    struct rmpr_documents rac, clc;
    struct xrml_document *rac_leaf;
    char guid[39];
    char *template_text, *template_hash, *server_key;
};

static HRESULT accept_rac(void *context)
{
    struct issued_case *c = context;
    struct machine_key machine = {c->pki->machine_guid, c->pki->machine_key};
    struct store_item item;
    HRESULT hr = rights_account_accept(c->rac.count, c->rac.texts, c->rac.lengths, &machine, 1,
                                       xrml_time_from_now(0), &item);
    store_item_clear(&item);
    return hr;
}

static HRESULT accept_clc(void *context)
{
    struct issued_case *c = context;
    /* A fresh copy of the RAC key each run, as the client opens one for
     * each acquisition: OpenSSL may leave a key it failed to set up a
     * private operation for (its blinding) unusable afterwards. */
    EVP_PKEY *rac_key = EVP_PKEY_dup(c->pki->rac_key);
    if (rac_key == NULL)
        return E_OUTOFMEMORY;
    struct store_item item;
    HRESULT hr = client_licensor_accept(c->clc.count, c->clc.texts, c->clc.lengths, c->rac_leaf,
                                        rac_key, xrml_time_from_now(0), &item);
    store_item_clear(&item);
    EVP_PKEY_free(rac_key);
    return hr;
}

static HRESULT accept_template(void *context)
{
    struct issued_case *c = context;
    struct template_server server;
    HRESULT hr = template_server_read(c->server_key, &server);
    struct store_item item = {0};
    if (SUCCEEDED(hr))
        hr = rights_template_accept(c->template_text, strlen(c->template_text), c->guid,
                                    c->template_hash, &server, &item);
    store_item_clear(&item);
    template_server_clear(&server);
    return hr;
}

static void test_issued_credentials(void **state)
{
    (void)state;
    struct issued_case c = {0};
    c.pki = xrml_test_pki_new();
    assert_non_null(c.pki);
    char *rac = issued_rac(c.pki, c.pki->slc_key, c.pki->machine_key, c.pki->machine_guid,
                           c.pki->before, c.pki->until, 0);
    char *clc = issued_clc(c.pki, c.pki->slc_key, c.pki->rac_key);
    char *rac_chain = issued_chain_of(c.pki, rac), *clc_chain = issued_chain_of(c.pki, clc);
    reply_documents(rac_chain, &c.rac);
    reply_documents(clc_chain, &c.clc);
    assert_int_equal(xrml_parse_utf8(rac, strlen(rac), &c.rac_leaf), S_OK);
    xrml_random_guid(c.guid);
    c.template_text = issued_template(c.pki, c.pki->slc_key, c.guid, 7);
    c.template_hash = issued_template_hash(c.template_text);
    c.server_key = issued_server_public_key(c.pki->slc_key);
    assert_non_null(c.server_key);
    /* Each is accepted when nothing fails. */
    assert_int_equal(accept_rac(&c), S_OK);
    assert_int_equal(accept_clc(&c), S_OK);
    assert_int_equal(accept_template(&c), S_OK);
    with_each_allocation_failing("accept a RAC", accept_rac, &c);
    with_each_allocation_failing("accept a CLC", accept_clc, &c);
    with_each_allocation_failing("accept a template", accept_template, &c);
    xrml_document_unref(c.rac_leaf);
    rmpr_documents_clear(&c.rac);
    rmpr_documents_clear(&c.clc);
    free(c.template_text);
    free(c.template_hash);
    free(c.server_key);
    free(rac);
    free(clc);
    free(rac_chain);
    free(clc_chain);
    xrml_test_pki_free(c.pki);
}

/* Put two items, read one back, delete one: the store as it was on any
 * failure (it holds what was put before it). */
static HRESULT use_temporary_store(void *context)
{
    (void)context;
    struct temporary_store store;
    temporary_store_init(&store);
    HRESULT hr = S_OK;
    for (int i = 0; SUCCEEDED(hr) && i < 2; i++) {
        struct store_item item = {.kind = STORE_RIGHTS_ACCOUNT_CERTIFICATE};
        item.license_id = malloc(8);
        item.xrml = malloc(8);
        item.group_identity = malloc(8);
        if (item.license_id == NULL || item.xrml == NULL || item.group_identity == NULL) {
            hr = E_OUTOFMEMORY;
        } else {
            strcpy(item.license_id, i == 0 ? "{a}" : "{b}");
            strcpy(item.xrml, "<XrML/>");
            strcpy(item.group_identity, "a@b");
            hr = temporary_store_put(&store, &item);
        }
        store_item_clear(&item);
    }
    WCHAR user[] = {'a', '@', 'b', 0};
    struct enumeration_query query = {0, STORE_RIGHTS_ACCOUNT_CERTIFICATE, 0, true, user, NULL};
    struct store_item copy = {0};
    size_t count = 0;
    if (SUCCEEDED(hr))
        hr = temporary_store_item(&store, &query, 1, &copy, &count);
    if (SUCCEEDED(hr) && (count != 2 || strcmp(copy.license_id, "{b}") != 0))
        fail_msg("the temporary store read back wrong");
    store_item_clear(&copy);
    if (SUCCEEDED(hr) &&
        !temporary_store_delete(&store, STORE_KIND_MASK(STORE_RIGHTS_ACCOUNT_CERTIFICATE), "{a}"))
        fail_msg("the temporary store did not delete");
    temporary_store_destroy(&store);
    return hr;
}

static void test_temporary_store(void **state)
{
    (void)state;
    with_each_allocation_failing("temporary store", use_temporary_store, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query_api),
        cmocka_unit_test(test_parse_and_verify),
        cmocka_unit_test(test_certificate_chains),
        cmocka_unit_test(test_enabling_bits),
        cmocka_unit_test(test_license_model),
        cmocka_unit_test(test_base64),
        cmocka_unit_test(test_http_body),
        cmocka_unit_test(test_client_sessions),
        cmocka_unit_test(test_environment_and_storage_sessions),
        cmocka_unit_test(test_rmpr_messages),
        cmocka_unit_test(test_issued_credentials),
        cmocka_unit_test(test_temporary_store),
    };
    return cmocka_run_group_tests_name("out_of_memory", tests, route_allocations,
                                       free_environment_inputs);
}
