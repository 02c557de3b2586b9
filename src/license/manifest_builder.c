/*
 * openmsdrm - the builder of application manifests (see
 * license_builders.h). Applications build their manifest (version before
 * xmlns, as client-built documents are, spec/xrml.md §1).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "license/license_builders.h"

#include "license/license_writer.h"
#include "msdrmerror.h"

HRESULT license_build_application_manifest(const struct license_model *model, EVP_PKEY *signer,
                                           char **text)
{
    *text = NULL;
    if (license_id(model) == NULL)
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    HRESULT hr =
        license_write_head(&xml,
                           &(struct license_head){.client = true,
                                                  .body_type = "Microsoft Rights Manifest",
                                                  .typed_descriptor = true,
                                                  .descriptor_type = "Application-Manifest"},
                           model);
    license_write_policy_lists(&xml, model);
    return license_finish(&xml, hr, signer, text);
}
