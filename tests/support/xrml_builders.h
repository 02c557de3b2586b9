/*
 * Test conveniences on the library's builders (src/license/
 * license_builders.h, the only code that writes XrML): parties to put in
 * license models, a whole small hierarchy (CA root, server licensor
 * certificate, machine, user) with its certificates, a default end-user
 * license and publishing license, random GUIDs and ENABLINGBITS, chains
 * by concatenation.
 *
 * ENABLINGBITS here are random bytes of the documented sizes (192 bytes
 * for a content key sealed to a 1024-bit key, 768 for a sealed private
 * key, spec/xrml.md §7.5), not sealed keys: these documents test parsing,
 * signing and chains, not binding. So is the publishing license's
 * Encrypted-Rights-Data (a multiple of the 16-byte block, §7.6).
 *
 * Every function returning text returns heap UTF-8 (free with free), or
 * NULL when out of memory. Times are seconds since 1970 (UTC), whole
 * minutes. Internal tests and benchmarks link this as msdrm_test_xrml
 * (tests/CMakeLists.txt), which brings msdrm_internal.
 */
#ifndef MSDRM_TEST_XRML_BUILDERS_H
#define MSDRM_TEST_XRML_BUILDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "license/license_builders.h"
#include "license/license_model.h"
#include "msdrmdefs.h"

#define CONTENT_KEY_BLOB 192        /* 128-byte RSA part + 64 (§7.5) */
#define PRIVATE_KEY_BLOB 768        /* 128 + 640 */
#define RIGHTS_DATA_BYTES (81 * 16) /* like the SDK online IL's 1296 bytes */

/*
 * A party and what it points at: an OBJECT with an optional URL ADDRESS
 * and up to four SECURITYLEVELs. It points into itself: copy one with
 * xrml_test_party_copy, never by assignment.
 */
struct xrml_test_party {
    struct license_party party;
    struct license_object object;
    struct license_address address;
    struct license_pair levels[4];
};

/* OBJECT type, ID type and text, NAME, URL (NULL parts are absent) and key. */
void xrml_test_party_init(struct xrml_test_party *p, const char *object_type, const char *id_type,
                          const char *id, const char *name, const char *url, EVP_PKEY *key);
void xrml_test_party_add_level(struct xrml_test_party *p, const char *name, const char *value);
void xrml_test_party_copy(struct xrml_test_party *to, const struct xrml_test_party *from);

/*
 * A license model and the parts it points at, which live as long as it
 * does: the documents below are models first, so that tests can change
 * one (copy a part, change the copy, point the model at it) before
 * building it, and compare what was built with what reads back.
 * Every *_model function returns false when out of memory; release the
 * model with xrml_test_model_free either way.
 */
struct xrml_test_model {
    struct license_model model;
    void *parts[48];
    size_t part_count;
    bool failed;
};

/* `size` zeroed bytes that live as long as the model, or NULL. */
void *xrml_test_part(struct xrml_test_model *m, size_t size);
/* A copy of `text` that lives as long as the model, or NULL. */
const char *xrml_test_text(struct xrml_test_model *m, const char *text);
void xrml_test_model_free(struct xrml_test_model *m);

/*
 * An issuing certificate (§4.1) of `descriptor_type`, issued by `issuer`
 * to `principal` (internal-id 1) with validity and ISSUE right over
 * [valid_from, valid_until).
 */
bool xrml_test_issuing_certificate_model(struct xrml_test_model *m, const char *descriptor_type,
                                         const char *guid, int64_t issued, int64_t valid_from,
                                         int64_t valid_until, const struct license_party *issuer,
                                         const struct license_party *principal);
/* The same, built and signed by `signer`. */
char *xrml_test_issuing_certificate(const char *descriptor_type, const char *guid, int64_t issued,
                                    int64_t valid_from, int64_t valid_until,
                                    const struct license_party *issuer,
                                    const struct license_party *principal, EVP_PKEY *signer);

/* --- a ready-made hierarchy ------------------------------------------------ */

struct xrml_test_pki {
    /* Keys: EVP_RSA_gen(2048) for the CA, 1024 for the others. */
    EVP_PKEY *ca_key, *slc_key, *spc_issuer_key, *machine_key, *rac_key, *clc_key;
    /* Parties: the root and CA (one key), the licensing server (with its
     * Server-Version and Server-SKU), the SPC issuer, the machine (with
     * its Platform, Manufacturer, Repository), the user with the RAC key
     * and with the CLC key. */
    struct xrml_test_party root, ca, slc, spc_issuer, machine, user_rac, user_clc;
    char slc_guid[39], spc_issuer_guid[39], machine_guid[39];
    int64_t before, issued, until; /* yesterday, now, in a year */
    /* Signed documents: self-signed CA root, SLC (by the CA), machine
     * certificate (by the SPC issuer), RAC and CLC (by the SLC). */
    char *ca_certificate, *slc_certificate, *machine_certificate, *rac, *clc;
};

/* A new hierarchy with fresh keys (a second or so), or NULL. */
struct xrml_test_pki *xrml_test_pki_new(void);
void xrml_test_pki_free(struct xrml_test_pki *pki);

/* The hierarchy's certificates as models: the machine certificate (with
 * its Activation point and a random HID digest), the RAC (Group-Identity
 * levels, its key sealed to the machine), the CLC (ISSUE right, its key
 * sealed to the RAC); each gets a new GUID. */
bool xrml_test_machine_certificate_model(struct xrml_test_model *m,
                                         const struct xrml_test_pki *pki);
bool xrml_test_rights_account_certificate_model(struct xrml_test_model *m,
                                                const struct xrml_test_pki *pki);
bool xrml_test_client_licensor_certificate_model(struct xrml_test_model *m,
                                                 const struct xrml_test_pki *pki);

/*
 * The default end-user license for a content ID (§4.7): issued by the
 * SLC to the user's RAC key; VIEW, EDIT and OWNER, each with its own
 * ENABLINGBITS, RANGETIME from yesterday for a year and INTERVALTIME 30
 * days; owner, SKU, OS exclusion, an excluded application and
 * application data: every optional part present.
 */
bool xrml_test_end_user_license_model(struct xrml_test_model *m, const struct xrml_test_pki *pki,
                                      const char *content_id);

/* The default offline-signed publishing license for a content ID (§4.5):
 * ISSUER the CLC principal and the SDK level, sealed to the SLC. */
bool xrml_test_publishing_license_model(struct xrml_test_model *m, const struct xrml_test_pki *pki,
                                        const char *content_id);

/* A rights policy template of the hierarchy's server (§4.8): OWNER for
 * the Internal Owner, VIEW for `user` with an INTERVALTIME of
 * `interval_days`, the application data VIEWER=1. */
bool xrml_test_rights_template_model(struct xrml_test_model *m, const struct xrml_test_pki *pki,
                                     const char *user, unsigned interval_days);

/* A revocation list by `authority` revoking the license `license_id`,
 * the content `content_id` and the key `revoked_key`, each left out when
 * NULL. */
bool xrml_test_revocation_list_model(struct xrml_test_model *m,
                                     const struct license_party *authority, int64_t issued,
                                     const char *license_id, const char *content_id,
                                     EVP_PKEY *revoked_key);

/* The default end-user license, signed by the SLC. */
char *xrml_test_end_user_license(const struct xrml_test_pki *pki, const char *content_id);

/* The default offline-signed publishing license for `content_id`
 * (§4.5): signed by the CLC key, sealed to the SLC. */
char *xrml_test_publishing_license(const struct xrml_test_pki *pki, const char *content_id);

/* Chains as the string API holds them (plain concatenation, leaf first):
 * EUL + SLC + CA, and PL + CLC + SLC + CA. */
char *xrml_test_end_user_license_chain(const struct xrml_test_pki *pki, const char *content_id);
char *xrml_test_publishing_license_chain(const struct xrml_test_pki *pki, const char *content_id);

/* The template and revocation list above, built: signed by the SLC and
 * by `signer`. */
char *xrml_test_rights_template(const struct xrml_test_pki *pki, const char *user,
                                unsigned interval_days);
char *xrml_test_revocation_list(const struct license_party *authority, EVP_PKEY *signer,
                                int64_t issued, const char *license_id, const char *content_id,
                                EVP_PKEY *revoked_key);

/* --- pieces -------------------------------------------------------------- */

/* Base64 of `bytes` random bytes (heap, free with free), or NULL. */
char *xrml_random_base64(size_t bytes);

/* Concatenates a NULL-terminated list of documents. */
char *xrml_concatenate(const char *const *documents);

/* UTF-8 to a heap UTF-16 string (free with free), NULL on failure. */
WCHAR *xrml_widen(const char *utf8);

/* A random brace-enclosed GUID, lower case like a server's. */
void xrml_random_guid(char guid[39]);

/* Now plus `seconds`, to the minute (XrML times have no seconds, §8). */
int64_t xrml_time_from_now(int64_t seconds);

/* XrML time text ("YYYY-MM-DDThh:mm") as seconds; aborts if it is none. */
int64_t xrml_time(const char *text);

#endif /* MSDRM_TEST_XRML_BUILDERS_H */
