/*
 * openmsdrm - reading XML with the library's settings (see xml_reader.h).
 *
 * The tree is built by libxml2's own SAX2 handlers; we wrap three of
 * them: internalSubset (a DOCTYPE stops the parser before anything of it
 * is used), and the element start and end (depth, counts, spans). The
 * byte offsets come from xmlByteConsumed, which counts input bytes: we
 * keep libxml2 from switching encodings, so bytes are the caller's.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "xrml/xml_reader.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "msdrmerror.h"
#include "platform/platform.h"

static platform_mutex init_lock = PLATFORM_MUTEX_INIT;
static bool parser_ready;

/* libxml2 wants xmlInitParser once before parsing on several threads. */
static void parser_init(void)
{
    platform_mutex_lock(&init_lock);
    if (!parser_ready) {
        xmlInitParser();
        parser_ready = true;
    }
    platform_mutex_unlock(&init_lock);
}

/* libxml2 reports some errors (out of memory) whatever the parse options
 * say; a DLL has no business writing to stderr. */
static void silent(void *context, const char *message, ...)
{
    (void)context;
    (void)message;
}

static void silent_structured(void *context, xmlErrorPtr error)
{
    (void)context;
    (void)error;
}

struct reader {
    const char *text;
    size_t length;
    const struct xml_reader_limits *limits;
    struct xml_spans *spans;
    size_t depth;
    size_t nodes;
    bool refused;
    bool out_of_memory;
    /* The parser's own handlers we wrap. */
    startElementNsSAX2Func start_element;
    endElementNsSAX2Func end_element;
};

static void stop(xmlParserCtxtPtr parser, struct reader *reader)
{
    reader->refused = true;
    xmlStopParser(parser);
}

static void on_doctype(void *context, const xmlChar *name, const xmlChar *external_id,
                       const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    xmlParserCtxtPtr parser = context;
    stop(parser, parser->_private);
}

static void on_start(void *context, const xmlChar *local_name, const xmlChar *prefix,
                     const xmlChar *uri, int namespace_count, const xmlChar **namespaces,
                     int attribute_count, int defaulted_count, const xmlChar **attributes)
{
    xmlParserCtxtPtr parser = context;
    struct reader *reader = parser->_private;
    reader->depth++;
    reader->nodes += 1 + (size_t)attribute_count;
    const struct xml_reader_limits *limits = reader->limits;
    if (limits != NULL && ((limits->max_depth != 0 && reader->depth > limits->max_depth) ||
                           (limits->max_nodes != 0 && reader->nodes > limits->max_nodes))) {
        stop(parser, reader);
        return;
    }
    reader->start_element(context, local_name, prefix, uri, namespace_count, namespaces,
                          attribute_count, defaulted_count, attributes);
    struct xml_spans *spans = reader->spans;
    if (spans == NULL || parser->node == NULL)
        return;
    /* The parser stands on the `>` or `/>` that ends the start tag; its
     * `<` is the nearest one before (no `<` can occur inside a tag). */
    long consumed = xmlByteConsumed(parser);
    if (consumed < 0 || (size_t)consumed >= reader->length) {
        stop(parser, reader);
        return;
    }
    size_t start = (size_t)consumed;
    while (start > 0 && reader->text[start] != '<')
        start--;
    if (reader->text[start] != '<') {
        stop(parser, reader);
        return;
    }
    if (spans->count == spans->capacity) {
        size_t capacity = spans->capacity ? spans->capacity * 2 : 64;
        struct xml_span *items = realloc(spans->items, capacity * sizeof *items);
        if (items == NULL) {
            reader->out_of_memory = true;
            stop(parser, reader);
            return;
        }
        spans->items = items;
        spans->capacity = capacity;
    }
    spans->items[spans->count] = (struct xml_span){start, 0};
    parser->node->_private = (void *)(uintptr_t)++spans->count;
}

static void on_end(void *context, const xmlChar *local_name, const xmlChar *prefix,
                   const xmlChar *uri)
{
    xmlParserCtxtPtr parser = context;
    struct reader *reader = parser->_private;
    reader->depth--;
    xmlNodePtr node = parser->node;
    if (reader->spans != NULL && node != NULL && node->_private != NULL) {
        /* Called once the end tag (or `/>`) is read: the parser stands
         * just past its `>`. */
        struct xml_span *span = &reader->spans->items[(uintptr_t)node->_private - 1];
        long consumed = xmlByteConsumed(parser);
        if (consumed <= 0 || (size_t)consumed > reader->length || (size_t)consumed <= span->start ||
            reader->text[consumed - 1] != '>') {
            stop(parser, reader);
            return;
        }
        span->length = (size_t)consumed - span->start;
    }
    reader->end_element(context, local_name, prefix, uri);
}

/* Only UTF-8: libxml2 would convert anything else, and byte offsets
 * would no longer be the caller's. */
static bool declared_utf8(xmlDocPtr tree)
{
    const char *encoding = (const char *)tree->encoding;
    if (encoding == NULL)
        return true;
    const char *utf8 = "utf-8";
    for (size_t i = 0;; i++) {
        char c = encoding[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != utf8[i])
            return false;
        if (c == '\0')
            return true;
    }
}

HRESULT xml_reader_parse(const char *text, size_t length, const struct xml_reader_limits *limits,
                         struct xml_spans *spans, xmlDocPtr *tree)
{
    *tree = NULL;
    if (length > INT_MAX)
        return E_DRM_INVALID_LICENSE;
    const unsigned char *bytes = (const unsigned char *)text;
    if (length >= 2 && ((bytes[0] == 0xFE && bytes[1] == 0xFF) ||
                        (bytes[0] == 0xFF && bytes[1] == 0xFE) || bytes[0] == 0 || bytes[1] == 0))
        return E_DRM_INVALID_LICENSE;
    parser_init();
    xmlParserCtxtPtr parser = xmlNewParserCtxt();
    if (parser == NULL)
        return E_OUTOFMEMORY;
    struct reader reader = {text,
                            length,
                            limits,
                            spans,
                            0,
                            0,
                            false,
                            false,
                            parser->sax->startElementNs,
                            parser->sax->endElementNs};
    parser->_private = &reader;
    parser->sax->internalSubset = on_doctype;
    parser->sax->externalSubset = on_doctype;
    parser->sax->startElementNs = on_start;
    parser->sax->endElementNs = on_end;

    /* This thread's libxml2 error handlers silenced, then put back as the
     * application had them (natively the library is shared). */
    xmlGenericErrorFunc generic = xmlGenericError;
    void *generic_context = xmlGenericErrorContext;
    xmlStructuredErrorFunc structured = xmlStructuredError;
    void *structured_context = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);
    xmlSetStructuredErrorFunc(NULL, silent_structured);
    /* No XML_PARSE_NOENT (no entity substitution), no DTD loading or
     * attribute defaulting, no network; blanks kept so text stays text.
     * COMPACT keeps short texts inside their nodes: our trees are never
     * changed once parsed, which is what it asks (xrml_bench: -5 %). */
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT;
    xmlDocPtr parsed = xmlCtxtReadMemory(parser, text, (int)length, NULL, NULL, options);
    bool no_memory = parser->errNo == XML_ERR_NO_MEMORY;
    xmlFreeParserCtxt(parser);
    xmlSetGenericErrorFunc(generic_context, generic);
    xmlSetStructuredErrorFunc(structured_context, structured);

    if (reader.out_of_memory || (parsed == NULL && no_memory)) {
        xmlFreeDoc(parsed);
        return E_OUTOFMEMORY;
    }
    if (parsed == NULL || reader.refused || parsed->intSubset != NULL ||
        parsed->extSubset != NULL || !declared_utf8(parsed)) {
        xmlFreeDoc(parsed);
        return E_DRM_INVALID_LICENSE;
    }
    *tree = parsed;
    return S_OK;
}

bool xml_spans_find(const struct xml_spans *spans, const xmlNode *element, struct xml_span *span)
{
    uintptr_t index = (uintptr_t)element->_private;
    if (spans == NULL || index == 0 || index > spans->count)
        return false;
    *span = spans->items[index - 1];
    return span->length != 0;
}

void xml_spans_free(struct xml_spans *spans)
{
    free(spans->items);
    memset(spans, 0, sizeof *spans);
}
