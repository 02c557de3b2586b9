/*
 * openmsdrm - writing parts of a license model as XrML, for the builders
 * of license_builders.h. Private to the license layer.
 *
 * Every function appends to `xml` in the style real documents use (no
 * whitespace between elements, `<NAME a="v" />` for empty ones) and
 * returns S_OK, E_INVALIDARG for a value it cannot write (a time outside
 * the calendar, a party to write without one), or the failure of writing
 * a key; xml_text_status reports allocation failures at the end.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_LICENSE_WRITER_H
#define MSDRM_LICENSE_WRITER_H

#include <stdbool.h>

#include <openssl/evp.h>

#include "license/license_model.h"
#include "xrml/xml_text.h"

/* Keeps the first failure: `*hr = result` unless *hr already failed. */
void license_keep(HRESULT *hr, HRESULT result);

/* What a document type writes before and around its model (spec/xrml.md §1). */
struct license_head {
    bool client;         /* `version` before `xmlns`: documents the client builds */
    const char *purpose; /* XrML@purpose, or NULL */
    const char *body_type;
    bool unversioned;            /* no BODY@version="3.0" (official templates) */
    bool typed_descriptor;       /* DESCRIPTOR OBJECT@type is `descriptor_type` */
    const char *descriptor_type; /* NULL with typed_descriptor: the model's own */
};

/*
 * `<XrML …><BODY …>`, ISSUEDTIME, VALIDITYTIME when the model has one,
 * DESCRIPTOR when it has one, ISSUER when it has one: the head of every
 * document (spec/xrml.md §4). E_INVALIDARG without an ISSUEDTIME.
 */
HRESULT license_write_head(struct xml_text *xml, const struct license_head *head,
                           const struct license_model *model);

/* The BODY's DISTRIBUTIONPOINTs: the Referral-Info ones (`referrals`),
 * which real documents put after ISSUEDPRINCIPALS (§4.5, §4.7), or the
 * others, which come before. */
HRESULT license_write_distribution_points(struct xml_text *xml, const struct license_model *model,
                                          bool referrals);

/* How a party's parts are ordered: OBJECT, PUBLICKEY, DIGEST,
 * SECURITYLEVELs, ENABLINGBITS everywhere but in a RAC's
 * FEDERATIONPRINCIPALS, which puts ENABLINGBITS before the levels (§4.3). */
enum license_party_order { PARTY_LEVELS_FIRST, PARTY_BITS_FIRST };

/* `<element>` + `<PRINCIPAL>` for each party + `</element>`, when there are any. */
HRESULT license_write_principals(struct xml_text *xml, const char *element,
                                 const struct license_party *parties, size_t count,
                                 enum license_party_order order);

/* How a condition list is ordered: TIME before ACCESS in certificates and
 * templates, after it in end-user licenses (§4.1, §4.7, §4.8). */
enum license_condition_order { CONDITIONS_TIME_FIRST, CONDITIONS_ACCESS_FIRST };

/* The model's WORKs. */
HRESULT license_write_works(struct xml_text *xml, const struct license_model *model,
                            enum license_condition_order order);

/* BODY/CONDITIONLIST, when the model has one. */
HRESULT license_write_body_conditions(struct xml_text *xml, const struct license_model *model);

/* POLICYLISTs and AUTHENTICATEDDATA. */
void license_write_policy_lists(struct xml_text *xml, const struct license_model *model);
void license_write_data(struct xml_text *xml, const struct license_model *model);

/* REVOCATIONLIST, when the model has one. */
HRESULT license_write_revocation_list(struct xml_text *xml, const struct license_model *model);

/*
 * Closes the BODY, signs it with `signer` (no SIGNATURE when it is NULL:
 * an unsigned document), and hands the text over in *text (heap UTF-8,
 * the caller frees it). On failure `xml` is freed and *text is NULL.
 */
HRESULT license_finish(struct xml_text *xml, HRESULT hr, EVP_PKEY *signer, char **text);

#endif /* MSDRM_LICENSE_WRITER_H */
