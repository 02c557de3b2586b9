/*
 * openmsdrm - one builder per document type (see license_builders.h):
 * each is its layout, the order spec/xrml.md §4 gives its parts and the
 * published documents confirm (the RAC, CLC, PLs, UL and machine
 * certificate of tests/data/xrml-examples are built again byte for
 * byte), and the IDs it cannot do without. The server builds
 * certificates, end-user licenses and templates (xmlns before version);
 * the client machine certificates, publishing licenses and manifests.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "license/license_builders.h"

#include <string.h>

#include "license/license_writer.h"
#include "msdrmerror.h"

static const struct license_layout issuing_certificate = {
    .body_type = "LICENSE",
    .typed_descriptor = true, /* the model's: Server-Licensor- or DRM-CA-Certificate */
    .parts = {PART_POINTS, PART_PRINCIPALS, PART_REFERRALS, PART_WORKS, PART_CONDITIONS}};

static const struct license_layout machine_certificate = {
    .client = true,
    .body_type = "LICENSE",
    .typed_descriptor = true,
    .descriptor_type = "Machine-Certificate",
    .parts = {PART_POINTS, PART_PRINCIPALS, PART_REFERRALS}};

static const struct license_layout rights_account_certificate = {
    .body_type = "LICENSE",
    .typed_descriptor = true,
    .descriptor_type = "Group-Identity-Credential",
    .parts = {PART_POINTS, PART_PRINCIPALS, PART_REFERRALS, PART_FEDERATION_PRINCIPALS}};

static const struct license_layout client_licensor_certificate = {
    .body_type = "LICENSE",
    .typed_descriptor = true,
    .descriptor_type = "Client-Licensor-Certificate",
    .parts = {PART_POINTS, PART_PRINCIPALS, PART_REFERRALS, PART_WORKS}};

/* Its DESCRIPTOR OBJECT has no type (§4.5). */
static const struct license_layout publishing_license = {.client = true,
                                                         .body_type = "Microsoft Rights Label",
                                                         .parts = {PART_POINTS, PART_PRINCIPALS,
                                                                   PART_REFERRALS, PART_WORKS,
                                                                   PART_DATA, PART_POLICY_LISTS}};

static const struct license_layout end_user_license = {
    .purpose = "Content-License",
    .body_type = "LICENSE",
    .typed_descriptor = true,
    .descriptor_type = "Content-License",
    .conditions = CONDITIONS_ACCESS_FIRST,
    .parts = {PART_POINTS, PART_PRINCIPALS, PART_REFERRALS, PART_WORKS, PART_CONDITIONS,
              PART_POLICY_LISTS, PART_DATA}};

/* An official template's BODY has no version attribute (§1.1). */
static const struct license_layout rights_template = {
    .body_type = "Microsoft Official Rights Template",
    .unversioned = true,
    .parts = {PART_POINTS, PART_REFERRALS, PART_WORKS, PART_DATA}};

static const struct license_layout revocation_list = {.body_type = "LICENSE",
                                                      .typed_descriptor = true,
                                                      .descriptor_type = "Revocation-List",
                                                      .parts = {PART_REVOCATION_LIST}};

static const struct license_layout application_manifest = {.client = true,
                                                           .body_type = "Microsoft Rights Manifest",
                                                           .typed_descriptor = true,
                                                           .descriptor_type =
                                                               "Application-Manifest",
                                                           .parts = {PART_POLICY_LISTS}};

/* What a document type cannot do without. */
enum needs { NEEDS_NOTHING = 0, NEEDS_ID = 1, NEEDS_CONTENT_ID = 2 };

static HRESULT build(const struct license_layout *layout, unsigned needs,
                     const struct license_model *model, EVP_PKEY *signer, char **text)
{
    *text = NULL;
    if (((needs & NEEDS_ID) && license_id(model) == NULL) ||
        ((needs & NEEDS_CONTENT_ID) && license_content_id(model) == NULL))
        return E_INVALIDARG;
    return license_write(layout, model, signer, text);
}

static bool is_issuing_type(const struct license_object *descriptor)
{
    return descriptor != NULL && descriptor->type != NULL &&
           (strcmp(descriptor->type, "Server-Licensor-Certificate") == 0 ||
            strcmp(descriptor->type, "DRM-CA-Certificate") == 0);
}

HRESULT license_build_issuing_certificate(const struct license_model *model, EVP_PKEY *signer,
                                          char **text)
{
    *text = NULL;
    if (!is_issuing_type(model->descriptor))
        return E_INVALIDARG;
    return build(&issuing_certificate, NEEDS_ID, model, signer, text);
}

HRESULT license_build_machine_certificate(const struct license_model *model, EVP_PKEY *signer,
                                          char **text)
{
    return build(&machine_certificate, NEEDS_ID, model, signer, text);
}

HRESULT license_build_rights_account_certificate(const struct license_model *model,
                                                 EVP_PKEY *signer, char **text)
{
    return build(&rights_account_certificate, NEEDS_ID, model, signer, text);
}

HRESULT license_build_client_licensor_certificate(const struct license_model *model,
                                                  EVP_PKEY *signer, char **text)
{
    return build(&client_licensor_certificate, NEEDS_ID, model, signer, text);
}

HRESULT license_build_publishing_license(const struct license_model *model, EVP_PKEY *signer,
                                         char **text)
{
    return build(&publishing_license, NEEDS_CONTENT_ID, model, signer, text);
}

HRESULT license_build_end_user_license(const struct license_model *model, EVP_PKEY *signer,
                                       char **text)
{
    return build(&end_user_license, NEEDS_ID | NEEDS_CONTENT_ID, model, signer, text);
}

HRESULT license_build_rights_template(const struct license_model *model, EVP_PKEY *signer,
                                      char **text)
{
    return build(&rights_template, NEEDS_NOTHING, model, signer, text);
}

HRESULT license_build_revocation_list(const struct license_model *model, EVP_PKEY *signer,
                                      char **text)
{
    return build(&revocation_list, NEEDS_ID, model, signer, text);
}

HRESULT license_build_application_manifest(const struct license_model *model, EVP_PKEY *signer,
                                           char **text)
{
    return build(&application_manifest, NEEDS_ID, model, signer, text);
}

const license_builder license_builders[] = {
    license_build_issuing_certificate,
    license_build_machine_certificate,
    license_build_rights_account_certificate,
    license_build_client_licensor_certificate,
    license_build_publishing_license,
    license_build_end_user_license,
    license_build_rights_template,
    license_build_revocation_list,
    license_build_application_manifest,
};

const size_t license_builder_count = sizeof license_builders / sizeof license_builders[0];
