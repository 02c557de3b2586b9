/*
 * openmsdrm - writing a license model as XrML, for the builders of
 * license_builders.h: a document type is a layout (its root start tag,
 * BODY type, the DESCRIPTOR's OBJECT@type and the order of the BODY's
 * parts), and one writer follows it. Private to the license layer.
 *
 * Everything is written in the style real documents use (no whitespace
 * between elements, `<NAME a="v" />` for empty ones, spec/xrml.md §1).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_LICENSE_WRITER_H
#define MSDRM_LICENSE_WRITER_H

#include <stdbool.h>

#include <openssl/evp.h>

#include "license/license_model.h"

/* How a party's parts are ordered: OBJECT, PUBLICKEY, DIGEST,
 * SECURITYLEVELs, ENABLINGBITS everywhere but in a RAC's
 * FEDERATIONPRINCIPALS, which puts ENABLINGBITS before the levels (§4.3). */
enum license_party_order { PARTY_LEVELS_FIRST, PARTY_BITS_FIRST };

/* How a condition list is ordered: TIME before ACCESS in certificates and
 * templates, after it in end-user licenses (§4.1, §4.7, §4.8). */
enum license_condition_order { CONDITIONS_TIME_FIRST, CONDITIONS_ACCESS_FIRST };

/* The parts of a BODY after its head (ISSUEDTIME, VALIDITYTIME,
 * DESCRIPTOR, ISSUER), each written when the model has it. */
enum license_part {
    PART_END,
    PART_POINTS,    /* DISTRIBUTIONPOINTs but Referral-Info ones */
    PART_REFERRALS, /* the Referral-Info ones, after ISSUEDPRINCIPALS (§4.5, §4.7) */
    PART_PRINCIPALS,
    PART_FEDERATION_PRINCIPALS,
    PART_WORKS,
    PART_CONDITIONS, /* BODY/CONDITIONLIST */
    PART_POLICY_LISTS,
    PART_DATA,           /* AUTHENTICATEDDATA */
    PART_REVOCATION_LIST /* written even when it revokes nothing */
};

#define LICENSE_PARTS 10

struct license_layout {
    bool client;         /* `version` before `xmlns`: documents the client builds (§1) */
    const char *purpose; /* XrML@purpose, or NULL */
    const char *body_type;
    bool unversioned;            /* no BODY@version="3.0" (official templates) */
    bool typed_descriptor;       /* DESCRIPTOR OBJECT@type is `descriptor_type` */
    const char *descriptor_type; /* NULL with typed_descriptor: the model's own */
    enum license_condition_order conditions;
    enum license_part parts[LICENSE_PARTS]; /* in order, up to PART_END */
};

/*
 * Writes `model` after `layout`, signs its BODY with `signer` (none when
 * it is NULL: an unsigned document) and hands the text over in *text
 * (heap UTF-8, the caller frees it; NULL on failure). E_INVALIDARG for
 * what cannot be written: no ISSUEDTIME, a time outside the calendar, a
 * value that is not base64, a right or REVOKE without its name or
 * category; E_OUTOFMEMORY; the signer's failure.
 */
HRESULT license_write(const struct license_layout *layout, const struct license_model *model,
                      EVP_PKEY *signer, char **text);

#endif /* MSDRM_LICENSE_WRITER_H */
