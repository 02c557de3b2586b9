/*
 * openmsdrm - MS-RMPR messages (stub until implemented).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "net/rmpr_messages.h"

#include "msdrmerror.h"

const struct rmpr_operation_info * rmpr_operation_info(enum rmpr_operation operation)
{
    (void)operation;
    return NULL;
}

bool rmpr_operation_for_action(const char *soap_action, enum rmpr_operation *operation)
{
    (void)soap_action;
    (void)operation;
    return false;
}

bool rmpr_operation_at_path(enum rmpr_operation operation, const char *path)
{
    (void)operation;
    (void)path;
    return false;
}

const char * rmpr_fault_name(enum rmpr_fault fault)
{
    (void)fault;
    return NULL;
}

HRESULT rmpr_fault_hresult(const char *exception_name)
{
    (void)exception_name;
    return E_NOTIMPL;
}

HRESULT rmpr_write_fault(enum rmpr_fault fault, const char *text, char **message, size_t *length)
{
    (void)fault;
    (void)text;
    (void)message;
    (void)length;
    return E_NOTIMPL;
}

bool rmpr_check_versions(const struct rmpr_version_data *versions, enum rmpr_fault *fault)
{
    (void)versions;
    (void)fault;
    return false;
}

HRESULT rmpr_write_certify_request(const struct rmpr_documents *machine_chain, bool persistent, char **text, size_t *length)
{
    (void)machine_chain;
    (void)persistent;
    (void)text;
    (void)length;
    return E_NOTIMPL;
}

HRESULT rmpr_read_certify_response(const char *text, size_t length, struct rmpr_documents *rac_chain)
{
    (void)text;
    (void)length;
    (void)rac_chain;
    return E_NOTIMPL;
}

HRESULT rmpr_read_certify_request(const char *text, size_t length, struct rmpr_version_data *versions, struct rmpr_documents *machine_chain, bool *persistent)
{
    (void)text;
    (void)length;
    (void)versions;
    (void)machine_chain;
    (void)persistent;
    return E_NOTIMPL;
}

HRESULT rmpr_write_certify_response(const struct rmpr_documents *rac_chain, char **text, size_t *length)
{
    (void)rac_chain;
    (void)text;
    (void)length;
    return E_NOTIMPL;
}

HRESULT rmpr_write_get_client_licensor_cert_request(const struct rmpr_documents *rac_chain, char **text, size_t *length)
{
    (void)rac_chain;
    (void)text;
    (void)length;
    return E_NOTIMPL;
}

HRESULT rmpr_read_get_client_licensor_cert_response(const char *text, size_t length, struct rmpr_documents *clc_chain)
{
    (void)text;
    (void)length;
    (void)clc_chain;
    return E_NOTIMPL;
}

HRESULT rmpr_read_get_client_licensor_cert_request(const char *text, size_t length, struct rmpr_version_data *versions, struct rmpr_documents *rac_chain)
{
    (void)text;
    (void)length;
    (void)versions;
    (void)rac_chain;
    return E_NOTIMPL;
}

HRESULT rmpr_write_get_client_licensor_cert_response(const struct rmpr_documents *clc_chain, char **text, size_t *length)
{
    (void)clc_chain;
    (void)text;
    (void)length;
    return E_NOTIMPL;
}

HRESULT rmpr_write_get_licensor_certificate_request(char **text, size_t *length)
{
    (void)text;
    (void)length;
    return E_NOTIMPL;
}

HRESULT rmpr_read_get_licensor_certificate_response(const char *text, size_t length, struct rmpr_documents *slc_chain)
{
    (void)text;
    (void)length;
    (void)slc_chain;
    return E_NOTIMPL;
}

HRESULT rmpr_read_get_licensor_certificate_request(const char *text, size_t length, struct rmpr_version_data *versions)
{
    (void)text;
    (void)length;
    (void)versions;
    return E_NOTIMPL;
}

HRESULT rmpr_write_get_licensor_certificate_response(const struct rmpr_documents *slc_chain, char **text, size_t *length)
{
    (void)slc_chain;
    (void)text;
    (void)length;
    return E_NOTIMPL;
}

HRESULT rmpr_write_find_service_locations_request(const char *const *types, size_t count, char **text, size_t *length)
{
    (void)types;
    (void)count;
    (void)text;
    (void)length;
    return E_NOTIMPL;
}

HRESULT rmpr_read_find_service_locations_response(const char *text, size_t length, const char *const *types, size_t count, char **urls)
{
    (void)text;
    (void)length;
    (void)types;
    (void)count;
    (void)urls;
    return E_NOTIMPL;
}

HRESULT rmpr_read_find_service_locations_request(const char *text, size_t length, struct rmpr_version_data *versions, struct rmpr_strings *types)
{
    (void)text;
    (void)length;
    (void)versions;
    (void)types;
    return E_NOTIMPL;
}

HRESULT rmpr_write_find_service_locations_response(const char *const *types, const char *const *urls, size_t count, char **text, size_t *length)
{
    (void)types;
    (void)urls;
    (void)count;
    (void)text;
    (void)length;
    return E_NOTIMPL;
}

void rmpr_server_info_clear(struct rmpr_server_info *info)
{
    (void)info;
}

HRESULT rmpr_write_get_server_info_request(const char *const *types, size_t count, char **text, size_t *length)
{
    (void)types;
    (void)count;
    (void)text;
    (void)length;
    return E_NOTIMPL;
}

HRESULT rmpr_read_get_server_info_response(const char *text, size_t length, struct rmpr_server_info *info)
{
    (void)text;
    (void)length;
    (void)info;
    return E_NOTIMPL;
}

HRESULT rmpr_read_get_server_info_request(const char *text, size_t length, struct rmpr_strings *types)
{
    (void)text;
    (void)length;
    (void)types;
    return E_NOTIMPL;
}

HRESULT rmpr_write_get_server_info_response(const struct rmpr_strings *types, const struct rmpr_server_info *info, char **text, size_t *length)
{
    (void)types;
    (void)info;
    (void)text;
    (void)length;
    return E_NOTIMPL;
}

void rmpr_template_information_clear(struct rmpr_template_information *information)
{
    (void)information;
}

void rmpr_template_clear(struct rmpr_template *template_)
{
    (void)template_;
}

HRESULT rmpr_write_acquire_template_information_request(char **text, size_t *length)
{
    (void)text;
    (void)length;
    return E_NOTIMPL;
}

HRESULT rmpr_read_acquire_template_information_response(const char *text, size_t length, struct rmpr_template_information *info)
{
    (void)text;
    (void)length;
    (void)info;
    return E_NOTIMPL;
}

HRESULT rmpr_read_acquire_template_information_request(const char *text, size_t length, struct rmpr_version_data *versions)
{
    (void)text;
    (void)length;
    (void)versions;
    return E_NOTIMPL;
}

HRESULT rmpr_write_acquire_template_information_response(const struct rmpr_template_information *info, char **text, size_t *length)
{
    (void)info;
    (void)text;
    (void)length;
    return E_NOTIMPL;
}

HRESULT rmpr_write_acquire_templates_request(const char *const *guids, size_t count, char **text, size_t *length)
{
    (void)guids;
    (void)count;
    (void)text;
    (void)length;
    return E_NOTIMPL;
}

HRESULT rmpr_read_acquire_templates_response(const char *text, size_t length, const char *const *guids, size_t count, struct rmpr_template *templates)
{
    (void)text;
    (void)length;
    (void)guids;
    (void)count;
    (void)templates;
    return E_NOTIMPL;
}

HRESULT rmpr_read_acquire_templates_request(const char *text, size_t length, struct rmpr_version_data *versions, struct rmpr_strings *guids)
{
    (void)text;
    (void)length;
    (void)versions;
    (void)guids;
    return E_NOTIMPL;
}

HRESULT rmpr_write_acquire_templates_response(const struct rmpr_template *templates, size_t count, char **text, size_t *length)
{
    (void)templates;
    (void)count;
    (void)text;
    (void)length;
    return E_NOTIMPL;
}

HRESULT rmpr_write_acquire_issuance_license_request(const char *unsigned_license, size_t length, char **text, size_t *text_length)
{
    (void)unsigned_license;
    (void)length;
    (void)text;
    (void)text_length;
    return E_NOTIMPL;
}

HRESULT rmpr_read_acquire_issuance_license_request(const char *text, size_t length, struct rmpr_version_data *versions, struct rmpr_documents *unsigned_license)
{
    (void)text;
    (void)length;
    (void)versions;
    (void)unsigned_license;
    return E_NOTIMPL;
}

HRESULT rmpr_write_acquire_license_request(const struct rmpr_documents *licensee, const struct rmpr_documents *issuance_license, char **text, size_t *length)
{
    (void)licensee;
    (void)issuance_license;
    (void)text;
    (void)length;
    return E_NOTIMPL;
}

HRESULT rmpr_read_acquire_license_request(const char *text, size_t length, struct rmpr_version_data *versions, struct rmpr_documents *licensee, struct rmpr_documents *issuance_license)
{
    (void)text;
    (void)length;
    (void)versions;
    (void)licensee;
    (void)issuance_license;
    return E_NOTIMPL;
}
