/*
 * msdrm-server's GetClientLicensorCert in-process (spec/rmpr.md §5.6):
 * a CLC (spec/xrml.md §4.4) for a RAC this server issued, and each
 * documented fault for a RAC that is tampered, expired, issued by
 * another server or no RAC at all.
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

#include "license/license_builders.h"
#include "license/license_model.h"
#include "license/sealed_private_key.h"
#include "server/server_private.h"
#include "server_fixture.h"
#include "xrml/xrml_document.h"
#include "xrml_builders.h"
#include "xrml_check.h"

struct fixture {
    char *folder;
    struct test_machine machine;
    struct server *server;
    char *rac; /* a persistent RAC for TEST_USER on machine key 0 */
};

static char *first_document(const struct server_response *response)
{
    if (response->status != 200)
        fail_msg("HTTP %d: %.*s", response->status, (int)response->length, response->body);
    char *documents[3];
    assert_int_equal(test_documents(response->body, documents, 3), 3);
    test_documents_free(documents + 1, 2);
    return documents[0];
}

static int setup(void **state)
{
    static int counter;
    struct fixture *f = calloc(1, sizeof *f);
    char name[64];
    snprintf(name, sizeof name, "licensor-%d", counter++);
    f->folder = test_folder(name);
    char *machine_folder = malloc(strlen(f->folder) + 16);
    sprintf(machine_folder, "%s/machine", f->folder);
    test_machine_make(&f->machine, machine_folder);
    free(machine_folder);
    f->server = test_server_open(f->folder, NULL, NULL, 0);
    const char *chain[1] = {f->machine.certificate[0]};
    char *body = test_certify_body(chain, 1, true);
    struct server_response response =
        test_post(f->server, PATH_CERTIFY, NS_CERTIFICATION, "Certify", TEST_USER, body);
    f->rac = first_document(&response);
    server_response_clear(&response);
    free(body);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    server_close(f->server);
    test_machine_free(&f->machine);
    free(f->rac);
    free(f->folder);
    free(f);
    return 0;
}

/* The request of spec/rmpr.md §8 for a persona chain. */
static struct server_response get_clc(struct fixture *f, const char *const *chain, size_t count)
{
    char *certificates = test_certificates(chain, count);
    char *inner = malloc(strlen(certificates) + 256);
    sprintf(inner,
            "<RequestParams><GetClientLicensorCertParams><PersonaCerts>%s</PersonaCerts>"
            "</GetClientLicensorCertParams></RequestParams>",
            certificates);
    char *body =
        test_envelope(NS_PUBLISHING, "GetClientLicensorCert", true, "1.0.0.0", "1.0.0.0", inner);
    struct server_response response =
        test_post(f->server, PATH_PUBLISH, NS_PUBLISHING, "GetClientLicensorCert", TEST_USER, body);
    free(body);
    free(inner);
    free(certificates);
    return response;
}

/* The RAC chain as the client holds it: RAC, SLC, root. */
static struct server_response get_clc_for(struct fixture *f, const char *rac)
{
    const char *chain[3] = {rac, f->server->identity.slc->text, f->server->identity.root->text};
    return get_clc(f, chain, 3);
}

static void issues_clc(void **state)
{
    struct fixture *f = *state;
    struct server_response response = get_clc_for(f, f->rac);
    assert_int_equal(response.status, 200);
    assert_int_equal(test_xpath(&response,
                                "/soap:Envelope/soap:Body/p:GetClientLicensorCertResponse/"
                                "p:GetClientLicensorCertResult/p:GetClientLicensorCertResponse/"
                                "p:CertificateChain/p:Certificate/XrML",
                                NULL),
                     3);
    char *documents[3];
    assert_int_equal(test_documents(response.body, documents, 3), 3);
    struct xrml_document *parsed[3];
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(xrml_check_signature(documents[i], XRML_ISSUER_MODULUS), XRML_VALID);
        assert_int_equal(xrml_parse_utf8(documents[i], strlen(documents[i]), &parsed[i]), S_OK);
    }
    assert_int_equal(xrml_verify_chain(parsed, 3), S_OK);

    struct xrml_document *rac_document = NULL;
    struct license_model rac, clc;
    assert_int_equal(xrml_parse_utf8(f->rac, strlen(f->rac), &rac_document), S_OK);
    assert_int_equal(license_model_read(rac_document, &rac), S_OK);
    assert_int_equal(license_model_read(parsed[0], &clc), S_OK);
    assert_int_equal(clc.kind, LICENSE_KIND_CLIENT_LICENSOR_CERTIFICATE);
    /* The principal is the RAC's user, with a key of its own. */
    const struct license_object *user = clc.principals[0].object;
    assert_string_equal(user->type, "Group-Identity");
    assert_string_equal(user->id, rac.principals[0].object->id);
    assert_string_equal(user->name, TEST_USER);
    assert_false(xrml_same_key(clc.principals[0].key, rac.principals[0].key));
    /* ISSUE over the RAC's validity, the CLC key sealed to the RAC key
     * (spec/rmpr.md §6.3: opened with the RAC key the machine opens). */
    const struct license_right *issue = &clc.works[0].groups[0].rights[0];
    assert_string_equal(issue->name, "ISSUE");
    assert_int_equal(issue->conditions.range_from, rac.valid_from);
    assert_int_equal(issue->conditions.range_until, rac.valid_until);
    EVP_PKEY *rac_key = NULL, *clc_key = NULL;
    uint8_t hash[ENABLING_BITS_HASH_SIZE], expected[ENABLING_BITS_HASH_SIZE];
    const char *rac_bits = rac.federation_principals[0].enabling_bits.value;
    assert_int_equal(
        sealed_private_key_open(f->machine.key[0], rac_bits, strlen(rac_bits), &rac_key, hash),
        S_OK);
    const char *clc_bits = issue->conditions.access[0].principals[0].enabling_bits.value;
    assert_int_equal(sealed_private_key_open(rac_key, clc_bits, strlen(clc_bits), &clc_key, hash),
                     S_OK);
    assert_true(xrml_same_key(clc_key, clc.principals[0].key));
    assert_int_equal(sealed_private_key_issuer_hash(documents[0], strlen(documents[0]), expected),
                     S_OK);
    assert_memory_equal(hash, expected, sizeof hash);
    assert_string_equal(clc.distribution_points[0].object->type, "License-Acquisition-URL");
    assert_string_equal(clc.distribution_points[0].object->addresses[0].value,
                        TEST_BASE_URL "/licensing");
    int64_t count = 0;
    assert_int_equal(server_store_count_issued(f->server->store, "CLC", &count), S_OK);
    assert_int_equal(count, 1);

    EVP_PKEY_free(rac_key);
    EVP_PKEY_free(clc_key);
    license_model_clear(&rac);
    license_model_clear(&clc);
    xrml_document_unref(rac_document);
    for (size_t i = 0; i < 3; i++)
        xrml_document_unref(parsed[i]);
    test_documents_free(documents, 3);
    server_response_clear(&response);
}

static void expect_fault(struct fixture *f, const char *rac, const char *exception)
{
    struct server_response response = get_clc_for(f, rac);
    assert_fault(&response, exception);
    server_response_clear(&response);
}

/* A RAC whose BODY changed after signing. */
static void tampered_rac(void **state)
{
    struct fixture *f = *state;
    char *tampered = strdup(f->rac);
    char *name = strstr(tampered, TEST_USER);
    assert_non_null(name);
    name[0] = 'e'; /* "elice@..." */
    expect_fault(
        f, tampered,
        "Microsoft.DigitalRightsManagement.Licensing.InvalidPersonaCertSignatureException");
    free(tampered);
}

/* The same RAC, re-signed by this server's SLC with a validity that
 * ended yesterday, and one that starts tomorrow. */
static void expired_rac(void **state)
{
    struct fixture *f = *state;
    struct xrml_document *document = NULL;
    struct license_model model;
    assert_int_equal(xrml_parse_utf8(f->rac, strlen(f->rac), &document), S_OK);
    assert_int_equal(license_model_read(document, &model), S_OK);
    const int64_t day = 24 * 3600;
    const int64_t ranges[2][2] = {{model.issued_time - 10 * day, model.issued_time - day},
                                  {model.issued_time + day, model.issued_time + 10 * day}};
    for (size_t i = 0; i < 2; i++) {
        struct license_model changed = model;
        changed.valid_from = ranges[i][0];
        changed.valid_until = ranges[i][1];
        char *text = NULL;
        assert_int_equal(
            license_build_rights_account_certificate(&changed, f->server->identity.slc_key, &text),
            S_OK);
        expect_fault(f, text,
                     "Microsoft.DigitalRightsManagement.Licensing.InvalidPersonaCertTimeException");
        free(text);
    }
    license_model_clear(&model);
    xrml_document_unref(document);
}

/* A RAC that verifies, from another server (spec/rmpr.md §5.6:
 * trustedRacIssuers is the server's own SLC key). */
static void foreign_rac(void **state)
{
    struct fixture *f = *state;
    struct xrml_test_pki *pki = xrml_test_pki_new();
    assert_non_null(pki);
    expect_fault(f, pki->rac,
                 "Microsoft.DigitalRightsManagement.Licensing.UntrustedPersonaCertException");
    xrml_test_pki_free(pki);
}

/* Not a RAC: the server's own SLC, a machine certificate. */
static void not_a_rac(void **state)
{
    struct fixture *f = *state;
    expect_fault(f, f->server->identity.slc->text,
                 "Microsoft.DigitalRightsManagement.Licensing.UnexpectedPersonaCertException");
    expect_fault(f, f->machine.certificate[0],
                 "Microsoft.DigitalRightsManagement.Licensing.UnexpectedPersonaCertException");
}

static void missing_persona(void **state)
{
    struct fixture *f = *state;
    struct server_response response = get_clc(f, NULL, 0);
    assert_fault(&response, "System.ArgumentNullException");
    server_response_clear(&response);
    char *body = test_envelope(NS_PUBLISHING, "GetClientLicensorCert", true, "1.0.0.0", "1.0.0.0",
                               "<RequestParams />");
    response =
        test_post(f->server, PATH_PUBLISH, NS_PUBLISHING, "GetClientLicensorCert", TEST_USER, body);
    assert_fault(&response, "System.ArgumentNullException");
    server_response_clear(&response);
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(issues_clc, setup, teardown),
        cmocka_unit_test_setup_teardown(tampered_rac, setup, teardown),
        cmocka_unit_test_setup_teardown(expired_rac, setup, teardown),
        cmocka_unit_test_setup_teardown(foreign_rac, setup, teardown),
        cmocka_unit_test_setup_teardown(not_a_rac, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_persona, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
