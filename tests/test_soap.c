/*
 * SOAP envelopes (src/net/soap.h): what the writer produces reads back
 * through the reader; XrML documents cross both byte for byte
 * (spec/rmpr.md §2.4: signatures cover the literal BODY), the spec's
 * example documents included; faults and their exception names (§2.5);
 * and the hostile inputs the reader must refuse with the documented
 * E_DRM_INVALID_SERVER_RESPONSE (a DTD, entities internal and external,
 * billion laughs, deep nesting, too many nodes, truncated text, another
 * envelope namespace, another encoding, a message over SOAP_MAX_MESSAGE).
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
#include <libxml/tree.h>

#include "net/soap.h"
#include "spec_examples.h"
#include "test_threads.h"
#include "msdrmerror.h"

#define NS "http://microsoft.com/DRM/CertificationService"
#define ENVELOPE_OPEN                                                                              \
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"                                                   \
    "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
#define ENVELOPE_CLOSE "</soap:Body></soap:Envelope>"

/* A small document with what re-serialising would change: attribute
 * order and quotes, " />", a character reference, CRLF, tabs. */
static const char odd_document[] =
    "<XrML version='1.2' xmlns=\"\" purpose=\"x\">\r\n\t<BODY type=\"LICENSE\" "
    "version=\"3.0\"><ISSUEDTIME>2010-06-11T21:41</ISSUEDTIME>"
    "<NAME>a &amp; b &#x41; &lt;</NAME><EMPTY a=\"1\"   /></BODY>\r\n"
    "<SIGNATURE><VALUE encoding=\"base64\" size=\"8\">AA==</VALUE></SIGNATURE></XrML>";

static void write_chain_message(const struct rmpr_documents *chain, struct xml_text *xml)
{
    static const struct soap_version_range versions = {"1.0.0.0", "1.0.0.0"};
    xml_text_init(xml);
    soap_begin(xml, NS, &versions);
    soap_open_body_element(xml, "Certify", NS);
    xml_raw(xml, "<requestParams><MachineCertificateChain>");
    assert_int_equal(soap_write_certificates(xml, NS, chain), S_OK);
    xml_raw(xml, "</MachineCertificateChain><Persistent>true</Persistent></requestParams>");
    xml_close(xml, "Certify");
    soap_end(xml);
    assert_int_equal(xml_text_status(xml), S_OK);
}

/* Reads `xml` back and checks the chain it carries is `chain`, exactly. */
static void assert_chain_reads_back(const struct xml_text *xml, const struct rmpr_documents *chain,
                                    const char *const *expected, const size_t *lengths)
{
    struct soap_message message;
    assert_int_equal(soap_read(xml->text, xml->length, &message), S_OK);
    assert_false(message.is_fault);
    assert_string_equal(message.body_namespace, NS);
    assert_true(soap_is_element(message.body, NS, "Certify"));
    assert_true(message.has_version_data);
    assert_string_equal(message.minimum_version, "1.0.0.0");
    assert_string_equal(message.maximum_version, "1.0.0.0");
    struct _xmlNode *params = soap_child(message.body, NS, "requestParams");
    struct _xmlNode *array = soap_child(params, NS, "MachineCertificateChain");
    assert_non_null(array);
    struct rmpr_documents read = {0};
    assert_int_equal(soap_read_certificates(&message, array, NS, &read), S_OK);
    assert_int_equal(read.count, chain->count);
    for (size_t i = 0; i < read.count; i++) {
        assert_int_equal(read.lengths[i], lengths[i]);
        assert_memory_equal(read.texts[i], expected[i], lengths[i]);
        assert_int_equal(read.texts[i][read.lengths[i]], '\0');
    }
    char *flag = NULL;
    assert_int_equal(soap_text(soap_child(params, NS, "Persistent"), false, &flag), S_OK);
    assert_string_equal(flag, "true");
    free(flag);
    rmpr_documents_clear(&read);
    soap_message_clear(&message);
}

static void test_documents_cross_byte_for_byte(void **state)
{
    (void)state;
    struct rmpr_documents chain = {0};
    assert_int_equal(rmpr_documents_append(&chain, odd_document, strlen(odd_document)), S_OK);
    struct xml_text xml;
    write_chain_message(&chain, &xml);
    /* verbatim in the envelope, inside a plain <Certificate> (xmlns="") */
    char expected[sizeof odd_document + 32];
    snprintf(expected, sizeof expected, "<Certificate>%s</Certificate>", odd_document);
    assert_non_null(strstr(xml.text, expected));
    const char *texts[] = {odd_document};
    size_t lengths[] = {strlen(odd_document)};
    assert_chain_reads_back(&xml, &chain, texts, lengths);
    xml_text_free(&xml);
    rmpr_documents_clear(&chain);
}

/* spec/xrml-examples: every example document, one chain of them all. */
static void test_spec_examples_cross_byte_for_byte(void **state)
{
    (void)state;
    struct rmpr_documents chain = {0};
    const char **roots = calloc(example_document_count, sizeof *roots);
    size_t *lengths = calloc(example_document_count, sizeof *lengths);
    char **owned = calloc(example_document_count, sizeof *owned);
    assert_non_null(roots);
    assert_non_null(lengths);
    assert_non_null(owned);
    for (size_t i = 0; i < example_document_count; i++) {
        size_t length = 0;
        owned[i] = example_text(example_documents[i], &length);
        assert_int_equal(rmpr_documents_append(&chain, owned[i], length), S_OK);
        /* What goes on the wire: the root element through its end tag. */
        const char *root = strstr(owned[i], "<XrML");
        assert_non_null(root);
        const char *end = owned[i] + length;
        while (end > root && strchr(" \t\r\n", end[-1]) != NULL)
            end--;
        roots[i] = root;
        lengths[i] = (size_t)(end - root);
    }
    struct xml_text xml;
    write_chain_message(&chain, &xml);
    assert_chain_reads_back(&xml, &chain, roots, lengths);
    xml_text_free(&xml);
    for (size_t i = 0; i < example_document_count; i++)
        free(owned[i]);
    free(owned);
    free(roots);
    free(lengths);
    rmpr_documents_clear(&chain);
}

/* A root without xmlns="" would land in the service namespace inside
 * <Certificate>: the writer keeps it in none, still unchanged. */
static void test_document_without_empty_namespace_stays_in_none(void **state)
{
    (void)state;
    static const char bare[] = "<XrML version=\"1.2\"><BODY type=\"x\" /></XrML>";
    struct rmpr_documents chain = {0};
    assert_int_equal(rmpr_documents_append(&chain, bare, strlen(bare)), S_OK);
    struct xml_text xml;
    write_chain_message(&chain, &xml);
    assert_non_null(strstr(xml.text, "<s:Certificate xmlns:s=\"" NS "\" xmlns=\"\">"
                                     "<XrML"));
    const char *texts[] = {bare};
    size_t lengths[] = {strlen(bare)};
    assert_chain_reads_back(&xml, &chain, texts, lengths);
    xml_text_free(&xml);
    rmpr_documents_clear(&chain);
}

/* What would close <Certificate> early or smuggle an element in is not a
 * document the writer inserts. */
static void test_writer_refuses_what_is_not_one_document(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "<XrML><BODY /></XrML></Certificate><Evil/><Certificate>",
        "<XrML><BODY /></XrML><XrML><BODY /></XrML>",
        "<NotXrML><BODY /></NotXrML>",
        "<!DOCTYPE XrML [<!ENTITY e 'x'>]><XrML><BODY>&e;</BODY></XrML>",
        "plain text",
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct rmpr_documents chain = {0};
        assert_int_equal(rmpr_documents_append(&chain, bad[i], strlen(bad[i])), S_OK);
        struct xml_text xml;
        xml_text_init(&xml);
        assert_int_equal(soap_write_certificates(&xml, NS, &chain), E_INVALIDARG);
        xml_text_free(&xml);
        rmpr_documents_clear(&chain);
    }
}

/* A stored document's XML declaration and BOM stay outside the envelope. */
static void test_declaration_and_bom_left_out(void **state)
{
    (void)state;
    static const char stored[] = "\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n"
                                 "<XrML xmlns=\"\" version=\"1.2\"><BODY /></XrML>\r\n";
    struct rmpr_documents chain = {0};
    assert_int_equal(rmpr_documents_append(&chain, stored, strlen(stored)), S_OK);
    struct xml_text xml;
    write_chain_message(&chain, &xml);
    const char *root = strstr(stored, "<XrML");
    const char *texts[] = {root};
    size_t lengths[] = {strlen(root) - 2};
    assert_chain_reads_back(&xml, &chain, texts, lengths);
    xml_text_free(&xml);
    rmpr_documents_clear(&chain);
}

static void assert_fault(const char *fault_string, const char *exception)
{
    char text[1024];
    snprintf(text, sizeof text,
             ENVELOPE_OPEN "<soap:Fault><faultcode>soap:Server</faultcode>"
                           "<faultstring>%s</faultstring><detail /></soap:Fault>" ENVELOPE_CLOSE,
             fault_string);
    struct soap_message message;
    assert_int_equal(soap_read(text, strlen(text), &message), S_OK);
    assert_true(message.is_fault);
    assert_string_equal(message.fault.code, "soap:Server");
    assert_string_equal(message.fault.string, fault_string);
    if (exception == NULL)
        assert_null(message.fault.exception);
    else
        assert_string_equal(message.fault.exception, exception);
    soap_message_clear(&message);
}

/* rmpr.md §2.5: ExceptionName[(-|:| )text][ ---> inner]. */
static void test_fault_exception_names(void **state)
{
    (void)state;
    assert_fault("System.UnauthorizedAccessException", "System.UnauthorizedAccessException");
    assert_fault(
        "Microsoft.DigitalRightsManagement.Core.VerifyMachineCertificateChainFailedException"
        ": The machine certificate chain is not valid.",
        "Microsoft.DigitalRightsManagement.Core.VerifyMachineCertificateChainFailedException");
    assert_fault("System.ArgumentNullException-Value cannot be null.",
                 "System.ArgumentNullException");
    assert_fault("Outer.Exception text ---> Inner.Exception: more", "Outer.Exception");
    assert_fault("  Leading.Space: x", "Leading.Space");
    assert_fault("(not a name)", NULL);
    assert_fault("Name(with)parens", NULL);
    assert_fault(".Dotted", NULL);
}

static void test_written_fault_reads_back(void **state)
{
    (void)state;
    struct xml_text xml;
    xml_text_init(&xml);
    soap_write_fault(&xml, "System.UnauthorizedAccessException", "user <x> & \"y\"");
    assert_int_equal(xml_text_status(&xml), S_OK);
    struct soap_message message;
    assert_int_equal(soap_read(xml.text, xml.length, &message), S_OK);
    assert_true(message.is_fault);
    assert_false(message.has_version_data);
    assert_string_equal(message.fault.code, "soap:Server");
    assert_string_equal(message.fault.string,
                        "System.UnauthorizedAccessException: user <x> & \"y\"");
    assert_string_equal(message.fault.exception, "System.UnauthorizedAccessException");
    soap_message_clear(&message);
    xml_text_free(&xml);
}

static void assert_refused(const char *text, size_t length)
{
    struct soap_message message;
    memset(&message, 0x5A, sizeof message);
    assert_int_equal(soap_read(text, length, &message), E_DRM_INVALID_SERVER_RESPONSE);
    assert_null(message.tree);
    assert_null(message.body);
    assert_null(message.spans);
}

static void assert_refused_text(const char *text)
{
    assert_refused(text, strlen(text));
}

static void test_hostile_dtds_are_refused(void **state)
{
    (void)state;
    /* an internal entity, used where a document would be */
    assert_refused_text("<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope [<!ENTITY x \"<XrML/>\">]>"
                        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                        "<soap:Body><Certify xmlns=\"" NS "\">&x;</Certify>" ENVELOPE_CLOSE);
    /* an external entity: would read a file */
    assert_refused_text("<!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                        "<soap:Body><a>&x;</a>" ENVELOPE_CLOSE);
    /* an external DTD, by URL */
    assert_refused_text("<!DOCTYPE e SYSTEM \"http://127.0.0.1:1/evil.dtd\">"
                        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                        "<soap:Body><a/>" ENVELOPE_CLOSE);
    /* a parameter entity */
    assert_refused_text("<!DOCTYPE e [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><e/>");
    /* a DOCTYPE with nothing in it */
    assert_refused_text("<!DOCTYPE soap:Envelope>" ENVELOPE_OPEN "<a/>" ENVELOPE_CLOSE);
    /* an undeclared entity (no DTD, no entity) */
    assert_refused_text(ENVELOPE_OPEN "<a>&undeclared;</a>" ENVELOPE_CLOSE);
}

/* Billion laughs: ten levels of ten references. */
static void test_billion_laughs_is_refused(void **state)
{
    (void)state;
    char text[4096] = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
    for (int level = 1; level <= 9; level++) {
        char line[256];
        int at = snprintf(line, sizeof line, "<!ENTITY lol%d \"", level);
        for (int i = 0; i < 10; i++)
            at += snprintf(line + at, sizeof line - (size_t)at, "&lol%s;",
                           level == 1 ? "" : (char[]){(char)('0' + level - 1), '\0'});
        snprintf(line + at, sizeof line - (size_t)at, "\">");
        strcat(text, line);
    }
    strcat(text, "]>" ENVELOPE_OPEN "<a>&lol9;</a>" ENVELOPE_CLOSE);
    assert_refused_text(text);
}

static char *nested(size_t depth)
{
    size_t open = strlen(ENVELOPE_OPEN), close = strlen(ENVELOPE_CLOSE);
    char *text = malloc(open + depth * 7 + close + 1);
    assert_non_null(text);
    char *at = text;
    memcpy(at, ENVELOPE_OPEN, open);
    at += open;
    for (size_t i = 0; i < depth; i++, at += 3)
        memcpy(at, "<a>", 3);
    for (size_t i = 0; i < depth; i++, at += 4)
        memcpy(at, "</a>", 4);
    memcpy(at, ENVELOPE_CLOSE, close + 1);
    return text;
}

static void test_limits(void **state)
{
    (void)state;
    /* within the depth limit (Envelope and Body count too), then past it */
    char *text = nested(SOAP_MAX_DEPTH - 2);
    struct soap_message message;
    assert_int_equal(soap_read(text, strlen(text), &message), S_OK);
    soap_message_clear(&message);
    free(text);
    text = nested(SOAP_MAX_DEPTH - 1);
    assert_refused_text(text);
    free(text);
    text = nested(100000);
    assert_refused_text(text);
    free(text);

    /* too many elements, flat */
    size_t count = SOAP_MAX_NODES + 1;
    size_t length = strlen(ENVELOPE_OPEN) + count * 4 + strlen(ENVELOPE_CLOSE) + 8;
    text = malloc(length);
    assert_non_null(text);
    strcpy(text, ENVELOPE_OPEN "<a>");
    char *at = text + strlen(text);
    for (size_t i = 0; i < count - 3; i++, at += 4)
        memcpy(at, "<b/>", 4);
    strcpy(at, "</a>" ENVELOPE_CLOSE);
    assert_refused_text(text);
    free(text);

    /* a message over SOAP_MAX_MESSAGE (20 MB), well-formed */
    length = (size_t)20 << 20;
    text = malloc(length + 1);
    assert_non_null(text);
    size_t open = strlen(ENVELOPE_OPEN "<a>"), close = strlen("</a>" ENVELOPE_CLOSE);
    memcpy(text, ENVELOPE_OPEN "<a>", open);
    memset(text + open, 'x', length - open - close);
    memcpy(text + length - close, "</a>" ENVELOPE_CLOSE, close);
    text[length] = '\0';
    assert_refused(text, length);
    free(text);
}

static void test_malformed_and_foreign_are_refused(void **state)
{
    (void)state;
    static const char whole[] = ENVELOPE_OPEN "<a xmlns=\"" NS "\"><b>text</b></a>" ENVELOPE_CLOSE;
    /* every truncation of a good message */
    for (size_t length = 0; length < sizeof whole - 1; length++)
        assert_refused(whole, length);
    struct soap_message message;
    assert_int_equal(soap_read(whole, sizeof whole - 1, &message), S_OK);
    soap_message_clear(&message);

    /* SOAP 1.2's envelope, no namespace, another root, an empty body */
    assert_refused_text("<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\">"
                        "<soap:Body><a/></soap:Body></soap:Envelope>");
    assert_refused_text("<Envelope><Body><a/></Body></Envelope>");
    assert_refused_text("<html><body>500 Internal Server Error</body></html>");
    assert_refused_text(ENVELOPE_OPEN ENVELOPE_CLOSE);
    assert_refused_text("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                        "<soap:Header/></soap:Envelope>");
    /* another encoding, UTF-16, a NUL byte, two roots */
    assert_refused_text("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
                        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                        "<soap:Body><a>\xE9</a>" ENVELOPE_CLOSE);
    assert_refused("\xFF\xFE<\0s\0", 6);
    assert_refused(ENVELOPE_OPEN "<a>\0</a>" ENVELOPE_CLOSE,
                   sizeof(ENVELOPE_OPEN "<a>\0</a>" ENVELOPE_CLOSE) - 1);
    assert_refused_text(ENVELOPE_OPEN "<a/>" ENVELOPE_CLOSE "<again/>");
    assert_refused(NULL, 0);
}

/* Certificate arrays of the wrong shape. */
static void test_certificate_array_shapes(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "<Certificate>text only</Certificate>",
        "<Certificate><XrML xmlns=\"\"><BODY/></XrML><XrML xmlns=\"\"><BODY/></XrML></Certificate>",
        "<Certificate><XrML><BODY/></XrML></Certificate>", /* in the service namespace */
        "<Certificate><Other xmlns=\"\"/></Certificate>",
        "<Certificate xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\"/>",
        "<NotCertificate><XrML xmlns=\"\"><BODY/></XrML></NotCertificate>",
        "stray text<Certificate><XrML xmlns=\"\"><BODY/></XrML></Certificate>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text,
                 ENVELOPE_OPEN "<R xmlns=\"" NS "\"><C>%s</C></R>" ENVELOPE_CLOSE, bad[i]);
        struct soap_message message;
        assert_int_equal(soap_read(text, strlen(text), &message), S_OK);
        struct _xmlNode *array = soap_child(message.body, NS, "C");
        struct rmpr_documents chain = {0};
        assert_int_equal(soap_read_certificates(&message, array, NS, &chain),
                         E_DRM_INVALID_SERVER_RESPONSE);
        assert_int_equal(chain.count, 0);
        soap_message_clear(&message);
    }
    /* whitespace and comments around documents are fine, and an empty
     * array is an empty chain */
    static const char good[] = ENVELOPE_OPEN "<R xmlns=\"" NS "\"><C>\n <Certificate>\n "
                                             "<!-- c --><XrML xmlns=\"\"><BODY/></XrML>\n "
                                             "</Certificate>\n</C><E/></R>" ENVELOPE_CLOSE;
    struct soap_message message;
    assert_int_equal(soap_read(good, sizeof good - 1, &message), S_OK);
    struct rmpr_documents chain = {0};
    assert_int_equal(
        soap_read_certificates(&message, soap_child(message.body, NS, "C"), NS, &chain), S_OK);
    assert_int_equal(chain.count, 1);
    assert_string_equal(chain.texts[0], "<XrML xmlns=\"\"><BODY/></XrML>");
    rmpr_documents_clear(&chain);
    assert_int_equal(
        soap_read_certificates(&message, soap_child(message.body, NS, "E"), NS, &chain), S_OK);
    assert_int_equal(chain.count, 0);
    soap_message_clear(&message);
}

static void test_text_and_attributes(void **state)
{
    (void)state;
    static const char text[] =
        ENVELOPE_OPEN "<R xmlns=\"" NS "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                      "<T>a &amp; <![CDATA[<b>]]>&#13;</T><N xsi:nil=\"true\"/><E>x<y/></E>"
                      "<A Type=\"t &quot;q&quot;\"/></R>" ENVELOPE_CLOSE;
    struct soap_message message;
    assert_int_equal(soap_read(text, sizeof text - 1, &message), S_OK);
    char *value = NULL;
    assert_int_equal(soap_text(soap_child(message.body, NS, "T"), false, &value), S_OK);
    assert_string_equal(value, "a & <b>\r");
    free(value);
    assert_int_equal(soap_text(soap_child(message.body, NS, "N"), false, &value),
                     E_DRM_INVALID_SERVER_RESPONSE);
    assert_int_equal(soap_text(soap_child(message.body, NS, "N"), true, &value), S_OK);
    assert_null(value);
    assert_int_equal(soap_text(soap_child(message.body, NS, "E"), true, &value),
                     E_DRM_INVALID_SERVER_RESPONSE);
    assert_int_equal(soap_attribute(soap_child(message.body, NS, "A"), "Type", &value), S_OK);
    assert_string_equal(value, "t \"q\"");
    free(value);
    assert_int_equal(soap_attribute(soap_child(message.body, NS, "A"), "Missing", &value), S_OK);
    assert_null(value);
    /* the span of an element is its exact text */
    const char *start;
    size_t length;
    soap_element_span(&message, soap_child(message.body, NS, "A"), &start, &length);
    assert_int_equal(length, strlen("<A Type=\"t &quot;q&quot;\"/>"));
    assert_memory_equal(start, "<A Type=\"t &quot;q&quot;\"/>", length);
    soap_message_clear(&message);
}

/* Readers on several threads at once (the library reads replies on
 * operation threads, msdrm-server requests on its connection threads). */
static void read_many(void *argument)
{
    const struct xml_text *xml = argument;
    for (int i = 0; i < 50; i++) {
        struct soap_message message;
        assert_int_equal(soap_read(xml->text, xml->length, &message), S_OK);
        struct rmpr_documents chain = {0};
        struct _xmlNode *array = soap_child(soap_child(message.body, NS, "requestParams"), NS,
                                            "MachineCertificateChain");
        assert_int_equal(soap_read_certificates(&message, array, NS, &chain), S_OK);
        assert_int_equal(chain.count, 1);
        assert_string_equal(chain.texts[0], odd_document);
        rmpr_documents_clear(&chain);
        soap_message_clear(&message);
        assert_int_equal(soap_read("<!DOCTYPE x><x/>", 16, &message),
                         E_DRM_INVALID_SERVER_RESPONSE);
    }
}

static void test_readers_on_threads(void **state)
{
    (void)state;
    struct rmpr_documents chain = {0};
    assert_int_equal(rmpr_documents_append(&chain, odd_document, strlen(odd_document)), S_OK);
    struct xml_text xml;
    write_chain_message(&chain, &xml);
    void *arguments[4] = {&xml, &xml, &xml, &xml};
    run_on_threads(4, read_many, arguments);
    xml_text_free(&xml);
    rmpr_documents_clear(&chain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_documents_cross_byte_for_byte),
        cmocka_unit_test(test_spec_examples_cross_byte_for_byte),
        cmocka_unit_test(test_document_without_empty_namespace_stays_in_none),
        cmocka_unit_test(test_writer_refuses_what_is_not_one_document),
        cmocka_unit_test(test_declaration_and_bom_left_out),
        cmocka_unit_test(test_fault_exception_names),
        cmocka_unit_test(test_written_fault_reads_back),
        cmocka_unit_test(test_hostile_dtds_are_refused),
        cmocka_unit_test(test_billion_laughs_is_refused),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_malformed_and_foreign_are_refused),
        cmocka_unit_test(test_certificate_array_shapes),
        cmocka_unit_test(test_text_and_attributes),
        cmocka_unit_test(test_readers_on_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
