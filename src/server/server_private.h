/*
 * openmsdrm - msdrm-server's inside: the server object and the
 * operations, each independent of SOAP (server.c reads the requests and
 * writes the replies through net/rmpr_messages.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_SERVER_PRIVATE_H
#define MSDRM_SERVER_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/rmpr_messages.h"
#include "server/server.h"
#include "server/server_accounts.h"
#include "server/server_identity.h"
#include "server/server_store.h"
#include "server/server_templates.h"
#include "server/server_users.h"
#include "xrml/enabling_bits.h"

struct server {
    char *base_url;          /* http://host:port/_wmcs */
    char *certification_url; /* base_url + /certification */
    char *licensing_url;     /* base_url + /licensing */
    struct server_store *store;
    struct server_identity identity;
    struct server_accounts *accounts;
    struct server_users *users; /* NULL: everyone */
    struct server_templates *templates;
    char *slc_public_key; /* base64 PKCS#1, TemplateInformation.ServerPublicKey */
    /* The hashes sealed beside RAC and CLC private keys: of the ISSUER
     * element every RAC and CLC carries, which is the same in all of them
     * (spec/xrml.md §7.2), so computed once. */
    uint8_t rac_issuer_hash[ENABLING_BITS_HASH_SIZE];
    uint8_t clc_issuer_hash[ENABLING_BITS_HASH_SIZE];
};

/*
 * What an operation answers: on S_OK either a fault (`faulted`, the
 * fault of spec/rmpr.md §9 and a `message` for its faultstring) or
 * `document`, the certificate it issued (heap text), which the reply
 * follows with the server's chain. A failed HRESULT is the server's own
 * failure (out of memory, the store).
 */
struct server_outcome {
    bool faulted;
    enum rmpr_fault fault;
    const char *message;
    char *document;
};

/* Sets the outcome to a fault; S_OK (the operation did its job). */
static inline HRESULT server_fault(struct server_outcome *outcome, enum rmpr_fault fault,
                                   const char *message)
{
    outcome->faulted = true;
    outcome->fault = fault;
    outcome->message = message;
    return S_OK;
}

/* Logs a certificate the server issued, durably, then hands its text
 * (*document, heap) to the outcome; on failure *document stays the
 * caller's. */
HRESULT server_deliver(struct server *server, const struct server_issued *issued, char **document,
                       struct server_outcome *outcome);

/* Certify (spec/rmpr.md §5.2). */
HRESULT server_certify(struct server *server, const char *from,
                       const struct rmpr_documents *machine_chain, bool persistent,
                       struct server_outcome *outcome);

/* GetClientLicensorCert (spec/rmpr.md §5.6). */
HRESULT server_issue_client_licensor(struct server *server, const struct rmpr_documents *rac_chain,
                                     struct server_outcome *outcome);

/* The issuer hash of a document type: its builder's ISSUER for this
 * server, from a model with nothing but what the builder requires. */
HRESULT server_rac_issuer_hash(struct server *server, uint8_t hash[ENABLING_BITS_HASH_SIZE]);
HRESULT server_clc_issuer_hash(struct server *server, uint8_t hash[ENABLING_BITS_HASH_SIZE]);

#endif /* MSDRM_SERVER_PRIVATE_H */
