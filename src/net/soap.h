/*
 * openmsdrm - SOAP 1.1 envelopes both ways, as MS-RMPR uses them
 * (spec/rmpr.md §2, §8): the client writes requests and reads replies,
 * msdrm-server reads requests and writes replies, with the same code.
 *
 * Reading is hostile-input reading: libxml2 with the settings of
 * xrml/xml_reader.h (no DTD at all, no entity substitution, no network),
 * plus limits on size, depth and element count enforced while parsing.
 * Every XrML document inside a <Certificate> element is returned as the
 * exact bytes of the input (never re-serialised: signatures cover the
 * literal BODY, spec/rmpr.md §2.4).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_NET_SOAP_H
#define MSDRM_NET_SOAP_H

#include <stdbool.h>
#include <stddef.h>

#include "net/rmpr_lists.h"
#include "xrml/xml_text.h"
#include "msdrmdefs.h"

#define SOAP_ENVELOPE_NAMESPACE "http://schemas.xmlsoap.org/soap/envelope/"
#define SOAP_CONTENT_TYPE "text/xml; charset=utf-8"
#define SOAP_XSI_NAMESPACE "http://www.w3.org/2001/XMLSchema-instance"

/* What soap_read accepts: the largest message (replies and requests;
 * rmpr_client refuses longer replies before parsing), element nesting
 * (an XrML document's own XRML_MAX_DEPTH plus the envelope's), and
 * elements plus attributes in one message. */
#define SOAP_MAX_MESSAGE ((size_t)16 << 20)
#define SOAP_MAX_DEPTH 96
#define SOAP_MAX_NODES 400000

/* The VersionData header (spec/rmpr.md §2.4): "a.b.c.d" strings. */
#define SOAP_DEFAULT_VERSION "1.0.0.0"
struct soap_version_range {
    const char *minimum; /* NULL: the element is left out */
    const char *maximum;
};

/* --- Writing -------------------------------------------------------------- */

/*
 * Starts a message: the XML declaration, soap:Envelope, a soap:Header
 * holding VersionData in `service_namespace` when `versions` is not NULL
 * (GetServerInfo has none), then soap:Body. The caller writes the body
 * element with xmlns="service_namespace" (see soap_open_body_element),
 * then calls soap_end. Allocation failures surface in
 * xml_text_status(xml).
 */
void soap_begin(struct xml_text *xml, const char *service_namespace,
                const struct soap_version_range *versions);
void soap_end(struct xml_text *xml);

/* `<name xmlns="service_namespace">`: the body's first element. */
void soap_open_body_element(struct xml_text *xml, const char *name, const char *service_namespace);

/*
 * One <Certificate> element per document of `chain`, in order, each
 * holding the document's text verbatim. A document's leading BOM, XML
 * declaration and whitespace are left out (they cannot stand inside an
 * element; they are outside its root). A root without xmlns="" is written
 * inside <s:Certificate xmlns:s="service_namespace" xmlns=""> so that it
 * stays in no namespace, still unchanged. E_INVALIDARG: a document that
 * does not start with an <XrML element.
 */
HRESULT soap_write_certificates(struct xml_text *xml, const char *service_namespace,
                                const struct rmpr_documents *chain);

/* One document verbatim inside `<element>` (in service_namespace), with
 * the same xmlns="" care (AcquireIssuanceLicense's UnsignedIssuanceLicense). */
HRESULT soap_write_wrapped_document(struct xml_text *xml, const char *service_namespace,
                                    const char *element, const char *text, size_t length);

/* The documents verbatim, unwrapped, where the default namespace is
 * already none (GetServerInfo's <Results xmlns="">). */
HRESULT soap_write_bare_documents(struct xml_text *xml, const struct rmpr_documents *chain);

/*
 * A complete SOAP 1.1 fault message: faultcode soap:Server, faultstring
 * "exception_name: text" (or the name alone when text is NULL or empty),
 * as spec/rmpr.md §2.5's grammar has it. No VersionData (as Windows
 * servers, note <3>). Allocation failures surface in xml_text_status.
 */
void soap_write_fault(struct xml_text *xml, const char *exception_name, const char *text);

/* --- Reading -------------------------------------------------------------- */

struct _xmlDoc;
struct _xmlNode;
struct soap_spans;

struct soap_fault {
    char *code;      /* faultcode text as sent (e.g. "soap:Server") */
    char *string;    /* faultstring, NULL when absent */
    char *exception; /* the exception name: the dotted identifier that
                        begins faultstring, up to the first '-', ':' or
                        space (spec/rmpr.md §2.5); NULL when none */
};

struct soap_message {
    const char *text; /* the input, borrowed: it must outlive the message */
    size_t length;
    struct _xmlDoc *tree;
    /* The first element child of soap:Body, and its namespace URI (NULL
     * for none). For a fault, body is the soap:Fault element. */
    struct _xmlNode *body;
    const char *body_namespace;
    bool is_fault;
    struct soap_fault fault;
    /* The VersionData header in the body's namespace, when present. */
    bool has_version_data;
    char *minimum_version; /* NULL when that element is absent */
    char *maximum_version;
    struct soap_spans *spans; /* private: byte spans of the elements */
};

/*
 * Parses `length` bytes of UTF-8. Refuses with E_DRM_INVALID_SERVER_RESPONSE
 * (leaving *message zeroed): more than SOAP_MAX_MESSAGE bytes, a DOCTYPE
 * (any DTD, internal or external), text that is not well-formed XML, an
 * element nested deeper than SOAP_MAX_DEPTH, more than SOAP_MAX_NODES
 * elements and attributes, a root other than soap:Envelope in the SOAP 1.1
 * namespace, no soap:Body or an empty one. E_OUTOFMEMORY. A fault is
 * S_OK with is_fault set: what it means is the caller's business.
 */
HRESULT soap_read(const char *text, size_t length, struct soap_message *message);

/* Frees what the message holds and zeroes it. */
void soap_message_clear(struct soap_message *message);

/* The first element child of `parent` named `name` in `ns` (NULL: no
 * namespace), or NULL. soap_next_element: the next sibling after
 * `element` with the same name and namespace, or NULL. */
struct _xmlNode *soap_child(struct _xmlNode *parent, const char *ns, const char *name);
struct _xmlNode *soap_next_element(struct _xmlNode *element);
/* The first element child of `parent`, whatever its name, or NULL. */
struct _xmlNode *soap_first_element(struct _xmlNode *parent);

/* True when `element` is named `name` in `ns` (NULL: no namespace). */
bool soap_is_element(const struct _xmlNode *element, const char *ns, const char *name);

/* Whether `element` is xsi:nil="true" (a null value of the schema). */
bool soap_is_nil(struct _xmlNode *element);

/*
 * The character data of `element` (heap, NUL-terminated; "" when empty).
 * E_DRM_INVALID_SERVER_RESPONSE when it has element children or is
 * xsi:nil="true" (nil_is_null false); with nil_is_null, a nil element
 * gives *text = NULL and S_OK.
 */
HRESULT soap_text(struct _xmlNode *element, bool nil_is_null, char **text);

/* An attribute's value in no namespace (heap), or NULL when absent
 * (S_OK either way; E_OUTOFMEMORY). */
HRESULT soap_attribute(struct _xmlNode *element, const char *name, char **value);

/* The exact bytes of `element` in the input, from its `<` through its
 * end tag. */
void soap_element_span(const struct soap_message *message, const struct _xmlNode *element,
                       const char **start, size_t *length);

/*
 * An ArrayOfXmlNode (spec/rmpr.md §2.4): each <Certificate> child of
 * `array` (in `ns`) must hold exactly one element, an XrML document in
 * no namespace; its literal text is appended to `chain`, in order.
 * Whitespace around it is allowed, anything else is not.
 * E_DRM_INVALID_SERVER_RESPONSE for another shape (no Certificate child
 * gives an empty chain and S_OK). soap_xrml_children: the same for XrML
 * elements that are direct children of `parent` (GetServerInfo's
 * ServerLicensorCertificateChain, UnsignedIssuanceLicense).
 */
HRESULT soap_read_certificates(const struct soap_message *message, struct _xmlNode *array,
                               const char *ns, struct rmpr_documents *chain);
HRESULT soap_xrml_children(const struct soap_message *message, struct _xmlNode *parent,
                           struct rmpr_documents *chain);

/*
 * The exception name of a faultstring (heap): the leading run of letters,
 * digits, '_' and '.', up to the first '-', ':' or space or the end;
 * NULL (S_OK) when the string does not begin with such a name.
 */
HRESULT soap_exception_name(const char *fault_string, char **name);

#endif /* MSDRM_NET_SOAP_H */
