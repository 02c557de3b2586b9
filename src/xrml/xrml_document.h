/*
 * openmsdrm - XrML documents: parsing one document, hardened against
 * hostile input, keeping its exact text so that signatures can be checked
 * over the literal BODY (spec/xrml.md §0, §5).
 *
 * A document is checked twice before libxml2 builds a tree: a scanner of
 * our own refuses anything longer, deeper or larger than xrml_limits.h says,
 * any DOCTYPE, and any entity reference but the five predefined ones and
 * character references, and finds the BODY element's exact span. libxml2
 * then parses with no network, no DTD loading and no entity substitution.
 * Every refusal is E_DRM_INVALID_LICENSE; nothing is ever fetched.
 *
 * Documents are immutable once parsed and reference-counted, so query
 * handles and storage sessions can share them across threads.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_XRML_DOCUMENT_H
#define MSDRM_XRML_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>
#include <openssl/evp.h>

#include "util/object.h"
#include "xrml/xrml_limits.h" /* XRML_MAX_UNITS and the others */
#include "msdrmdefs.h"

struct xrml_document {
    struct object base;
    char *text;         /* the document as UTF-8, NUL-terminated */
    size_t length;      /* bytes of text */
    size_t body_start;  /* byte offset of `<BODY` in text */
    size_t body_length; /* bytes through `</BODY>` */
    xmlDocPtr tree;     /* libxml2's tree of text */
    xmlNodePtr root;    /* the XrML element */
    xmlNodePtr body;    /* its BODY element */
};

/*
 * Parses one XrML document: `length` UTF-16 units (the API's strings) or
 * `length` bytes of UTF-8. On success *document holds one reference
 * (release with xrml_document_unref). E_DRM_INVALID_LICENSE for anything
 * but a single well-formed `<XrML>` element with a BODY, within the
 * limits; E_OUTOFMEMORY.
 */
HRESULT xrml_parse_utf16(const WCHAR *text, size_t length, struct xrml_document **document);
HRESULT xrml_parse_utf8(const char *text, size_t length, struct xrml_document **document);

/* The same for a caller's NUL-terminated string (E_INVALIDARG for NULL). */
HRESULT xrml_parse_string(const WCHAR *text, struct xrml_document **document);

static inline void xrml_document_ref(struct xrml_document *document)
{
    object_ref(&document->base);
}

static inline void xrml_document_unref(struct xrml_document *document)
{
    if (document != NULL)
        object_unref(&document->base);
}

/* BODY@type ("LICENSE", "Microsoft Rights Label", ...), or "" without one. */
const char *xrml_body_type(const struct xrml_document *document);

/* --- walking the tree -------------------------------------------------------
 * Element and attribute names are compared exactly, and only names in no
 * namespace match. The scanner refuses namespaces already; code that
 * walks xmlNode children itself checks `ns == NULL` too. */

/* The first child element of `parent` named `name`, or NULL. */
xmlNodePtr xrml_child(xmlNodePtr parent, const char *name);

/*
 * The elements reached from `from` by `path`, element names separated by
 * '/' ("DESCRIPTOR/OBJECT/ID"), every match at each step, in document
 * order. Stores up to `capacity` of them in `found` (may be NULL) and
 * returns how many there are.
 */
size_t xrml_select(xmlNodePtr from, const char *path, xmlNodePtr *found, size_t capacity);

/* The first element `path` reaches from `from`, or NULL. */
xmlNodePtr xrml_select_first(xmlNodePtr from, const char *path);

/* An attribute's value or an element's text, borrowed from the tree
 * (valid while the document lives); NULL when absent. Text made of
 * several runs (character references) is not borrowable: NULL. */
const char *xrml_attribute(xmlNodePtr element, const char *name);
const char *xrml_text(xmlNodePtr element);

/* --- times (spec/xrml.md §8) ------------------------------------------------ */

/* "YYYY-MM-DDThh:mm[:ss]" (UTC) to a SYSTEMTIME; false if malformed. */
bool xrml_parse_time(const char *text, SYSTEMTIME *time);

/* A UTC SYSTEMTIME as seconds since 1970-01-01 (what the store keeps). */
int64_t xrml_time_seconds(const SYSTEMTIME *utc);

/* Room for "YYYY-MM-DDThh:mm:ss" and its NUL. */
#define XRML_TIME_TEXT 20

/*
 * Seconds since 1970 (UTC) as XrML time text: "YYYY-MM-DDThh:mm", the
 * precision real documents use, with ":ss" only when the seconds are not
 * zero, so that xrml_parse_time reads back the same time. False outside
 * the years xrml_parse_time accepts (1601-9999).
 */
bool xrml_format_time(int64_t seconds, char text[XRML_TIME_TEXT]);

/* --- keys and signatures (spec/xrml.md §5-6) -------------------------------- */

/*
 * The RSA key of a PUBLICKEY element: exponent 65537 in decimal, modulus
 * base64 of little-endian bytes whose count matches `size`.
 * E_DRM_INVALID_LICENSE when malformed.
 */
HRESULT xrml_read_public_key(xmlNodePtr public_key, EVP_PKEY **key);

/* BODY/ISSUER/PUBLICKEY and BODY/ISSUEDPRINCIPALS/PRINCIPAL/PUBLICKEY. */
HRESULT xrml_issuer_key(const struct xrml_document *document, EVP_PKEY **key);
HRESULT xrml_principal_key(const struct xrml_document *document, EVP_PKEY **key);

/* SHA-1 over the UTF-16LE text of the BODY element, as it is in the document. */
HRESULT xrml_document_digest(const struct xrml_document *document, unsigned char digest[20]);

/* The same for any element of the document, e.g. the ISSUER an
 * ENABLINGBITS hash covers (spec/xrml.md §7.2). E_INVALIDARG for an
 * element of another document. */
HRESULT xrml_element_digest(const struct xrml_document *document, xmlNodePtr element,
                            unsigned char digest[20]);

/*
 * Checks the document's SIGNATURE against `key`: the DIGEST must be SHA-1
 * of the literal BODY (either child order of SIGNATURE), the signature
 * PKCS#1 v1.5 over it. E_DRM_INVALID_LICENSE_SIGNATURE when it does not
 * verify or there is no signature; E_DRM_INVALID_LICENSE when malformed.
 */
HRESULT xrml_verify(const struct xrml_document *document, EVP_PKEY *key);

/* xrml_verify with the document's own ISSUER key. */
HRESULT xrml_verify_with_issuer_key(const struct xrml_document *document);

/*
 * A chain, leaf first: every document verifies with its own ISSUER key,
 * and that key is the ISSUEDPRINCIPALS key of the next document (the last
 * one's issuer is not checked further: trusting a root is the caller's
 * policy). E_DRM_BROKEN_CERT_CHAIN when a link does not match.
 */
HRESULT xrml_verify_chain(struct xrml_document *const *documents, size_t count);

/* Whether two RSA public keys are the same key. */
bool xrml_same_key(EVP_PKEY *a, EVP_PKEY *b);

#endif /* MSDRM_XRML_DOCUMENT_H */
