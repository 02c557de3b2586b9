/*
 * openmsdrm - the MS-RMPR calls a client makes (spec/rmpr.md §5, §6):
 * one function per operation, each one POST over http_transport_current()
 * (net/http_transport.h) with the message of net/rmpr_messages.h.
 *
 * Every call returns S_OK with its results, or one documented HRESULT:
 * - the transport's own failures (platform/http.h): E_DRM_NO_CONNECT,
 *   E_DRM_SERVER_ERROR (timeout, broken connection),
 *   E_DRM_INVALID_SERVER_RESPONSE (a reply over RMPR_MAX_REPLY bytes);
 * - HTTP 401 and 403: E_DRM_AUTHENTICATION_FAILED (401) and
 *   E_DRM_REQUEST_DENIED (403); 404: E_DRM_SERVER_NOT_FOUND;
 * - a SOAP fault (whatever the status, usually 500): the HRESULT of its
 *   exception name (rmpr_fault_hresult; unknown names E_DRM_SERVER_ERROR);
 * - any other status that is not 200 (e.g. a 500 with an HTML page):
 *   E_DRM_SERVER_ERROR;
 * - a 200 whose body is not this operation's response:
 *   E_DRM_INVALID_SERVER_RESPONSE;
 * - E_INVALIDARG (NULL arguments, no service URL), E_OUTOFMEMORY.
 * Outputs are written only on success.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_NET_RMPR_CLIENT_H
#define MSDRM_NET_RMPR_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/rmpr_lists.h"
#include "net/rmpr_messages.h"
#include "msdrmdefs.h"

/* Replies longer than this are refused unread. */
#define RMPR_MAX_REPLY ((size_t)16 << 20)

struct rmpr_call_options {
    /* The service URL as DRM_ACTIVATION_SERVER_INFO, the registry or
     * discovery give it: "http(s)://host/_wmcs/certification" or
     * ".../licensing" (a trailing '/' is allowed). The call appends the
     * operation's .asmx file (spec/rmpr.md §3); a URL that already ends
     * in ".asmx" (ASCII case ignored) is used as given. */
    const char *service_url;
    const char *from;    /* the From header: the user's e-mail; NULL: none */
    uint32_t timeout_ms; /* connect and total timeout; 0: the transport's */
};

/*
 * The URL a call posts to (heap): service_url plus "/" plus the
 * operation's file, or service_url itself when it ends in ".asmx".
 * E_INVALIDARG for an empty URL.
 */
HRESULT rmpr_call_url(const char *service_url, enum rmpr_operation operation, char **url);

/* Certify: the machine's SPC chain (leaf first) for a RAC chain (RAC
 * first, then the server's chain). persistent false: a temporary RAC. */
HRESULT rmpr_certify(const struct rmpr_call_options *options,
                     const struct rmpr_documents *machine_chain, bool persistent,
                     struct rmpr_documents *rac_chain);

/* GetClientLicensorCert: the RAC chain for a CLC chain. */
HRESULT rmpr_get_client_licensor_cert(const struct rmpr_call_options *options,
                                      const struct rmpr_documents *rac_chain,
                                      struct rmpr_documents *clc_chain);

/* GetLicensorCertificate: the server's SLC chain (SLC first). */
HRESULT rmpr_get_licensor_certificate(const struct rmpr_call_options *options,
                                      struct rmpr_documents *slc_chain);

/* FindServiceLocationsForUser: urls[i] (heap, or NULL when the server
 * names none) for each of the `count` service types. */
HRESULT rmpr_find_service_locations(const struct rmpr_call_options *options,
                                    const char *const *types, size_t count, char **urls);

/* GetServerInfo, asking for the version, the SLC chain and the service
 * locations. The caller clears *info (rmpr_server_info_clear). */
HRESULT rmpr_get_server_info(const struct rmpr_call_options *options,
                             struct rmpr_server_info *info);

/* AcquireTemplateInformation: the server's key and its templates' GUIDs
 * and hashes (rmpr_template_information_clear). */
HRESULT rmpr_acquire_template_information(const struct rmpr_call_options *options,
                                          struct rmpr_template_information *information);

/* AcquireTemplates: templates[i] for guids[i] (count at most
 * RMPR_MAX_TEMPLATES_PER_CALL, else E_INVALIDARG); text NULL when the
 * server has none. The caller clears each (rmpr_template_clear). */
HRESULT rmpr_acquire_templates(const struct rmpr_call_options *options, const char *const *guids,
                               size_t count, struct rmpr_template *templates);

#endif /* MSDRM_NET_RMPR_CLIENT_H */
