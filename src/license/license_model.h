/*
 * openmsdrm - the license model: one XrML document (certificate, license,
 * template, revocation list, manifest) as a typed structure, read once
 * from its BODY (license_model_read) or filled in by a caller to be
 * written (license_builders.h). One description serves both directions.
 *
 * Everything here comes from the signed BODY (spec/xrml.md §1.1-§3). The
 * root start tag (`<XrML version xmlns purpose>`) is outside the
 * signature: nothing is read from it, and a document's kind is decided
 * on BODY@type and BODY/DESCRIPTOR/OBJECT@type alone.
 *
 * Reading is lenient about values, strict about nothing: the hardened
 * parser already refused what is not XrML. A time whose text is not a
 * time reads as LICENSE_TIME_INVALID, a PUBLICKEY that is not a key we
 * read as a NULL key with has_public_key set, an INTERVALTIME whose parts
 * are not numbers as malformed; consumers decide what they refuse.
 * Elements are matched by exact name and in no namespace. Where XrML
 * allows several elements of a kind, the model keeps all of them in
 * document order; where the model keeps one (an OBJECT's ID, a
 * condition list's RANGETIME), it is the first.
 *
 * Text is UTF-8. Empty element text reads as NULL; attributes keep "".
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_LICENSE_MODEL_H
#define MSDRM_LICENSE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "xrml/xrml_document.h"
#include "msdrmdefs.h"

/* Times are seconds since 1970-01-01 UTC (spec/xrml.md §8). */
#define LICENSE_TIME_NONE ((int64_t)0)            /* the element is absent */
#define LICENSE_TIME_INVALID ((int64_t)INT64_MIN) /* its text is not a time */

/* What a document is, from its signed content (spec/xrml.md §1.1, §3.1). */
enum license_kind {
    LICENSE_KIND_OTHER,                       /* none of these (a manifest, say) */
    LICENSE_KIND_ISSUING_CERTIFICATE,         /* LICENSE: Server-Licensor- or DRM-CA-Certificate */
    LICENSE_KIND_MACHINE_CERTIFICATE,         /* LICENSE: Machine-Certificate (SPC) */
    LICENSE_KIND_RIGHTS_ACCOUNT_CERTIFICATE,  /* LICENSE: Group-Identity-Credential (RAC) */
    LICENSE_KIND_CLIENT_LICENSOR_CERTIFICATE, /* LICENSE: Client-Licensor-Certificate (CLC) */
    LICENSE_KIND_END_USER_LICENSE,            /* LICENSE: Content-License (UL, EUL, owner) */
    LICENSE_KIND_PUBLISHING_LICENSE,          /* Microsoft Rights Label (PL, IL) */
    LICENSE_KIND_RIGHTS_TEMPLATE,             /* Microsoft Official Rights Template */
    LICENSE_KIND_RIGHTS_DATA,                 /* Microsoft Rights Template (ERD) */
    LICENSE_KIND_REVOCATION_LIST              /* a BODY that holds a REVOCATIONLIST */
};

/* `<SECURITYLEVEL name value />`, a right's PARAMETER name and VALUE. */
struct license_pair {
    const char *name;
    const char *value;
};

/* OBJECT/ADDRESS: type ("URL", "email_alias") and text. */
struct license_address {
    const char *type;
    const char *value;
};

/* OBJECT (spec/xrml.md §2): what a principal, a work or a document is. */
struct license_object {
    const char *type;    /* OBJECT@type, or NULL */
    const char *id_type; /* ID@type ("MS-GUID", "ascii-tag", "Windows", ...), or NULL */
    const char *id;      /* ID text, or NULL (`<ID type="Windows" />`) */
    const char *name;    /* NAME, or NULL */
    const struct license_address *addresses;
    size_t address_count;
};

/* ENABLINGBITS (spec/xrml.md §7): the sealed key, as its base64 VALUE. */
struct license_enabling_bits {
    const char *type;  /* "sealed-key", "sealed-key-v2" */
    const char *value; /* base64; NULL when there are none */
};

/*
 * An ISSUER, PRINCIPAL, OWNER or DISTRIBUTIONPOINT: the XrML %aPrincipal
 * content RMS uses (spec/xrml.md §2). Absent parts are NULL / 0.
 */
struct license_party {
    const char *internal_id; /* @internal-id ("1" links ACCESS to the issued principal) */
    const struct license_object *object;
    EVP_PKEY *key;       /* PUBLICKEY; read: owned by the model, NULL when unreadable */
    bool has_public_key; /* read: a PUBLICKEY is there (even one `key` could not hold) */
    const char *digest;  /* DIGEST/VALUE, base64 (the machine's hardware-ID hash, §4.2) */
    const struct license_pair *levels; /* SECURITYLEVEL */
    size_t level_count;
    struct license_enabling_bits enabling_bits;
};

/* INTERVALTIME: a relative period (§2; zero parts are omitted). */
struct license_interval {
    bool present;
    bool malformed; /* read: a part is not a number */
    unsigned days, hours, minutes, seconds;
};

/* REFRESH: where a revocation list is and how often to fetch it. */
struct license_revocation {
    const struct license_party *distribution_points;
    size_t distribution_point_count;
    struct license_interval refresh; /* always written: REFRESH requires it */
};

/* ACCESS: who may exercise a right. */
struct license_access {
    const struct license_party *principals;
    size_t principal_count;
};

/* A CONDITIONLIST or PRECONDITIONLIST (spec/xrml.md §2). */
struct license_conditions {
    const struct license_access *access;
    size_t access_count;
    int64_t range_from, range_until;              /* the first TIME/RANGETIME's FROM, UNTIL */
    struct license_interval interval;             /* the first TIME/INTERVALTIME */
    const char *os_exclusion;                     /* CONDITION NAME="OS-Exclusion": "min-max" */
    const struct license_revocation *revocations; /* REFRESH */
    size_t revocation_count;
};

/* A right: <RIGHT name="X"> or an element of its own (<VIEW>, <PRINT>, ...). */
struct license_right {
    const char *name; /* RIGHT@name, or the element's name */
    struct license_conditions conditions;
    const struct license_pair *parameters; /* PARAMETER name and VALUE */
    size_t parameter_count;
};

struct license_rights_group {
    const char *name; /* always "Main-Rights" in RMS */
    struct license_conditions conditions;
    const struct license_right *rights; /* every RIGHTSLIST's rights, in order */
    size_t right_count;
};

/* WORK: the protected content and what may be done with it. */
struct license_work {
    const struct license_object *object;     /* its ID is the content ID */
    const struct license_party *owner;       /* METADATA/OWNER, or NULL */
    const char *sku_type, *sku;              /* METADATA/SKU */
    struct license_conditions preconditions; /* PRECONDITIONLIST */
    struct license_conditions conditions;    /* CONDITIONLIST (revocation) */
    const struct license_rights_group *groups;
    size_t group_count;
};

/* POLICYLIST: applications included or excluded (DRMSetUsagePolicy). */
struct license_policy {
    const char *id_type, *id;              /* POLICY/OBJECT/ID: type "filename" */
    const char *min_version, *max_version; /* its VERSIONSPAN, or NULL */
};

struct license_policy_list {
    const char *type; /* "inclusion" or "exclusion" */
    const struct license_policy *policies;
    size_t policy_count;
};

/* AUTHENTICATEDDATA: id "APPSPECIFIC" (with a name) or "Encrypted-Rights-Data". */
struct license_data {
    const char *id, *name, *value;
};

/* REVOKE: what a revocation list revokes, by OBJECT, DIGEST or PUBLICKEY. */
struct license_revoke {
    const char *category;         /* "license", "content", "principal" */
    const char *type;             /* "license-id", "content-id", "principal-key", ... */
    struct license_party subject; /* its object, digest and key */
};

struct license_storage; /* what license_model_read allocated */

struct license_model {
    enum license_kind kind;   /* read only: builders write their own kind */
    const char *body_type;    /* BODY@type, or NULL */
    const char *body_version; /* BODY@version, or NULL */
    bool has_signature;  /* a SIGNATURE follows the BODY: verify it before trusting any of this */
    int64_t issued_time; /* ISSUEDTIME */
    int64_t valid_from, valid_until;         /* VALIDITYTIME */
    const struct license_object *descriptor; /* DESCRIPTOR/OBJECT: its ID is the license ID */
    const struct license_party *issuer;      /* ISSUER */
    const struct license_party *distribution_points; /* BODY/DISTRIBUTIONPOINT */
    size_t distribution_point_count;
    const struct license_party *principals; /* ISSUEDPRINCIPALS/PRINCIPAL */
    size_t principal_count;
    const struct license_party *federation_principals; /* FEDERATIONPRINCIPALS/PRINCIPAL (RAC) */
    size_t federation_principal_count;
    const struct license_work *works;
    size_t work_count;
    struct license_conditions conditions; /* BODY/CONDITIONLIST */
    const struct license_policy_list *policy_lists;
    size_t policy_list_count;
    const struct license_data *data; /* AUTHENTICATEDDATA */
    size_t data_count;
    const char *revocation_list_type; /* REVOCATIONLIST@type; NULL without one */
    bool has_revocation_list;
    const struct license_revoke *revocations; /* REVOCATIONLIST/REVOKE */
    size_t revocation_count;
    struct license_storage *storage; /* NULL in a model a caller filled in */
};

/*
 * Reads `document` into `model` (which need not be initialised). The
 * model owns what it read, keys included, independently of the document;
 * release it with license_model_clear. E_OUTOFMEMORY, and then `model`
 * is left empty; nothing else fails.
 */
HRESULT license_model_read(const struct xrml_document *document, struct license_model *model);

/* Frees what license_model_read allocated and empties the model. */
void license_model_clear(struct license_model *model);

/* The kind of a document whose BODY@type and DESCRIPTOR/OBJECT@type are these. */
enum license_kind license_kind_of(const char *body_type, const char *descriptor_type,
                                  bool has_revocation_list);

/* DESCRIPTOR/OBJECT/ID, or NULL. */
const char *license_id(const struct license_model *model);

/* The first WORK's OBJECT/ID, or NULL. */
const char *license_content_id(const struct license_model *model);

/* The first WORK's METADATA/OWNER, or NULL. */
const struct license_party *license_owner(const struct license_model *model);

/*
 * When the license stops granting anything (spec/xrml.md §2, §8): at
 * VALIDITYTIME/UNTIL; and when every right it grants has a RANGETIME
 * UNTIL, at the latest of them; whichever is earlier. LICENSE_TIME_NONE
 * when neither applies. E_DRM_INVALID_LICENSE when one of those times is
 * not a time (rights are read in order, up to the first without an end).
 */
HRESULT license_rights_end(const struct license_model *model, int64_t *end);

#endif /* MSDRM_LICENSE_MODEL_H */
