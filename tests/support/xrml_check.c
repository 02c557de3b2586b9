/*
 * An independent check of XrML signatures for the tests, written from
 * spec/xrml.md §0, §5 and §6 with libxml2 and OpenSSL directly (none of
 * the library's own code): the document must parse as XML; its BODY text,
 * as UTF-16LE, must hash (SHA-1) to the SIGNATURE's DIGEST; and the
 * SIGNATURE must verify as PKCS#1 v1.5 with the RSA key found at
 * `key_path` (little-endian modulus, exponent 65537).
 */
#include "xrml_check.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

/* The text of the first node `path` selects, or NULL (free with xmlFree). */
static char *xpath_text(xmlDocPtr document, const char *path)
{
    xmlXPathContextPtr context = xmlXPathNewContext(document);
    xmlXPathObjectPtr result =
        context != NULL ? xmlXPathEvalExpression((const xmlChar *)path, context) : NULL;
    char *text = NULL;
    if (result != NULL && result->nodesetval != NULL && result->nodesetval->nodeNr > 0)
        text = (char *)xmlNodeGetContent(result->nodesetval->nodeTab[0]);
    xmlXPathFreeObject(result);
    xmlXPathFreeContext(context);
    return text;
}

static unsigned char *base64_decode(const char *text, size_t *length)
{
    size_t text_length = strlen(text);
    if (text_length == 0 || text_length % 4 != 0)
        return NULL;
    unsigned char *bytes = malloc(text_length / 4 * 3);
    int decoded = EVP_DecodeBlock(bytes, (const unsigned char *)text, (int)text_length);
    if (decoded < 0) {
        free(bytes);
        return NULL;
    }
    *length = (size_t)decoded - (text[text_length - 1] == '=') - (text[text_length - 2] == '=');
    return bytes;
}

/* UTF-8 to UTF-16LE bytes (BMP and surrogate pairs). */
static unsigned char *utf16le(const char *text, size_t length, size_t *out_length)
{
    unsigned char *out = malloc(length * 4 + 2);
    size_t n = 0;
    for (size_t i = 0; i < length;) {
        unsigned char c = (unsigned char)text[i];
        unsigned long point;
        int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        point = extra == 0 ? c : c & (0x3F >> extra);
        for (int k = 1; k <= extra; k++)
            point = point << 6 | ((unsigned char)text[i + k] & 0x3F);
        i += (size_t)extra + 1;
        if (point >= 0x10000) {
            point -= 0x10000;
            unsigned long high = 0xD800 + (point >> 10), low = 0xDC00 + (point & 0x3FF);
            out[n++] = (unsigned char)high;
            out[n++] = (unsigned char)(high >> 8);
            point = low;
        }
        out[n++] = (unsigned char)point;
        out[n++] = (unsigned char)(point >> 8);
    }
    *out_length = n;
    return out;
}

static EVP_PKEY *rsa_key(const unsigned char *modulus_le, size_t length)
{
    BIGNUM *n = BN_lebin2bn(modulus_le, (int)length, NULL);
    BIGNUM *e = BN_new();
    BN_set_word(e, 65537);
    OSSL_PARAM_BLD *build = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_N, n);
    OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_E, e);
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(build);
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    EVP_PKEY *key = NULL;
    if (context == NULL || EVP_PKEY_fromdata_init(context) != 1 ||
        EVP_PKEY_fromdata(context, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
        key = NULL;
    EVP_PKEY_CTX_free(context);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(build);
    BN_free(n);
    BN_free(e);
    return key;
}

enum xrml_check xrml_check_signature(const char *document, const char *key_path)
{
    xmlDocPtr parsed = xmlReadMemory(document, (int)strlen(document), "xrml.xml", NULL,
                                     XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
                                         XML_PARSE_NOWARNING);
    if (parsed == NULL)
        return XRML_NOT_XML;
    char *modulus_text = xpath_text(parsed, key_path);
    char *signature_text = xpath_text(parsed, "/XrML/SIGNATURE/VALUE");
    char *digest_text = xpath_text(parsed, "/XrML/SIGNATURE/DIGEST/VALUE");
    xmlFreeDoc(parsed);

    enum xrml_check verdict = XRML_MALFORMED;
    size_t modulus_length = 0, signature_length = 0, digest_length = 0;
    unsigned char *modulus = modulus_text ? base64_decode(modulus_text, &modulus_length) : NULL;
    unsigned char *signature =
        signature_text ? base64_decode(signature_text, &signature_length) : NULL;
    unsigned char *expected = digest_text ? base64_decode(digest_text, &digest_length) : NULL;
    const char *body = strstr(document, "<BODY");
    const char *body_end = body != NULL ? strstr(body, "</BODY>") : NULL;

    if (modulus != NULL && signature != NULL && expected != NULL && digest_length == 20 &&
        body_end != NULL) {
        size_t wide_length = 0;
        unsigned char *wide =
            utf16le(body, (size_t)(body_end + strlen("</BODY>") - body), &wide_length);
        unsigned char digest[20];
        unsigned int length = 0;
        EVP_Digest(wide, wide_length, digest, &length, EVP_sha1(), NULL);
        free(wide);
        verdict = XRML_BAD_DIGEST;
        if (memcmp(digest, expected, 20) == 0) {
            verdict = XRML_BAD_SIGNATURE;
            EVP_PKEY *key = rsa_key(modulus, modulus_length);
            EVP_PKEY_CTX *context = key != NULL ? EVP_PKEY_CTX_new(key, NULL) : NULL;
            if (context != NULL && EVP_PKEY_verify_init(context) == 1 &&
                EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 &&
                EVP_PKEY_CTX_set_signature_md(context, EVP_sha1()) == 1 &&
                EVP_PKEY_verify(context, signature, signature_length, digest, 20) == 1)
                verdict = XRML_VALID;
            EVP_PKEY_CTX_free(context);
            EVP_PKEY_free(key);
        }
    }
    free(modulus);
    free(signature);
    free(expected);
    xmlFree(modulus_text);
    xmlFree(signature_text);
    xmlFree(digest_text);
    return verdict;
}
