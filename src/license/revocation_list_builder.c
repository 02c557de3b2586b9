/*
 * openmsdrm - the builder of revocation lists (see license_builders.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "license/license_builders.h"

#include "license/license_writer.h"
#include "msdrmerror.h"

HRESULT license_build_revocation_list(const struct license_model *model, EVP_PKEY *signer,
                                      char **text)
{
    *text = NULL;
    if (license_id(model) == NULL)
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    HRESULT hr = license_write_head(&xml,
                                    &(struct license_head){.body_type = "LICENSE",
                                                           .typed_descriptor = true,
                                                           .descriptor_type = "Revocation-List"},
                                    model);
    struct license_model list = *model;
    list.has_revocation_list = true; /* written even when empty */
    license_keep(&hr, license_write_revocation_list(&xml, &list));
    return license_finish(&xml, hr, signer, text);
}
