/*
 * openmsdrm - MS-RMPR calls (stub until implemented).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "net/rmpr_client.h"

#include "msdrmerror.h"

HRESULT rmpr_call_url(const char *service_url, enum rmpr_operation operation, char **url)
{
    (void)service_url;
    (void)operation;
    (void)url;
    return E_NOTIMPL;
}

HRESULT rmpr_certify(const struct rmpr_call_options *options, const struct rmpr_documents *machine_chain, bool persistent, struct rmpr_documents *rac_chain)
{
    (void)options;
    (void)machine_chain;
    (void)persistent;
    (void)rac_chain;
    return E_NOTIMPL;
}

HRESULT rmpr_get_client_licensor_cert(const struct rmpr_call_options *options, const struct rmpr_documents *rac_chain, struct rmpr_documents *clc_chain)
{
    (void)options;
    (void)rac_chain;
    (void)clc_chain;
    return E_NOTIMPL;
}

HRESULT rmpr_get_licensor_certificate(const struct rmpr_call_options *options, struct rmpr_documents *slc_chain)
{
    (void)options;
    (void)slc_chain;
    return E_NOTIMPL;
}

HRESULT rmpr_find_service_locations(const struct rmpr_call_options *options, const char *const *types, size_t count, char **urls)
{
    (void)options;
    (void)types;
    (void)count;
    (void)urls;
    return E_NOTIMPL;
}

HRESULT rmpr_get_server_info(const struct rmpr_call_options *options, struct rmpr_server_info *info)
{
    (void)options;
    (void)info;
    return E_NOTIMPL;
}

HRESULT rmpr_acquire_template_information(const struct rmpr_call_options *options, struct rmpr_template_information *information)
{
    (void)options;
    (void)information;
    return E_NOTIMPL;
}

HRESULT rmpr_acquire_templates(const struct rmpr_call_options *options, const char *const *guids, size_t count, struct rmpr_template *templates)
{
    (void)options;
    (void)guids;
    (void)count;
    (void)templates;
    return E_NOTIMPL;
}
