/*
 * openmsdrm - Certify (spec/rmpr.md §5.2): a rights account certificate
 * (RAC, spec/xrml.md §4.3) for the user named by the From header, bound
 * to the machine whose certificate chain the request carries.
 *
 * Trust: the server checks every signature of the machine chain, then
 * trusts only machine certificates our DLL makes (client/
 * machine_identity.c): self-signed, the ISSUER key the machine's own.
 * A Windows machine certificate chains to Microsoft's desktop security
 * processor CA, whose key no one else has (spec/xrml.md §4.2): refused
 * like every other chain, with VerifyMachineCertificateChainFailed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "server/server_private.h"
#include "server/server_point.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "license/license_builders.h"
#include "license/sealed_private_key.h"
#include "xrml/xrml_chain.h"
#include "xrml/xrml_document.h"
#include "msdrmerror.h"

#define MINUTE 60LL
#define PERSISTENT_VALIDITY (365 * 24 * 3600LL) /* racValidityTime */
#define TEMPORARY_VALIDITY (15 * MINUTE)        /* tempRacValidityTime */
#define VALIDITY_TOLERANCE (15 * MINUTE)        /* FROM = ISSUEDTIME - 15 min */

/* The intranet certification point of every RAC (spec/xrml.md §3.3). */
#define CERTIFICATION_POINT_ID "{8BA9EA80-99E4-4a2b-9764-4CD84F77C3A0}"
#define CERTIFICATION_POINT_NAME "Microsoft Identity Certification Server"

/* The machine levels a RAC copies into its FEDERATIONPRINCIPALS (§4.3). */
static const char *const machine_levels[] = {"Manufacturer", "Platform", "Repository"};
#define MACHINE_LEVELS (sizeof machine_levels / sizeof machine_levels[0])

static bool is_key_size(EVP_PKEY *key)
{
    int bits = EVP_PKEY_get_bits(key);
    return EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA && (bits == 1024 || bits == 2048);
}

/* The machine chain, parsed and checked; *machine is its leaf read. */
struct machine {
    struct xrml_document *documents[XRML_CHAIN_MAX_DOCUMENTS];
    size_t count;
    struct license_model model;
};

static void machine_clear(struct machine *m)
{
    license_model_clear(&m->model);
    for (size_t i = 0; i < m->count; i++)
        xrml_document_unref(m->documents[i]);
    m->count = 0;
}

static HRESULT check_machine_chain(const struct rmpr_documents *chain, struct machine *m,
                                   struct server_outcome *outcome)
{
    if (chain->count == 0)
        return server_fault(outcome, RMPR_FAULT_ARGUMENT_NULL, "MachineCertificateChain is empty");
    if (chain->count > XRML_CHAIN_MAX_DOCUMENTS)
        return server_fault(outcome, RMPR_FAULT_VERIFY_MACHINE_CERTIFICATE_CHAIN_FAILED,
                            "the machine chain is too long");
    for (size_t i = 0; i < chain->count; i++) {
        HRESULT hr = xrml_parse_utf8(chain->texts[i], chain->lengths[i], &m->documents[m->count]);
        if (hr == E_OUTOFMEMORY)
            return hr;
        if (FAILED(hr))
            return server_fault(outcome, RMPR_FAULT_VERIFY_MACHINE_CERTIFICATE_CHAIN_FAILED,
                                "a machine certificate is not XrML");
        m->count++;
    }
    HRESULT hr = license_model_read(m->documents[0], &m->model);
    if (FAILED(hr))
        return hr;
    const struct license_model *leaf = &m->model;
    if (leaf->kind != LICENSE_KIND_MACHINE_CERTIFICATE || leaf->principal_count != 1 ||
        leaf->issuer == NULL || leaf->issuer->key == NULL || leaf->principals[0].key == NULL ||
        leaf->principals[0].object == NULL)
        return server_fault(outcome, RMPR_FAULT_VERIFY_MACHINE_CERTIFICATE_CHAIN_FAILED,
                            "the leaf is not a machine certificate");
    /* Every signature, each link to the next document's principal (a
     * lone certificate with the issuer key the model has read already). */
    hr = m->count == 1 ? xrml_verify(m->documents[0], leaf->issuer->key)
                       : xrml_verify_chain(m->documents, m->count);
    if (hr == E_OUTOFMEMORY)
        return hr;
    if (FAILED(hr))
        return server_fault(outcome, RMPR_FAULT_VERIFY_MACHINE_CERTIFICATE_CHAIN_FAILED,
                            "the machine chain does not verify");
    /* Only our own machine certificates: signed by the machine's key. */
    if (!xrml_same_key(leaf->issuer->key, leaf->principals[0].key))
        return server_fault(outcome, RMPR_FAULT_VERIFY_MACHINE_CERTIFICATE_CHAIN_FAILED,
                            "the machine certificate's issuer is not trusted");
    if (!is_key_size(leaf->principals[0].key))
        return server_fault(outcome, RMPR_FAULT_UNSUPPORTED_CRYPTOGRAPHIC_SET,
                            "the machine key is neither 1024 nor 2048 bits");
    return S_OK;
}

/* Whom the RAC is for: the From header, checked. */
static HRESULT check_user(struct server *server, const char *from, struct server_outcome *outcome)
{
    if (from == NULL || from[0] == '\0')
        return server_fault(outcome, RMPR_FAULT_UNAUTHORIZED_ACCESS,
                            "no From header names the user");
    if (!server_email_valid(from))
        return server_fault(outcome, RMPR_FAULT_VERIFY_EMAIL_ADDRESS_FAILED,
                            "the From header is not an e-mail address");
    if (!server_users_allow(server->users, from))
        return server_fault(outcome, RMPR_FAULT_AD_ENTRY_SEARCH_FAILED,
                            "the user is not in the server's list");
    return S_OK;
}

/* The parts of a RAC that are not the key: what the builder needs. */
struct rac_parts {
    char guid[39];
    struct license_object descriptor;
    struct server_point point;
    struct license_object user_object;
    struct license_pair user_levels[3];
    struct license_party user;
    struct license_pair machine_levels[MACHINE_LEVELS];
    struct license_party machine;
    struct license_model model;
};

static void rac_parts_init(struct rac_parts *p, struct server *server, int64_t issued,
                           bool persistent, const char *email, const char *principal_id,
                           EVP_PKEY *user_key)
{
    p->descriptor = (struct license_object){.id_type = "MS-GUID", .id = p->guid};
    server_point_init(&p->point, "Activation", CERTIFICATION_POINT_ID, CERTIFICATION_POINT_NAME,
                      server->certification_url);
    p->user_object = (struct license_object){.type = "Group-Identity",
                                             .id_type = SERVER_PRINCIPAL_ID_TYPE,
                                             .id = principal_id,
                                             .name = email};
    p->user_levels[0] = (struct license_pair){"Group-Identity-Credential-Type",
                                              persistent ? "Persistent" : "Temporary"};
    p->user_levels[1] = (struct license_pair){"Group-Identity-Type", "Group"};
    p->user_levels[2] = (struct license_pair){"Group-Identity-Policy", "Group-Identity-Credential"};
    p->user = (struct license_party){.internal_id = "1",
                                     .object = &p->user_object,
                                     .key = user_key,
                                     .levels = p->user_levels,
                                     .level_count = 3};
    p->machine = (struct license_party){.levels = p->machine_levels};
    p->model = (struct license_model){
        .issued_time = issued,
        .valid_from = issued - VALIDITY_TOLERANCE,
        .valid_until = issued + (persistent ? PERSISTENT_VALIDITY : TEMPORARY_VALIDITY),
        .descriptor = &p->descriptor,
        .issuer = &server->identity.issuer,
        .distribution_points = &p->point.party,
        .distribution_point_count = 1,
        .principals = &p->user,
        .principal_count = 1,
        .federation_principals = &p->machine,
        .federation_principal_count = 1};
}

/* The machine principal of the RAC: the SPC principal's OBJECT and
 * levels, and the sealed RAC key (spec/xrml.md §4.3). */
static void rac_parts_machine(struct rac_parts *p, const struct license_party *spc,
                              const char *sealed)
{
    p->machine.object = spc->object;
    p->machine.enabling_bits = (struct license_enabling_bits){"sealed-key", sealed};
    for (size_t i = 0; i < MACHINE_LEVELS; i++)
        for (size_t j = 0; j < spc->level_count; j++)
            if (spc->levels[j].name != NULL &&
                strcmp(spc->levels[j].name, machine_levels[i]) == 0) {
                p->machine_levels[p->machine.level_count++] = spc->levels[j];
                break;
            }
}

HRESULT server_rac_issuer_hash(struct server *server, uint8_t hash[ENABLING_BITS_HASH_SIZE])
{
    struct rac_parts p;
    memset(&p, 0, sizeof p);
    memcpy(p.guid, "{00000000-0000-0000-0000-000000000000}", 39);
    rac_parts_init(&p, server, server_now(), true, "user@example.com", p.guid,
                   server->identity.slc_key);
    struct license_object machine = {.type = "Machine-Unique-Identifier"};
    struct license_party spc = {.object = &machine};
    rac_parts_machine(&p, &spc, "AA==");
    char *text = NULL;
    HRESULT hr = license_build_rights_account_certificate(&p.model, NULL, &text);
    if (SUCCEEDED(hr))
        hr = sealed_private_key_issuer_hash(text, strlen(text), hash);
    free(text);
    return hr;
}

HRESULT server_certify(struct server *server, const char *from,
                       const struct rmpr_documents *machine_chain, bool persistent,
                       struct server_outcome *outcome)
{
    memset(outcome, 0, sizeof *outcome);
    HRESULT hr = check_user(server, from, outcome);
    if (FAILED(hr) || outcome->faulted)
        return hr;
    struct machine m;
    memset(&m, 0, sizeof m);
    hr = check_machine_chain(machine_chain, &m, outcome);
    if (FAILED(hr) || outcome->faulted) {
        machine_clear(&m);
        return hr;
    }

    struct server_account account;
    hr = server_account_get(server->accounts, from, &account);
    char *sealed = NULL;
    const struct license_party *spc = &m.model.principals[0];
    if (SUCCEEDED(hr))
        hr = sealed_private_key_seal_blob(spc->key, account.blob, account.blob_length,
                                          server->rac_issuer_hash, &sealed);
    struct rac_parts p;
    memset(&p, 0, sizeof p);
    if (SUCCEEDED(hr))
        hr = server_random_guid(p.guid);
    char *rac = NULL;
    if (SUCCEEDED(hr)) {
        rac_parts_init(&p, server, server_now(), persistent, from, account.principal_id,
                       account.key);
        rac_parts_machine(&p, spc, sealed);
        hr = license_build_rights_account_certificate(&p.model, server->identity.slc_key, &rac);
    }
    if (SUCCEEDED(hr)) {
        struct server_issued logged = {.kind = "RAC",
                                       .license_id = p.guid,
                                       .email = from,
                                       .issued = p.model.issued_time,
                                       .until = p.model.valid_until,
                                       .certificate = rac};
        hr = server_deliver(server, &logged, &rac, outcome);
    }
    free(rac);
    free(sealed);
    server_account_clear(&account);
    machine_clear(&m);
    return hr;
}
