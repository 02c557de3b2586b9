/*
 * openmsdrm - rights account certificates (RACs) as Certify returns them
 * (spec/rmpr.md §5.2, §6.2; spec/xrml.md §4.3): a RAC chain is accepted
 * only when it is an issued chain (issued_chain.h), valid now, and bound
 * to this machine: its FEDERATIONPRINCIPALS names one of our machine
 * certificates' principals and carries the RAC's private key sealed to
 * that machine key, with the RAC's ISSUER hash.
 *
 * The RAC private key is not kept anywhere: it is opened again from the
 * RAC with the machine key whenever it is needed (rights_account_open_key).
 * So the RAC is the only record of it, deleting the RAC deletes the key,
 * and a machine reactivation (a new machine key) leaves it unopenable, as
 * Windows' RACs are after reactivation (guide.md §4.1).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_RIGHTS_ACCOUNT_H
#define MSDRM_RIGHTS_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "store/license_store.h"
#include "xrml/xrml_document.h"
#include "msdrmdefs.h"

/* One machine identity: the OBJECT ID its certificate gives the machine
 * (ISSUEDPRINCIPALS/PRINCIPAL/OBJECT/ID) and its private key. */
struct machine_key {
    const char *machine_id;
    EVP_PKEY *key;
};

/*
 * The RAC's private key: from the FEDERATIONPRINCIPALS principal whose
 * OBJECT ID names one of `machines`, opened with that machine's key
 * (issued_key_open). E_DRM_INVALID_LICENSE when none opens.
 */
HRESULT rights_account_open_key(const struct xrml_document *rac, const struct machine_key *machines,
                                size_t machine_count, EVP_PKEY **key);

/*
 * Accepts a RAC chain (`count` literal documents, leaf first) by the rules
 * above at time `now`, and fills *item for the store (kind RAC, license
 * ID, the user's e-mail, the issuer's name, validity, and the chain's
 * text; store_item_clear it). E_DRM_INVALID_SERVER_RESPONSE for a chain
 * that is not valid or not ours, E_DRM_VALIDITYTIME_VIOLATION for one
 * not valid now, E_OUTOFMEMORY.
 */
HRESULT rights_account_accept(size_t count, char *const *texts, const size_t *lengths,
                              const struct machine_key *machines, size_t machine_count, int64_t now,
                              struct store_item *item);

#endif /* MSDRM_RIGHTS_ACCOUNT_H */
