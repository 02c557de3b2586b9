/*
 * openmsdrm - the machine's identity for this user: key pairs kept in the
 * lockbox and the machine certificates that carry their public keys.
 *
 * Machine activation is local, as on Windows Vista and later
 * (functions/DRMActivate.md): it generates two RSA key pairs (1024 and
 * 2048 bits, the two machine certificates of cryptographic modes 1 and 2),
 * seals the private keys in the lockbox (platform_protect_secret), and
 * writes two machine certificates (spec/xrml.md §4.2). Windows signs them
 * with a Microsoft issuer key no one else has; ours are signed by their
 * own key (self-signed), which test servers we ship will trust.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_MACHINE_IDENTITY_H
#define MSDRM_MACHINE_IDENTITY_H

#include <stdbool.h>

#include "credentials/rights_account.h"
#include "store/license_store.h"

/* S_OK when the user's store holds machine certificates and a lockbox
 * that opens; E_DRM_NEEDS_MACHINE_ACTIVATION when not. */
HRESULT machine_identity_check(struct license_store *store);

/*
 * Whether `certificate` (UTF-8, one XrML document) is, byte for byte, one
 * of this user's machine certificates: S_OK when it is, S_FALSE when not,
 * E_DRM_NEEDS_MACHINE_ACTIVATION when there are none. It does not open
 * the lockbox: machine_identity_check first (opening the private keys is
 * the costly part, thousands of allocations in OpenSSL's decoders).
 */
HRESULT machine_identity_match_certificate(struct license_store *store, const char *certificate);

/*
 * Activates the machine for this user, atomically across the user's
 * processes (per-user lock, one transaction): a new identity replaces the
 * old one, unless another process completed an activation while this one
 * waited and `was_activated` says the machine was not activated when this
 * one began; then that identity is kept and *already is set.
 */
HRESULT machine_identity_activate(struct license_store *store, bool was_activated, bool *already);

/* This user's machine identities, opened: what user activation sends
 * (the certificates, index 0 first: mode 1) and what opens the rights
 * account certificates the server seals to them (the keys). */
struct machine_identities {
    size_t count;
    char *certificates[2];      /* the XrML texts */
    char *machine_ids[2];       /* their ISSUEDPRINCIPALS/PRINCIPAL/OBJECT/ID */
    struct machine_key keys[2]; /* machine_id points into machine_ids */
};

/*
 * Reads the machine certificates and opens their keys from the lockbox.
 * E_DRM_NEEDS_MACHINE_ACTIVATION when the machine is not activated (or a
 * lockbox entry does not open); clear with machine_identities_clear.
 */
HRESULT machine_identities_open(struct license_store *store, struct machine_identities *identities);
void machine_identities_clear(struct machine_identities *identities);

#endif /* MSDRM_MACHINE_IDENTITY_H */
