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
#include "xrml/xrml_document.h"
#include "xrml/xrml_signing.h"
#include "msdrmerror.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_prefixed_parameter_is_not_the_key),
    };
    return cmocka_run_group_tests_name("xrml_namespaces", tests, NULL, NULL);
}
