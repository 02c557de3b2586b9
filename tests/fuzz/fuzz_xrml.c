/*
 * libFuzzer target: the XrML core's parser on arbitrary input, read as
 * UTF-8 bytes and as UTF-16LE units (fuzz_input.h). Whatever parses is
 * used as the library would use it: the BODY digest, the issuer and
 * principal keys, signature verification, paths through the tree, times.
 * Invariants (abort when broken): the BODY span lies in the text and is
 * an element's text; a document parsed from UTF-8 parses again from its
 * UTF-16 form, with the same BODY digest; the scanner reads UTF-16 units
 * (chains) as it reads their UTF-8 (documents): a document at the start
 * of a chain is one exactly when its text alone passes the scan.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/wstring.h"
#include "xrml/xrml_document.h"
#include "xrml/xrml_scan.h"
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

/* Whether `units` of UTF-16 pass the parser's scan, as UTF-8. */
static bool scans_as_utf8(const WCHAR *units, size_t length)
{
    size_t bytes = 0;
    char *utf8 = wstr_to_utf8_span(units, length, &bytes);
    if (utf8 == NULL)
        abort();
    struct xrml_scan scan;
    bool ok = xrml_scan(utf8, bytes, &scan) == S_OK;
    free(utf8);
    return ok;
}

static void check_chain_scan(const WCHAR *units)
{
    size_t length = 0;
    while (units[length] != 0)
        length++; /* a chain ends at its NUL */
    if (!wstr_is_valid_utf16(units, length))
        return;
    size_t end = 0;
    bool as_chain = xrml_scan_chain_document(units, length, 0, &end) == S_OK;
    if (as_chain && (end > length || !scans_as_utf8(units, end)))
        abort(); /* the chain's first document is not a document */
    static const WCHAR root[] = {'<', 'X', 'r', 'M', 'L'};
    bool at_root = length >= 5 && memcmp(units, root, sizeof root) == 0;
    if (at_root && !as_chain && scans_as_utf8(units, length))
        abort(); /* a document that is no chain's first */
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
        check_chain_scan(units);
        if (xrml_parse_utf16(units, size / 2, &document) == S_OK) {
            unsigned char digest[20];
            use(document, digest);
            xrml_document_unref(document);
        }
        free(units);
    }
    return 0;
}
