/*
 * libFuzzer target: the XrML core's parser on arbitrary input, read as
 * UTF-8 bytes and as UTF-16LE units (fuzz_input.h). Whatever parses is
 * used as the library would use it: the BODY digest, the issuer and
 * principal keys, signature verification, paths through the tree, times.
 * Invariants (abort when broken): the BODY span lies in the text and is
 * an element's text; a document parsed from UTF-8 parses again from its
 * UTF-16 form, with the same BODY digest.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/wstring.h"
#include "xrml/xrml_document.h"
#include "fuzz_input.h"
#include "msdrmerror.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const paths[] = {
    "ISSUEDTIME",
    "VALIDITYTIME/FROM",
    "DESCRIPTOR/OBJECT/ID",
    "ISSUER/OBJECT/NAME",
    "ISSUEDPRINCIPALS/PRINCIPAL/OBJECT/ID",
    "DISTRIBUTIONPOINT/OBJECT/ADDRESS",
    "WORK/OBJECT/ID",
    "WORK/METADATA/SKU",
    "WORK/RIGHTSGROUP/RIGHTSLIST/RIGHT",
    "WORK/RIGHTSGROUP/RIGHTSLIST/VIEW/CONDITIONLIST/TIME/RANGETIME/UNTIL",
    "CONDITIONLIST/CONDITION",
    "AUTHENTICATEDDATA",
};

static void check_span(const struct xrml_document *document)
{
    size_t start = document->body_start, length = document->body_length;
    if (start > document->length || length > document->length - start || length < 7 ||
        memcmp(document->text + start, "<BODY", 5) != 0 ||
        (memcmp(document->text + start + length - 7, "</BODY>", 7) != 0 &&
         memcmp(document->text + start + length - 2, "/>", 2) != 0))
        abort();
    if (document->body == NULL || strcmp((const char *)document->body->name, "BODY") != 0)
        abort();
}

static void walk(const struct xrml_document *document)
{
    (void)xrml_body_type(document);
    xmlNodePtr found[8];
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        size_t count = xrml_select(document->body, paths[i], found, 8);
        for (size_t k = 0; k < count && k < 8; k++) {
            SYSTEMTIME time;
            (void)xrml_parse_time(xrml_text(found[k]), &time);
            (void)xrml_attribute(found[k], "type");
            (void)xrml_attribute(found[k], "name");
        }
    }
    (void)xrml_select_first(document->root, "SIGNATURE/DIGEST/VALUE");
}

static void use(const struct xrml_document *document, unsigned char digest[20])
{
    check_span(document);
    if (xrml_document_digest(document, digest) != S_OK)
        abort(); /* only memory can fail, and the fuzzer has enough */
    walk(document);
    EVP_PKEY *issuer = NULL, *principal = NULL;
    if (xrml_issuer_key(document, &issuer) == S_OK)
        (void)xrml_verify(document, issuer);
    if (xrml_principal_key(document, &principal) == S_OK)
        (void)xrml_verify(document, principal);
    (void)xrml_verify_with_issuer_key(document);
    EVP_PKEY_free(issuer);
    EVP_PKEY_free(principal);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xrml_document *document = NULL;
    if (xrml_parse_utf8((const char *)data, size, &document) == S_OK) {
        unsigned char digest[20], again[20];
        use(document, digest);
        WCHAR *wide = wstr_from_utf8(document->text);
        if (wide == NULL)
            abort(); /* the parser accepted it: it is valid UTF-8 */
        struct xrml_document *reparsed = NULL;
        if (xrml_parse_string(wide, &reparsed) != S_OK)
            abort();
        use(reparsed, again);
        if (memcmp(digest, again, sizeof digest) != 0)
            abort();
        struct xrml_document *chain[2] = {document, reparsed};
        (void)xrml_verify_chain(chain, 2);
        xrml_document_unref(reparsed);
        free(wide);
        xrml_document_unref(document);
    }

    WCHAR *units = fuzz_input_wide(data, size);
    if (units != NULL) {
        if (xrml_parse_utf16(units, size / 2, &document) == S_OK) {
            unsigned char digest[20];
            use(document, digest);
            xrml_document_unref(document);
        }
        free(units);
    }
    return 0;
}
