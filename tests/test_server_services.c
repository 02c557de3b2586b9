/*
 * msdrm-server's other operations in-process: GetLicensorCertificate
 * (spec/rmpr.md §5.3) on both paths, FindServiceLocationsForUser (§5.4),
 * GetServerInfo (§5.5), the template distribution service (§5.9, with
 * templates signed from the form of sdk-sample-template.xml, spec/xrml.md
 * §4.8), and the faults AcquireIssuanceLicense and AcquireLicense answer
 * until publishing and consumption come.
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
#include <openssl/x509.h>

#include "license/license_model.h"
#include "server/server_private.h"
#include "server_fixture.h"
#include "util/base64.h"
#include "xrml/xrml_document.h"
#include "xrml_check.h"

#ifndef MSDRM_SPEC_EXAMPLES
#error "MSDRM_SPEC_EXAMPLES comes from tests/CMakeLists.txt"
#endif

#define SAMPLE_GUID "{78862306-1fb3-4251-b83d-143db199f5d5}"
#define SECOND_GUID "{0f0e0d0c-0b0a-4908-8706-050403020100}"

struct fixture {
    char *folder;
    char *templates[2];
    struct server *server;
};

static void write_file(const char *path, const char *text)
{
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs(text, file);
    fclose(file);
}

static int setup(void **state)
{
    static int counter;
    struct fixture *f = calloc(1, sizeof *f);
    char name[64];
    snprintf(name, sizeof name, "services-%d", counter++);
    f->folder = test_folder(name);
    /* The SDK's sample as published (pretty-printed, declaration,
     * signature: the server drops it), and the cleaned one under another
     * GUID without its signature. */
    f->templates[0] = strdup(MSDRM_SPEC_EXAMPLES "/sdk-sample-template.xml");
    f->templates[1] = malloc(strlen(f->folder) + 32);
    sprintf(f->templates[1], "%s/second.xml", f->folder);
    char *cleaned = test_read_file(MSDRM_SPEC_EXAMPLES "/sdk-sample-template.cleaned.xml");
    memcpy(strstr(cleaned, SAMPLE_GUID), SECOND_GUID, strlen(SECOND_GUID));
    strcpy(strstr(cleaned, "<SIGNATURE>"), "</XrML>");
    write_file(f->templates[1], cleaned);
    free(cleaned);
    f->server = test_server_open(f->folder, NULL, (const char *const *)f->templates, 2);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    server_close(f->server);
    free(f->templates[0]);
    free(f->templates[1]);
    free(f->folder);
    free(f);
    return 0;
}

static struct server_response post(struct fixture *f, const char *path, const char *ns,
                                   const char *operation, bool versions, const char *inner)
{
    char *body = test_envelope(ns, operation, versions, "1.0.0.0", "1.0.0.0", inner);
    struct server_response response = test_post(f->server, path, ns, operation, TEST_USER, body);
    free(body);
    return response;
}

/* The SLC chain on both server.asmx paths (§3), SLC first (§5.3). */
static void licensor_certificate(void **state)
{
    struct fixture *f = *state;
    const char *paths[] = {PATH_CERTIFICATION_SERVER, PATH_LICENSING_SERVER};
    for (size_t i = 0; i < 2; i++) {
        struct server_response response =
            post(f, paths[i], NS_SERVER, "GetLicensorCertificate", true, "");
        assert_int_equal(response.status, 200);
        assert_int_equal(test_xpath(&response,
                                    "/soap:Envelope/soap:Body/s:GetLicensorCertificateResponse/"
                                    "s:GetLicensorCertificateResult/s:CertificateChain/"
                                    "s:Certificate/XrML",
                                    NULL),
                         2);
        char *documents[2];
        assert_int_equal(test_documents(response.body, documents, 2), 2);
        assert_string_equal(documents[0], f->server->identity.slc->text);
        struct xrml_document *parsed[2];
        for (size_t j = 0; j < 2; j++) {
            assert_int_equal(xrml_check_signature(documents[j], XRML_ISSUER_MODULUS), XRML_VALID);
            assert_int_equal(xrml_parse_utf8(documents[j], strlen(documents[j]), &parsed[j]), S_OK);
        }
        assert_int_equal(xrml_verify_chain(parsed, 2), S_OK);
        struct license_model slc;
        assert_int_equal(license_model_read(parsed[0], &slc), S_OK);
        assert_int_equal(slc.kind, LICENSE_KIND_ISSUING_CERTIFICATE);
        assert_string_equal(slc.descriptor->type, "Server-Licensor-Certificate");
        assert_string_equal(slc.principals[0].object->type, "MS-DRM-Server");
        license_model_clear(&slc);
        for (size_t j = 0; j < 2; j++)
            xrml_document_unref(parsed[j]);
        test_documents_free(documents, 2);
        server_response_clear(&response);
    }
}

/* The request of §8 as a self-closing element gets the same answer. */
static void licensor_certificate_empty_element(void **state)
{
    struct fixture *f = *state;
    const char body[] =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope "
        "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
        "<GetLicensorCertificate xmlns=\"http://microsoft.com/DRM/ServerService\" />"
        "</soap:Body></soap:Envelope>";
    struct server_response response = test_post(f->server, PATH_LICENSING_SERVER, NS_SERVER,
                                                "GetLicensorCertificate", NULL, body);
    assert_int_equal(response.status, 200);
    server_response_clear(&response);
}

static char *locations_request(const char *const *types, size_t count)
{
    char *inner = calloc(1, 64 + count * 128);
    strcpy(inner, "<ServiceNames>");
    for (size_t i = 0; i < count; i++)
        sprintf(inner + strlen(inner),
                "<ServiceLocationRequest><Type>%s</Type>"
                "</ServiceLocationRequest>",
                types[i]);
    strcat(inner, "</ServiceNames>");
    return inner;
}

/* §4 step 4: certification and licensing here; the rest has no URL. */
static void service_locations(void **state)
{
    struct fixture *f = *state;
    const char *types[] = {"CertificationService", "CertificationInternalService",
                           "LicensingService", "LicensingInternalService", "ActivationService"};
    const char *urls[] = {TEST_BASE_URL "/certification", TEST_BASE_URL "/certification",
                          TEST_BASE_URL "/licensing", TEST_BASE_URL "/licensing", NULL};
    char *inner = locations_request(types, 5);
    const char *paths[] = {PATH_LOCATOR, "/_wmcs/licensing/ServiceLocator.asmx"};
    for (size_t p = 0; p < 2; p++) {
        struct server_response response =
            post(f, paths[p], NS_SERVER, "FindServiceLocationsForUser", true, inner);
        assert_int_equal(response.status, 200);
        for (size_t i = 0; i < 5; i++) {
            char xpath[512], *url = NULL;
            snprintf(xpath, sizeof xpath,
                     "/soap:Envelope/soap:Body/s:FindServiceLocationsForUserResponse/"
                     "s:FindServiceLocationsForUserResult/s:ServiceLocationResponse[s:Type='%s']/"
                     "s:URL",
                     types[i]);
            int found = test_xpath(&response, xpath, &url);
            if (urls[i] == NULL) {
                assert_true(found == 0 || url[0] == '\0');
            } else {
                assert_int_equal(found, 1);
                assert_string_equal(url, urls[i]);
            }
            free(url);
        }
        server_response_clear(&response);
    }
    free(inner);
    /* §5.4: an invalid type is an InvalidOperationException. */
    const char *bad[] = {"NoSuchService"};
    inner = locations_request(bad, 1);
    struct server_response response =
        post(f, PATH_LOCATOR, NS_SERVER, "FindServiceLocationsForUser", true, inner);
    assert_fault(&response, "System.InvalidOperationException");
    server_response_clear(&response);
    free(inner);
    response = post(f, PATH_LOCATOR, NS_SERVER, "FindServiceLocationsForUser", true, "");
    assert_fault(&response, "System.ArgumentNullException");
    server_response_clear(&response);
}

/* §5.5: no VersionData; each asked type answered in the shape of §4.6. */
static void server_info(void **state)
{
    struct fixture *f = *state;
    const char inner[] =
        "<requests><ServerInfoRequest><Type>VersionInfo</Type></ServerInfoRequest>"
        "<ServerInfoRequest><Type>ServerLicensorCertificate</Type></ServerInfoRequest>"
        "<ServerInfoRequest><Type>ServiceLocations</Type></ServerInfoRequest></requests>";
    struct server_response response =
        post(f, PATH_LICENSING_SERVER, NS_SERVER, "GetServerInfo", false, inner);
    assert_int_equal(response.status, 200);
    const char results[] =
        "/soap:Envelope/soap:Body/s:GetServerInfoResponse/s:GetServerInfoResult/Results";
    char xpath[512], *text = NULL;
    snprintf(xpath, sizeof xpath, "%s/ServerInfoRequest[@Type='VersionInfo']/VersionInfo/@Version",
             results);
    assert_int_equal(test_xpath(&response, xpath, &text), 1);
    assert_string_equal(text, SERVER_VERSION);
    free(text);
    snprintf(xpath, sizeof xpath,
             "%s/ServerInfoRequest[@Type='ServiceLocations']/ServiceLocations/"
             "ServiceLocation[@Type='CertificationService']/@Url",
             results);
    assert_int_equal(test_xpath(&response, xpath, &text), 1);
    assert_string_equal(text, TEST_BASE_URL "/certification");
    free(text);
    snprintf(xpath, sizeof xpath,
             "%s/ServerInfoRequest[@Type='ServerLicensorCertificate']/"
             "ServerLicensorCertificateChain/XrML",
             results);
    assert_int_equal(test_xpath(&response, xpath, NULL), 2);
    server_response_clear(&response);
    /* No request at all: ArgumentNullException (§5.5). */
    response = post(f, PATH_LICENSING_SERVER, NS_SERVER, "GetServerInfo", false, "<requests />");
    assert_fault(&response, "System.ArgumentNullException");
    server_response_clear(&response);
}

static char *template_hash(const char *template_text)
{
    char *start = strstr(template_text, "<VALUE encoding=\"base64\" size=\"160\">");
    assert_non_null(start);
    start = strchr(start, '>') + 1;
    size_t length = strcspn(start, "<");
    char *hash = malloc(length + 1);
    memcpy(hash, start, length);
    hash[length] = '\0';
    return hash;
}

/* §5.9: the list of GUIDs and hashes, and the server's key as PKCS#1. */
static void template_information(void **state)
{
    struct fixture *f = *state;
    struct server_response response =
        post(f, PATH_TEMPLATES, NS_TEMPLATES, "AcquireTemplateInformation", true, "");
    assert_int_equal(response.status, 200);
    const char result[] = "/soap:Envelope/soap:Body/t:AcquireTemplateInformationResponse/"
                          "t:AcquireTemplateInformationResult";
    char xpath[512], *text = NULL;
    snprintf(xpath, sizeof xpath, "%s/t:GuidHashCount", result);
    assert_int_equal(test_xpath(&response, xpath, &text), 1);
    assert_string_equal(text, "2");
    free(text);
    snprintf(xpath, sizeof xpath, "%s/t:ServerPublicKey", result);
    assert_int_equal(test_xpath(&response, xpath, &text), 1);
    uint8_t *der = NULL;
    size_t der_length = 0;
    assert_int_equal(
        base64_decode_new(text, strlen(text), BASE64_SPARE_BITS_ZERO, &der, &der_length), S_OK);
    const unsigned char *cursor = der;
    EVP_PKEY *key = d2i_PublicKey(EVP_PKEY_RSA, NULL, &cursor, (long)der_length);
    assert_non_null(key);
    assert_true(xrml_same_key(key, f->server->identity.slc_key));
    EVP_PKEY_free(key);
    free(der);
    free(text);
    const struct server_template *sample = server_templates_find(f->server->templates, SAMPLE_GUID);
    assert_non_null(sample);
    snprintf(xpath, sizeof xpath, "%s/t:GuidHash[t:Guid='%s']/t:Hash", result, SAMPLE_GUID);
    assert_int_equal(test_xpath(&response, xpath, &text), 1);
    char *expected = template_hash(sample->text);
    assert_string_equal(text, expected);
    free(expected);
    free(text);
    server_response_clear(&response);
}

/* §5.9: the templates asked for, signed by the server as their issuer;
 * an unknown GUID gets no Template. */
static void templates(void **state)
{
    struct fixture *f = *state;
    const char inner[] = "<guids><string>" SAMPLE_GUID "</string>"
                         "<string>{11111111-2222-4333-8444-555555555555}</string>"
                         "<string>{0F0E0D0C-0B0A-4908-8706-050403020100}</string></guids>";
    struct server_response response =
        post(f, PATH_TEMPLATES, NS_TEMPLATES, "AcquireTemplates", true, inner);
    assert_int_equal(response.status, 200);
    const char result[] =
        "/soap:Envelope/soap:Body/t:AcquireTemplatesResponse/t:AcquireTemplatesResult";
    char xpath[512];
    snprintf(xpath, sizeof xpath, "%s/t:GuidTemplate", result);
    assert_int_equal(test_xpath(&response, xpath, NULL), 3);
    snprintf(xpath, sizeof xpath,
             "%s/t:GuidTemplate[t:Guid='{11111111-2222-4333-8444-555555555555}']/t:Template",
             result);
    assert_int_equal(test_xpath(&response, xpath, NULL), 0);
    const char *guids[] = {SAMPLE_GUID, SECOND_GUID};
    for (size_t i = 0; i < 2; i++) {
        char *text = NULL, *hash = NULL;
        snprintf(xpath, sizeof xpath,
                 "%s/t:GuidTemplate[translate(t:Guid, 'ABCDEF', 'abcdef')='%s']/t:Template", result,
                 guids[i]);
        assert_int_equal(test_xpath(&response, xpath, &text), 1);
        snprintf(xpath, sizeof xpath,
                 "%s/t:GuidTemplate[translate(t:Guid, 'ABCDEF', 'abcdef')='%s']/t:Hash", result,
                 guids[i]);
        assert_int_equal(test_xpath(&response, xpath, &hash), 1);
        char *expected = template_hash(text);
        assert_string_equal(hash, expected);
        free(expected);
        assert_int_equal(xrml_check_signature(text, XRML_ISSUER_MODULUS), XRML_VALID);
        struct xrml_document *document = NULL;
        struct license_model model;
        assert_int_equal(xrml_parse_utf8(text, strlen(text), &document), S_OK);
        assert_int_equal(license_model_read(document, &model), S_OK);
        assert_int_equal(model.kind, LICENSE_KIND_RIGHTS_TEMPLATE);
        assert_true(xrml_same_key(model.issuer->key, f->server->identity.slc_key));
        assert_string_equal(model.issuer->object->id, f->server->identity.server_guid);
        assert_string_equal(license_id(&model), guids[i]);
        /* The pretty-printed NAME, joined as the cleaned example has it. */
        assert_string_equal(model.descriptor->name,
                            "LCID 1033:NAME Contoso Confidential: DESCRIPTION Generic Contoso "
                            "Template for all employees;");
        assert_int_equal(model.works[0].groups[0].right_count, 4);
        bool publishing = false;
        for (size_t p = 0; p < model.distribution_point_count; p++) {
            const struct license_object *object = model.distribution_points[p].object;
            if (strcmp(object->type, "Publishing-URL") == 0) {
                assert_string_equal(object->addresses[0].value, TEST_BASE_URL "/licensing");
                publishing = true;
            }
        }
        assert_true(publishing);
        license_model_clear(&model);
        xrml_document_unref(document);
        free(text);
        free(hash);
    }
    server_response_clear(&response);
}

/* The same files sign to the same templates after a restart. */
static void templates_stable(void **state)
{
    struct fixture *f = *state;
    char *before = strdup(server_templates_find(f->server->templates, SAMPLE_GUID)->hash);
    server_close(f->server);
    f->server = test_server_open(f->folder, NULL, (const char *const *)f->templates, 2);
    assert_string_equal(server_templates_find(f->server->templates, SAMPLE_GUID)->hash, before);
    free(before);
}

/* A file that is no template, one with a DTD, or a second one with a
 * GUID already taken, stops the server with its name. */
static void bad_template_files(void **state)
{
    struct fixture *f = *state;
    char *doctype = malloc(strlen(f->folder) + 32);
    sprintf(doctype, "%s/doctype.xml", f->folder);
    char *cleaned = test_read_file(MSDRM_SPEC_EXAMPLES "/sdk-sample-template.cleaned.xml");
    char *with_dtd = malloc(strlen(cleaned) + 128);
    sprintf(with_dtd, "<!DOCTYPE XrML [<!ENTITY e \"x\">]>%s", cleaned);
    write_file(doctype, with_dtd);
    const char *const bad[][2] = {
        {MSDRM_SPEC_EXAMPLES "/rmpr-4.5.2-rms-account-certificate.xml", NULL},
        {doctype, NULL},
        {MSDRM_SPEC_EXAMPLES "/sdk-sample-template.xml",
         MSDRM_SPEC_EXAMPLES "/sdk-sample-template.cleaned.xml"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t count = bad[i][1] != NULL ? 2 : 1;
        struct server_config config = {.data_dir = f->folder,
                                       .base_url = TEST_BASE_URL,
                                       .template_files = bad[i],
                                       .template_count = count};
        struct server *server = NULL;
        const char *error = NULL, *detail = NULL;
        assert_int_equal(server_open(&config, &server, &error, &detail), E_INVALIDARG);
        assert_null(server);
        assert_string_equal(detail, bad[i][count - 1]);
    }
    free(with_dtd);
    free(cleaned);
    free(doctype);
}

/* Publishing and consumption come later: both answer with a fault. */
static void not_yet(void **state)
{
    struct fixture *f = *state;
    char *unsigned_pl = test_read_file(MSDRM_SPEC_EXAMPLES "/rmpr-4.5.4-publishing-license.xml");
    char *inner = malloc(strlen(unsigned_pl) + 256);
    sprintf(inner,
            "<RequestParams><AcquireIssuanceLicenseParams><UnsignedIssuanceLicense>%s"
            "</UnsignedIssuanceLicense></AcquireIssuanceLicenseParams></RequestParams>",
            unsigned_pl);
    struct server_response response =
        post(f, PATH_PUBLISH, NS_PUBLISHING, "AcquireIssuanceLicense", true, inner);
    assert_fault(&response,
                 "Microsoft.DigitalRightsManagement.Licensing.OnlinePublishingDisabledException");
    server_response_clear(&response);
    free(inner);
    char *rac = test_read_file(MSDRM_SPEC_EXAMPLES "/rmpr-4.5.2-rms-account-certificate.xml");
    inner = malloc(strlen(unsigned_pl) + strlen(rac) + 512);
    sprintf(inner,
            "<RequestParams><AcquireLicenseParams><LicenseeCerts><Certificate>%s</Certificate>"
            "</LicenseeCerts><IssuanceLicense><Certificate>%s</Certificate></IssuanceLicense>"
            "<ApplicationData /></AcquireLicenseParams></RequestParams>",
            rac, unsigned_pl);
    response = post(f, PATH_LICENSE, NS_LICENSING, "AcquireLicense", true, inner);
    assert_fault(&response,
                 "Microsoft.DigitalRightsManagement.Utilities.UnspecifiedErrorException");
    server_response_clear(&response);
    free(inner);
    free(rac);
    free(unsigned_pl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(licensor_certificate, setup, teardown),
        cmocka_unit_test_setup_teardown(licensor_certificate_empty_element, setup, teardown),
        cmocka_unit_test_setup_teardown(service_locations, setup, teardown),
        cmocka_unit_test_setup_teardown(server_info, setup, teardown),
        cmocka_unit_test_setup_teardown(template_information, setup, teardown),
        cmocka_unit_test_setup_teardown(templates, setup, teardown),
        cmocka_unit_test_setup_teardown(templates_stable, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_template_files, setup, teardown),
        cmocka_unit_test_setup_teardown(not_yet, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
