/*
 * openmsdrm - one builder per XrML document type: the only code that
 * writes certificates and licenses. Each takes the document as a license
 * model (license_model.h), writes it after its type's template in
 * spec/xrml.md §4 (no whitespace between elements, `<NAME a="v" />` for
 * empty ones, as real documents are written) and signs its BODY with
 * `signer` (spec/xrml.md §5), or leaves it unsigned when `signer` is
 * NULL. *text is then heap UTF-8 the caller frees.
 *
 * What a builder decides, the model cannot: the root start tag (server or
 * client attribute order, purpose), BODY@type and @version, the
 * DESCRIPTOR's OBJECT@type (except for issuing certificates, whose model
 * says which of the two it is), and the order of the BODY's parts; the
 * model's `kind` and `body_type` are not read. Everything else is written
 * as the model has it, and only the parts the type has (a machine
 * certificate's builder writes no WORK). Fixed values the documents
 * carry (the Activation point's GUID, a RAC's Group-Identity levels,
 * ENABLINGBITS) are the caller's to put in the model: the builders make
 * nothing up, so what license_model_read reads back is what was built.
 *
 * Every builder refuses (E_INVALIDARG) a model without an ISSUEDTIME or
 * a required ID (its line says which), and a time outside the calendar.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_LICENSE_BUILDERS_H
#define MSDRM_LICENSE_BUILDERS_H

#include <openssl/evp.h>

#include "license/license_model.h"

/* Server licensor and CA certificates (§4.1): descriptor type
 * "Server-Licensor-Certificate" or "DRM-CA-Certificate" and ID required;
 * the ISSUE right is the model's WORK. */
HRESULT license_build_issuing_certificate(const struct license_model *certificate, EVP_PKEY *signer,
                                          char **text);

/* Machine certificate, SPC (§4.2): descriptor ID required; no WORK. */
HRESULT license_build_machine_certificate(const struct license_model *certificate, EVP_PKEY *signer,
                                          char **text);

/* Rights account certificate, RAC (§4.3): descriptor ID required; the
 * FEDERATIONPRINCIPALS written with ENABLINGBITS before the levels. */
HRESULT license_build_rights_account_certificate(const struct license_model *certificate,
                                                 EVP_PKEY *signer, char **text);

/* Client licensor certificate, CLC (§4.4): descriptor ID required. */
HRESULT license_build_client_licensor_certificate(const struct license_model *certificate,
                                                  EVP_PKEY *signer, char **text);

/* Publishing (issuance) license, "Microsoft Rights Label" (§4.5), signed
 * or unsigned: content ID required; the DESCRIPTOR is optional. */
HRESULT license_build_publishing_license(const struct license_model *license, EVP_PKEY *signer,
                                         char **text);

/* End-user (use) license, purpose="Content-License" (§4.7): descriptor
 * and content IDs required; each right's ACCESS before its TIME. */
HRESULT license_build_end_user_license(const struct license_model *license, EVP_PKEY *signer,
                                       char **text);

/* Rights policy template, "Microsoft Official Rights Template" (§4.8):
 * no BODY version; the DESCRIPTOR is optional. */
HRESULT license_build_rights_template(const struct license_model *template, EVP_PKEY *signer,
                                      char **text);

/*
 * Revocation list (§2: REVOCATIONLIST, REVOKE). The spec has no template
 * for the rest of the document; ours follows the certificates': BODY type
 * LICENSE, ISSUEDTIME, DESCRIPTOR (type "Revocation-List", ID required),
 * ISSUER, then the list, written even when it revokes nothing.
 */
HRESULT license_build_revocation_list(const struct license_model *list, EVP_PKEY *signer,
                                      char **text);

/*
 * An application manifest as our environment reads it (README, "The
 * environment and the manifest"; Microsoft's format is not published):
 * BODY type "Microsoft Rights Manifest", DESCRIPTOR type
 * "Application-Manifest" (ID required), ISSUER, and the modules it names
 * as POLICYLISTs.
 */
HRESULT license_build_application_manifest(const struct license_model *manifest, EVP_PKEY *signer,
                                           char **text);

/* Every builder above, in that order: for code that writes one model with
 * each of them (round-trip tests, fuzzing). */
typedef HRESULT (*license_builder)(const struct license_model *model, EVP_PKEY *signer,
                                   char **text);
extern const license_builder license_builders[];
extern const size_t license_builder_count;

#endif /* MSDRM_LICENSE_BUILDERS_H */
