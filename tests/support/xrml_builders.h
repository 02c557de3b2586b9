/*
 * Signed XrML documents for tests, one builder per certificate and license
 * type, each following the per-type template of spec/xrml.md §4 (no
 * whitespace between elements, empty elements as `<NAME a="v" />`) and
 * signed with the core's writer and signer (xrml/xml_text.h,
 * xrml/xrml_signing.h), so what they produce is what the library itself
 * would write.
 *
 * Every builder takes the values that make chains possible (the signer's
 * private key, the issuer and principal as parties with their public keys,
 * IDs, times, the content ID) and returns the document as NUL-terminated
 * UTF-8 that the caller frees with free(), or NULL when out of memory.
 * Times are spec/xrml.md §8 text: "YYYY-MM-DDThh:mm", UTC.
 *
 * xrml_test_pki builds a whole small hierarchy at once (CA root, server
 * licensor certificate, machine, user) for tests that just need a valid
 * end-user license chain or a signed publishing license with a given
 * content ID. Internal tests and benchmarks link it as msdrm_test_xrml
 * (tests/CMakeLists.txt), which brings msdrm_internal.
 */
#ifndef MSDRM_TEST_XRML_BUILDERS_H
#define MSDRM_TEST_XRML_BUILDERS_H

#include <stddef.h>

#include <openssl/evp.h>

#include "msdrmdefs.h"

/* A name/value pair: `<SECURITYLEVEL name="…" value="…" />`. */
struct xrml_level {
    const char *name; /* NULL ends the list */
    const char *value;
};

/*
 * Who a document names in an ISSUER, a PRINCIPAL or an OWNER: an OBJECT
 * (type, ID, NAME, a URL ADDRESS), a PUBLICKEY and SECURITYLEVELs, written
 * in that order (spec/xrml.md §4). Absent parts are NULL.
 */
struct xrml_party {
    const char *object_type; /* OBJECT@type; NULL writes <OBJECT> */
    const char *id_type;     /* ID@type */
    const char *id;          /* ID text; NULL writes <ID type="…" /> */
    const char *name;        /* NAME */
    const char *address;     /* ADDRESS type="URL" */
    EVP_PKEY *key;           /* its public half is written */
    struct xrml_level levels[4];
};

/* Issuing certificates: server licensor certificates and CA certificates
 * (spec/xrml.md §4.1). The ISSUE right's RANGETIME is the validity. */
struct issuing_certificate_params {
    const char *descriptor_type; /* "Server-Licensor-Certificate" or "DRM-CA-Certificate" */
    const char *guid;            /* DESCRIPTOR and WORK OBJECT ID (MS-GUID) */
    const char *issued_time, *valid_from, *valid_until;
    const struct xrml_party *issuer;
    const char *practice_statement; /* SLC: "Certificate Practice Statement" URL, or NULL */
    const struct xrml_party *principal;
};
char *build_issuing_certificate(const struct issuing_certificate_params *params, EVP_PKEY *signer);

/* Machine certificate, SPC (§4.2): signed by the SPC issuer. `machine` is
 * the Machine-Unique-Identifier principal with its key and its Platform,
 * Manufacturer and Repository levels; its HID digest is random. */
struct machine_certificate_params {
    const char *guid, *issued_time;
    const struct xrml_party *issuer;
    const struct xrml_party *machine;
};
char *build_machine_certificate(const struct machine_certificate_params *params, EVP_PKEY *signer);

/* Rights account certificate, RAC (§4.3): issued by the SLC to `user`
 * (Group-Identity with the RAC key); its private key "sealed" to the
 * machine (random bytes, see build_*'s comment on ENABLINGBITS). */
struct rights_account_certificate_params {
    const char *guid, *issued_time, *valid_from, *valid_until;
    const struct xrml_party *issuer; /* the SLC principal, copied */
    const char *certification_url;
    const struct xrml_party *user;    /* the builder adds the Group-Identity levels */
    const struct xrml_party *machine; /* OBJECT and levels copied from the SPC */
};
char *build_rights_account_certificate(const struct rights_account_certificate_params *params,
                                       EVP_PKEY *signer);

/* Client licensor certificate, CLC (§4.4): issued by the SLC to `user`
 * with the CLC key; ISSUE right over [valid_from, valid_until). */
struct client_licensor_certificate_params {
    const char *guid, *issued_time, *valid_from, *valid_until;
    const struct xrml_party *issuer; /* the SLC principal, copied */
    const char *licensing_url;
    const struct xrml_party *user;
};
char *build_client_licensor_certificate(const struct client_licensor_certificate_params *params,
                                        EVP_PKEY *signer);

/* Signed publishing (issuance) license, "Microsoft Rights Label" (§4.5),
 * signed offline by the CLC key: ISSUER = the CLC principal plus the SDK
 * level, principal = the licensing server with the sealed content key. */
struct publishing_license_params {
    const char *guid; /* DESCRIPTOR ID */
    const char *name; /* DESCRIPTOR NAME, "LCID 1033:NAME …:DESCRIPTION …;", or NULL */
    const char *issued_time;
    const char *valid_from, *valid_until; /* VALIDITYTIME, or NULL for none */
    const struct xrml_party *issuer;      /* the CLC principal */
    const char *sdk_version;
    const char *licensing_url;
    const struct xrml_party *server;         /* the SLC principal */
    const char *content_id;                  /* WORK/OBJECT/ID (MS-GUID) */
    const char *content_type, *content_name; /* WORK OBJECT@type, NAME, or NULL */
    const char *owner;                       /* METADATA/OWNER e-mail */
};
char *build_publishing_license(const struct publishing_license_params *params, EVP_PKEY *signer);

/* End-user license, purpose="Content-License" (§4.7), issued by the SLC
 * to the user's RAC key. Every right gets its own ENABLINGBITS and the
 * same RANGETIME / INTERVALTIME conditions. Rights that XrML defines as
 * elements (VIEW, PRINT, EDIT, EXPORT, EXTRACT) are written as elements,
 * any other one as <RIGHT name="…"> (OWNER must be, §10). */
struct end_user_license_params {
    const char *guid, *issued_time;
    const struct xrml_party *issuer; /* the SLC principal, copied */
    const struct xrml_party *user;   /* the RAC principal, copied */
    const char *content_id;
    const char *content_type, *content_name; /* or NULL */
    const char *owner;                       /* METADATA/OWNER e-mail, or NULL */
    const char *sku_type, *sku;              /* METADATA/SKU, or NULL */
    const char *const *rights;
    size_t right_count;
    const char *range_from, *range_until; /* TIME/RANGETIME, or NULL */
    unsigned interval_days;               /* TIME/INTERVALTIME days, 0 for none */
    const char *os_min, *os_max;          /* BODY CONDITIONLIST OS-Exclusion, or NULL */
    const char *excluded_application, *excluded_min, *excluded_max; /* POLICYLIST, or NULL */
    const char *app_data_name, *app_data_value; /* APPSPECIFIC AUTHENTICATEDDATA, or NULL */
};
char *build_end_user_license(const struct end_user_license_params *params, EVP_PKEY *signer);

/* Rights policy template, "Microsoft Official Rights Template" (§4.8),
 * signed by the SLC: OWNER for the Internal Owner, VIEW for `user`. */
struct rights_template_params {
    const char *guid, *name, *issued_time;
    const struct xrml_party *issuer; /* the SLC principal's OBJECT and key, no levels */
    const char *publishing_url;
    const char *user; /* e-mail granted VIEW */
    unsigned interval_days;
    const char *app_data_name, *app_data_value; /* or NULL */
};
char *build_rights_template(const struct rights_template_params *params, EVP_PKEY *signer);

/*
 * A revocation list: BODY with REVOCATIONLIST/REVOKE (spec/xrml.md §2:
 * REVOCATIONLIST (REVOKE*), REVOKE (OBJECT?, DIGEST?, PUBLICKEY?) with
 * category and type), signed by the revocation authority `issuer`. The
 * spec has no template for the rest of the document; ours follows the
 * certificates': ISSUEDTIME, DESCRIPTOR, ISSUER, then the list.
 */
struct revocation_list_params {
    const char *guid, *issued_time;
    const struct xrml_party *issuer;
    const char *revoked_license_id; /* REVOKE license / license-id, or NULL */
    const char *revoked_content_id; /* REVOKE content / content-id, or NULL */
    EVP_PKEY *revoked_key;          /* REVOKE principal / principal-key, or NULL */
};
char *build_revocation_list(const struct revocation_list_params *params, EVP_PKEY *signer);

/* --- a ready-made hierarchy ------------------------------------------------ */

struct xrml_test_pki {
    /* Keys: EVP_RSA_gen(2048) for the CA, 1024 for the others. */
    EVP_PKEY *ca_key, *slc_key, *spc_issuer_key, *machine_key, *rac_key, *clc_key;
    /* Parties, pointing at the keys and at the strings below. */
    struct xrml_party root, ca, slc, spc_issuer, machine, user_rac, user_clc;
    char slc_guid[39], spc_issuer_guid[39], machine_guid[39];
    char before[17], issued[17], until[17]; /* yesterday, now, in a year */
    /* Signed documents: self-signed CA root, SLC (by the CA), machine
     * certificate (by the SPC issuer), RAC and CLC (by the SLC). */
    char *ca_certificate, *slc_certificate, *machine_certificate, *rac, *clc;
};

/* A new hierarchy with fresh keys (a second or so), or NULL. */
struct xrml_test_pki *xrml_test_pki_new(void);
void xrml_test_pki_free(struct xrml_test_pki *pki);

/* The default end-user license of `pki` for `content_id`: VIEW, EDIT and
 * OWNER, valid from yesterday for a year, every optional part present. */
char *xrml_test_end_user_license(const struct xrml_test_pki *pki, const char *content_id);

/* The default offline-signed publishing license for `content_id`. */
char *xrml_test_publishing_license(const struct xrml_test_pki *pki, const char *content_id);

/* Chains as the string API holds them (plain concatenation, leaf first):
 * EUL + SLC + CA, and PL + CLC + SLC + CA. */
char *xrml_test_end_user_license_chain(const struct xrml_test_pki *pki, const char *content_id);
char *xrml_test_publishing_license_chain(const struct xrml_test_pki *pki, const char *content_id);

/* Concatenates NULL-terminated list of documents (NULL when out of memory). */
char *xrml_concatenate(const char *const *documents);

/* UTF-8 to a heap UTF-16 string (free with free), NULL on failure. */
WCHAR *xrml_widen(const char *utf8);

/* A random brace-enclosed GUID, lower case like a server's. */
void xrml_random_guid(char guid[39]);

/* `seconds` from now as XrML time text (§8). */
void xrml_time_from_now(long long seconds, char text[17]);

#endif /* MSDRM_TEST_XRML_BUILDERS_H */
