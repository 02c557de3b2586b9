/*
 * The XrML core (src/xrml/xrml_document.h): every example document of the
 * spec parses; the ones signed by real servers and clients verify with
 * their issuers' keys (spec/xrml.md §9), the edited ones do not, and a
 * one-byte change anywhere in a signed BODY breaks the signature.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "xrml/xrml_document.h"
#include "msdrmerror.h"
#include "body_changes.h"
#include "spec_examples.h"

static struct xrml_document *parse_example(const char *name)
{
    size_t length = 0;
    char *text = example_text(name, &length);
    struct xrml_document *document = NULL;
    HRESULT hr = xrml_parse_utf8(text, length, &document);
    if (hr != S_OK)
        fail_msg("%s: 0x%08x", name, (unsigned)hr);
    free(text);
    return document;
}

static void test_every_example_parses(void **state)
{
    (void)state;
    for (size_t i = 0; i < example_document_count; i++) {
        struct xrml_document *document = parse_example(example_documents[i]);
        /* The BODY span is the literal text from `<BODY` to `</BODY>`. */
        assert_memory_equal(document->text + document->body_start, "<BODY", 5);
        assert_memory_equal(document->text + document->body_start + document->body_length - 7,
                            "</BODY>", 7);
        assert_non_null(document->body);
        assert_string_not_equal(xrml_body_type(document), "");
        xrml_document_unref(document);
    }
}

static void test_examples_parse_from_utf16(void **state)
{
    (void)state;
    for (size_t i = 0; i < example_document_count; i++) {
        WCHAR *wide = example_wide(example_documents[i]);
        struct xrml_document *document = NULL;
        assert_int_equal(xrml_parse_string(wide, &document), S_OK);
        xrml_document_unref(document);
        free(wide);
    }
}

static void test_signed_examples_verify(void **state)
{
    (void)state;
    for (size_t i = 0; i < example_verifiable_count; i++) {
        struct xrml_document *document = parse_example(example_verifiable[i]);
        HRESULT hr = xrml_verify_with_issuer_key(document);
        if (hr != S_OK)
            fail_msg("%s: 0x%08x", example_verifiable[i], (unsigned)hr);
        xrml_document_unref(document);
    }
}

static void test_edited_examples_do_not_verify(void **state)
{
    (void)state;
    for (size_t i = 0; i < example_not_verifiable_count; i++) {
        struct xrml_document *document = parse_example(example_not_verifiable[i]);
        HRESULT hr = xrml_verify_with_issuer_key(document);
        if (hr != E_DRM_INVALID_LICENSE_SIGNATURE)
            fail_msg("%s: 0x%08x", example_not_verifiable[i], (unsigned)hr);
        xrml_document_unref(document);
    }
}

/* spec/xrml-examples/README.md: the CLC of 4.5.3 signed the PL of 4.5.4. */
static void test_publishing_license_chain(void **state)
{
    (void)state;
    struct xrml_document *chain[2] = {
        parse_example("rmpr-4.5.4-publishing-license.xml"),
        parse_example("rmpr-4.5.3-client-licensor-certificate.xml"),
    };
    assert_int_equal(xrml_verify_chain(chain, 2), S_OK);
    /* The use license was issued by the server, not by the CLC. */
    struct xrml_document *wrong[2] = {parse_example("rmpr-4.5.6-use-license.xml"), chain[1]};
    assert_int_equal(xrml_verify_chain(wrong, 2), E_DRM_BROKEN_CERT_CHAIN);
    /* Nor did the rights account certificate sign the PL. */
    struct xrml_document *account[2] = {chain[0],
                                        parse_example("rmpr-4.5.2-rms-account-certificate.xml")};
    assert_int_equal(xrml_verify_chain(account, 2), E_DRM_BROKEN_CERT_CHAIN);
    xrml_document_unref(account[1]);
    assert_int_equal(xrml_verify_chain(chain, 0), E_DRM_BROKEN_CERT_CHAIN);
    xrml_document_unref(wrong[0]);
    xrml_document_unref(chain[0]);
    xrml_document_unref(chain[1]);
}

/* A change of any one byte of a signed BODY: either the text stops being
 * a document, or its signature fails. Never a verified document. */
static void must_not_verify(struct xrml_document *changed, size_t at, void *context)
{
    if (xrml_verify_with_issuer_key(changed) == S_OK)
        fail_msg("%s: a change at byte %zu still verifies", (const char *)context, at);
}

static void test_one_byte_changes_break_the_signature(void **state)
{
    (void)state;
    const char *names[] = {"rmpr-4.5.1-security-processor-certificate.xml",
                           "wpf-truffle-publishing-license.xml"};
    for (size_t n = 0; n < sizeof names / sizeof names[0]; n++) {
        size_t length = 0, body = 0;
        char *text = example_text(names[n], &length);
        size_t parsed =
            each_body_byte_changed(text, length, must_not_verify, NULL, (void *)names[n], &body);
        /* Most changes land in text and values: the signature check, not
         * the parser, must be what refused them. */
        assert_true(parsed > body / 2);
        free(text);
    }
}

static void test_public_keys(void **state)
{
    (void)state;
    struct xrml_document *clc = parse_example("rmpr-4.5.3-client-licensor-certificate.xml");
    struct xrml_document *pl = parse_example("rmpr-4.5.4-publishing-license.xml");
    EVP_PKEY *principal = NULL, *issuer = NULL, *server = NULL;
    assert_int_equal(xrml_principal_key(clc, &principal), S_OK);
    assert_int_equal(xrml_issuer_key(pl, &issuer), S_OK);
    assert_int_equal(EVP_PKEY_get_bits(principal), 1024);
    assert_true(xrml_same_key(principal, issuer));
    assert_int_equal(xrml_issuer_key(clc, &server), S_OK);
    assert_false(xrml_same_key(principal, server));
    EVP_PKEY_free(principal);
    EVP_PKEY_free(issuer);
    EVP_PKEY_free(server);
    xrml_document_unref(clc);
    xrml_document_unref(pl);
}

static void test_malformed_public_keys(void **state)
{
    (void)state;
    static const char *const keys[] = {
        /* exponent not 65537 */
        "<PUBLICKEY><ALGORITHM>RSA</ALGORITHM><PARAMETER name=\"public-exponent\"><VALUE "
        "encoding=\"integer32\">3</VALUE></PARAMETER><PARAMETER name=\"modulus\"><VALUE "
        "encoding=\"base64\" size=\"512\">AQ==</VALUE></PARAMETER></PUBLICKEY>",
        /* size disagrees with the bytes */
        "<PUBLICKEY><ALGORITHM>RSA</ALGORITHM><PARAMETER name=\"public-exponent\"><VALUE "
        "encoding=\"integer32\">65537</VALUE></PARAMETER><PARAMETER name=\"modulus\"><VALUE "
        "encoding=\"base64\" size=\"1024\">AQ==</VALUE></PARAMETER></PUBLICKEY>",
        /* not base64 */
        "<PUBLICKEY><ALGORITHM>RSA</ALGORITHM><PARAMETER name=\"public-exponent\"><VALUE "
        "encoding=\"integer32\">65537</VALUE></PARAMETER><PARAMETER name=\"modulus\"><VALUE "
        "encoding=\"base64\" size=\"1024\">!!!!</VALUE></PARAMETER></PUBLICKEY>",
        /* another algorithm */
        "<PUBLICKEY><ALGORITHM>DSA</ALGORITHM></PUBLICKEY>",
        "<PUBLICKEY />",
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text, "<XrML><BODY><ISSUER>%s</ISSUER></BODY></XrML>", keys[i]);
        struct xrml_document *document = NULL;
        assert_int_equal(xrml_parse_utf8(text, strlen(text), &document), S_OK);
        EVP_PKEY *key = NULL;
        assert_int_equal(xrml_issuer_key(document, &key), E_DRM_INVALID_LICENSE);
        assert_null(key);
        assert_int_equal(xrml_verify_with_issuer_key(document), E_DRM_INVALID_LICENSE);
        xrml_document_unref(document);
    }
}

/* Ways to write a base64 value other than its one canonical form. */
enum base64_variant {
    SPACE_INSIDE,
    NEWLINE_INSIDE,
    CRLF_INSIDE,
    TAB_INSIDE,
    LEADING_SPACE,
    TRAILING_NEWLINE,
    NO_PADDING,
    EMPTY,
    SPARE_BITS_SET, /* the bits the '=' padding leaves over, not zero */
    VARIANT_COUNT
};

/* `value` (canonical, one '=' of padding) written as `variant`, in `out`. */
static void write_variant(const char *value, enum base64_variant variant, char *out, size_t room)
{
    size_t length = strlen(value), half = length / 2;
    assert_true(length >= 8 && length + 3 < room && value[length - 1] == '=' &&
                value[length - 2] != '=');
    switch (variant) {
    case SPACE_INSIDE:
    case NEWLINE_INSIDE:
    case CRLF_INSIDE:
    case TAB_INSIDE: {
        const char *gap = variant == SPACE_INSIDE     ? " "
                          : variant == NEWLINE_INSIDE ? "\n"
                          : variant == CRLF_INSIDE    ? "\r\n"
                                                      : "\t";
        snprintf(out, room, "%.*s%s%s", (int)half, value, gap, value + half);
        break;
    }
    case LEADING_SPACE:
        snprintf(out, room, " %s", value);
        break;
    case TRAILING_NEWLINE:
        snprintf(out, room, "%s\n", value);
        break;
    case NO_PADDING:
        snprintf(out, room, "%.*s", (int)(length - 1), value);
        break;
    case EMPTY:
        out[0] = '\0';
        break;
    case SPARE_BITS_SET: {
        /* Canonical: the last character's low two bits are zero, so the
         * next one of the alphabet differs only there. */
        static const char alphabet[] =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const char *last = strchr(alphabet, value[length - 2]);
        assert_true(last != NULL && (last - alphabet) % 4 == 0);
        snprintf(out, room, "%s", value);
        out[length - 2] = last[1];
        break;
    }
    case VARIANT_COUNT:
        break;
    }
}

/* Where the first base64 VALUE after `anchor` starts, and its length. */
static const char *base64_value_after(const char *text, const char *anchor, size_t *length)
{
    const char *at = strstr(text, anchor);
    assert_non_null(at);
    at = strstr(at, "encoding=\"base64\"");
    assert_non_null(at);
    const char *start = strchr(at, '>') + 1;
    *length = (size_t)(strstr(start, "</VALUE>") - start);
    return start;
}

/* `text` with the first base64 VALUE after `anchor` written as `variant`. */
static struct xrml_document *parse_with_variant(const char *text, const char *anchor,
                                                enum base64_variant variant)
{
    size_t length = 0;
    const char *start = base64_value_after(text, anchor, &length);
    char value[512], written[520], edited[8192];
    assert_true(length < sizeof value);
    memcpy(value, start, length);
    value[length] = '\0';
    write_variant(value, variant, written, sizeof written);
    int size = snprintf(edited, sizeof edited, "%.*s%s%s", (int)(start - text), text, written,
                        start + length);
    assert_true(size > 0 && (size_t)size < sizeof edited);
    struct xrml_document *document = NULL;
    assert_int_equal(xrml_parse_utf8(edited, (size_t)size, &document), S_OK);
    return document;
}

/*
 * How base64 values of XrML read (xrml_verify.c): one line, nothing but
 * the alphabet and its padding, so whitespace anywhere, missing padding
 * or an empty value make the document invalid; the bits the padding
 * leaves over are ignored, as OpenSSL's decoder always did, so a value
 * with them set reads as the same bytes.
 */
static void test_base64_values(void **state)
{
    (void)state;
    size_t length = 0;
    char *text = example_text("rmpr-4.5.3-client-licensor-certificate.xml", &length);
    const char *in_signature[] = {"<ALGORITHM>RSA PKCS#1-V1.5</ALGORITHM>", "<SIGNATURE><DIGEST>"};
    EVP_PKEY *original = NULL;
    struct xrml_document *document = parse_example("rmpr-4.5.3-client-licensor-certificate.xml");
    assert_int_equal(xrml_issuer_key(document, &original), S_OK);
    xrml_document_unref(document);
    for (int variant = 0; variant < VARIANT_COUNT; variant++) {
        HRESULT expected = variant == SPARE_BITS_SET ? S_OK : E_DRM_INVALID_LICENSE;
        for (size_t i = 0; i < sizeof in_signature / sizeof in_signature[0]; i++) {
            document = parse_with_variant(text, in_signature[i], (enum base64_variant)variant);
            HRESULT hr = xrml_verify_with_issuer_key(document);
            if (hr != expected)
                fail_msg("variant %d after %s: 0x%08x", variant, in_signature[i], (unsigned)hr);
            xrml_document_unref(document);
        }
        /* The issuer's modulus is in the BODY: the key is what changes. */
        document = parse_with_variant(text, "<ISSUER>", (enum base64_variant)variant);
        EVP_PKEY *key = NULL;
        HRESULT hr = xrml_issuer_key(document, &key);
        if (hr != expected)
            fail_msg("variant %d of the issuer's modulus: 0x%08x", variant, (unsigned)hr);
        if (SUCCEEDED(hr))
            assert_true(xrml_same_key(key, original));
        EVP_PKEY_free(key);
        xrml_document_unref(document);
    }
    EVP_PKEY_free(original);
    free(text);
}

static void test_paths_and_values(void **state)
{
    (void)state;
    struct xrml_document *erd = parse_example("rmpr-4.5.5-encrypted-rights-data.xml");
    xmlNodePtr rights[32];
    size_t count = xrml_select(erd->body, "WORK/RIGHTSGROUP/RIGHTSLIST/RIGHT", rights, 32);
    assert_true(count > 0 && count <= 32);
    /* `name = "OBJMODEL"` (one of two): spaces around '=' are XML. */
    int objmodel = 0;
    for (size_t i = 0; i < count; i++)
        objmodel += strcmp(xrml_attribute(rights[i], "name"), "OBJMODEL") == 0;
    assert_int_equal(objmodel, 2);
    assert_null(xrml_select_first(erd->body, "WORK/NOSUCH"));
    assert_int_equal(xrml_select(erd->body, "", NULL, 0), 0);
    xrml_document_unref(erd);

    struct xrml_document *ul = parse_example("rmpr-4.5.6-use-license.xml");
    assert_string_equal(xrml_text(xrml_select_first(ul->body, "ISSUEDTIME")), "2010-06-11T21:44");
    assert_string_equal(xrml_attribute(xrml_select_first(ul->body, "DESCRIPTOR/OBJECT"), "type"),
                        "Content-License");
    assert_string_equal(xrml_attribute(ul->root, "purpose"), "Content-License");
    xrml_document_unref(ul);
}

/* SHA-1 of `length` bytes of ASCII as UTF-16LE, computed here. */
static void ascii_utf16_sha1(const char *text, size_t length, unsigned char digest[20])
{
    unsigned char *wide = malloc(2 * length);
    assert_non_null(wide);
    for (size_t i = 0; i < length; i++) {
        wide[2 * i] = (unsigned char)text[i];
        wide[2 * i + 1] = 0;
    }
    unsigned int size = 0;
    assert_int_equal(EVP_Digest(wide, 2 * length, digest, &size, EVP_sha1(), NULL), 1);
    free(wide);
}

/* The literal text of any element: what an ENABLINGBITS hash covers. */
static void test_element_digests(void **state)
{
    (void)state;
    const char *names[] = {"rmpr-4.5.6-use-license.xml", "sdk-sample-template.xml",
                           "rmpr-4.5.5-encrypted-rights-data.xml"};
    for (size_t n = 0; n < sizeof names / sizeof names[0]; n++) {
        size_t length = 0;
        char *text = example_text(names[n], &length);
        struct xrml_document *document = parse_example(names[n]);
        /* Every element of the tree against the text between its own start
         * tag and the matching end tag, found here by counting names. */
        xmlNodePtr elements[4] = {xrml_child(document->body, "ISSUER"), document->body,
                                  xrml_select_first(document->body, "WORK/RIGHTSGROUP"),
                                  document->root};
        for (size_t e = 0; e < 4; e++) {
            if (elements[e] == NULL)
                continue;
            char open[32], close[32];
            snprintf(open, sizeof open, "<%s", (const char *)elements[e]->name);
            snprintf(close, sizeof close, "</%s>", (const char *)elements[e]->name);
            const char *start = strstr(text, open);
            const char *end = strstr(start, close) + strlen(close);
            unsigned char expected[20], digest[20];
            ascii_utf16_sha1(start, (size_t)(end - start), expected);
            assert_int_equal(xrml_element_digest(document, elements[e], digest), S_OK);
            assert_memory_equal(digest, expected, 20);
        }
        /* The BODY's is the signature's digest. */
        unsigned char body[20], element[20];
        assert_int_equal(xrml_document_digest(document, body), S_OK);
        assert_int_equal(xrml_element_digest(document, document->body, element), S_OK);
        assert_memory_equal(body, element, 20);
        /* An element of another document has no text here. */
        struct xrml_document *other =
            parse_example("rmpr-4.5.1-security-processor-certificate.xml");
        assert_int_equal(xrml_element_digest(document, other->body, element), E_INVALIDARG);
        xrml_document_unref(other);
        xrml_document_unref(document);
        free(text);
    }
}

static void test_times(void **state)
{
    (void)state;
    SYSTEMTIME t;
    assert_true(xrml_parse_time("2010-06-11T21:44", &t));
    assert_int_equal(t.wYear, 2010);
    assert_int_equal(t.wMonth, 6);
    assert_int_equal(t.wDay, 11);
    assert_int_equal(t.wHour, 21);
    assert_int_equal(t.wMinute, 44);
    assert_int_equal(t.wSecond, 0);
    assert_int_equal(t.wDayOfWeek, 5); /* a Friday */
    assert_true(xrml_parse_time("2010-06-11T21:44", &t));
    assert_int_equal(xrml_time_seconds(&t), 1276292640);
    assert_true(xrml_parse_time("2024-02-29T00:00:59", &t));
    assert_int_equal(t.wSecond, 59);
    assert_int_equal(t.wDayOfWeek, 4);
    assert_int_equal(xrml_time_seconds(&t), 1709164859);
    assert_true(xrml_parse_time("1970-01-01T00:00", &t));
    assert_int_equal(xrml_time_seconds(&t), 0);
    assert_int_equal(t.wDayOfWeek, 4);
    /* Before 1970: the Windows epoch, a Monday. */
    assert_true(xrml_parse_time("1601-01-01T00:00", &t));
    assert_int_equal(xrml_time_seconds(&t), -11644473600LL);
    assert_int_equal(t.wDayOfWeek, 1);
    static const char *const bad[] = {
        "2023-02-29T00:00", "2010-13-01T00:00", "2010-06-11 21:44",    "2010-06-11T24:00",
        "2010-06-11T21:4",  "20100611T2144",    "2010-06-11T21:44:60", "",
        "2010-06-11T21:44Z"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(xrml_parse_time(bad[i], &t));
    assert_false(xrml_parse_time(NULL, &t));
}

/* spec/xrml.md §8: written with minutes precision, read back the same. */
static void test_time_text(void **state)
{
    (void)state;
    static const struct {
        int64_t seconds;
        const char *text;
    } times[] = {
        {1276292640, "2010-06-11T21:44"},    {1709164859, "2024-02-29T00:00:59"},
        {0, "1970-01-01T00:00"},             {-1, "1969-12-31T23:59:59"},
        {-11644473600LL, "1601-01-01T00:00"}, {253402300740LL, "9999-12-31T23:59"},
        {951782400, "2000-02-29T00:00"},     {4107542400LL, "2100-03-01T00:00"},
    };
    char text[XRML_TIME_TEXT];
    SYSTEMTIME t;
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        assert_true(xrml_format_time(times[i].seconds, text));
        assert_string_equal(text, times[i].text);
        assert_true(xrml_parse_time(text, &t));
        assert_int_equal(xrml_time_seconds(&t), times[i].seconds);
    }
    /* Every day from 1601 to 2370: more than a 400-year cycle of the calendar. */
    for (int64_t day = -134774; day < 146097; day++) {
        assert_true(xrml_format_time(day * 86400 + 3600, text));
        assert_true(xrml_parse_time(text, &t));
        assert_int_equal(xrml_time_seconds(&t), day * 86400 + 3600);
    }
    assert_false(xrml_format_time(-11644473601LL, text));
    assert_false(xrml_format_time(253402300800LL, text));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_example_parses),
        cmocka_unit_test(test_examples_parse_from_utf16),
        cmocka_unit_test(test_signed_examples_verify),
        cmocka_unit_test(test_edited_examples_do_not_verify),
        cmocka_unit_test(test_publishing_license_chain),
        cmocka_unit_test(test_one_byte_changes_break_the_signature),
        cmocka_unit_test(test_public_keys),
        cmocka_unit_test(test_malformed_public_keys),
        cmocka_unit_test(test_base64_values),
        cmocka_unit_test(test_paths_and_values),
        cmocka_unit_test(test_element_digests),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_time_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
