/*
 * msdrm-server's Certify in-process, through server_handle_request
 * (src/server/server.h): requests as spec/rmpr.md §8 builds them, the
 * RAC of spec/xrml.md §4.3 back, every documented fault of §5.2 and the
 * generic ones of §2.4 (VersionData, missing arguments).
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "license/license_model.h"
#include "license/sealed_private_key.h"
#include "server/server_private.h"
#include "server_fixture.h"
#include "xrml/xrml_document.h"
#include "xrml_check.h"

#ifndef MSDRM_SPEC_EXAMPLES
#error "MSDRM_SPEC_EXAMPLES comes from tests/CMakeLists.txt"
#endif

struct fixture {
    char *folder;
    struct test_machine machine;
    struct server *server;
};

static int setup(void **state)
{
    static int counter;
    struct fixture *f = calloc(1, sizeof *f);
    char name[64];
    snprintf(name, sizeof name, "certify-%d", counter++);
    f->folder = test_folder(name);
    char *machine_folder = malloc(strlen(f->folder) + 16);
    sprintf(machine_folder, "%s/machine", f->folder);
    test_machine_make(&f->machine, machine_folder);
    free(machine_folder);
    f->server = test_server_open(f->folder, NULL, NULL, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    server_close(f->server);
    test_machine_free(&f->machine);
    free(f->folder);
    free(f);
    return 0;
}

static struct server_response certify(struct fixture *f, const char *from, size_t machine,
                                      bool persistent)
{
    const char *chain[1] = {f->machine.certificate[machine]};
    char *body = test_certify_body(chain, 1, persistent);
    struct server_response response =
        test_post(f->server, PATH_CERTIFY, NS_CERTIFICATION, "Certify", from, body);
    free(body);
    return response;
}

/* The RAC of a successful Certify, checked as a chain to the server's
 * root: every signature by the independent checker and by the library,
 * each ISSUER the next one's principal. */
static char *checked_rac(const struct server_response *response)
{
    if (response->status != 200)
        fail_msg("HTTP %d: %.*s", response->status, (int)response->length, response->body);
    assert_int_equal(
        test_xpath(response,
                   "/soap:Envelope/soap:Body/c:CertifyResponse/c:CertifyResult/c:CertificateChain/"
                   "c:Certificate/XrML",
                   NULL),
        3);
    char *documents[3];
    assert_int_equal(test_documents(response->body, documents, 3), 3);
    struct xrml_document *parsed[3];
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(xrml_check_signature(documents[i], XRML_ISSUER_MODULUS), XRML_VALID);
        assert_int_equal(xrml_parse_utf8(documents[i], strlen(documents[i]), &parsed[i]), S_OK);
    }
    assert_int_equal(xrml_verify_chain(parsed, 3), S_OK);
    /* The root signs itself. */
    EVP_PKEY *issuer = NULL, *principal = NULL;
    assert_int_equal(xrml_issuer_key(parsed[2], &issuer), S_OK);
    assert_int_equal(xrml_principal_key(parsed[2], &principal), S_OK);
    assert_true(xrml_same_key(issuer, principal));
    EVP_PKEY_free(issuer);
    EVP_PKEY_free(principal);
    for (size_t i = 0; i < 3; i++)
        xrml_document_unref(parsed[i]);
    test_documents_free(documents + 1, 2);
    return documents[0];
}

static const char *level(const struct license_party *party, const char *name)
{
    for (size_t i = 0; i < party->level_count; i++)
        if (strcmp(party->levels[i].name, name) == 0)
            return party->levels[i].value;
    return NULL;
}

/* Reads a RAC; opens its sealed key with the machine key (spec/rmpr.md
 * §6.2) and checks it is the RAC's key, sealed with the ISSUER hash. */
static void read_rac(const char *rac, EVP_PKEY *machine_key, struct xrml_document **document,
                     struct license_model *model, EVP_PKEY **rac_key)
{
    assert_int_equal(xrml_parse_utf8(rac, strlen(rac), document), S_OK);
    assert_int_equal(license_model_read(*document, model), S_OK);
    assert_int_equal(model->kind, LICENSE_KIND_RIGHTS_ACCOUNT_CERTIFICATE);
    assert_int_equal(model->federation_principal_count, 1);
    const struct license_party *machine = &model->federation_principals[0];
    assert_string_equal(machine->enabling_bits.type, "sealed-key");
    uint8_t hash[ENABLING_BITS_HASH_SIZE], expected[ENABLING_BITS_HASH_SIZE];
    assert_int_equal(sealed_private_key_open(machine_key, machine->enabling_bits.value,
                                             strlen(machine->enabling_bits.value), rac_key, hash),
                     S_OK);
    assert_int_equal(sealed_private_key_issuer_hash(rac, strlen(rac), expected), S_OK);
    assert_memory_equal(hash, expected, sizeof hash);
    assert_int_equal(model->principal_count, 1);
    assert_true(xrml_same_key(*rac_key, model->principals[0].key));
}

/* spec/rmpr.md §5.2, spec/xrml.md §4.3: a persistent RAC for the From
 * user, 365 days from ISSUEDTIME - 15 min, bound to the machine. */
static void persistent_rac(void **state)
{
    struct fixture *f = *state;
    struct server_response response = certify(f, TEST_USER, 0, true);
    char *rac = checked_rac(&response);
    struct xrml_document *document = NULL;
    struct license_model model;
    EVP_PKEY *rac_key = NULL;
    read_rac(rac, f->machine.key[0], &document, &model, &rac_key);
    const struct license_party *user = &model.principals[0];
    assert_string_equal(user->object->type, "Group-Identity");
    assert_string_equal(user->object->name, TEST_USER);
    assert_string_equal(user->object->id_type, "Federation");
    assert_string_equal(level(user, "Group-Identity-Credential-Type"), "Persistent");
    assert_string_equal(level(user, "Group-Identity-Type"), "Group");
    assert_int_equal(model.valid_from, model.issued_time - 15 * 60);
    assert_int_equal(model.valid_until, model.issued_time + 365 * 24 * 3600LL);
    /* The machine principal copies the machine certificate's OBJECT. */
    assert_string_equal(model.federation_principals[0].object->type, "Machine-Unique-Identifier");
    assert_non_null(level(&model.federation_principals[0], "Platform"));
    /* The certification point names this server. */
    assert_int_equal(model.distribution_point_count, 1);
    assert_string_equal(model.distribution_points[0].object->addresses[0].value,
                        TEST_BASE_URL "/certification");
    /* The server logged it. */
    char *logged = NULL;
    assert_int_equal(server_store_find_issued(f->server->store, license_id(&model), &logged), S_OK);
    assert_string_equal(logged, rac);
    free(logged);
    EVP_PKEY_free(rac_key);
    license_model_clear(&model);
    xrml_document_unref(document);
    free(rac);
    server_response_clear(&response);
}

/* Persistent false: a temporary RAC, 15 minutes. */
static void temporary_rac(void **state)
{
    struct fixture *f = *state;
    struct server_response response = certify(f, TEST_USER, 1, false);
    char *rac = checked_rac(&response);
    struct xrml_document *document = NULL;
    struct license_model model;
    EVP_PKEY *rac_key = NULL;
    read_rac(rac, f->machine.key[1], &document, &model, &rac_key); /* the 2048-bit machine */
    assert_string_equal(level(&model.principals[0], "Group-Identity-Credential-Type"), "Temporary");
    assert_int_equal(model.valid_until, model.issued_time + 15 * 60);
    EVP_PKEY_free(rac_key);
    license_model_clear(&model);
    xrml_document_unref(document);
    free(rac);
    server_response_clear(&response);
}

/* GetUserKeyPair: one key and principal ID per address, whatever its
 * case, another for another address. */
static void one_key_per_user(void **state)
{
    struct fixture *f = *state;
    const char *users[3] = {TEST_USER, "ALICE@openmsdrm.test", "bob@openmsdrm.test"};
    EVP_PKEY *keys[3];
    char *ids[3];
    for (size_t i = 0; i < 3; i++) {
        struct server_response response = certify(f, users[i], 0, true);
        char *rac = checked_rac(&response);
        struct xrml_document *document = NULL;
        struct license_model model;
        read_rac(rac, f->machine.key[0], &document, &model, &keys[i]);
        ids[i] = strdup(model.principals[0].object->id);
        license_model_clear(&model);
        xrml_document_unref(document);
        free(rac);
        server_response_clear(&response);
    }
    assert_true(xrml_same_key(keys[0], keys[1]));
    assert_string_equal(ids[0], ids[1]);
    assert_false(xrml_same_key(keys[0], keys[2]));
    assert_string_not_equal(ids[0], ids[2]);
    for (size_t i = 0; i < 3; i++) {
        EVP_PKEY_free(keys[i]);
        free(ids[i]);
    }
}

static void expect_certify_fault(struct fixture *f, const char *const *chain, size_t count,
                                 const char *from, const char *exception)
{
    char *body = test_certify_body(chain, count, true);
    struct server_response response =
        test_post(f->server, PATH_CERTIFY, NS_CERTIFICATION, "Certify", from, body);
    assert_fault(&response, exception);
    server_response_clear(&response);
    free(body);
}

#define MACHINE_CHAIN_FAILED                                                                       \
    "Microsoft.DigitalRightsManagement.Core.VerifyMachineCertificateChainFailedException"

/* A real Windows machine certificate chains to Microsoft's SPC issuer,
 * not to itself: refused (spec/rmpr.md §5.2, §7 "Trust"). */
static void windows_machine_refused(void **state)
{
    struct fixture *f = *state;
    char *windows =
        test_read_file(MSDRM_SPEC_EXAMPLES "/rmpr-4.5.1-security-processor-certificate.xml");
    const char *chain[1] = {windows};
    expect_certify_fault(f, chain, 1, TEST_USER, MACHINE_CHAIN_FAILED);
    free(windows);
}

/* Unsigned, tampered, not a machine certificate, or followed by a
 * document it does not chain to: refused. */
static void untrusted_machines_refused(void **state)
{
    struct fixture *f = *state;
    const char *ours = f->machine.certificate[0];
    /* Unsigned: the document without its SIGNATURE. */
    char *unsigned_copy = strdup(ours);
    strcpy(strstr(unsigned_copy, "<SIGNATURE>"), "</XrML>");
    const char *chain[2] = {unsigned_copy};
    expect_certify_fault(f, chain, 1, TEST_USER, MACHINE_CHAIN_FAILED);
    /* Tampered: one character of the BODY changed. */
    char *tampered = strdup(ours);
    char *name = strstr(tampered, "<NAME>Machine</NAME>");
    assert_non_null(name);
    name[6] = 'N';
    chain[0] = tampered;
    expect_certify_fault(f, chain, 1, TEST_USER, MACHINE_CHAIN_FAILED);
    /* Well-formed, but no XrML document (no BODY). */
    chain[0] = "<XrML version=\"1.2\" xmlns=\"\"><NOBODY /></XrML>";
    expect_certify_fault(f, chain, 1, TEST_USER, MACHINE_CHAIN_FAILED);
    /* Ours followed by another machine's certificate: the link fails. */
    chain[0] = ours;
    chain[1] = f->machine.certificate[1];
    expect_certify_fault(f, chain, 2, TEST_USER, MACHINE_CHAIN_FAILED);
    free(unsigned_copy);
    free(tampered);
}

/* §5.2 faults about the user: no From (not authenticated), one that is
 * no address. */
static void user_faults(void **state)
{
    struct fixture *f = *state;
    const char *chain[1] = {f->machine.certificate[0]};
    expect_certify_fault(f, chain, 1, NULL, "System.UnauthorizedAccessException");
    expect_certify_fault(f, chain, 1, "", "System.UnauthorizedAccessException");
    expect_certify_fault(
        f, chain, 1, "not an address",
        "Microsoft.DigitalRightsManagement.Core.VerifyEmailAddressFailedException");
    expect_certify_fault(
        f, chain, 1, "a@b@c.test",
        "Microsoft.DigitalRightsManagement.Core.VerifyEmailAddressFailedException");
}

/* --users: only the listed addresses; others get ADEntrySearchFailed. */
static void users_file_limits(void **state)
{
    struct fixture *f = *state;
    char *path = malloc(strlen(f->folder) + 16);
    sprintf(path, "%s/users.txt", f->folder);
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs("# test users\n\nAlice@OpenMSDRM.test\r\n  carol@openmsdrm.test  \n", file);
    fclose(file);
    char *folder = malloc(strlen(f->folder) + 16);
    sprintf(folder, "%s/limited", f->folder);
    struct server *limited = test_server_open(folder, path, NULL, 0);
    const char *chain[1] = {f->machine.certificate[0]};
    char *body = test_certify_body(chain, 1, true);
    const char *allowed[] = {TEST_USER, "carol@openmsdrm.test"};
    for (size_t i = 0; i < 2; i++) {
        struct server_response response =
            test_post(limited, PATH_CERTIFY, NS_CERTIFICATION, "Certify", allowed[i], body);
        char *rac = checked_rac(&response);
        free(rac);
        server_response_clear(&response);
    }
    struct server_response response =
        test_post(limited, PATH_CERTIFY, NS_CERTIFICATION, "Certify", "bob@openmsdrm.test", body);
    assert_fault(&response,
                 "Microsoft.DigitalRightsManagement.Utilities.ADEntrySearchFailedException");
    server_response_clear(&response);
    server_close(limited);
    /* A list with a line that is no address does not start. */
    file = fopen(path, "w");
    fputs("alice@openmsdrm.test\nnot an address\n", file);
    fclose(file);
    struct server_config config = {
        .data_dir = folder, .base_url = TEST_BASE_URL, .users_file = path};
    const char *error = NULL, *detail = NULL;
    assert_int_equal(server_open(&config, &limited, &error, &detail), E_INVALIDARG);
    assert_non_null(error);
    assert_string_equal(detail, path);
    free(body);
    free(folder);
    free(path);
}

/* spec/rmpr.md §2.4: a maximum above the server's is unsupported, a
 * version that is not a.b.c.d malformed; no VersionData is accepted. */
static void version_data(void **state)
{
    struct fixture *f = *state;
    char *certificates = test_certificates((const char *const *)&f->machine.certificate[0], 1);
    char *inner = malloc(strlen(certificates) + 256);
    sprintf(inner,
            "<requestParams><MachineCertificateChain>%s</MachineCertificateChain>"
            "<Persistent>true</Persistent></requestParams>",
            certificates);
    const struct {
        bool with;
        const char *minimum, *maximum, *fault;
    } cases[] = {
        {true, "1.0.0.0", "9.0.0.0",
         "Microsoft.DigitalRightsManagement.Core.UnsupportedDataVersionException"},
        {true, "1.0", "1.0.0.0",
         "Microsoft.DigitalRightsManagement.Core.MalformedDataVersionException"},
        {true, "1.0.0.0", "one.0.0.0",
         "Microsoft.DigitalRightsManagement.Core.MalformedDataVersionException"},
        {false, NULL, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *body = test_envelope(NS_CERTIFICATION, "Certify", cases[i].with, cases[i].minimum,
                                   cases[i].maximum, inner);
        struct server_response response =
            test_post(f->server, PATH_CERTIFY, NS_CERTIFICATION, "Certify", TEST_USER, body);
        if (cases[i].fault != NULL) {
            assert_fault(&response, cases[i].fault);
        } else {
            char *rac = checked_rac(&response);
            free(rac);
        }
        server_response_clear(&response);
        free(body);
    }
    free(inner);
    free(certificates);
}

/* spec/rmpr.md §9: a missing argument is an ArgumentNullException. */
static void missing_arguments(void **state)
{
    struct fixture *f = *state;
    char *certificates = test_certificates((const char *const *)&f->machine.certificate[0], 1);
    char *no_persistent = malloc(strlen(certificates) + 256);
    sprintf(no_persistent,
            "<requestParams><MachineCertificateChain>%s</MachineCertificateChain></requestParams>",
            certificates);
    const char *inners[] = {"<requestParams><Persistent>true</Persistent></requestParams>",
                            "<requestParams><MachineCertificateChain /><Persistent>true"
                            "</Persistent></requestParams>",
                            no_persistent, ""};
    for (size_t i = 0; i < sizeof inners / sizeof inners[0]; i++) {
        char *body =
            test_envelope(NS_CERTIFICATION, "Certify", true, "1.0.0.0", "1.0.0.0", inners[i]);
        struct server_response response =
            test_post(f->server, PATH_CERTIFY, NS_CERTIFICATION, "Certify", TEST_USER, body);
        assert_fault(&response, "System.ArgumentNullException");
        server_response_clear(&response);
        free(body);
    }
    free(no_persistent);
    free(certificates);
}

/* The chain is made on first start and kept: a second server on the
 * same folder serves the same SLC, and the RACs it issued are logged. */
static void restart_keeps_identity(void **state)
{
    struct fixture *f = *state;
    struct server_response response = certify(f, TEST_USER, 0, true);
    char *first = checked_rac(&response);
    server_response_clear(&response);
    char *slc = strdup(f->server->identity.slc->text);
    server_close(f->server);
    f->server = test_server_open(f->folder, NULL, NULL, 0);
    assert_string_equal(f->server->identity.slc->text, slc);
    response = certify(f, TEST_USER, 0, true);
    char *second = checked_rac(&response);
    server_response_clear(&response);
    int64_t count = 0;
    assert_int_equal(server_store_count_issued(f->server->store, "RAC", &count), S_OK);
    assert_int_equal(count, 2);
    free(first);
    free(second);
    free(slc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(persistent_rac, setup, teardown),
        cmocka_unit_test_setup_teardown(temporary_rac, setup, teardown),
        cmocka_unit_test_setup_teardown(one_key_per_user, setup, teardown),
        cmocka_unit_test_setup_teardown(windows_machine_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(untrusted_machines_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(user_faults, setup, teardown),
        cmocka_unit_test_setup_teardown(users_file_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(version_data, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(restart_keeps_identity, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
