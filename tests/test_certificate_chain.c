/*
 * Certificate chains through the DLL (functions/DRMConstructCertificateChain.md,
 * DRMDeconstructCertificateChain.md, DRMGetCertificateChainCount.md), on
 * the SDK's offline-signing example (an issuance license and the client
 * licensor certificate that signed it) and on chains of 1 to 10 documents.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "msdrm.h"
#include "wide_text.h"

#ifndef MSDRM_SPEC_EXAMPLES
#error "MSDRM_SPEC_EXAMPLES comes from tests/CMakeLists.txt"
#endif

/* An example document as UTF-16 (the examples are ASCII). */
static WCHAR *read_example(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", MSDRM_SPEC_EXAMPLES, name);
    FILE *file = fopen(path, "rb");
    assert_non_null(file);
    static char bytes[65536];
    size_t length = fread(bytes, 1, sizeof bytes - 1, file);
    fclose(file);
    bytes[length] = '\0';
    WCHAR *wide = malloc((length + 1) * sizeof(WCHAR));
    return widen(bytes, wide);
}

static size_t wide_length(const WCHAR *text)
{
    size_t length = 0;
    while (text[length] != 0)
        length++;
    return length;
}

/* Document `index` of `chain` through both calls of the protocol. */
static WCHAR *deconstruct(PWSTR chain, UINT index, HRESULT *result)
{
    UINT length = 0;
    *result = DRMDeconstructCertificateChain(chain, index, &length, NULL);
    if (FAILED(*result))
        return NULL;
    WCHAR *document = malloc(length * sizeof(WCHAR));
    UINT small = length - 1;
    assert_int_equal(DRMDeconstructCertificateChain(chain, index, &small, document),
                     E_DRM_INSUFFICIENT_BUFFER);
    assert_int_equal(small, length);
    *result = DRMDeconstructCertificateChain(chain, index, &length, document);
    assert_int_equal(wide_length(document) + 1, length);
    return document;
}

static void test_offline_signing_example(void **state)
{
    (void)state;
    WCHAR *license = read_example("sdk-offline-signed-issuance-license.cleaned.xml");
    WCHAR *licensor = read_example("sdk-offline-client-licensor-certificate.cleaned.xml");
    WCHAR *chain = read_example("sdk-offline-signing-chain.cleaned.xml");

    UINT count = 0;
    assert_int_equal(DRMGetCertificateChainCount(chain, &count), S_OK);
    assert_int_equal(count, 2);
    HRESULT hr;
    WCHAR *first = deconstruct(chain, 0, &hr);
    assert_int_equal(hr, S_OK);
    assert_memory_equal(first, license, (wide_length(license) + 1) * sizeof(WCHAR));
    WCHAR *second = deconstruct(chain, 1, &hr);
    assert_memory_equal(second, licensor, (wide_length(licensor) + 1) * sizeof(WCHAR));
    assert_null(deconstruct(chain, 2, &hr));
    assert_int_equal(hr, E_DRM_NO_MORE_DATA);

    /* Constructing from the two gives the published chain back. */
    PWSTR parts[2] = {license, licensor};
    UINT length = 0;
    assert_int_equal(DRMConstructCertificateChain(2, parts, &length, NULL), S_OK);
    assert_int_equal(length, wide_length(chain) + 1);
    WCHAR *built = malloc(length * sizeof(WCHAR));
    UINT small = length - 1;
    assert_int_equal(DRMConstructCertificateChain(2, parts, &small, built),
                     E_DRM_INSUFFICIENT_BUFFER);
    assert_int_equal(DRMConstructCertificateChain(2, parts, &length, built), S_OK);
    assert_memory_equal(built, chain, length * sizeof(WCHAR));
    free(built);
    free(first);
    free(second);
    free(license);
    free(licensor);
    free(chain);
}

static void test_chains_of_one_to_ten(void **state)
{
    (void)state;
    WCHAR certificates[10][64];
    PWSTR parts[10];
    for (int i = 0; i < 10; i++) {
        char text[64];
        /* Nested XrML text and comments must not confuse the boundaries. */
        snprintf(text, sizeof text, "<XrML version=\"1.2\"><BODY>%d<!--</XrML>--></BODY></XrML>",
                 i);
        parts[i] = widen(text, certificates[i]);
    }
    for (UINT n = 1; n <= 10; n++) {
        UINT length = 0;
        assert_int_equal(DRMConstructCertificateChain(n, parts, &length, NULL), S_OK);
        WCHAR *chain = malloc(length * sizeof(WCHAR));
        assert_int_equal(DRMConstructCertificateChain(n, parts, &length, chain), S_OK);
        UINT count = 0;
        assert_int_equal(DRMGetCertificateChainCount(chain, &count), S_OK);
        assert_int_equal(count, n);
        for (UINT i = 0; i < n; i++) {
            HRESULT hr;
            WCHAR *document = deconstruct(chain, i, &hr);
            assert_int_equal(hr, S_OK);
            assert_memory_equal(document, parts[i], (wide_length(parts[i]) + 1) * sizeof(WCHAR));
            free(document);
        }
        HRESULT hr;
        assert_null(deconstruct(chain, n, &hr));
        assert_int_equal(hr, E_DRM_NO_MORE_DATA);
        free(chain);
    }
}

static void test_not_a_chain(void **state)
{
    (void)state;
    static const char *const bad[] = {"",
                                      "   ",
                                      "hello",
                                      "<XrML><BODY></BODY>",
                                      "<XrML></XrML>junk",
                                      "<XrMLx></XrMLx>",
                                      "<XrML><!-- unclosed </XrML>",
                                      "<?xml version=\"1.0\"?><XrML></XrML>"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        WCHAR chain[64];
        UINT count = 99;
        if (DRMGetCertificateChainCount(widen(bad[i], chain), &count) != E_DRM_NOT_A_CHAIN)
            fail_msg("\"%s\" was taken for a chain", bad[i]);
        assert_int_equal(count, 99);
        UINT length = 0;
        assert_int_equal(DRMDeconstructCertificateChain(chain, 0, &length, NULL),
                         E_DRM_NOT_A_CHAIN);
        PWSTR parts[1] = {chain};
        assert_int_equal(DRMConstructCertificateChain(1, parts, &length, NULL), E_INVALIDARG);
    }
}

/* How many documents DRMGetCertificateChainCount finds, or -1 for E_DRM_NOT_A_CHAIN. */
static int count_of(const char *ascii)
{
    WCHAR chain[512];
    UINT count = 0;
    HRESULT hr = DRMGetCertificateChainCount(widen(ascii, chain), &count);
    if (hr == E_DRM_NOT_A_CHAIN)
        return -1;
    assert_int_equal(hr, S_OK);
    return (int)count;
}

/*
 * Issue 9, finding 3: the documents of a chain are exactly the documents
 * the parser reads. Processing instructions, comments and CDATA sections
 * are skipped as the parser's scanner skips them, whatever they hold; a
 * self-closing <XrML/> is a closed (and BODY-less) element, not an open
 * one; and each document is one DRMParseUnboundLicense accepts.
 */
static void test_documents_are_what_the_parser_reads(void **state)
{
    (void)state;
    static const char *const one[] = {
        "<XrML><BODY type=\"LICENSE\" /><?x </XrML> <XrML>?></XrML>",
        "<XrML><BODY type=\"LICENSE\"><?x </XrML><XrML><BODY>?></BODY></XrML>",
        "<XrML><BODY type=\"LICENSE\"><![CDATA[</XrML><XrML>]]></BODY></XrML>",
        "<XrML><!-- </XrML><XrML> --><BODY type=\"LICENSE\" /></XrML>",
        "<XrML version=\"1.2\" xmlns=\"\"><BODY type=\"LICENSE\" a=\"x>y\" /></XrML>",
    };
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++) {
        if (count_of(one[i]) != 1)
            fail_msg("\"%s\": %d documents", one[i], count_of(one[i]));
        WCHAR chain[512];
        HRESULT hr;
        WCHAR *document = deconstruct(widen(one[i], chain), 0, &hr);
        assert_int_equal(hr, S_OK);
        assert_memory_equal(document, chain, (wide_length(chain) + 1) * sizeof(WCHAR));
        DRMQUERYHANDLE root = DRMQUERYHANDLE_INVALID;
        assert_int_equal(DRMParseUnboundLicense(document, &root), S_OK);
        assert_int_equal(DRMCloseQueryHandle(root), S_OK);
        free(document);
    }
    /* Two documents, whatever the first one holds after its BODY. */
    assert_int_equal(count_of("<XrML><BODY /><?x </XrML> <XrML>?></XrML> \r\n\t"
                              "<XrML><BODY /><!-- <XrML> --></XrML>"),
                     2);

    static const char *const not_a_chain[] = {
        "<XrML/><XrML><BODY /></XrML>", /* a closed root without BODY */
        "<XrML><BODY /></XrML><XrML/>",
        "<XrML /><XrML><BODY /></XrML></XrML>",
        "<XrML><BODY /><?x </XrML>",                       /* an unclosed processing instruction */
        "<XrML><BODY /></XrML><?x?><XrML><BODY /></XrML>", /* markup between documents */
        "<XrML><BODY /></XrML><!-- --><XrML><BODY /></XrML>",
        "<XrML><SIGNATURE /></XrML>", /* no BODY: the parser refuses it */
        "<XrML><BODY /><BODY /></XrML>",
        "<XrML><BODY a=\"</XrML>\" /></XrML>",
        "<XrML><BODY>&unknown;</BODY></XrML>",
        "<XrML><!DOCTYPE x><BODY /></XrML>",
    };
    for (size_t i = 0; i < sizeof not_a_chain / sizeof not_a_chain[0]; i++) {
        if (count_of(not_a_chain[i]) != -1)
            fail_msg("\"%s\" was taken for a chain", not_a_chain[i]);
    }
}

/* Every document of the published chain parses on its own. */
static void test_every_document_parses(void **state)
{
    (void)state;
    WCHAR *chain = read_example("sdk-offline-signing-chain.cleaned.xml");
    UINT count = 0;
    assert_int_equal(DRMGetCertificateChainCount(chain, &count), S_OK);
    for (UINT i = 0; i < count; i++) {
        HRESULT hr;
        WCHAR *document = deconstruct(chain, i, &hr);
        assert_int_equal(hr, S_OK);
        DRMQUERYHANDLE root = DRMQUERYHANDLE_INVALID;
        assert_int_equal(DRMParseUnboundLicense(document, &root), S_OK);
        assert_int_equal(DRMCloseQueryHandle(root), S_OK);
        free(document);
    }
    free(chain);
}

/*
 * A walk through a chain is remembered (certificate_chain.h), but only
 * for the same text: a buffer used again with other text, of the same
 * length or not, reads as that text.
 */
static void test_a_buffer_used_again(void **state)
{
    (void)state;
    static const char two[] = "<XrML><BODY /></XrML><XrML><BODY /></XrML>       ";
    static const char one[] = "<XrML><BODY /><!--</XrML><XrML><BODY />--></XrML>";
    static const char broken[] = "<XrML><BODY /></XrML><XrML><BODY /></XrML>      x";
    assert_int_equal(sizeof two, sizeof one);
    assert_int_equal(sizeof two, sizeof broken);
    WCHAR chain[sizeof two];
    HRESULT hr;
    WCHAR *document = deconstruct(widen(two, chain), 1, &hr);
    assert_int_equal(hr, S_OK);
    assert_int_equal(wide_length(document), strlen("<XrML><BODY /></XrML>"));
    free(document);

    UINT length = 0;
    widen(one, chain); /* same buffer, same length, one document */
    assert_int_equal(DRMDeconstructCertificateChain(chain, 1, &length, NULL), E_DRM_NO_MORE_DATA);
    document = deconstruct(chain, 0, &hr);
    assert_int_equal(hr, S_OK);
    assert_memory_equal(document, chain, sizeof chain);
    free(document);

    widen(broken, chain);
    assert_int_equal(DRMDeconstructCertificateChain(chain, 0, &length, NULL), E_DRM_NOT_A_CHAIN);
    widen(two, chain);
    assert_int_equal(DRMDeconstructCertificateChain(chain, 1, &length, NULL), S_OK);
    chain[strlen("<XrML><BODY /></XrML>")] = 0; /* shorter: only its first document */
    assert_int_equal(DRMDeconstructCertificateChain(chain, 1, &length, NULL), E_DRM_NO_MORE_DATA);
    assert_int_equal(DRMDeconstructCertificateChain(chain, 0, &length, NULL), S_OK);
    assert_int_equal(length, strlen("<XrML><BODY /></XrML>") + 1);
}

static void test_arguments(void **state)
{
    (void)state;
    WCHAR chain[32];
    widen("<XrML></XrML>", chain);
    PWSTR parts[2] = {chain, NULL};
    UINT length = 0, count = 0;
    assert_int_equal(DRMGetCertificateChainCount(NULL, &count), E_INVALIDARG);
    assert_int_equal(DRMGetCertificateChainCount(chain, NULL), E_INVALIDARG);
    assert_int_equal(DRMDeconstructCertificateChain(NULL, 0, &length, NULL), E_INVALIDARG);
    assert_int_equal(DRMDeconstructCertificateChain(chain, 0, NULL, NULL), E_INVALIDARG);
    assert_int_equal(DRMConstructCertificateChain(0, parts, &length, NULL), E_INVALIDARG);
    assert_int_equal(DRMConstructCertificateChain(1, NULL, &length, NULL), E_INVALIDARG);
    assert_int_equal(DRMConstructCertificateChain(1, parts, NULL, NULL), E_INVALIDARG);
    assert_int_equal(DRMConstructCertificateChain(2, parts, &length, NULL), E_INVALIDARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offline_signing_example),
        cmocka_unit_test(test_chains_of_one_to_ten),
        cmocka_unit_test(test_not_a_chain),
        cmocka_unit_test(test_documents_are_what_the_parser_reads),
        cmocka_unit_test(test_every_document_parses),
        cmocka_unit_test(test_a_buffer_used_again),
        cmocka_unit_test(test_arguments),
    };
    return cmocka_run_group_tests_name("certificate_chain", tests, NULL, NULL);
}
