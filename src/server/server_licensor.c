/*
 * openmsdrm - GetClientLicensorCert (spec/rmpr.md §5.6): a client
 * licensor certificate (CLC, spec/xrml.md §4.4) for the holder of a RAC
 * this server issued, with a fresh key pair each time (as Windows does,
 * [MS-RMPR] note <45>) sealed to the RAC's key.
 *
 * The RAC is checked in the order the faults of §5.6 are listed: its
 * signature (InvalidPersonaCertSignature: tampered), its issuer
 * (UntrustedPersonaCert: not this server's SLC key), its time
 * (InvalidPersonaCertTime); anything that is not a RAC at all is an
 * UnexpectedPersonaCert.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "server/server_private.h"
#include "server/server_point.h"

#include <stdlib.h>
#include <openssl/rsa.h>
#include <string.h>

#include "license/license_builders.h"
#include "license/sealed_private_key.h"
#include "platform/platform.h"
#include "xrml/xrml_document.h"
#include "msdrmerror.h"

#define CLC_KEY_BITS 1024

/* The licensing point of every CLC (spec/xrml.md §3.3). */
#define LICENSING_POINT_ID "{0F45FD50-383B-43EE-90A4-ED013CD0CFE5}"
#define LICENSING_POINT_NAME "DRM Server Cluster"

/* Checks the RAC (the chain's leaf: the rest is this server's chain,
 * which it knows) and reads it into *rac. */
static HRESULT check_rac(struct server *server, const struct rmpr_documents *chain,
                         struct xrml_document **document, struct license_model *rac,
                         struct server_outcome *outcome)
{
    if (chain->count == 0)
        return server_fault(outcome, RMPR_FAULT_ARGUMENT_NULL, "PersonaCerts is empty");
    HRESULT hr = xrml_parse_utf8(chain->texts[0], chain->lengths[0], document);
    if (hr == E_OUTOFMEMORY)
        return hr;
    if (FAILED(hr))
        return server_fault(outcome, RMPR_FAULT_UNEXPECTED_PERSONA_CERT, "the RAC is not XrML");
    hr = license_model_read(*document, rac);
    if (FAILED(hr))
        return hr;
    if (rac->kind != LICENSE_KIND_RIGHTS_ACCOUNT_CERTIFICATE || rac->principal_count != 1 ||
        rac->principals[0].key == NULL || rac->principals[0].object == NULL ||
        rac->issuer == NULL || rac->issuer->key == NULL)
        return server_fault(outcome, RMPR_FAULT_UNEXPECTED_PERSONA_CERT,
                            "the first certificate is not a RAC");
    hr = xrml_verify_with_issuer_key(*document);
    if (hr == E_OUTOFMEMORY)
        return hr;
    if (FAILED(hr))
        return server_fault(outcome, RMPR_FAULT_INVALID_PERSONA_CERT_SIGNATURE,
                            "the RAC's signature does not verify");
    if (!xrml_same_key(rac->issuer->key, server->identity.slc_key))
        return server_fault(outcome, RMPR_FAULT_UNTRUSTED_PERSONA_CERT,
                            "the RAC was not issued by this server");
    int64_t now = platform_time_now_seconds();
    if (rac->valid_from == LICENSE_TIME_INVALID || rac->valid_until == LICENSE_TIME_INVALID ||
        rac->valid_until == LICENSE_TIME_NONE || now < rac->valid_from || now >= rac->valid_until)
        return server_fault(outcome, RMPR_FAULT_INVALID_PERSONA_CERT_TIME,
                            "the RAC is not valid now");
    return S_OK;
}

/* The parts of a CLC that are not keys. */
struct clc_parts {
    char guid[39];
    struct license_object descriptor, work_object;
    struct server_point point;
    struct license_party user;
    struct license_party holder;
    struct license_access access;
    struct license_right issue;
    struct license_rights_group group;
    struct license_work work;
    struct license_model model;
};

/* A CLC for `user` (the RAC's principal OBJECT), its ISSUE right over
 * [from, until) (the RAC's validity), the key `sealed` (spec/xrml.md §4.4). */
static void clc_parts_init(struct clc_parts *p, struct server *server, int64_t issued,
                           const struct license_object *user, EVP_PKEY *clc_key, int64_t from,
                           int64_t until, const char *sealed)
{
    p->descriptor = (struct license_object){.id_type = "MS-GUID", .id = p->guid};
    p->work_object = (struct license_object){
        .type = "Client-Licensor-Certificate", .id_type = "MS-GUID", .id = p->guid};
    server_point_init(&p->point, "License-Acquisition-URL", LICENSING_POINT_ID,
                      LICENSING_POINT_NAME, server->licensing_url);
    p->user = (struct license_party){.internal_id = "1", .object = user, .key = clc_key};
    p->holder = (struct license_party){.internal_id = "1", .enabling_bits = {"sealed-key", sealed}};
    p->access = (struct license_access){&p->holder, 1};
    p->issue = (struct license_right){
        .name = "ISSUE",
        .conditions = {
            .access = &p->access, .access_count = 1, .range_from = from, .range_until = until}};
    p->group =
        (struct license_rights_group){.name = "Main-Rights", .rights = &p->issue, .right_count = 1};
    p->work =
        (struct license_work){.object = &p->work_object, .groups = &p->group, .group_count = 1};
    p->model = (struct license_model){.issued_time = issued,
                                      .descriptor = &p->descriptor,
                                      .issuer = &server->identity.issuer,
                                      .distribution_points = &p->point.party,
                                      .distribution_point_count = 1,
                                      .principals = &p->user,
                                      .principal_count = 1,
                                      .works = &p->work,
                                      .work_count = 1};
}

HRESULT server_clc_issuer_hash(struct server *server, uint8_t hash[ENABLING_BITS_HASH_SIZE])
{
    struct clc_parts p;
    memset(&p, 0, sizeof p);
    memcpy(p.guid, "{00000000-0000-0000-0000-000000000000}", 39);
    struct license_object user = {.type = "Group-Identity"};
    int64_t now = server_now();
    clc_parts_init(&p, server, now, &user, server->identity.slc_key, now, now + 60, "AA==");
    char *text = NULL;
    HRESULT hr = license_build_client_licensor_certificate(&p.model, NULL, &text);
    if (SUCCEEDED(hr))
        hr = sealed_private_key_issuer_hash(text, strlen(text), hash);
    free(text);
    return hr;
}

HRESULT server_issue_client_licensor(struct server *server, const struct rmpr_documents *rac_chain,
                                     struct server_outcome *outcome)
{
    memset(outcome, 0, sizeof *outcome);
    struct xrml_document *document = NULL;
    struct license_model rac;
    memset(&rac, 0, sizeof rac);
    HRESULT hr = check_rac(server, rac_chain, &document, &rac, outcome);
    if (FAILED(hr) || outcome->faulted) {
        license_model_clear(&rac);
        xrml_document_unref(document);
        return hr;
    }

    EVP_PKEY *clc_key = EVP_RSA_gen(CLC_KEY_BITS);
    char *sealed = NULL;
    hr = clc_key == NULL ? E_OUTOFMEMORY
                         : sealed_private_key_seal(rac.principals[0].key, clc_key,
                                                   server->clc_issuer_hash, &sealed);
    struct clc_parts p;
    memset(&p, 0, sizeof p);
    if (SUCCEEDED(hr))
        hr = server_random_guid(p.guid);
    char *clc = NULL;
    if (SUCCEEDED(hr)) {
        clc_parts_init(&p, server, server_now(), rac.principals[0].object, clc_key, rac.valid_from,
                       rac.valid_until, sealed);
        hr = license_build_client_licensor_certificate(&p.model, server->identity.slc_key, &clc);
    }
    if (SUCCEEDED(hr)) {
        const char *email = rac.principals[0].object->name;
        struct server_issued logged = {.kind = "CLC",
                                       .license_id = p.guid,
                                       .email = email != NULL ? email : "",
                                       .issued = p.model.issued_time,
                                       .until = rac.valid_until,
                                       .certificate = clc};
        hr = server_deliver(server, &logged, &clc, outcome);
    }
    free(clc);
    free(sealed);
    EVP_PKEY_free(clc_key);
    license_model_clear(&rac);
    xrml_document_unref(document);
    return hr;
}
