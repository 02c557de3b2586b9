/*
 * openmsdrm - the builders of certificates (see license_builders.h):
 * issuing certificates, machine certificates, rights account and client
 * licensor certificates, after spec/xrml.md §4.1-§4.4. Certificates are
 * built by the server (xmlns before version), machine certificates by the
 * client (version first, §1).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "license/license_builders.h"

#include <string.h>

#include "license/license_writer.h"
#include "msdrmerror.h"

static bool has_descriptor_id(const struct license_model *model)
{
    return license_id(model) != NULL;
}

/* What every certificate has after its head: its distribution points,
 * the principal it is issued to, referrals (§4). */
static HRESULT write_points_and_principals(struct xml_text *xml, const struct license_model *model)
{
    HRESULT hr = license_write_distribution_points(xml, model, false);
    license_keep(&hr, license_write_principals(xml, "ISSUEDPRINCIPALS", model->principals,
                                               model->principal_count, PARTY_LEVELS_FIRST));
    license_keep(&hr, license_write_distribution_points(xml, model, true));
    return hr;
}

static bool is_issuing_type(const char *type)
{
    return type != NULL && (strcmp(type, "Server-Licensor-Certificate") == 0 ||
                            strcmp(type, "DRM-CA-Certificate") == 0);
}

HRESULT license_build_issuing_certificate(const struct license_model *model, EVP_PKEY *signer,
                                          char **text)
{
    *text = NULL;
    if (!has_descriptor_id(model) || !is_issuing_type(model->descriptor->type))
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    HRESULT hr = license_write_head(
        &xml, &(struct license_head){.body_type = "LICENSE", .typed_descriptor = true}, model);
    license_keep(&hr, write_points_and_principals(&xml, model));
    license_keep(&hr, license_write_works(&xml, model, CONDITIONS_TIME_FIRST));
    license_keep(&hr, license_write_body_conditions(&xml, model));
    return license_finish(&xml, hr, signer, text);
}

HRESULT license_build_machine_certificate(const struct license_model *model, EVP_PKEY *signer,
                                          char **text)
{
    *text = NULL;
    if (!has_descriptor_id(model))
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    HRESULT hr =
        license_write_head(&xml,
                           &(struct license_head){.client = true,
                                                  .body_type = "LICENSE",
                                                  .typed_descriptor = true,
                                                  .descriptor_type = "Machine-Certificate"},
                           model);
    license_keep(&hr, write_points_and_principals(&xml, model));
    return license_finish(&xml, hr, signer, text);
}

HRESULT license_build_rights_account_certificate(const struct license_model *model,
                                                 EVP_PKEY *signer, char **text)
{
    *text = NULL;
    if (!has_descriptor_id(model))
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    HRESULT hr =
        license_write_head(&xml,
                           &(struct license_head){.body_type = "LICENSE",
                                                  .typed_descriptor = true,
                                                  .descriptor_type = "Group-Identity-Credential"},
                           model);
    license_keep(&hr, write_points_and_principals(&xml, model));
    license_keep(
        &hr, license_write_principals(&xml, "FEDERATIONPRINCIPALS", model->federation_principals,
                                      model->federation_principal_count, PARTY_BITS_FIRST));
    return license_finish(&xml, hr, signer, text);
}

HRESULT license_build_client_licensor_certificate(const struct license_model *model,
                                                  EVP_PKEY *signer, char **text)
{
    *text = NULL;
    if (!has_descriptor_id(model))
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    HRESULT hr =
        license_write_head(&xml,
                           &(struct license_head){.body_type = "LICENSE",
                                                  .typed_descriptor = true,
                                                  .descriptor_type = "Client-Licensor-Certificate"},
                           model);
    license_keep(&hr, write_points_and_principals(&xml, model));
    license_keep(&hr, license_write_works(&xml, model, CONDITIONS_TIME_FIRST));
    return license_finish(&xml, hr, signer, text);
}
