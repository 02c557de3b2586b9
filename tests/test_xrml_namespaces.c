/*
 * Namespaces in XrML (issue 9, finding 2). XrML as published declares
 * none (the examples carry only xmlns="" on the root, which declares
 * nothing), so the library reads elements in no namespace only. Without
 * that, a prefix bound on the root, which the signature does not cover,
 * changes how signed bytes read: a signed <p:EDIT> becomes an EDIT right,
 * a signed <p:PARAMETER name="modulus"> the key a document verifies with.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "xrml/xml_text.h"
#include "xrml/xrml_chain.h"
#include "xrml/xrml_document.h"
#include "xrml/xrml_signing.h"
#include "msdrm.h"
#include "msdrmerror.h"
#include "xrml_builders.h"
#include "xrml_check.h"

static struct xrml_test_pki *pki;

static int setup(void **state)
{
    (void)state;
    pki = xrml_test_pki_new();
    return pki != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    xrml_test_pki_free(pki);
    return 0;
}

static HRESULT parse_text(const char *text)
{
    struct xrml_document *document = NULL;
    HRESULT hr = xrml_parse_utf8(text, strlen(text), &document);
    xrml_document_unref(document);
    return hr;
}

/* Refused by the scanner, as UTF-8 and as UTF-16. */
static void assert_refused(const char *what, const char *text)
{
    HRESULT hr = parse_text(text);
    if (hr != E_DRM_INVALID_LICENSE)
        fail_msg("%s: 0x%08x (UTF-8)", what, (unsigned)hr);
    WCHAR *wide = xrml_widen(text);
    assert_non_null(wide);
    struct xrml_document *document = NULL;
    hr = xrml_parse_string(wide, &document);
    xrml_document_unref(document);
    free(wide);
    if (hr != E_DRM_INVALID_LICENSE)
        fail_msg("%s: 0x%08x (UTF-16)", what, (unsigned)hr);
}

static void test_names_and_declarations(void **state)
{
    (void)state;
    /* What published XrML has: the empty default declaration, no prefix. */
    assert_int_equal(parse_text("<XrML xmlns=\"\" version=\"1.2\"><BODY /></XrML>"), S_OK);
    assert_int_equal(parse_text("<XrML xmlns=''><BODY xmlns=\"\" /></XrML>"), S_OK);
    assert_int_equal(parse_text("<XrML><BODY xmlnsx=\"urn:x\" /></XrML>"), S_OK);
    assert_refused("an unused prefix", "<XrML xmlns:p=\"urn:p\"><BODY /></XrML>");
    assert_refused("a prefix on an inner element",
                   "<XrML><BODY><WORK xmlns:p=\"urn:p\" /></BODY></XrML>");
    assert_refused("a prefixed element", "<XrML xmlns:p=\"urn:p\"><BODY><p:EDIT /></BODY></XrML>");
    assert_refused("an undeclared prefix", "<XrML><BODY><p:EDIT /></BODY></XrML>");
    assert_refused("a prefixed end tag", "<XrML><BODY><EDIT></p:EDIT></BODY></XrML>");
    assert_refused("a prefixed attribute",
                   "<XrML xmlns:p=\"urn:p\"><BODY p:type=\"LICENSE\" /></XrML>");
    assert_refused("xml:lang", "<XrML><BODY xml:lang=\"en\" /></XrML>");
    assert_refused("a default namespace", "<XrML><BODY><EDIT xmlns=\"urn:x\" /></BODY></XrML>");
    assert_refused("a blank default namespace", "<XrML xmlns=\" \"><BODY /></XrML>");
    assert_refused("a default namespace by reference", "<XrML xmlns=\"&#x75;\"><BODY /></XrML>");
    assert_refused("a prefixed root", "<x:XrML xmlns:x=\"urn:x\"><BODY /></x:XrML>");
}

/* A heap copy of `text` with `insert` put in at `at`. */
static char *inserted(const char *text, const char *at, const char *insert)
{
    size_t head = (size_t)(at - text), length = strlen(text), extra = strlen(insert);
    char *result = malloc(length + extra + 1);
    assert_non_null(result);
    memcpy(result, text, head);
    memcpy(result + head, insert, extra);
    memcpy(result + head + extra, at, length - head + 1);
    return result;
}

static char *public_key_text(EVP_PKEY *key)
{
    struct xml_text xml;
    xml_text_init(&xml);
    assert_int_equal(xrml_write_public_key(&xml, key), S_OK);
    return xml.text;
}

/*
 * The key of a PUBLICKEY is read from its unprefixed PARAMETERs: with
 * p: bound, a <p:PARAMETER name="modulus"> before the real one is not a
 * parameter. The tree is libxml2's own, past our scanner (which refuses
 * prefixes): this is the lookup's own guard.
 */
static void test_a_prefixed_parameter_is_not_the_key(void **state)
{
    (void)state;
    EVP_PKEY *real = EVP_RSA_gen(1024);
    EVP_PKEY *other = EVP_RSA_gen(1024);
    assert_non_null(real);
    assert_non_null(other);
    char *real_text = public_key_text(real);
    char *other_text = public_key_text(other);

    /* other's modulus PARAMETER, renamed p:PARAMETER */
    const char *start = strstr(other_text, "<PARAMETER name=\"modulus\">");
    const char *end = strstr(start, "</PARAMETER>") + strlen("</PARAMETER>");
    assert_non_null(start);
    size_t inner = (size_t)(end - start) - strlen("<PARAMETER") - strlen("</PARAMETER>");
    char prefixed[4096];
    snprintf(prefixed, sizeof prefixed, "<p:PARAMETER%.*s</p:PARAMETER>", (int)inner,
             start + strlen("<PARAMETER"));

    const char *algorithm = strstr(real_text, "</ALGORITHM>") + strlen("</ALGORITHM>");
    char *with_parameter = inserted(real_text, algorithm, prefixed);
    char *forged =
        inserted(with_parameter, with_parameter + strlen("<PUBLICKEY"), " xmlns:p=\"urn:p\"");
    xmlDocPtr tree = xmlReadMemory(forged, (int)strlen(forged), NULL, "UTF-8",
                                   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    assert_non_null(tree);
    EVP_PKEY *read = NULL;
    assert_int_equal(xrml_read_public_key(xmlDocGetRootElement(tree), &read), S_OK);
    assert_true(xrml_same_key(read, real));
    assert_false(xrml_same_key(read, other));

    EVP_PKEY_free(read);
    xmlFreeDoc(tree);
    free(forged);
    free(with_parameter);
    free(real_text);
    free(other_text);
    EVP_PKEY_free(other);
    EVP_PKEY_free(real);
}

/* `text` with every `from` in it replaced by `to` (a heap string). */
static char *replaced(const char *text, const char *from, const char *to)
{
    size_t count = 0;
    for (const char *at = strstr(text, from); at != NULL; at = strstr(at + 1, from))
        count++;
    char *result = malloc(strlen(text) + count * strlen(to) + 1);
    assert_non_null(result);
    char *out = result;
    for (const char *at = strstr(text, from); at != NULL; at = strstr(text, from)) {
        memcpy(out, text, (size_t)(at - text));
        out += at - text;
        memcpy(out, to, strlen(to));
        out += strlen(to);
        text = at + strlen(from);
    }
    memcpy(out, text, strlen(text) + 1);
    return result;
}

/* The head and BODY of `document` signed again with `key`. */
static char *signed_again(const char *document, EVP_PKEY *key)
{
    const char *body_end = strstr(document, "</BODY>");
    assert_non_null(body_end);
    size_t length = (size_t)(body_end - document) + strlen("</BODY>");
    char *head = malloc(length + 1);
    assert_non_null(head);
    memcpy(head, document, length);
    head[length] = '\0';
    struct xml_text xml;
    xml_text_init(&xml);
    xml_raw(&xml, head);
    free(head);
    assert_int_equal(xrml_sign(&xml, key), S_OK);
    return xml.text;
}

/* `document` with xmlns:p bound on its root: outside the signed BODY. */
static char *with_prefix_declared(const char *document)
{
    assert_memory_equal(document, "<XrML", 5);
    return inserted(document, document + 5, " xmlns:p=\"urn:p\"");
}

static HRESULT parse_unbound(const char *text)
{
    WCHAR *wide = xrml_widen(text);
    assert_non_null(wide);
    DRMQUERYHANDLE root = DRMQUERYHANDLE_INVALID;
    HRESULT hr = DRMParseUnboundLicense(wide, &root);
    if (SUCCEEDED(hr))
        assert_int_equal(DRMCloseQueryHandle(root), S_OK);
    free(wide);
    return hr;
}

/* The document as the leaf of an end-user license chain, parsed and verified. */
static HRESULT verify_as_leaf(const char *leaf)
{
    const char *const documents[] = {leaf, pki->slc_certificate, pki->ca_certificate, NULL};
    char *text = xrml_concatenate(documents);
    WCHAR *wide = xrml_widen(text);
    assert_non_null(wide);
    struct xrml_chain chain;
    HRESULT hr = xrml_chain_parse(wide, &chain);
    if (SUCCEEDED(hr)) {
        hr = xrml_chain_verify(&chain);
        xrml_chain_clear(&chain);
    }
    free(wide);
    free(text);
    return hr;
}

static void assert_refused_everywhere(const char *what, const char *document)
{
    if (parse_text(document) != E_DRM_INVALID_LICENSE)
        fail_msg("%s: parsed", what);
    if (parse_unbound(document) != E_DRM_INVALID_LICENSE)
        fail_msg("%s: DRMParseUnboundLicense took it", what);
    if (verify_as_leaf(document) != E_DRM_INVALID_LICENSE)
        fail_msg("%s: the chain was not refused", what);
}

/* A signed <p:EDIT>, then xmlns:p on the root: the signature still holds,
 * and the document is refused wherever it is read. */
static void test_a_signed_prefixed_right(void **state)
{
    (void)state;
    char *license = xrml_test_end_user_license(pki, "{00000000-0000-0000-0000-000000000009}");
    assert_non_null(license);
    assert_int_equal(parse_text(license), S_OK);
    assert_int_equal(parse_unbound(license), S_OK);
    assert_int_equal(verify_as_leaf(license), S_OK);

    char *step = replaced(license, "<EDIT>", "<p:EDIT>");
    char *prefixed = replaced(step, "</EDIT>", "</p:EDIT>");
    char *signed_prefixed = signed_again(prefixed, pki->slc_key);
    char *forged = with_prefix_declared(signed_prefixed);
    assert_int_equal(xrml_check_signature(forged, XRML_ISSUER_MODULUS), XRML_VALID);
    assert_refused_everywhere("a signed <p:EDIT> with p undeclared", signed_prefixed);
    assert_refused_everywhere("a signed <p:EDIT> with p declared on the root", forged);

    free(forged);
    free(signed_prefixed);
    free(prefixed);
    free(step);
    free(license);
}

/* A signed <p:PARAMETER name="modulus"> before the issuer's own modulus:
 * with xmlns:p on the root it would be the key the document verifies
 * with. Refused wherever it is read. */
static void test_a_signed_prefixed_key_parameter(void **state)
{
    (void)state;
    EVP_PKEY *other = EVP_RSA_gen(1024);
    assert_non_null(other);
    char *other_key = public_key_text(other);
    const char *start = strstr(other_key, "<PARAMETER name=\"modulus\">");
    const char *end = strstr(start, "</PARAMETER>");
    char parameter[4096];
    snprintf(parameter, sizeof parameter, "<p:PARAMETER%.*s</p:PARAMETER>",
             (int)(end - start - strlen("<PARAMETER")), start + strlen("<PARAMETER"));

    char *license = xrml_test_end_user_license(pki, "{00000000-0000-0000-0000-000000000009}");
    const char *issuer_key = strstr(strstr(license, "<ISSUER>"), "</ALGORITHM>");
    char *two_moduli = inserted(license, issuer_key + strlen("</ALGORITHM>"), parameter);
    char *signed_by_other = signed_again(two_moduli, other);
    char *forged = with_prefix_declared(signed_by_other);
    assert_int_equal(xrml_check_signature(forged, "/XrML/BODY/ISSUER/PUBLICKEY/*[local-name()="
                                                  "'PARAMETER' and namespace-uri()='urn:p']/VALUE"),
                     XRML_VALID);
    assert_refused_everywhere("a signed <p:PARAMETER> with p undeclared", signed_by_other);
    assert_refused_everywhere("a signed <p:PARAMETER> with p declared on the root", forged);
    struct xrml_document *document = NULL;
    assert_int_equal(xrml_parse_utf8(forged, strlen(forged), &document), E_DRM_INVALID_LICENSE);

    free(forged);
    free(signed_by_other);
    free(two_moduli);
    free(license);
    free(other_key);
    EVP_PKEY_free(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_declarations),
        cmocka_unit_test(test_a_prefixed_parameter_is_not_the_key),
        cmocka_unit_test(test_a_signed_prefixed_right),
        cmocka_unit_test(test_a_signed_prefixed_key_parameter),
    };
    return cmocka_run_group_tests_name("xrml_namespaces", tests, setup, teardown);
}
