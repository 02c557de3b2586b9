/*
 * openmsdrm - the MS-RMPR messages, one writer and one reader per
 * operation and direction, so that each shape exists once (spec/rmpr.md
 * §5, §8): the client writes requests (rmpr_write_<op>_request) and
 * reads responses (rmpr_read_<op>_response); msdrm-server reads
 * requests (rmpr_read_<op>_request) and writes responses
 * (rmpr_write_<op>_response, rmpr_write_fault). Each operation's path,
 * namespace and SOAPAction are in one table (rmpr_operation_info), and
 * the fault names of spec/rmpr.md §9 with the HRESULT each maps to in
 * another (rmpr_fault_name, rmpr_fault_hresult).
 *
 * Writers return the whole envelope: *text is heap (free()), NUL-
 * terminated after *length bytes; E_OUTOFMEMORY, E_INVALIDARG (a
 * document of a chain that is not an XrML element, a NULL string).
 *
 * Response readers (client): S_OK with the results; a SOAP fault gives
 * the HRESULT of its exception name (rmpr_fault_hresult); a message that
 * is not this operation's response (hostile, malformed, over the limits
 * of net/soap.h, another shape or namespace) gives
 * E_DRM_INVALID_SERVER_RESPONSE; E_OUTOFMEMORY. Outputs are untouched on
 * failure.
 *
 * Request readers (server): S_OK; E_DRM_INVALID_SERVER_RESPONSE when the
 * message is not a SOAP request of this operation (the server answers
 * with a fault or a 400); E_INVALIDARG when it is, but an argument the
 * schema requires is missing or malformed (System.ArgumentNullException);
 * E_OUTOFMEMORY. `versions` (may be NULL) receives the request's
 * VersionData for the server to judge (rmpr_check_versions).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_NET_RMPR_MESSAGES_H
#define MSDRM_NET_RMPR_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>

#include "net/rmpr_lists.h"
#include "msdrmdefs.h"

/* --- The operations ----------------------------------------------------------- */

enum rmpr_operation {
    RMPR_CERTIFY,
    RMPR_GET_CLIENT_LICENSOR_CERT,
    RMPR_GET_LICENSOR_CERTIFICATE,
    RMPR_FIND_SERVICE_LOCATIONS,
    RMPR_GET_SERVER_INFO,
    RMPR_ACQUIRE_TEMPLATE_INFORMATION,
    RMPR_ACQUIRE_TEMPLATES,
    RMPR_ACQUIRE_ISSUANCE_LICENSE,
    RMPR_ACQUIRE_LICENSE,
    RMPR_OPERATION_COUNT
};

/* The service folders under [baseURL] (spec/rmpr.md §3). */
#define RMPR_FOLDER_CERTIFICATION 1u /* [baseURL]/certification/ */
#define RMPR_FOLDER_LICENSING 2u     /* [baseURL]/licensing/ */

struct rmpr_operation_info {
    enum rmpr_operation operation;
    const char *name;        /* the request's body element: "Certify" */
    const char *file;        /* "certification.asmx" */
    unsigned folders;        /* RMPR_FOLDER_* where `file` serves it */
    const char *ns;          /* the service namespace (spec/rmpr.md §2.3) */
    const char *soap_action; /* unquoted */
    bool version_data;       /* false only for GetServerInfo */
};

/* The operation's row (operation < RMPR_OPERATION_COUNT). */
const struct rmpr_operation_info *rmpr_operation_info(enum rmpr_operation operation);

/* The operation a SOAPAction names (quoted or not), or false. */
bool rmpr_operation_for_action(const char *soap_action, enum rmpr_operation *operation);

/* Whether `path` (what follows [baseURL]/, e.g. "licensing/server.asmx";
 * ASCII case ignored, as IIS does) is where `operation` is served. */
bool rmpr_operation_at_path(enum rmpr_operation operation, const char *path);

/* --- Faults (spec/rmpr.md §9) -------------------------------------------------- */

enum rmpr_fault {
    RMPR_FAULT_UNSUPPORTED_DATA_VERSION,
    RMPR_FAULT_MALFORMED_DATA_VERSION,
    RMPR_FAULT_ARGUMENT_NULL,
    RMPR_FAULT_UNAUTHORIZED_ACCESS,
    RMPR_FAULT_INVALID_OPERATION,
    RMPR_FAULT_UNSPECIFIED_ERROR,
    RMPR_FAULT_VERIFY_EMAIL_ADDRESS_FAILED,
    RMPR_FAULT_AD_ENTRY_SEARCH_FAILED,
    RMPR_FAULT_VERIFY_MACHINE_CERTIFICATE_CHAIN_FAILED,
    RMPR_FAULT_BLACK_BOX_IS_INVALID,
    RMPR_FAULT_CLUSTER_DECOMMISSIONED,
    RMPR_FAULT_UNSUPPORTED_CRYPTOGRAPHIC_SET,
    RMPR_FAULT_INVALID_PERSONA_CERT_SIGNATURE,
    RMPR_FAULT_INVALID_PERSONA_CERT_TIME,
    RMPR_FAULT_UNEXPECTED_PERSONA_CERT,
    RMPR_FAULT_UNTRUSTED_PERSONA_CERT,
    RMPR_FAULT_DRMAC_IS_EXCLUDED,
    RMPR_FAULT_CREDENTIAL_CREATION_TIME,
    RMPR_FAULT_NO_RIGHTS_FOR_REQUESTED_PRINCIPAL,
    RMPR_FAULT_INVALID_RIGHTS_LABEL_SIGNATURE,
    RMPR_FAULT_ISSUANCE_LICENSE_NOT_WITHIN_VALID_TIME_RANGE,
    RMPR_FAULT_RIGHTS_LABEL_NO_MATCHING_ISSUED_PRINCIPAL,
    RMPR_FAULT_ONLINE_PUBLISHING_DISABLED,
    RMPR_FAULT_UNSIGNED_ISSUANCE_LICENSE_NO_MATCHING_ISSUED_PRINCIPAL,
    RMPR_FAULT_INVALID_OFFICIAL_RIGHTS_TEMPLATE,
    RMPR_FAULT_CRYPTO_UNSUPPORTED_SYM_KEY,
    RMPR_FAULT_ENABLING_BITS_HASH_DOES_NOT_MATCH,
    RMPR_FAULT_COUNT
};

/* The exception name the server puts first in faultstring. */
const char *rmpr_fault_name(enum rmpr_fault fault);

/* The HRESULT a client reports for a fault with this exception name
 * (NULL or unknown: E_DRM_SERVER_ERROR). The choices are in
 * rmpr_faults.c. */
HRESULT rmpr_fault_hresult(const char *exception_name);

/* A fault message (net/soap.h, soap_write_fault). */
HRESULT rmpr_write_fault(enum rmpr_fault fault, const char *text, char **message, size_t *length);

/* --- Version data ---------------------------------------------------------------- */

/* A request's VersionData, as sent (NUL-terminated; "" when absent). */
struct rmpr_version_data {
    bool present;
    char minimum[32];
    char maximum[32];
};

/* What the server sends in every response's VersionData: it implements
 * no versioned capability (request batching is 1.1.0.0, note <1>). */
#define RMPR_SERVER_MINIMUM_VERSION "1.0.0.0"
#define RMPR_SERVER_MAXIMUM_VERSION "1.0.0.0"

/*
 * The server's judgement of a request's VersionData (spec/rmpr.md §2.4):
 * S_OK, or the fault to send: RMPR_FAULT_MALFORMED_DATA_VERSION for a
 * version that is not a.b.c.d (four decimal numbers), and
 * RMPR_FAULT_UNSUPPORTED_DATA_VERSION when the client's maximum exceeds
 * RMPR_SERVER_MAXIMUM_VERSION (as §2.2.4.2 says the server should), or
 * its minimum does. Missing
 * VersionData or elements are accepted (both are optional in the schema).
 * Returns false with *fault set when the request must be refused.
 */
bool rmpr_check_versions(const struct rmpr_version_data *versions, enum rmpr_fault *fault);

/* --- Certify (certification/certification.asmx) ------------------------------ */

/* Persistent true: a normal RAC; false: a temporary one (spec/rmpr.md
 * §5.2, the inference stated there). */
HRESULT rmpr_write_certify_request(const struct rmpr_documents *machine_chain, bool persistent,
                                   char **text, size_t *length);
HRESULT rmpr_read_certify_response(const char *text, size_t length,
                                   struct rmpr_documents *rac_chain);
HRESULT rmpr_read_certify_request(const char *text, size_t length,
                                  struct rmpr_version_data *versions,
                                  struct rmpr_documents *machine_chain, bool *persistent);
/* Quota is written as Windows does (Verified true, 5 of 10; note <40>:
 * clients do not use it). */
HRESULT rmpr_write_certify_response(const struct rmpr_documents *rac_chain, char **text,
                                    size_t *length);

/* --- GetClientLicensorCert (licensing/publish.asmx) --------------------------- */

HRESULT rmpr_write_get_client_licensor_cert_request(const struct rmpr_documents *rac_chain,
                                                    char **text, size_t *length);
/* The first GetClientLicensorCertResponse's chain (the client sends one
 * parameter set). */
HRESULT rmpr_read_get_client_licensor_cert_response(const char *text, size_t length,
                                                    struct rmpr_documents *clc_chain);
/* Exactly one GetClientLicensorCertParams (E_INVALIDARG otherwise). */
HRESULT rmpr_read_get_client_licensor_cert_request(const char *text, size_t length,
                                                   struct rmpr_version_data *versions,
                                                   struct rmpr_documents *rac_chain);
HRESULT rmpr_write_get_client_licensor_cert_response(const struct rmpr_documents *clc_chain,
                                                     char **text, size_t *length);

/* --- GetLicensorCertificate (certification/ or licensing/ server.asmx) ------- */

HRESULT rmpr_write_get_licensor_certificate_request(char **text, size_t *length);
HRESULT rmpr_read_get_licensor_certificate_response(const char *text, size_t length,
                                                    struct rmpr_documents *slc_chain);
HRESULT rmpr_read_get_licensor_certificate_request(const char *text, size_t length,
                                                   struct rmpr_version_data *versions);
HRESULT rmpr_write_get_licensor_certificate_response(const struct rmpr_documents *slc_chain,
                                                     char **text, size_t *length);

/* --- FindServiceLocationsForUser (ServiceLocator.asmx) ------------------------ */

/* Service types: "CertificationService", "LicensingInternalService", ...
 * (spec/rmpr.md §5.4). */
HRESULT rmpr_write_find_service_locations_request(const char *const *types, size_t count,
                                                  char **text, size_t *length);
/* urls[i] (heap, or NULL when the server has none) for types[i]; answers
 * are matched by Type, in any order; unasked types are ignored. */
HRESULT rmpr_read_find_service_locations_response(const char *text, size_t length,
                                                  const char *const *types, size_t count,
                                                  char **urls);
/* E_INVALIDARG: no ServiceLocationRequest, or one without a Type. */
HRESULT rmpr_read_find_service_locations_request(const char *text, size_t length,
                                                 struct rmpr_version_data *versions,
                                                 struct rmpr_strings *types);
/* One ServiceLocationResponse per type; urls[i] NULL: no URL element
 * (the service does not exist, §3.7.4.2). */
HRESULT rmpr_write_find_service_locations_response(const char *const *types,
                                                   const char *const *urls, size_t count,
                                                   char **text, size_t *length);

/* --- GetServerInfo (licensing/server.asmx; no VersionData) ------------------- */

/* The ServerInfoType values (spec/rmpr.md §5.5). */
#define RMPR_INFO_VERSION "VersionInfo"
#define RMPR_INFO_FEATURES "ServerFeatureInfo"
#define RMPR_INFO_LICENSOR_CERTIFICATE "ServerLicensorCertificate"
#define RMPR_INFO_SERVICE_LOCATIONS "ServiceLocations"

struct rmpr_service_location {
    char *type; /* ServiceType, heap */
    char *url;  /* heap; NULL or "" when the server has none */
};

/* What a GetServerInfo response told (each part empty when not asked or
 * not answered). */
struct rmpr_server_info {
    char *version;                        /* VersionInfo@Version, or NULL */
    struct rmpr_documents licensor_chain; /* the SLC chain */
    size_t location_count;
    struct rmpr_service_location *locations;
};

void rmpr_server_info_clear(struct rmpr_server_info *info);

HRESULT rmpr_write_get_server_info_request(const char *const *types, size_t count, char **text,
                                           size_t *length);
HRESULT rmpr_read_get_server_info_response(const char *text, size_t length,
                                           struct rmpr_server_info *info);
/* E_INVALIDARG: no ServerInfoRequest, or one without a Type. */
HRESULT rmpr_read_get_server_info_request(const char *text, size_t length,
                                          struct rmpr_strings *types);
/* Answers each of `types` it knows from `info` (ServerFeatureInfo: an
 * empty feature list), in the shape of §4.6; unknown types are left out. */
HRESULT rmpr_write_get_server_info_response(const struct rmpr_strings *types,
                                            const struct rmpr_server_info *info, char **text,
                                            size_t *length);

/* --- AcquireTemplateInformation / AcquireTemplates
 *     (licensing/templateDistribution.asmx) ----------------------------------- */

struct rmpr_guid_hash {
    char *guid; /* heap */
    char *hash; /* heap: the template's SIGNATURE/DIGEST/VALUE */
};

struct rmpr_template_information {
    char *server_public_key; /* heap: base64 PKCS#1 RSA key of the SLC */
    size_t count;
    struct rmpr_guid_hash *templates;
};

void rmpr_template_information_clear(struct rmpr_template_information *information);

struct rmpr_template {
    char *guid;
    char *hash;
    char *text; /* the template document (heap), NULL: the server has none */
    size_t length;
};

void rmpr_template_clear(struct rmpr_template *template_);

HRESULT rmpr_write_acquire_template_information_request(char **text, size_t *length);
HRESULT rmpr_read_acquire_template_information_response(const char *text, size_t length,
                                                        struct rmpr_template_information *info);
HRESULT rmpr_read_acquire_template_information_request(const char *text, size_t length,
                                                       struct rmpr_version_data *versions);
HRESULT
rmpr_write_acquire_template_information_response(const struct rmpr_template_information *info,
                                                 char **text, size_t *length);

/* At most RMPR_MAX_TEMPLATES_PER_CALL GUIDs a call (the SDK pages). */
#define RMPR_MAX_TEMPLATES_PER_CALL 25
HRESULT rmpr_write_acquire_templates_request(const char *const *guids, size_t count, char **text,
                                             size_t *length);
/* templates[i] for guids[i] (matched by Guid, ASCII case ignored; text
 * NULL when the server sent none); the caller clears each. */
HRESULT rmpr_read_acquire_templates_response(const char *text, size_t length,
                                             const char *const *guids, size_t count,
                                             struct rmpr_template *templates);
HRESULT rmpr_read_acquire_templates_request(const char *text, size_t length,
                                            struct rmpr_version_data *versions,
                                            struct rmpr_strings *guids);
HRESULT rmpr_write_acquire_templates_response(const struct rmpr_template *templates, size_t count,
                                              char **text, size_t *length);

/* --- AcquireIssuanceLicense (licensing/publish.asmx) and AcquireLicense
 *     (licensing/license.asmx): requests only, until publishing and
 *     consumption come (the server faults them) ------------------------------ */

HRESULT rmpr_write_acquire_issuance_license_request(const char *unsigned_license, size_t length,
                                                    char **text, size_t *text_length);
/* The first AcquireIssuanceLicenseParams' UnsignedIssuanceLicense: one
 * XrML document, literal. */
HRESULT rmpr_read_acquire_issuance_license_request(const char *text, size_t length,
                                                   struct rmpr_version_data *versions,
                                                   struct rmpr_documents *unsigned_license);
HRESULT rmpr_write_acquire_license_request(const struct rmpr_documents *licensee,
                                           const struct rmpr_documents *issuance_license,
                                           char **text, size_t *length);
/* The first AcquireLicenseParams' LicenseeCerts and IssuanceLicense. */
HRESULT rmpr_read_acquire_license_request(const char *text, size_t length,
                                          struct rmpr_version_data *versions,
                                          struct rmpr_documents *licensee,
                                          struct rmpr_documents *issuance_license);

#endif /* MSDRM_NET_RMPR_MESSAGES_H */
