/*
 * The MS-RMPR messages (src/net/rmpr_messages.h): each request a client
 * writes reads back through the server's reader, each response the server
 * writes through the client's; requests have the shapes of spec/rmpr.md
 * §8 (namespaces, VersionData, element names and nesting of §5 and the
 * WSDL of [MS-RMPR] §6); XrML documents come out as they went in, byte
 * for byte; the operation and fault tables (§2.3, §3, §9); VersionData
 * judged as §2.4 says; and what is not the expected shape is refused with
 * the documented codes.
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

#include "net/rmpr_messages.h"
#include "spec_examples.h"
#include "msdrmerror.h"

#define CERTIFICATION_NS "http://microsoft.com/DRM/CertificationService"
#define PUBLISHING_NS "http://microsoft.com/DRM/PublishingService"
#define SERVER_NS "http://microsoft.com/DRM/ServerService"
#define TEMPLATES_NS "http://microsoft.com/DRM/TemplateDistributionService"
#define LICENSING_NS "http://microsoft.com/DRM/LicensingService"
#define ENVELOPE_OPEN                                                                              \
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"                                               \
    "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "                     \
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "                                     \
    "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\r\n"
#define ENVELOPE_CLOSE "</soap:Envelope>"

static const char leaf[] = "<XrML version=\"1.2\" xmlns=\"\" purpose=\"x\"><BODY type=\"A\" "
                           "version=\"3.0\"><NAME>leaf &amp; co</NAME><E a='1' /></BODY>\r\n"
                           "<SIGNATURE><VALUE>AA==</VALUE></SIGNATURE></XrML>";
static const char issuer[] = "<XrML xmlns=\"\" version=\"1.2\"><BODY type=\"B\">\n\t<X/></BODY>"
                             "</XrML>";

static struct rmpr_documents two_documents(void)
{
    struct rmpr_documents chain = {0};
    assert_int_equal(rmpr_documents_append(&chain, leaf, strlen(leaf)), S_OK);
    assert_int_equal(rmpr_documents_append(&chain, issuer, strlen(issuer)), S_OK);
    return chain;
}

static void assert_same_chain(const struct rmpr_documents *a, const struct rmpr_documents *b)
{
    assert_int_equal(a->count, b->count);
    for (size_t i = 0; i < a->count; i++) {
        assert_int_equal(a->lengths[i], b->lengths[i]);
        assert_memory_equal(a->texts[i], b->texts[i], a->lengths[i]);
    }
}

static void assert_contains(const char *text, const char *part)
{
    if (strstr(text, part) == NULL)
        fail_msg("missing %s\nin %s", part, text);
}

/* The VersionData header of a client's request (rmpr.md §8). */
static void assert_client_versions(const char *text, const char *ns)
{
    char header[512];
    snprintf(header, sizeof header,
             "<soap:Header><VersionData xmlns=\"%s\"><MinimumVersion>1.0.0.0</MinimumVersion>"
             "<MaximumVersion>1.0.0.0</MaximumVersion></VersionData></soap:Header><soap:Body>",
             ns);
    assert_contains(text, header);
    assert_contains(text, "<soap:Envelope ");
    assert_contains(text, "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"");
}

/* --- The tables ---------------------------------------------------------------- */

static void test_operation_table(void **state)
{
    (void)state;
    for (int i = 0; i < RMPR_OPERATION_COUNT; i++) {
        const struct rmpr_operation_info *info = rmpr_operation_info((enum rmpr_operation)i);
        assert_non_null(info);
        assert_int_equal(info->operation, i);
        /* rmpr.md §2.3: the SOAPAction is the namespace, '/', the name */
        char action[256];
        snprintf(action, sizeof action, "%s/%s", info->ns, info->name);
        assert_string_equal(info->soap_action, action);
        enum rmpr_operation found;
        assert_true(rmpr_operation_for_action(info->soap_action, &found));
        assert_int_equal(found, i);
        char quoted[260];
        snprintf(quoted, sizeof quoted, "\"%s\"", info->soap_action);
        assert_true(rmpr_operation_for_action(quoted, &found));
        assert_int_equal(found, i);
        assert_int_equal(info->version_data, i != RMPR_GET_SERVER_INFO);
    }
    assert_null(rmpr_operation_info(RMPR_OPERATION_COUNT));
    enum rmpr_operation found;
    assert_false(
        rmpr_operation_for_action("http://microsoft.com/DRM/CertificationService/Other", &found));
    assert_false(rmpr_operation_for_action(NULL, &found));
    assert_false(rmpr_operation_for_action("\"", &found));
}

/* rmpr.md §3 */
static void test_operation_paths(void **state)
{
    (void)state;
    assert_true(rmpr_operation_at_path(RMPR_CERTIFY, "certification/certification.asmx"));
    assert_true(rmpr_operation_at_path(RMPR_CERTIFY, "Certification/Certification.ASMX"));
    assert_false(rmpr_operation_at_path(RMPR_CERTIFY, "licensing/certification.asmx"));
    assert_true(rmpr_operation_at_path(RMPR_GET_LICENSOR_CERTIFICATE, "certification/server.asmx"));
    assert_true(rmpr_operation_at_path(RMPR_GET_LICENSOR_CERTIFICATE, "licensing/server.asmx"));
    assert_true(rmpr_operation_at_path(RMPR_GET_SERVER_INFO, "licensing/server.asmx"));
    assert_false(rmpr_operation_at_path(RMPR_GET_SERVER_INFO, "certification/server.asmx"));
    assert_true(
        rmpr_operation_at_path(RMPR_FIND_SERVICE_LOCATIONS, "certification/ServiceLocator.asmx"));
    assert_true(
        rmpr_operation_at_path(RMPR_FIND_SERVICE_LOCATIONS, "licensing/ServiceLocator.asmx"));
    assert_true(rmpr_operation_at_path(RMPR_GET_CLIENT_LICENSOR_CERT, "licensing/publish.asmx"));
    assert_true(rmpr_operation_at_path(RMPR_ACQUIRE_ISSUANCE_LICENSE, "licensing/publish.asmx"));
    assert_true(rmpr_operation_at_path(RMPR_ACQUIRE_LICENSE, "licensing/license.asmx"));
    assert_true(
        rmpr_operation_at_path(RMPR_ACQUIRE_TEMPLATES, "licensing/templateDistribution.asmx"));
    assert_true(rmpr_operation_at_path(RMPR_ACQUIRE_TEMPLATE_INFORMATION,
                                       "licensing/templatedistribution.asmx"));
    assert_false(rmpr_operation_at_path(RMPR_ACQUIRE_LICENSE, "licensing/../license.asmx"));
    assert_false(rmpr_operation_at_path(RMPR_ACQUIRE_LICENSE, "licensing/license.asmx/x"));
    assert_false(rmpr_operation_at_path(RMPR_ACQUIRE_LICENSE, "/licensing/license.asmx"));
    assert_false(rmpr_operation_at_path(RMPR_ACQUIRE_LICENSE, NULL));
}

static void test_fault_table(void **state)
{
    (void)state;
    for (int i = 0; i < RMPR_FAULT_COUNT; i++) {
        const char *name = rmpr_fault_name((enum rmpr_fault)i);
        assert_non_null(name);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(name, rmpr_fault_name((enum rmpr_fault)j));
        HRESULT hr = rmpr_fault_hresult(name);
        assert_true(FAILED(hr));
        /* the server's fault, read by the client: the same code */
        char *text;
        size_t length;
        assert_int_equal(rmpr_write_fault((enum rmpr_fault)i, "details here", &text, &length),
                         S_OK);
        assert_contains(text, "<faultcode>soap:Server</faultcode>");
        struct rmpr_documents chain = {0};
        assert_int_equal(rmpr_read_certify_response(text, length, &chain), hr);
        assert_int_equal(chain.count, 0);
        free(text);
    }
    assert_null(rmpr_fault_name(RMPR_FAULT_COUNT));
    /* errors.md's pairs by name; everything else is a server error */
    assert_int_equal(rmpr_fault_hresult(rmpr_fault_name(RMPR_FAULT_UNAUTHORIZED_ACCESS)),
                     E_DRM_AUTHENTICATION_FAILED);
    assert_int_equal(rmpr_fault_hresult(rmpr_fault_name(RMPR_FAULT_VERIFY_EMAIL_ADDRESS_FAILED)),
                     E_DRM_INVALID_EMAIL);
    assert_int_equal(rmpr_fault_hresult(rmpr_fault_name(RMPR_FAULT_AD_ENTRY_SEARCH_FAILED)),
                     E_DRM_AD_ENTRY_NOT_FOUND);
    assert_int_equal(
        rmpr_fault_hresult(rmpr_fault_name(RMPR_FAULT_VERIFY_MACHINE_CERTIFICATE_CHAIN_FAILED)),
        E_DRM_SERVER_ERROR);
    assert_int_equal(rmpr_fault_hresult("Some.Unknown.Exception"), E_DRM_SERVER_ERROR);
    assert_int_equal(rmpr_fault_hresult(NULL), E_DRM_SERVER_ERROR);
    assert_string_equal(rmpr_fault_name(RMPR_FAULT_VERIFY_MACHINE_CERTIFICATE_CHAIN_FAILED),
                        "Microsoft.DigitalRightsManagement.Core."
                        "VerifyMachineCertificateChainFailedException");
}

/* A fault as ASMX sends one, with the .NET text after the name. */
static void test_asmx_fault_is_mapped(void **state)
{
    (void)state;
    static const char fault[] = ENVELOPE_OPEN
        "  <soap:Body>\r\n    <soap:Fault>\r\n      <faultcode>soap:Server</faultcode>"
        "\r\n      <faultstring>System.Web.Services.Protocols.SoapException: Server "
        "was unable to process request. ---&gt; "
        "Microsoft.DigitalRightsManagement.Core.VerifyEmailAddressFailedException: "
        "x</faultstring>\r\n      <detail />\r\n    </soap:Fault>\r\n  "
        "</soap:Body>\r\n" ENVELOPE_CLOSE;
    struct rmpr_documents chain = {0};
    /* the outer name is what counts: a generic server error */
    assert_int_equal(rmpr_read_certify_response(fault, sizeof fault - 1, &chain),
                     E_DRM_SERVER_ERROR);
    static const char direct[] =
        ENVELOPE_OPEN "<soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>"
                      "Microsoft.DigitalRightsManagement.Utilities.ADEntrySearchFailedException: "
                      "no such user</faultstring></soap:Fault></soap:Body>" ENVELOPE_CLOSE;
    assert_int_equal(rmpr_read_certify_response(direct, sizeof direct - 1, &chain),
                     E_DRM_AD_ENTRY_NOT_FOUND);
    assert_int_equal(chain.count, 0);
}

static void test_version_checks(void **state)
{
    (void)state;
    struct {
        bool present;
        const char *minimum, *maximum;
        bool accepted;
        enum rmpr_fault fault;
    } cases[] = {
        {true, "1.0.0.0", "1.0.0.0", true, 0},
        {false, "", "", true, 0},
        {true, "", "", true, 0},
        {true, "1.0.0.0", "", true, 0},
        {true, "1.0.0.0", "1.1.0.0", false, RMPR_FAULT_UNSUPPORTED_DATA_VERSION},
        {true, "1.0.0.0", "2.0.0.0", false, RMPR_FAULT_UNSUPPORTED_DATA_VERSION},
        {true, "1.0.0.0", "1.0.0.1", false, RMPR_FAULT_UNSUPPORTED_DATA_VERSION},
        {true, "2.0.0.0", "", false, RMPR_FAULT_UNSUPPORTED_DATA_VERSION},
        {true, "0.9.0.0", "1.0.0.0", true, 0},
        {true, "1.0", "1.0.0.0", false, RMPR_FAULT_MALFORMED_DATA_VERSION},
        {true, "1.0.0.0", "1.0.0.0.0", false, RMPR_FAULT_MALFORMED_DATA_VERSION},
        {true, "1.0.0.x", "1.0.0.0", false, RMPR_FAULT_MALFORMED_DATA_VERSION},
        {true, "1.0.0.0", "1..0.0", false, RMPR_FAULT_MALFORMED_DATA_VERSION},
        {true, "1.0.0.0", "9999999999.0.0.0", false, RMPR_FAULT_MALFORMED_DATA_VERSION},
        {true, "?", "1.0.0.0", false, RMPR_FAULT_MALFORMED_DATA_VERSION},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct rmpr_version_data versions = {cases[i].present, "", ""};
        strcpy(versions.minimum, cases[i].minimum);
        strcpy(versions.maximum, cases[i].maximum);
        enum rmpr_fault fault = RMPR_FAULT_COUNT;
        assert_int_equal(rmpr_check_versions(&versions, &fault), cases[i].accepted);
        if (!cases[i].accepted)
            assert_int_equal(fault, cases[i].fault);
    }
    assert_true(rmpr_check_versions(NULL, NULL));
}

/* --- Certify ------------------------------------------------------------------- */

static void test_certify_round_trip(void **state)
{
    (void)state;
    struct rmpr_documents chain = two_documents();
    for (int persistent = 0; persistent < 2; persistent++) {
        char *text;
        size_t length;
        assert_int_equal(rmpr_write_certify_request(&chain, persistent, &text, &length), S_OK);
        assert_int_equal(strlen(text), length);
        assert_client_versions(text, CERTIFICATION_NS);
        char expected[1024];
        snprintf(expected, sizeof expected,
                 "<Certify xmlns=\"" CERTIFICATION_NS "\"><requestParams><MachineCertificateChain>"
                 "<Certificate>%s</Certificate><Certificate>%s</Certificate>"
                 "</MachineCertificateChain><Persistent>%s</Persistent></requestParams></Certify>"
                 "</soap:Body></soap:Envelope>",
                 leaf, issuer, persistent ? "true" : "false");
        assert_contains(text, expected);

        struct rmpr_version_data versions;
        struct rmpr_documents read = {0};
        bool flag = !persistent;
        assert_int_equal(rmpr_read_certify_request(text, length, &versions, &read, &flag), S_OK);
        assert_true(versions.present);
        assert_string_equal(versions.minimum, "1.0.0.0");
        assert_string_equal(versions.maximum, "1.0.0.0");
        assert_int_equal(flag, persistent);
        assert_same_chain(&read, &chain);
        rmpr_documents_clear(&read);
        free(text);
    }

    char *text;
    size_t length;
    assert_int_equal(rmpr_write_certify_response(&chain, &text, &length), S_OK);
    assert_contains(text, "<CertifyResponse xmlns=\"" CERTIFICATION_NS "\"><CertifyResult>"
                          "<CertificateChain><Certificate>");
    assert_contains(text, "<Quota><Verified>true</Verified>");
    struct rmpr_documents read = {0};
    assert_int_equal(rmpr_read_certify_response(text, length, &read), S_OK);
    assert_same_chain(&read, &chain);
    rmpr_documents_clear(&read);
    /* a Certify response is not another operation's */
    struct rmpr_documents other = {0};
    assert_int_equal(rmpr_read_get_licensor_certificate_response(text, length, &other),
                     E_DRM_INVALID_SERVER_RESPONSE);
    assert_int_equal(rmpr_read_get_client_licensor_cert_response(text, length, &other),
                     E_DRM_INVALID_SERVER_RESPONSE);
    free(text);
    rmpr_documents_clear(&chain);
}

/* A Certify response laid out as ASMX does (indented, CRLF), its
 * documents kept with their own line ends. */
static void test_certify_response_as_asmx_writes_it(void **state)
{
    (void)state;
    char text[4096];
    snprintf(
        text, sizeof text,
        ENVELOPE_OPEN
        "  <soap:Header>\r\n    <VersionData xmlns=\"" CERTIFICATION_NS "\">\r\n"
        "      <MinimumVersion>1.0.0.0</MinimumVersion>\r\n"
        "      <MaximumVersion>1.2.0.0</MaximumVersion>\r\n"
        "    </VersionData>\r\n  </soap:Header>\r\n  <soap:Body>\r\n"
        "    <CertifyResponse xmlns=\"" CERTIFICATION_NS "\">\r\n"
        "      <CertifyResult>\r\n        <CertificateChain>\r\n"
        "          <Certificate>%s</Certificate>\r\n"
        "          <Certificate>\r\n%s\r\n</Certificate>\r\n"
        "        </CertificateChain>\r\n        <Quota>\r\n"
        "          <Verified>true</Verified>\r\n"
        "          <CurrentConsumption>5</CurrentConsumption>\r\n"
        "          <Maximum>10</Maximum>\r\n        </Quota>\r\n"
        "      </CertifyResult>\r\n    </CertifyResponse>\r\n  </soap:Body>\r\n" ENVELOPE_CLOSE,
        leaf, issuer);
    struct rmpr_documents read = {0};
    assert_int_equal(rmpr_read_certify_response(text, strlen(text), &read), S_OK);
    struct rmpr_documents chain = two_documents();
    assert_same_chain(&read, &chain);
    rmpr_documents_clear(&read);
    rmpr_documents_clear(&chain);
}

/* Every example of spec/xrml-examples through a Certify response. */
static void test_certify_carries_spec_examples(void **state)
{
    (void)state;
    struct rmpr_documents chain = {0}, expected = {0};
    for (size_t i = 0; i < example_document_count; i++) {
        size_t length;
        char *text = example_text(example_documents[i], &length);
        assert_int_equal(rmpr_documents_append(&chain, text, length), S_OK);
        const char *root = strstr(text, "<XrML");
        const char *end = text + length;
        while (end > root && strchr(" \t\r\n", end[-1]) != NULL)
            end--;
        assert_int_equal(rmpr_documents_append(&expected, root, (size_t)(end - root)), S_OK);
        free(text);
    }
    char *text;
    size_t length;
    assert_int_equal(rmpr_write_certify_response(&chain, &text, &length), S_OK);
    struct rmpr_documents read = {0};
    assert_int_equal(rmpr_read_certify_response(text, length, &read), S_OK);
    assert_same_chain(&read, &expected);
    rmpr_documents_clear(&read);
    free(text);
    rmpr_documents_clear(&chain);
    rmpr_documents_clear(&expected);
}

static void assert_certify_request_refused(const char *params, HRESULT expected)
{
    char text[2048];
    snprintf(text, sizeof text,
             ENVELOPE_OPEN "<soap:Body><Certify xmlns=\"" CERTIFICATION_NS "\">%s</Certify>"
                           "</soap:Body>" ENVELOPE_CLOSE,
             params);
    struct rmpr_documents chain = {0};
    bool persistent = false;
    assert_int_equal(rmpr_read_certify_request(text, strlen(text), NULL, &chain, &persistent),
                     expected);
    assert_int_equal(chain.count, 0);
}

static void test_certify_request_shapes(void **state)
{
    (void)state;
#define CHAIN                                                                                      \
    "<MachineCertificateChain><Certificate><XrML xmlns=\"\"><BODY/></XrML></Certificate>"          \
    "</MachineCertificateChain>"
    assert_certify_request_refused("", E_INVALIDARG);
    assert_certify_request_refused("<requestParams>" CHAIN "</requestParams>", E_INVALIDARG);
    assert_certify_request_refused("<requestParams>" CHAIN "<Persistent>maybe</Persistent>"
                                   "</requestParams>",
                                   E_INVALIDARG);
    assert_certify_request_refused("<requestParams><Persistent>true</Persistent></requestParams>",
                                   E_INVALIDARG);
    assert_certify_request_refused("<requestParams><MachineCertificateChain/>"
                                   "<Persistent>true</Persistent></requestParams>",
                                   E_INVALIDARG);
    assert_certify_request_refused("<requestParams><MachineCertificateChain><Certificate>text"
                                   "</Certificate></MachineCertificateChain><Persistent>1"
                                   "</Persistent></requestParams>",
                                   E_DRM_INVALID_SERVER_RESPONSE);
    /* xs:boolean's other spellings, whitespace around */
    char text[2048];
    snprintf(text, sizeof text,
             ENVELOPE_OPEN
             "<soap:Body><Certify xmlns=\"" CERTIFICATION_NS "\"><requestParams>" CHAIN
             "<Persistent> 0 </Persistent></requestParams></Certify></soap:Body>" ENVELOPE_CLOSE);
    struct rmpr_documents chain = {0};
    bool persistent = true;
    struct rmpr_version_data versions;
    assert_int_equal(rmpr_read_certify_request(text, strlen(text), &versions, &chain, &persistent),
                     S_OK);
    assert_false(persistent);
    assert_false(versions.present);
    rmpr_documents_clear(&chain);
    /* another operation's body, another namespace, a fault */
    snprintf(text, sizeof text,
             ENVELOPE_OPEN
             "<soap:Body><Certify xmlns=\"" SERVER_NS "\"><requestParams>" CHAIN
             "<Persistent>1</Persistent></requestParams></Certify></soap:Body>" ENVELOPE_CLOSE);
    assert_int_equal(rmpr_read_certify_request(text, strlen(text), NULL, &chain, &persistent),
                     E_DRM_INVALID_SERVER_RESPONSE);
    char *fault;
    size_t length;
    assert_int_equal(rmpr_write_fault(RMPR_FAULT_ARGUMENT_NULL, NULL, &fault, &length), S_OK);
    assert_int_equal(rmpr_read_certify_request(fault, length, NULL, &chain, &persistent),
                     E_DRM_INVALID_SERVER_RESPONSE);
    free(fault);
    char *other;
    assert_int_equal(rmpr_write_get_licensor_certificate_request(&other, &length), S_OK);
    assert_int_equal(rmpr_read_certify_request(other, length, NULL, &chain, &persistent),
                     E_DRM_INVALID_SERVER_RESPONSE);
    free(other);
#undef CHAIN
}

static void test_request_versions_are_copied(void **state)
{
    (void)state;
    static const char text[] = ENVELOPE_OPEN
        "<soap:Header><VersionData xmlns=\"" SERVER_NS "\"><MinimumVersion>"
        " 1.0.0.0 </MinimumVersion><MaximumVersion>1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"
        "</MaximumVersion></VersionData></soap:Header><soap:Body>"
        "<GetLicensorCertificate xmlns=\"" SERVER_NS "\"/></soap:Body>" ENVELOPE_CLOSE;
    struct rmpr_version_data versions;
    assert_int_equal(rmpr_read_get_licensor_certificate_request(text, sizeof text - 1, &versions),
                     S_OK);
    assert_true(versions.present);
    assert_string_equal(versions.minimum, "1.0.0.0");
    assert_string_equal(versions.maximum, "?");
    enum rmpr_fault fault;
    assert_false(rmpr_check_versions(&versions, &fault));
    assert_int_equal(fault, RMPR_FAULT_MALFORMED_DATA_VERSION);
}

/* --- GetClientLicensorCert and GetLicensorCertificate --------------------------------- */

static void test_client_licensor_cert_round_trip(void **state)
{
    (void)state;
    struct rmpr_documents chain = two_documents();
    char *text;
    size_t length;
    assert_int_equal(rmpr_write_get_client_licensor_cert_request(&chain, &text, &length), S_OK);
    assert_client_versions(text, PUBLISHING_NS);
    assert_contains(text, "<GetClientLicensorCert xmlns=\"" PUBLISHING_NS "\"><RequestParams>"
                          "<GetClientLicensorCertParams><PersonaCerts><Certificate><XrML");
    assert_contains(text, "</PersonaCerts></GetClientLicensorCertParams></RequestParams>"
                          "</GetClientLicensorCert>");
    struct rmpr_documents read = {0};
    assert_int_equal(rmpr_read_get_client_licensor_cert_request(text, length, NULL, &read), S_OK);
    assert_same_chain(&read, &chain);
    rmpr_documents_clear(&read);
    free(text);

    assert_int_equal(rmpr_write_get_client_licensor_cert_response(&chain, &text, &length), S_OK);
    assert_contains(text, "<GetClientLicensorCertResponse xmlns=\"" PUBLISHING_NS "\">"
                          "<GetClientLicensorCertResult><GetClientLicensorCertResponse>"
                          "<CertificateChain><Certificate>");
    assert_int_equal(rmpr_read_get_client_licensor_cert_response(text, length, &read), S_OK);
    assert_same_chain(&read, &chain);
    rmpr_documents_clear(&read);
    free(text);

    /* two parameter sets: batching, which this version does not do */
    static const char batch[] = ENVELOPE_OPEN
        "<soap:Body><GetClientLicensorCert xmlns=\"" PUBLISHING_NS "\"><RequestParams>"
        "<GetClientLicensorCertParams><PersonaCerts><Certificate><XrML xmlns=\"\">"
        "<BODY/></XrML></Certificate></PersonaCerts></GetClientLicensorCertParams>"
        "<GetClientLicensorCertParams><PersonaCerts><Certificate><XrML xmlns=\"\">"
        "<BODY/></XrML></Certificate></PersonaCerts></GetClientLicensorCertParams>"
        "</RequestParams></GetClientLicensorCert></soap:Body>" ENVELOPE_CLOSE;
    assert_int_equal(
        rmpr_read_get_client_licensor_cert_request(batch, sizeof batch - 1, NULL, &read),
        E_INVALIDARG);
    rmpr_documents_clear(&chain);
}

static void test_licensor_certificate_round_trip(void **state)
{
    (void)state;
    char *text;
    size_t length;
    assert_int_equal(rmpr_write_get_licensor_certificate_request(&text, &length), S_OK);
    assert_client_versions(text, SERVER_NS);
    assert_contains(text, "<soap:Body><GetLicensorCertificate xmlns=\"" SERVER_NS "\" />"
                          "</soap:Body>");
    struct rmpr_version_data versions;
    assert_int_equal(rmpr_read_get_licensor_certificate_request(text, length, &versions), S_OK);
    assert_true(versions.present);
    free(text);

    struct rmpr_documents chain = two_documents();
    assert_int_equal(rmpr_write_get_licensor_certificate_response(&chain, &text, &length), S_OK);
    assert_contains(text, "<GetLicensorCertificateResponse xmlns=\"" SERVER_NS "\">"
                          "<GetLicensorCertificateResult><CertificateChain><Certificate>");
    struct rmpr_documents read = {0};
    assert_int_equal(rmpr_read_get_licensor_certificate_response(text, length, &read), S_OK);
    assert_same_chain(&read, &chain);
    rmpr_documents_clear(&read);
    free(text);

    /* an empty chain is not an answer */
    struct rmpr_documents none = {0};
    assert_int_equal(rmpr_write_get_licensor_certificate_response(&none, &text, &length), S_OK);
    assert_int_equal(rmpr_read_get_licensor_certificate_response(text, length, &read),
                     E_DRM_INVALID_SERVER_RESPONSE);
    free(text);
    rmpr_documents_clear(&chain);
}

/* --- FindServiceLocationsForUser and GetServerInfo --------------------------------------- */

static void test_find_service_locations_round_trip(void **state)
{
    (void)state;
    const char *types[] = {"LicensingInternalService", "LicensingService", "CertificationService"};
    char *text;
    size_t length;
    assert_int_equal(rmpr_write_find_service_locations_request(types, 3, &text, &length), S_OK);
    assert_client_versions(text, SERVER_NS);
    assert_contains(text, "<FindServiceLocationsForUser xmlns=\"" SERVER_NS "\"><ServiceNames>"
                          "<ServiceLocationRequest><Type>LicensingInternalService</Type>"
                          "</ServiceLocationRequest><ServiceLocationRequest>");
    struct rmpr_strings asked = {0};
    assert_int_equal(rmpr_read_find_service_locations_request(text, length, NULL, &asked), S_OK);
    assert_int_equal(asked.count, 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(asked.items[i], types[i]);
    rmpr_strings_clear(&asked);
    free(text);

    /* answered out of order, one without a URL */
    const char *answered[] = {"CertificationService", "LicensingInternalService",
                              "LicensingService"};
    const char *urls[] = {"http://c/_wmcs/certification", "http://l/_wmcs/licensing", NULL};
    assert_int_equal(rmpr_write_find_service_locations_response(answered, urls, 3, &text, &length),
                     S_OK);
    assert_contains(text, "<ServiceLocationResponse><URL>http://c/_wmcs/certification</URL>"
                          "<Type>CertificationService</Type></ServiceLocationResponse>");
    char *found[3] = {(char *)1, (char *)1, (char *)1};
    assert_int_equal(rmpr_read_find_service_locations_response(text, length, types, 3, found),
                     S_OK);
    assert_string_equal(found[0], "http://l/_wmcs/licensing");
    assert_null(found[1]);
    assert_string_equal(found[2], "http://c/_wmcs/certification");
    free(found[0]);
    free(found[2]);
    free(text);

    /* a ServiceLocationRequest without its Type */
    static const char no_type[] =
        ENVELOPE_OPEN "<soap:Body><FindServiceLocationsForUser xmlns=\"" SERVER_NS "\">"
                      "<ServiceNames><ServiceLocationRequest/></ServiceNames>"
                      "</FindServiceLocationsForUser></soap:Body>" ENVELOPE_CLOSE;
    assert_int_equal(
        rmpr_read_find_service_locations_request(no_type, sizeof no_type - 1, NULL, &asked),
        E_INVALIDARG);
    static const char answer_without_type[] =
        ENVELOPE_OPEN "<soap:Body><FindServiceLocationsForUserResponse xmlns=\"" SERVER_NS "\">"
                      "<FindServiceLocationsForUserResult><ServiceLocationResponse><URL>x</URL>"
                      "</ServiceLocationResponse></FindServiceLocationsForUserResult>"
                      "</FindServiceLocationsForUserResponse></soap:Body>" ENVELOPE_CLOSE;
    char *untouched[3] = {NULL, NULL, NULL};
    assert_int_equal(rmpr_read_find_service_locations_response(
                         answer_without_type, sizeof answer_without_type - 1, types, 3, untouched),
                     E_DRM_INVALID_SERVER_RESPONSE);
}

/* The §4.6 example, cleaned as rmpr.md §5.5 shows it. */
static void test_server_info_example(void **state)
{
    (void)state;
    char text[4096];
    snprintf(text, sizeof text,
             ENVELOPE_OPEN
             "<soap:Body><GetServerInfoResponse xmlns=\"" SERVER_NS "\">"
             "<GetServerInfoResult><Results xmlns=\"\">\r\n"
             "<ServerInfoRequest Type=\"VersionInfo\" AdditionalInfo=\"\">"
             "<VersionInfo Version=\"6.0.0.0\" /></ServerInfoRequest>\r\n"
             "<ServerInfoRequest Type=\"ServerFeatureInfo\" AdditionalInfo=\"\">"
             "<ServerFeatureInfo><Feature Name=\"GroupExpansionWebService\" "
             "Value=\"true\" /></ServerFeatureInfo></ServerInfoRequest>\r\n"
             "<ServerInfoRequest Type=\"ServerLicensorCertificate\" AdditionalInfo=\"\">"
             "<ServerLicensorCertificateChain>\r\n%s\r\n%s\r\n"
             "</ServerLicensorCertificateChain></ServerInfoRequest>\r\n"
             "<ServerInfoRequest Type=\"ServiceLocations\" AdditionalInfo=\"\">"
             "<ServiceLocations><ServiceLocation Type=\"LicensingService\" Url=\"\" />"
             "<ServiceLocation Type=\"CertificationService\" "
             "Url=\"http://localhost/_wmcs/certification/\" /></ServiceLocations>"
             "</ServerInfoRequest>\r\n</Results></GetServerInfoResult>"
             "</GetServerInfoResponse></soap:Body>" ENVELOPE_CLOSE,
             leaf, issuer);
    struct rmpr_server_info info = {0};
    assert_int_equal(rmpr_read_get_server_info_response(text, strlen(text), &info), S_OK);
    assert_string_equal(info.version, "6.0.0.0");
    struct rmpr_documents chain = two_documents();
    assert_same_chain(&info.licensor_chain, &chain);
    assert_int_equal(info.location_count, 2);
    assert_string_equal(info.locations[0].type, "LicensingService");
    assert_string_equal(info.locations[0].url, "");
    assert_string_equal(info.locations[1].type, "CertificationService");
    assert_string_equal(info.locations[1].url, "http://localhost/_wmcs/certification/");
    rmpr_server_info_clear(&info);
    rmpr_documents_clear(&chain);
}

static void test_server_info_round_trip(void **state)
{
    (void)state;
    const char *types[] = {RMPR_INFO_VERSION, RMPR_INFO_FEATURES, RMPR_INFO_LICENSOR_CERTIFICATE,
                           RMPR_INFO_SERVICE_LOCATIONS};
    char *text;
    size_t length;
    assert_int_equal(rmpr_write_get_server_info_request(types, 4, &text, &length), S_OK);
    /* no VersionData for GetServerInfo (the WSDL binding has none) */
    assert_null(strstr(text, "VersionData"));
    assert_null(strstr(text, "soap:Header"));
    assert_contains(text, "<GetServerInfo xmlns=\"" SERVER_NS "\"><requests><ServerInfoRequest>"
                          "<Type>VersionInfo</Type></ServerInfoRequest>");
    struct rmpr_strings asked = {0};
    assert_int_equal(rmpr_read_get_server_info_request(text, length, &asked), S_OK);
    assert_int_equal(asked.count, 4);
    free(text);

    struct rmpr_service_location locations[] = {
        {"CertificationService", "http://s/_wmcs/certification"},
        {"LicensingService", NULL},
    };
    struct rmpr_server_info info = {0};
    info.version = "1.0.0.0";
    info.licensor_chain = two_documents();
    info.location_count = 2;
    info.locations = locations;
    assert_int_equal(rmpr_write_get_server_info_response(&asked, &info, &text, &length), S_OK);
    assert_contains(text, "<GetServerInfoResult><Results xmlns=\"\"><ServerInfoRequest "
                          "Type=\"VersionInfo\" AdditionalInfo=\"\"><VersionInfo "
                          "Version=\"1.0.0.0\" /></ServerInfoRequest>");
    struct rmpr_server_info read = {0};
    assert_int_equal(rmpr_read_get_server_info_response(text, length, &read), S_OK);
    assert_string_equal(read.version, "1.0.0.0");
    assert_same_chain(&read.licensor_chain, &info.licensor_chain);
    assert_int_equal(read.location_count, 2);
    assert_string_equal(read.locations[0].url, "http://s/_wmcs/certification");
    assert_string_equal(read.locations[1].url, "");
    rmpr_server_info_clear(&read);
    rmpr_documents_clear(&info.licensor_chain);
    rmpr_strings_clear(&asked);
    free(text);
}

/* --- Templates ------------------------------------------------------------------ */

static void test_template_information_round_trip(void **state)
{
    (void)state;
    char *text;
    size_t length;
    assert_int_equal(rmpr_write_acquire_template_information_request(&text, &length), S_OK);
    assert_client_versions(text, TEMPLATES_NS);
    assert_contains(text, "<AcquireTemplateInformation xmlns=\"" TEMPLATES_NS "\" />");
    assert_int_equal(rmpr_read_acquire_template_information_request(text, length, NULL), S_OK);
    free(text);

    struct rmpr_guid_hash entries[] = {{"{A}", "hash-a"}, {"{B}", NULL}};
    struct rmpr_template_information info = {"BgIAAACkAABSU0Ex", 2, entries};
    assert_int_equal(rmpr_write_acquire_template_information_response(&info, &text, &length), S_OK);
    assert_contains(text, "<AcquireTemplateInformationResult><ServerPublicKey>BgIAAACkAABSU0Ex"
                          "</ServerPublicKey><GuidHashCount>2</GuidHashCount><GuidHash><Guid>{A}"
                          "</Guid><Hash>hash-a</Hash></GuidHash>");
    struct rmpr_template_information read = {0};
    assert_int_equal(rmpr_read_acquire_template_information_response(text, length, &read), S_OK);
    assert_string_equal(read.server_public_key, "BgIAAACkAABSU0Ex");
    assert_int_equal(read.count, 2);
    assert_string_equal(read.templates[0].guid, "{A}");
    assert_string_equal(read.templates[0].hash, "hash-a");
    assert_string_equal(read.templates[1].guid, "{B}");
    assert_null(read.templates[1].hash);
    rmpr_template_information_clear(&read);
    free(text);

    /* GuidHashCount is required */
    static const char no_count[] =
        ENVELOPE_OPEN "<soap:Body><AcquireTemplateInformationResponse xmlns=\"" TEMPLATES_NS "\">"
                      "<AcquireTemplateInformationResult><ServerPublicKey>k</ServerPublicKey>"
                      "</AcquireTemplateInformationResult></AcquireTemplateInformationResponse>"
                      "</soap:Body>" ENVELOPE_CLOSE;
    assert_int_equal(
        rmpr_read_acquire_template_information_response(no_count, sizeof no_count - 1, &read),
        E_DRM_INVALID_SERVER_RESPONSE);
}

static void test_templates_round_trip(void **state)
{
    (void)state;
    const char *guids[] = {"{11111111-2222-3333-4444-555555555555}", "{missing}"};
    char *text;
    size_t length;
    assert_int_equal(rmpr_write_acquire_templates_request(guids, 2, &text, &length), S_OK);
    assert_client_versions(text, TEMPLATES_NS);
    assert_contains(text, "<AcquireTemplates xmlns=\"" TEMPLATES_NS "\"><guids><string>"
                          "{11111111-2222-3333-4444-555555555555}</string><string>{missing}"
                          "</string></guids></AcquireTemplates>");
    struct rmpr_strings asked = {0};
    assert_int_equal(rmpr_read_acquire_templates_request(text, length, NULL, &asked), S_OK);
    assert_int_equal(asked.count, 2);
    assert_string_equal(asked.items[1], "{missing}");
    rmpr_strings_clear(&asked);
    free(text);

    /* The template travels as text: markup, CRLF, and what needs escaping. */
    static const char template_text[] =
        "<XrML xmlns=\"\" version=\"1.2\">\r\n<BODY type=\"Microsoft Official Rights Template\">"
        "<NAME>a &amp; b \"q\"</NAME>\t</BODY></XrML>";
    struct rmpr_template answers[] = {
        {"{11111111-2222-3333-4444-555555555555}", "h1", (char *)template_text,
         sizeof template_text - 1},
    };
    assert_int_equal(rmpr_write_acquire_templates_response(answers, 1, &text, &length), S_OK);
    assert_contains(text, "<AcquireTemplatesResult><GuidTemplate><Guid>"
                          "{11111111-2222-3333-4444-555555555555}</Guid><Hash>h1</Hash><Template>"
                          "&lt;XrML");
    /* GUIDs match whatever their case */
    const char *lower[] = {"{missing}", "{11111111-2222-3333-4444-555555555555}"};
    struct rmpr_template read[2];
    memset(read, 0x5A, sizeof read);
    assert_int_equal(rmpr_read_acquire_templates_response(text, length, lower, 2, read), S_OK);
    assert_null(read[0].guid);
    assert_null(read[0].text);
    assert_string_equal(read[1].hash, "h1");
    assert_int_equal(read[1].length, sizeof template_text - 1);
    assert_memory_equal(read[1].text, template_text, sizeof template_text - 1);
    rmpr_template_clear(&read[0]);
    rmpr_template_clear(&read[1]);
    free(text);
}

/* --- AcquireIssuanceLicense and AcquireLicense requests -------------------------------- */

static void test_licensing_requests(void **state)
{
    (void)state;
    char *text;
    size_t length;
    assert_int_equal(
        rmpr_write_acquire_issuance_license_request(issuer, strlen(issuer), &text, &length), S_OK);
    assert_client_versions(text, PUBLISHING_NS);
    char expected[1024];
    snprintf(expected, sizeof expected,
             "<AcquireIssuanceLicense xmlns=\"" PUBLISHING_NS "\"><RequestParams>"
             "<AcquireIssuanceLicenseParams><UnsignedIssuanceLicense>%s</UnsignedIssuanceLicense>"
             "</AcquireIssuanceLicenseParams></RequestParams></AcquireIssuanceLicense>",
             issuer);
    assert_contains(text, expected);
    struct rmpr_documents license = {0};
    assert_int_equal(rmpr_read_acquire_issuance_license_request(text, length, NULL, &license),
                     S_OK);
    assert_int_equal(license.count, 1);
    assert_string_equal(license.texts[0], issuer);
    rmpr_documents_clear(&license);
    free(text);

    struct rmpr_documents rac = two_documents(), pl = two_documents();
    assert_int_equal(rmpr_write_acquire_license_request(&rac, &pl, &text, &length), S_OK);
    assert_client_versions(text, LICENSING_NS);
    assert_contains(text, "<AcquireLicense xmlns=\"" LICENSING_NS "\"><RequestParams>"
                          "<AcquireLicenseParams><LicenseeCerts><Certificate><XrML");
    assert_contains(text, "</IssuanceLicense><ApplicationData /></AcquireLicenseParams>"
                          "</RequestParams></AcquireLicense>");
    struct rmpr_documents licensee = {0}, issuance = {0};
    assert_int_equal(rmpr_read_acquire_license_request(text, length, NULL, &licensee, &issuance),
                     S_OK);
    assert_same_chain(&licensee, &rac);
    assert_same_chain(&issuance, &pl);
    rmpr_documents_clear(&licensee);
    rmpr_documents_clear(&issuance);
    free(text);
    rmpr_documents_clear(&rac);
    rmpr_documents_clear(&pl);
}

/* Writers refuse what is not a document or a string. */
static void test_writers_refuse_bad_arguments(void **state)
{
    (void)state;
    struct rmpr_documents bad = {0};
    assert_int_equal(rmpr_documents_append(&bad, "<x/>", 4), S_OK);
    char *text = NULL;
    size_t length = 0;
    assert_int_equal(rmpr_write_certify_request(&bad, true, &text, &length), E_INVALIDARG);
    assert_null(text);
    assert_int_equal(rmpr_write_certify_request(NULL, true, &text, &length), E_INVALIDARG);
    assert_int_equal(rmpr_write_get_client_licensor_cert_response(&bad, &text, &length),
                     E_INVALIDARG);
    const char *types[] = {"LicensingService", NULL};
    assert_int_equal(rmpr_write_find_service_locations_request(types, 2, &text, &length),
                     E_INVALIDARG);
    assert_int_equal(rmpr_write_acquire_templates_request(types, 2, &text, &length), E_INVALIDARG);
    assert_int_equal(rmpr_write_acquire_issuance_license_request("<x/>", 4, &text, &length),
                     E_INVALIDARG);
    assert_null(text);
    rmpr_documents_clear(&bad);
}

/* Hostile replies reach each reader the same way: refused, nothing out. */
static void test_readers_refuse_hostile_replies(void **state)
{
    (void)state;
    static const char doctype[] =
        "<!DOCTYPE x [<!ENTITY e \"<Certificate><XrML "
        "xmlns=''><BODY/></XrML></Certificate>\">]>" ENVELOPE_OPEN
        "<soap:Body><CertifyResponse xmlns=\"" CERTIFICATION_NS "\"><CertifyResult>"
        "<CertificateChain>&e;</CertificateChain></CertifyResult></CertifyResponse></"
        "soap:Body>" ENVELOPE_CLOSE;
    struct rmpr_documents chain = {0};
    assert_int_equal(rmpr_read_certify_response(doctype, sizeof doctype - 1, &chain),
                     E_DRM_INVALID_SERVER_RESPONSE);
    struct rmpr_server_info info = {0};
    assert_int_equal(rmpr_read_get_server_info_response(doctype, sizeof doctype - 1, &info),
                     E_DRM_INVALID_SERVER_RESPONSE);
    struct rmpr_template_information information = {0};
    assert_int_equal(
        rmpr_read_acquire_template_information_response(doctype, sizeof doctype - 1, &information),
        E_DRM_INVALID_SERVER_RESPONSE);
    bool persistent;
    assert_int_equal(
        rmpr_read_certify_request(doctype, sizeof doctype - 1, NULL, &chain, &persistent),
        E_DRM_INVALID_SERVER_RESPONSE);
    assert_int_equal(chain.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_operation_table),
        cmocka_unit_test(test_operation_paths),
        cmocka_unit_test(test_fault_table),
        cmocka_unit_test(test_asmx_fault_is_mapped),
        cmocka_unit_test(test_version_checks),
        cmocka_unit_test(test_certify_round_trip),
        cmocka_unit_test(test_certify_response_as_asmx_writes_it),
        cmocka_unit_test(test_certify_carries_spec_examples),
        cmocka_unit_test(test_certify_request_shapes),
        cmocka_unit_test(test_request_versions_are_copied),
        cmocka_unit_test(test_client_licensor_cert_round_trip),
        cmocka_unit_test(test_licensor_certificate_round_trip),
        cmocka_unit_test(test_find_service_locations_round_trip),
        cmocka_unit_test(test_server_info_example),
        cmocka_unit_test(test_server_info_round_trip),
        cmocka_unit_test(test_template_information_round_trip),
        cmocka_unit_test(test_templates_round_trip),
        cmocka_unit_test(test_licensing_requests),
        cmocka_unit_test(test_writers_refuse_bad_arguments),
        cmocka_unit_test(test_readers_refuse_hostile_replies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
