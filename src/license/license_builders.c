/*
 * openmsdrm - the builders of licenses (see license_builders.h):
 * publishing licenses, end-user licenses and rights policy templates,
 * after spec/xrml.md §4.5, §4.7 and §4.8. The client builds publishing
 * licenses (version before xmlns), the server the others (§1).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "license/license_builders.h"

#include "license/license_writer.h"
#include "msdrmerror.h"

HRESULT license_build_publishing_license(const struct license_model *model, EVP_PKEY *signer,
                                         char **text)
{
    *text = NULL;
    if (license_content_id(model) == NULL)
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    /* Its DESCRIPTOR OBJECT has no type (§4.5). */
    HRESULT hr = license_write_head(
        &xml, &(struct license_head){.client = true, .body_type = "Microsoft Rights Label"}, model);
    license_keep(&hr, license_write_distribution_points(&xml, model, false));
    license_keep(&hr, license_write_principals(&xml, "ISSUEDPRINCIPALS", model->principals,
                                               model->principal_count, PARTY_LEVELS_FIRST));
    license_keep(&hr, license_write_distribution_points(&xml, model, true));
    license_keep(&hr, license_write_works(&xml, model, CONDITIONS_TIME_FIRST));
    license_write_data(&xml, model);
    license_write_policy_lists(&xml, model);
    return license_finish(&xml, hr, signer, text);
}

HRESULT license_build_end_user_license(const struct license_model *model, EVP_PKEY *signer,
                                       char **text)
{
    *text = NULL;
    if (license_id(model) == NULL || license_content_id(model) == NULL)
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    HRESULT hr = license_write_head(&xml,
                                    &(struct license_head){.purpose = "Content-License",
                                                           .body_type = "LICENSE",
                                                           .typed_descriptor = true,
                                                           .descriptor_type = "Content-License"},
                                    model);
    license_keep(&hr, license_write_distribution_points(&xml, model, false));
    license_keep(&hr, license_write_principals(&xml, "ISSUEDPRINCIPALS", model->principals,
                                               model->principal_count, PARTY_LEVELS_FIRST));
    license_keep(&hr, license_write_distribution_points(&xml, model, true));
    license_keep(&hr, license_write_works(&xml, model, CONDITIONS_ACCESS_FIRST));
    license_keep(&hr, license_write_body_conditions(&xml, model));
    license_write_policy_lists(&xml, model);
    license_write_data(&xml, model);
    return license_finish(&xml, hr, signer, text);
}

HRESULT license_build_rights_template(const struct license_model *model, EVP_PKEY *signer,
                                      char **text)
{
    *text = NULL;
    struct xml_text xml;
    xml_text_init(&xml);
    /* An official template's BODY has no version attribute (§1.1). */
    HRESULT hr =
        license_write_head(&xml,
                           &(struct license_head){.body_type = "Microsoft Official Rights Template",
                                                  .unversioned = true},
                           model);
    license_keep(&hr, license_write_distribution_points(&xml, model, false));
    license_keep(&hr, license_write_distribution_points(&xml, model, true));
    license_keep(&hr, license_write_works(&xml, model, CONDITIONS_TIME_FIRST));
    license_write_data(&xml, model);
    return license_finish(&xml, hr, signer, text);
}
