/*
 * Hostile XML against the XrML core (issue 5, "Hostile XML";
 * src/xrml/xrml_document.h: "Every refusal is E_DRM_INVALID_LICENSE;
 * nothing is ever fetched"): entity bombs, external entities and DTDs,
 * deep nesting, node and attribute bombs, a 100 MB document, broken
 * UTF-8 and UTF-16, truncations, NUL bytes, markup in odd places, and
 * documents whose shape is not XrML's; chains with too many documents or
 * too long, and walks through chains that must not rescan them on every
 * call (issue 9, finding 4). Every case must be refused with
 * the documented error, without a crash, a leak (ASan), a fetch or
 * unbounded memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "xrml/certificate_chain.h"
#include "xrml/xrml_chain.h"
#include "xrml/xrml_document.h"
#include "xrml/xrml_scan.h"
#include "msdrm.h"
#include "msdrmerror.h"
#include "spec_examples.h"
#include "test_platform.h"
#include "test_threads.h"

/* --- nothing is fetched: libxml2's entity loader counts its calls ---------- */

static int loader_calls;
static xmlExternalEntityLoader default_loader;

static xmlParserInputPtr counting_loader(const char *url, const char *id, xmlParserCtxtPtr context)
{
    loader_calls++;
    return default_loader(url, id, context);
}

static int setup(void **state)
{
    (void)state;
    default_loader = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(counting_loader);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    xmlSetExternalEntityLoader(default_loader);
    /* Every test ran through the library: no entity was ever loaded. */
    return loader_calls == 0 ? 0 : -1;
}

/* --- helpers ---------------------------------------------------------------- */

static HRESULT parse_bytes(const char *text, size_t length)
{
    struct xrml_document *document = NULL;
    HRESULT hr = xrml_parse_utf8(text, length, &document);
    if (SUCCEEDED(hr))
        xrml_document_unref(document);
    else
        assert_null(document);
    return hr;
}

static HRESULT parse_text(const char *text)
{
    return parse_bytes(text, strlen(text));
}

/* The same document as UTF-16 (ASCII and UTF-8 widened unit for unit is
 * enough for the ASCII cases that use it). */
static HRESULT parse_wide_ascii(const char *text)
{
    size_t length = strlen(text);
    WCHAR *wide = malloc((length + 1) * sizeof(WCHAR));
    assert_non_null(wide);
    for (size_t i = 0; i <= length; i++)
        wide[i] = (WCHAR)(unsigned char)text[i];
    struct xrml_document *document = NULL;
    HRESULT hr = xrml_parse_string(wide, &document);
    xrml_document_unref(document);
    free(wide);
    return hr;
}

static void assert_refused(const char *what, const char *text)
{
    HRESULT hr = parse_text(text);
    if (hr != E_DRM_INVALID_LICENSE)
        fail_msg("%s: 0x%08x (UTF-8)", what, (unsigned)hr);
    hr = parse_wide_ascii(text);
    if (hr != E_DRM_INVALID_LICENSE)
        fail_msg("%s: 0x%08x (UTF-16)", what, (unsigned)hr);
}

static void assert_accepted(const char *what, const char *text)
{
    HRESULT hr = parse_text(text);
    if (hr != S_OK)
        fail_msg("%s: 0x%08x", what, (unsigned)hr);
}

/* A heap string: `head`, `count` times `unit`, `tail`. */
static char *repeat(const char *head, const char *unit, size_t count, const char *tail)
{
    size_t h = strlen(head), u = strlen(unit), t = strlen(tail);
    char *text = malloc(h + u * count + t + 1);
    assert_non_null(text);
    memcpy(text, head, h);
    for (size_t i = 0; i < count; i++)
        memcpy(text + h + i * u, unit, u);
    memcpy(text + h + u * count, tail, t + 1);
    return text;
}

/* --- entities and DTDs ------------------------------------------------------ */

static void test_billion_laughs(void **state)
{
    (void)state;
    assert_refused("billion laughs",
                   "<!DOCTYPE XrML [<!ENTITY a \"lol\">"
                   "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                   "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                   "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
                   "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
                   "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
                   "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
                   "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">"
                   "<!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]>"
                   "<XrML version=\"1.2\"><BODY type=\"LICENSE\">&i;</BODY></XrML>");
    /* The reference alone, with no definition anywhere. */
    assert_refused("undefined entity", "<XrML><BODY>&i;</BODY></XrML>");
}

/* A local file whose content, if it were fetched, makes the document a
 * valid one: the refusal is the proof that it was not fetched. */
static void test_external_entities(void **state)
{
    (void)state;
    const char *body = "<BODY type=\"LICENSE\" version=\"3.0\"><ISSUEDTIME>2010-06-11T21:44"
                       "</ISSUEDTIME></BODY>";
    char path[] = "xrml-hostile-entity.xml";
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    fputs(body, file);
    fclose(file);

    /* Control: libxml2 itself, asked to, would load the file (and call the
     * counting loader), so the library's refusals below mean something. */
    char document[1024];
    snprintf(document, sizeof document,
             "<!DOCTYPE XrML [<!ENTITY body SYSTEM \"%s\">]><XrML version=\"1.2\">&body;</XrML>",
             path);
    xmlDocPtr expanded = xmlReadMemory(document, (int)strlen(document), "hostile.xml", NULL,
                                       XML_PARSE_NOENT | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    assert_non_null(expanded);
    assert_non_null(xmlDocGetRootElement(expanded)->children);
    xmlFreeDoc(expanded);
    assert_true(loader_calls > 0);
    loader_calls = 0;

    assert_refused("external entity, local file", document);
    snprintf(document, sizeof document,
             "<!DOCTYPE XrML [<!ENTITY body SYSTEM \"file:///%s\">]><XrML version=\"1.2\">&body;"
             "</XrML>",
             path);
    assert_refused("external entity, file URL", document);
    assert_refused("external entity, http",
                   "<!DOCTYPE XrML [<!ENTITY body SYSTEM \"http://127.0.0.1:9/body.xml\">]>"
                   "<XrML version=\"1.2\">&body;</XrML>");
    assert_refused("external entity in an attribute",
                   "<!DOCTYPE XrML [<!ENTITY v SYSTEM \"http://127.0.0.1:9/v\">]>"
                   "<XrML version=\"&v;\"><BODY /></XrML>");
    remove(path);
}

static void test_doctypes(void **state)
{
    (void)state;
    assert_refused("external DTD", "<!DOCTYPE XrML SYSTEM \"http://127.0.0.1:9/xrml.dtd\">"
                                   "<XrML version=\"1.2\"><BODY /></XrML>");
    assert_refused("public DTD", "<!DOCTYPE XrML PUBLIC \"-//X//DTD XrML//EN\" \"xrml.dtd\">"
                                 "<XrML version=\"1.2\"><BODY /></XrML>");
    assert_refused("parameter entities",
                   "<!DOCTYPE XrML [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/p.dtd\"> %p;]>"
                   "<XrML version=\"1.2\"><BODY /></XrML>");
    assert_refused("internal parameter entity",
                   "<!DOCTYPE XrML [<!ENTITY % q \"<!ENTITY x 'y'>\"> %q;]>"
                   "<XrML version=\"1.2\"><BODY>&x;</BODY></XrML>");
    assert_refused("attribute defaults from a DTD",
                   "<!DOCTYPE XrML [<!ATTLIST BODY type CDATA \"LICENSE\">]>"
                   "<XrML version=\"1.2\"><BODY /></XrML>");
    assert_refused("DOCTYPE inside the root", "<XrML><!DOCTYPE XrML><BODY /></XrML>");
    assert_refused("ENTITY inside BODY", "<XrML><BODY><!ENTITY x \"y\"></BODY></XrML>");
    assert_refused("XInclude-like element is just an element, but no BODY",
                   "<XrML xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include "
                   "href=\"http://127.0.0.1:9/x\" /></XrML>");
}

/* --- size, depth, node and attribute bombs --------------------------------- */

static void test_deep_nesting(void **state)
{
    (void)state;
    char *deep = repeat("<XrML><BODY>", "<a>", 10000, "");
    char *closed = repeat(deep, "</a>", 10000, "</BODY></XrML>");
    assert_int_equal(parse_text(closed), E_DRM_INVALID_LICENSE);
    assert_int_equal(parse_text(deep), E_DRM_INVALID_LICENSE); /* never closed */
    free(closed);
    free(deep);

    /* The limit itself: XrML and BODY are two levels. */
    char *head = repeat("<XrML><BODY>", "<a>", XRML_MAX_DEPTH - 2, "");
    char *at_limit = repeat(head, "</a>", XRML_MAX_DEPTH - 2, "</BODY></XrML>");
    assert_accepted("nesting at the limit", at_limit);
    free(head);
    head = repeat("<XrML><BODY>", "<a>", XRML_MAX_DEPTH - 1, "");
    char *over = repeat(head, "</a>", XRML_MAX_DEPTH - 1, "</BODY></XrML>");
    assert_int_equal(parse_text(over), E_DRM_INVALID_LICENSE);
    free(head);
    free(over);
    free(at_limit);
}

static void test_node_bomb(void **state)
{
    (void)state;
    char *bomb = repeat("<XrML><BODY>", "<a />", 300000, "</BODY></XrML>");
    assert_int_equal(parse_text(bomb), E_DRM_INVALID_LICENSE);
    free(bomb);
    /* XrML and BODY count: the limit is on every element, attribute and text. */
    char *at_limit = repeat("<XrML><BODY>", "<a/>", XRML_MAX_NODES - 2, "</BODY></XrML>");
    assert_accepted("nodes at the limit", at_limit);
    free(at_limit);
    char *over = repeat("<XrML><BODY>", "<a/>", XRML_MAX_NODES - 1, "</BODY></XrML>");
    assert_int_equal(parse_text(over), E_DRM_INVALID_LICENSE);
    free(over);
    char *texts = repeat("<XrML><BODY>", "<a/>x", XRML_MAX_NODES / 2, "</BODY></XrML>");
    assert_int_equal(parse_text(texts), E_DRM_INVALID_LICENSE);
    free(texts);
}

/* Distinct attributes on one element: libxml2 checks duplicates pairwise,
 * so many attributes on one element must be refused before it sees them. */
static void test_attribute_bomb(void **state)
{
    (void)state;
    size_t count = 150000;
    char *bomb = malloc(count * 12 + 64);
    assert_non_null(bomb);
    size_t at = (size_t)sprintf(bomb, "<XrML><BODY");
    for (size_t i = 0; i < count; i++)
        at += (size_t)sprintf(bomb + at, " a%zu=\"\"", i);
    strcpy(bomb + at, " /></XrML>");
    uint64_t start = (uint64_t)clock();
    assert_int_equal(parse_text(bomb), E_DRM_INVALID_LICENSE);
    double seconds = (double)((uint64_t)clock() - start) / CLOCKS_PER_SEC;
    if (seconds > 5)
        fail_msg("150,000 attributes took %.1f s to refuse", seconds);
    free(bomb);

    /* The limit on one element's attributes. */
    for (size_t n = XRML_MAX_ATTRIBUTES; n <= XRML_MAX_ATTRIBUTES + 1; n++) {
        char many[XRML_MAX_ATTRIBUTES * 12 + 64];
        size_t used = (size_t)sprintf(many, "<XrML><BODY");
        for (size_t i = 0; i < n; i++)
            used += (size_t)sprintf(many + used, " a%zu=\"\"", i);
        strcpy(many + used, " /></XrML>");
        assert_int_equal(parse_text(many), n <= XRML_MAX_ATTRIBUTES ? S_OK : E_DRM_INVALID_LICENSE);
    }

    char *same = repeat("<XrML><BODY", " a=\"x\"", 2, " /></XrML>");
    assert_int_equal(parse_text(same), E_DRM_INVALID_LICENSE); /* duplicate attribute */
    free(same);
    /* A long attribute value is only text: accepted up to the size limit. */
    char *long_value = repeat("<XrML><BODY type=\"", "x", 1 << 20, "\" /></XrML>");
    assert_accepted("a 1 MB attribute value", long_value);
    free(long_value);
}

/* xrml_parse_string reads at most XRML_MAX_UNITS + 1 units of a caller's
 * string: a 100 MB one is refused without being copied or parsed. */
static void test_hundred_megabytes(void **state)
{
    (void)state;
    size_t units = (size_t)50 << 20; /* 100 MB of UTF-16 */
    WCHAR *huge = malloc((units + 1) * sizeof(WCHAR));
    assert_non_null(huge);
    static const char head[] = "<XrML version=\"1.2\"><BODY type=\"LICENSE\">";
    static const char tail[] = "</BODY></XrML>";
    for (size_t i = 0; i < units; i++)
        huge[i] = 'x';
    for (size_t i = 0; head[i] != '\0'; i++)
        huge[i] = (WCHAR)head[i];
    for (size_t i = 0; tail[i] != '\0'; i++)
        huge[units - (sizeof tail - 1) + i] = (WCHAR)tail[i];
    huge[units] = 0;

    unsigned long long before = test_peak_memory_bytes();
    struct xrml_document *document = NULL;
    assert_int_equal(xrml_parse_string(huge, &document), E_DRM_INVALID_LICENSE);
    assert_null(document);
    assert_int_equal(xrml_parse_utf16(huge, units, &document), E_DRM_INVALID_LICENSE);
    unsigned long long after = test_peak_memory_bytes();
    if (before == 0 || after == 0)
        print_message("peak memory not reported here (Wine?): growth not checked\n");
    else if (after - before >= (unsigned long long)32 << 20)
        fail_msg("peak memory grew by %llu bytes", after - before);

    /* The same as UTF-8 with its length. */
    char *narrow = malloc(units);
    assert_non_null(narrow);
    memset(narrow, 'x', units);
    memcpy(narrow, head, sizeof head - 1);
    memcpy(narrow + units - (sizeof tail - 1), tail, sizeof tail - 1);
    assert_int_equal(parse_bytes(narrow, units), E_DRM_INVALID_LICENSE);
    /* The limit counts UTF-16 units for UTF-8 too: XRML_MAX_UNITS ASCII
     * bytes parse, one more do not. */
    memcpy(narrow + XRML_MAX_UNITS - (sizeof tail - 1), tail, sizeof tail - 1);
    assert_int_equal(parse_bytes(narrow, XRML_MAX_UNITS), S_OK);
    memcpy(narrow + XRML_MAX_UNITS + 1 - (sizeof tail - 1), tail, sizeof tail - 1);
    assert_int_equal(parse_bytes(narrow, XRML_MAX_UNITS + 1), E_DRM_INVALID_LICENSE);
    free(narrow);

    /* The limit itself: XRML_MAX_UNITS units parse, one more does not. */
    huge[XRML_MAX_UNITS + 1] = 0;
    for (size_t i = 0; tail[i] != '\0'; i++)
        huge[XRML_MAX_UNITS + 1 - (sizeof tail - 1) + i] = (WCHAR)tail[i];
    assert_int_equal(xrml_parse_string(huge, &document), E_DRM_INVALID_LICENSE);
    for (size_t i = 0; head[i] != '\0'; i++)
        huge[1 + i] = (WCHAR)head[i];
    assert_int_equal(xrml_parse_string(huge + 1, &document), S_OK);
    xrml_document_unref(document);
    free(huge);
}

/* --- encodings --------------------------------------------------------------- */

static void test_invalid_utf8(void **state)
{
    (void)state;
    static const char *const sequences[] = {
        "\xC0\xAF",             /* overlong '/' */
        "\xE0\x80\xAF",         /* overlong, three bytes */
        "\xF0\x80\x80\xAF",     /* overlong, four bytes */
        "\xC1\xBF",             /* overlong */
        "\xED\xA0\x80",         /* a surrogate, U+D800 */
        "\xED\xBF\xBF",         /* U+DFFF */
        "\xF4\x90\x80\x80",     /* beyond U+10FFFF */
        "\xF8\x88\x80\x80\x80", /* five bytes */
        "\xE6\x97",             /* truncated */
        "\x80",                 /* a lone continuation byte */
        "\xFF",
        "\xFE",
        "\xEF\xBF\xBE", /* U+FFFE, not an XML character */
        "\x01",         /* a control character */
    };
    static const char *const forms[][2] = {
        {"<XrML><BODY>", "</BODY></XrML>"},
        {"<XrML><BODY type=\"", "\" /></XrML>"},
        {"<XrML><BODY><ID>a", "</ID></BODY></XrML>"},
        {"<XrML version=\"1.2\"", "><BODY /></XrML>"},
        {"<XrML><BODY /></XrML>", ""},
        {"<XrML><BODY><!--", "--></BODY></XrML>"},
        {"<XrML><BODY><![CDATA[", "]]></BODY></XrML>"},
        {"<XrML><BODY><?pi ", "?></BODY></XrML>"},
        {"<!--", "--><XrML><BODY /></XrML>"},
    };
    for (size_t i = 0; i < sizeof sequences / sizeof sequences[0]; i++) {
        for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
            char text[128];
            snprintf(text, sizeof text, "%s%s%s", forms[f][0], sequences[i], forms[f][1]);
            HRESULT hr = parse_text(text);
            if (hr != E_DRM_INVALID_LICENSE)
                fail_msg("sequence %zu in form %zu: 0x%08x", i, f, (unsigned)hr);
        }
    }
    /* Truncated at the very end of the input. */
    assert_int_equal(parse_bytes("<XrML><BODY /></XrML>\xE6\x97\xA5", 23), E_DRM_INVALID_LICENSE);
    /* Valid multi-byte text is of course fine. */
    assert_accepted("valid UTF-8",
                    "<XrML><BODY>\xC3\xA4\xE6\x97\xA5\xF0\x9F\x98\x80</BODY></XrML>");
}

/* The encoding is the API's, never the document's: a declaration that
 * says otherwise changes nothing (it is outside the signed BODY). */
static void test_encoding_declarations(void **state)
{
    (void)state;
    static const char *const declarations[] = {"ISO-8859-1", "UTF-16", "EBCDIC-US", "x-unknown"};
    for (size_t i = 0; i < sizeof declarations / sizeof declarations[0]; i++) {
        char text[160];
        snprintf(text, sizeof text,
                 "<?xml version=\"1.0\" encoding=\"%s\"?><XrML><BODY>\xC3\xA4</BODY></XrML>",
                 declarations[i]);
        struct xrml_document *document = NULL;
        HRESULT hr = xrml_parse_utf8(text, strlen(text), &document);
        if (hr == S_OK) {
            const char *body_text = xrml_text(document->body);
            if (body_text == NULL || strcmp(body_text, "\xC3\xA4") != 0)
                fail_msg("encoding=\"%s\" changed the text", declarations[i]);
            xrml_document_unref(document);
        } else if (hr != E_DRM_INVALID_LICENSE) {
            fail_msg("encoding=\"%s\": 0x%08x", declarations[i], (unsigned)hr);
        }
    }
}

static HRESULT parse_units(const WCHAR *units, size_t count)
{
    struct xrml_document *document = NULL;
    HRESULT hr = xrml_parse_utf16(units, count, &document);
    xrml_document_unref(document);
    return hr;
}

static void test_invalid_utf16(void **state)
{
    (void)state;
    static const WCHAR bad[][3] = {
        {0xD800, 'x', 0},    /* a lone high surrogate */
        {0xDC00, 'x', 0},    /* a lone low surrogate */
        {0xDC00, 0xD800, 0}, /* reversed pair */
        {0xD800, 0xD800, 0}, /* two highs */
        {0xFFFE, 0, 0},      /* not XML characters */
        {0xFFFF, 0, 0},      {0x0001, 0, 0},
    };
    static const char head[] = "<XrML><BODY>", tail[] = "</BODY></XrML>";
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        WCHAR text[64];
        size_t n = 0;
        for (size_t k = 0; head[k] != '\0'; k++)
            text[n++] = (WCHAR)head[k];
        for (size_t k = 0; k < 3 && bad[i][k] != 0; k++)
            text[n++] = bad[i][k];
        for (size_t k = 0; tail[k] != '\0'; k++)
            text[n++] = (WCHAR)tail[k];
        text[n] = 0;
        struct xrml_document *document = NULL;
        assert_int_equal(parse_units(text, n), E_DRM_INVALID_LICENSE);
        assert_int_equal(xrml_parse_string(text, &document), E_DRM_INVALID_LICENSE);
    }
    /* A high surrogate as the very last unit. */
    WCHAR last[] = {'<', 'X', 'r', 'M', 'L', '>', 0xD83D};
    assert_int_equal(parse_units(last, 7), E_DRM_INVALID_LICENSE);
    /* A proper pair is fine. */
    WCHAR good[] = {'<', 'X', 'r', 'M', 'L', '>', '<', 'B', 'O', 'D', 'Y', '>', 0xD83D, 0xDE00,
                    '<', '/', 'B', 'O', 'D', 'Y', '>', '<', '/', 'X', 'r', 'M', 'L',    '>'};
    assert_int_equal(parse_units(good, sizeof good / sizeof good[0]), S_OK);
}

/* --- truncations and NUL bytes ---------------------------------------------- */

static void test_every_truncation(void **state)
{
    (void)state;
    static const char *const names[] = {"rmpr-4.5.6-use-license.xml",
                                        "sdk-machine-certificate.cleaned.xml"};
    for (size_t n = 0; n < sizeof names / sizeof names[0]; n++) {
        size_t length = 0;
        char *text = example_text(names[n], &length);
        WCHAR *wide = example_wide(names[n]);
        assert_int_equal(parse_bytes(text, length), S_OK);
        for (size_t cut = 0; cut < length; cut++) {
            if (parse_bytes(text, cut) != E_DRM_INVALID_LICENSE ||
                parse_units(wide, cut) != E_DRM_INVALID_LICENSE)
                fail_msg("%s cut at %zu was not refused", names[n], cut);
        }
        free(wide);
        free(text);
    }
}

static void test_nul_bytes(void **state)
{
    (void)state;
    static const char attribute[] = "<XrML><BODY type=\"LIC\0ENSE\" /></XrML>";
    static const char text[] = "<XrML><BODY>a\0b</BODY></XrML>";
    static const char after[] = "<XrML><BODY /></XrML>\0<x/>";
    static const char name[] = "<XrML><BO\0DY /></XrML>";
    assert_int_equal(parse_bytes(attribute, sizeof attribute - 1), E_DRM_INVALID_LICENSE);
    assert_int_equal(parse_bytes(text, sizeof text - 1), E_DRM_INVALID_LICENSE);
    assert_int_equal(parse_bytes(after, sizeof after - 1), E_DRM_INVALID_LICENSE);
    assert_int_equal(parse_bytes(name, sizeof name - 1), E_DRM_INVALID_LICENSE);
    WCHAR wide[sizeof attribute];
    for (size_t i = 0; i < sizeof attribute; i++)
        wide[i] = (WCHAR)attribute[i];
    assert_int_equal(parse_units(wide, sizeof attribute - 1), E_DRM_INVALID_LICENSE);
    /* Through the NUL-terminated entry the string simply ends early. */
    struct xrml_document *document = NULL;
    assert_int_equal(xrml_parse_string(wide, &document), E_DRM_INVALID_LICENSE);
    assert_int_equal(xrml_parse_string(NULL, &document), E_INVALIDARG);
}

/* --- references and markup in odd places ------------------------------------ */

static void test_references(void **state)
{
    (void)state;
    assert_refused("unknown entity in text", "<XrML><BODY>&nbsp;</BODY></XrML>");
    assert_refused("unknown entity in an attribute", "<XrML><BODY type=\"&foo;\" /></XrML>");
    assert_refused("entity without ';'", "<XrML><BODY>&amp</BODY></XrML>");
    assert_refused("bare '&'", "<XrML><BODY>a & b</BODY></XrML>");
    assert_refused("reference to U+0000", "<XrML><BODY>&#0;</BODY></XrML>");
    assert_refused("reference to a surrogate", "<XrML><BODY>&#xD800;</BODY></XrML>");
    assert_refused("reference past U+10FFFF", "<XrML><BODY>&#x110000;</BODY></XrML>");
    assert_refused("a huge reference", "<XrML><BODY>&#99999999999;</BODY></XrML>");
    assert_refused("empty reference", "<XrML><BODY>&#;</BODY></XrML>");
    assert_refused("'<' in an attribute", "<XrML><BODY type=\"<\" /></XrML>");
    assert_accepted("the predefined entities and character references",
                    "<XrML><BODY type=\"&quot;&apos;\">&lt;&gt;&amp;&#65;&#x42;</BODY></XrML>");
}

static void test_odd_markup(void **state)
{
    (void)state;
    assert_refused("CDATA before the root", "<![CDATA[x]]><XrML><BODY /></XrML>");
    assert_refused("CDATA after the root", "<XrML><BODY /></XrML><![CDATA[x]]>");
    assert_refused("a comment inside a tag", "<XrML><BODY <!-- x --> /></XrML>");
    assert_refused("an unterminated comment", "<XrML><BODY /></XrML><!-- x");
    assert_refused("an unterminated CDATA section", "<XrML><BODY><![CDATA[x</BODY></XrML>");
    assert_refused("'--' in a comment", "<XrML><BODY><!-- a -- b --></BODY></XrML>");
    assert_refused("an XML declaration inside", "<XrML><?xml version=\"1.0\"?><BODY /></XrML>");
    assert_refused("an unterminated processing instruction", "<XrML><BODY /><?pi </XrML>");
    assert_refused("']]>' in text", "<XrML><BODY>]]></BODY></XrML>");
    assert_accepted("comments and whitespace around the root",
                    "<?xml version=\"1.0\"?>\n<!-- c -->\n<XrML><BODY /></XrML>\n<!-- c -->\n");

    /* A CDATA section or comment holding `</BODY>` is not the end of BODY:
     * the signed span runs to the real end tag. */
    const char *text = "<XrML><BODY><![CDATA[</BODY>]]><!--</BODY>--></BODY></XrML>";
    struct xrml_document *document = NULL;
    assert_int_equal(xrml_parse_utf8(text, strlen(text), &document), S_OK);
    assert_int_equal(document->body_start, 6);
    assert_int_equal(document->body_length, strlen(text) - 6 - strlen("</XrML>"));
    xrml_document_unref(document);
}

static void test_not_xrml_shaped(void **state)
{
    (void)state;
    assert_refused("empty", "");
    assert_refused("only whitespace", " \n\t");
    assert_refused("a second root", "<XrML><BODY /></XrML><XrML><BODY /></XrML>");
    assert_refused("text after the root", "<XrML><BODY /></XrML>x");
    assert_refused("text before the root", "x<XrML><BODY /></XrML>");
    assert_refused("no BODY", "<XrML><SIGNATURE /></XrML>");
    assert_refused("BODY not a child of XrML", "<XrML><WORK><BODY /></WORK></XrML>");
    assert_refused("BODY as the root", "<BODY />");
    assert_refused("another root", "<XrMLX><BODY /></XrMLX>");
    assert_refused("lower-case body", "<XrML><body /></XrML>");
    assert_refused("mismatched end tag", "<XrML><BODY></BOD></XrML>");
    assert_refused("unclosed root", "<XrML><BODY />");
    assert_refused("an attribute without a value", "<XrML><BODY type /></XrML>");
    assert_refused("an unquoted value", "<XrML><BODY type=LICENSE /></XrML>");
    assert_refused("a prefixed BODY", "<XrML xmlns:x=\"urn:x\"><x:BODY /></XrML>");
    assert_refused("an undeclared prefix", "<XrML><x:BODY /></XrML>");
    assert_refused("XrML in a namespace", "<XrML xmlns=\"urn:x\"><BODY /></XrML>");
    assert_refused("BODY in a namespace", "<XrML><BODY xmlns=\"urn:x\" /></XrML>");
    assert_refused("two BODY elements", "<XrML><BODY /><BODY /></XrML>");
}

/*
 * The signed text and the tree must be the same BODY. With a default
 * namespace on the root, the real BODY (first) is in that namespace and a
 * second BODY that resets it would be the one the tree reads: a document
 * that verifies over one BODY while the library reads the other.
 */
static void test_second_body_cannot_borrow_a_signature(void **state)
{
    (void)state;
    size_t length = 0;
    char *signed_text = example_text("rmpr-4.5.6-use-license.xml", &length);
    char *body = strstr(signed_text, "<BODY");
    char *body_end = strstr(body, "</BODY>") + strlen("</BODY>");
    char *signature = strstr(body_end, "<SIGNATURE>");
    char *issuer = strstr(body, "<ISSUER>");
    char *issuer_end = strstr(issuer, "</ISSUER>") + strlen("</ISSUER>");
    assert_non_null(signature);

    static const char forged_body_head[] =
        "<BODY xmlns=\"\" type=\"LICENSE\" version=\"3.0\"><ISSUEDTIME>2030-01-01T00:00"
        "</ISSUEDTIME>";
    static const char forged_body_tail[] = "<ISSUEDPRINCIPALS><PRINCIPAL internal-id=\"1\">"
                                           "<OBJECT type=\"Group-Identity\"><ID type=\"Windows\">"
                                           "S-1-5-21-0-0-0-666</ID><NAME>mallory@example.com</NAME>"
                                           "</OBJECT></PRINCIPAL></ISSUEDPRINCIPALS></BODY>";
    char *forged = malloc(length + 4096);
    assert_non_null(forged);
    int n = sprintf(forged,
                    "<XrML xmlns=\"urn:hide\" version=\"1.2\">%.*s%s%.*s%s<SIGNATURE "
                    "xmlns=\"\"%s",
                    (int)(body_end - body), body, forged_body_head, (int)(issuer_end - issuer),
                    issuer, forged_body_tail, signature + strlen("<SIGNATURE"));
    assert_true(n > 0);

    struct xrml_document *document = NULL;
    HRESULT hr = xrml_parse_utf8(forged, (size_t)n, &document);
    if (hr == S_OK) {
        hr = xrml_verify_with_issuer_key(document);
        xrml_document_unref(document);
        if (hr == S_OK)
            fail_msg("a forged BODY verifies with the real BODY's signature");
    }
    free(forged);
    free(signed_text);
}

/* A chain as a whole stays within one document's limits: many documents,
 * or several large ones, are refused before any is parsed. */
static void test_chain_limits(void **state)
{
    (void)state;
    static const char document[] = "<XrML version=\"1.2\"><BODY type=\"LICENSE\" /></XrML>";
    size_t one = sizeof document - 1;
    WCHAR *many = malloc((one * (XRML_CHAIN_MAX_DOCUMENTS + 1) + 1) * sizeof(WCHAR));
    assert_non_null(many);
    for (size_t d = 0; d <= XRML_CHAIN_MAX_DOCUMENTS; d++) {
        for (size_t i = 0; i < one; i++)
            many[d * one + i] = (WCHAR)document[i];
        many[(d + 1) * one] = 0;
    }
    struct xrml_chain chain;
    assert_int_equal(xrml_chain_parse(many, &chain), E_DRM_INVALID_LICENSE);
    assert_int_equal(chain.count, 0);
    many[XRML_CHAIN_MAX_DOCUMENTS * one] = 0; /* exactly the most */
    assert_int_equal(xrml_chain_parse(many, &chain), S_OK);
    assert_int_equal(chain.count, XRML_CHAIN_MAX_DOCUMENTS);
    xrml_chain_clear(&chain);
    free(many);

    /* Two documents of 3 Mi units each: each within its limit, not both. */
    size_t units = (size_t)3 << 20;
    WCHAR *large = malloc((2 * units + 1) * sizeof(WCHAR));
    assert_non_null(large);
    static const char head[] = "<XrML><BODY type=\"";
    static const char tail[] = "\" /></XrML>";
    for (size_t d = 0; d < 2; d++) {
        WCHAR *at = large + d * units;
        for (size_t i = 0; i < units; i++)
            at[i] = 'x';
        for (size_t i = 0; head[i] != '\0'; i++)
            at[i] = (WCHAR)head[i];
        for (size_t i = 0; tail[i] != '\0'; i++)
            at[units - (sizeof tail - 1) + i] = (WCHAR)tail[i];
    }
    large[units] = 0;
    assert_int_equal(xrml_chain_parse(large, &chain), S_OK); /* one alone parses */
    xrml_chain_clear(&chain);
    large[units] = '<';
    large[2 * units] = 0;
    assert_int_equal(xrml_chain_parse(large, &chain), E_DRM_INVALID_LICENSE);
    assert_int_equal(chain.count, 0);
    free(large);
}

/* `count` copies of `document` back to back, as a heap UTF-16 chain. */
static WCHAR *wide_chain(const char *document, size_t count, size_t *length)
{
    size_t one = strlen(document);
    *length = one * count;
    WCHAR *chain = malloc((*length + 1) * sizeof(WCHAR));
    assert_non_null(chain);
    for (size_t d = 0; d < count; d++) {
        for (size_t i = 0; i < one; i++)
            chain[d * one + i] = (WCHAR)(unsigned char)document[i];
    }
    chain[*length] = 0;
    return chain;
}

/*
 * Issue 9, finding 4: a chain has at most CHAIN_MAX_DOCUMENTS documents
 * (certificate_chain.h), for counting, splitting and joining alike.
 */
static void test_chain_document_bound(void **state)
{
    (void)state;
    static const char document[] = "<XrML><BODY /></XrML>";
    size_t length = 0;
    WCHAR *chain = wide_chain(document, CHAIN_MAX_DOCUMENTS + 1, &length);
    UINT count = 0, size = 0;
    assert_int_equal(DRMGetCertificateChainCount(chain, &count), E_DRM_NOT_A_CHAIN);
    assert_int_equal(DRMDeconstructCertificateChain(chain, 0, &size, NULL), E_DRM_NOT_A_CHAIN);
    chain[length - strlen(document)] = 0; /* exactly the most */
    assert_int_equal(DRMGetCertificateChainCount(chain, &count), S_OK);
    assert_int_equal(count, CHAIN_MAX_DOCUMENTS);
    assert_int_equal(DRMDeconstructCertificateChain(chain, CHAIN_MAX_DOCUMENTS - 1, &size, NULL),
                     S_OK);
    assert_int_equal(size, strlen(document) + 1);

    /* Joined: the most is fine, one more document is not. */
    WCHAR one[32];
    for (size_t i = 0; i <= strlen(document); i++)
        one[i] = (WCHAR)(unsigned char)document[i];
    PWSTR parts[2] = {chain, one};
    assert_int_equal(DRMConstructCertificateChain(1, parts, &size, NULL), S_OK);
    assert_int_equal(DRMConstructCertificateChain(2, parts, &size, NULL), E_INVALIDARG);
    free(chain);

    /* And a chain longer than CHAIN_MAX_UNITS is none, however few its documents. */
    WCHAR *long_chain = malloc((CHAIN_MAX_UNITS + 2) * sizeof(WCHAR));
    assert_non_null(long_chain);
    static const char head[] = "<XrML><BODY type=\"";
    static const char tail[] = "\" /></XrML>";
    for (size_t i = 0; i < CHAIN_MAX_UNITS + 1; i++)
        long_chain[i] = 'x';
    for (size_t i = 0; head[i] != '\0'; i++)
        long_chain[i] = (WCHAR)head[i];
    for (size_t units = CHAIN_MAX_UNITS; units <= CHAIN_MAX_UNITS + 1; units++) {
        for (size_t i = 0; tail[i] != '\0'; i++)
            long_chain[units - (sizeof tail - 1) + i] = (WCHAR)tail[i];
        long_chain[units] = 0;
        assert_int_equal(DRMGetCertificateChainCount(long_chain, &count),
                         units <= CHAIN_MAX_UNITS ? S_OK : E_DRM_NOT_A_CHAIN);
    }
    free(long_chain);
}

/*
 * Walking a chain by index (count, then each document by the two-call
 * protocol) scans it a bounded number of times, not once per call: the
 * scanner's own count of the units it read says so. 1,000 documents.
 */
static void test_walking_a_chain_scans_it_once(void **state)
{
    (void)state;
    static const char document[] =
        "<XrML version=\"1.2\" xmlns=\"\"><BODY type=\"LICENSE\"><ISSUEDTIME>2030-01-01T00:00"
        "</ISSUEDTIME></BODY></XrML>";
    size_t length = 0, documents = 1000;
    WCHAR *chain = wide_chain(document, documents, &length);
    size_t before = xrml_scan_work();
    UINT count = 0;
    assert_int_equal(DRMGetCertificateChainCount(chain, &count), S_OK);
    assert_int_equal(count, documents);
    WCHAR buffer[sizeof document];
    for (UINT i = 0; i < count; i++) {
        UINT size = 0;
        assert_int_equal(DRMDeconstructCertificateChain(chain, i, &size, NULL), S_OK);
        assert_int_equal(size, sizeof document);
        assert_int_equal(DRMDeconstructCertificateChain(chain, i, &size, buffer), S_OK);
        assert_int_equal(buffer[0], '<');
    }
    UINT size = 0;
    assert_int_equal(DRMDeconstructCertificateChain(chain, count, &size, NULL), E_DRM_NO_MORE_DATA);
    size_t work = xrml_scan_work() - before;
    /* The count reads it once, the first document asked for once more. */
    if (work > 2 * length)
        fail_msg("walking %zu documents read %zu units of a %zu-unit chain", documents, work,
                 length);
    free(chain);
}

/* Each thread walks its own chain (of its own number of documents) many
 * times: the remembered walk is replaced under them, never mixed up. */
static atomic_int walk_failures; /* cmocka's asserts are for the main thread only */

static void walk_repeatedly(void *argument)
{
    size_t documents = (size_t)(uintptr_t)argument;
    size_t length = 0;
    WCHAR *chain = wide_chain("<XrML><BODY /></XrML>", documents, &length);
    UINT one = (UINT)strlen("<XrML><BODY /></XrML>") + 1;
    for (int round = 0; round < 200; round++) {
        UINT count = 0, size = 0;
        if (DRMGetCertificateChainCount(chain, &count) != S_OK || count != documents)
            atomic_fetch_add(&walk_failures, 1);
        for (UINT i = 0; i < count; i++) {
            if (DRMDeconstructCertificateChain(chain, i, &size, NULL) != S_OK || size != one)
                atomic_fetch_add(&walk_failures, 1);
        }
        if (DRMDeconstructCertificateChain(chain, count, &size, NULL) != E_DRM_NO_MORE_DATA)
            atomic_fetch_add(&walk_failures, 1);
    }
    free(chain);
}

static void test_walking_chains_on_threads(void **state)
{
    (void)state;
    void *arguments[4] = {(void *)(uintptr_t)1, (void *)(uintptr_t)2, (void *)(uintptr_t)3,
                          (void *)(uintptr_t)5};
    run_on_threads(4, walk_repeatedly, arguments);
    assert_int_equal(atomic_load(&walk_failures), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_billion_laughs),
        cmocka_unit_test(test_external_entities),
        cmocka_unit_test(test_doctypes),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_node_bomb),
        cmocka_unit_test(test_attribute_bomb),
        cmocka_unit_test(test_hundred_megabytes),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_encoding_declarations),
        cmocka_unit_test(test_invalid_utf16),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_references),
        cmocka_unit_test(test_odd_markup),
        cmocka_unit_test(test_not_xrml_shaped),
        cmocka_unit_test(test_second_body_cannot_borrow_a_signature),
        cmocka_unit_test(test_chain_limits),
        cmocka_unit_test(test_chain_document_bound),
        cmocka_unit_test(test_walking_a_chain_scans_it_once),
        cmocka_unit_test(test_walking_chains_on_threads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
