/*
 * openmsdrm - where the AD RMS services are (DRMGetServiceLocation), and
 * how the client's operations reach them (service_call).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_SERVICE_LOCATION_H
#define MSDRM_SERVICE_LOCATION_H

#include "store/license_store.h"
#include "net/rmpr_client.h"
#include "runtime/operation.h"
#include "msdrmdefs.h"

/*
 * The URL of service `type` (one DRM_SERVICE_TYPE_* without SILENT) at
 * `location`, by functions/DRMGetServiceLocation.md's decision table, as a
 * heap UTF-16 string (free with free). `from` is the user asking (the
 * session's group ID, UTF-8; NULL: none), for the servers asked.
 *
 * First what is configured: the registry key
 * HKLM\SOFTWARE\Microsoft\MSDRM\ServiceLocation\<Activation |
 * EnterprisePublishing | CloudPublishing>, then the environment variable
 * MSDRM_SERVICE_LOCATION_<ACTIVATION | ENTERPRISEPUBLISHING |
 * CLOUDPUBLISHING> (for test rigs). Then, where the page says a server is
 * asked: with an issuance license, the licensing server its first
 * License-Acquisition-URL (else Extranet-License-Acquisition-URL)
 * distribution point names; for publishing without one, the configured
 * certification service (there is no Active Directory to find it in).
 * That server is asked with FindServiceLocationsForUser for the internal
 * service, else the external one (spec/rmpr.md §4), and a licensing
 * server that names neither with GetServerInfo's service locations. What
 * servers answer is kept for the life of the process, by server, service
 * and user, and takes precedence over asking again (§3.7.4.2).
 *
 * E_DRM_USE_DEFAULT for certification on the Internet without an
 * issuance license; E_DRM_SERVICE_NOT_FOUND when nothing is configured
 * and no server names the service; E_DRM_INVALID_LICENSE for an issuance
 * license that is not a signed one; the call's error when the server
 * asked cannot answer (rmpr_client.h).
 */
HRESULT service_location_find(UINT type, UINT location, const WCHAR *issuance_license,
                              const char *from, WCHAR **url);

/* DRMGetServiceLocation after its argument checks: `session` may be
 * DRMHSESSION_INVALID; a client session gives its group ID as `from`. */
HRESULT service_location_lookup(DRMHSESSION session, UINT type, UINT location,
                                const WCHAR *issuance_license, WCHAR **url);

/*
 * How an operation reaches a service: the URL the caller gave (UTF-8;
 * NULL: discovered as service_location_find does at the enterprise,
 * without an issuance license), the user in From, and the timeout
 * (SERVICE_TIMEOUT_MS, or MSDRM_HTTP_TIMEOUT_MS from the environment for
 * test rigs). E_DRM_SERVER_NOT_FOUND when no URL is given or found.
 */
struct service_call {
    char *url;
    char *from;
    struct rmpr_call_options options; /* points into the two above */
};

#define SERVICE_TIMEOUT_MS 60000u

HRESULT service_call_prepare(UINT type, const char *url, const char *from,
                             struct service_call *call);
void service_call_clear(struct service_call *call);

/*
 * What every operation of a client session that calls a service holds:
 * the first member of its state (user activation, client licensor
 * certificates, templates).
 */
struct client_session;
struct service_operation {
    struct client_session *session; /* a reference */
    struct license_store *store;    /* opened on the caller's thread */
    char *url;                      /* the caller's, UTF-8; NULL: discovered */
    char *from;                     /* the session's group ID, UTF-8, or NULL */
    void (*clear)(void *state);     /* frees the rest of the state; may be NULL */
};

/*
 * Starts operation `kind` on the client session `handle`: `state`
 * (heap, its first member a zeroed struct service_operation with `clear`
 * set; taken over, whatever happens) gets the session, the store (opened
 * here: its failure fails the call), `url` and the session's group ID,
 * and `run` runs on the operation's worker (runtime/operation.h).
 */
HRESULT service_operation_start(DRMHSESSION handle, enum operation_kind kind, const WCHAR *url,
                                void *context, struct service_operation *state,
                                HRESULT (*run)(struct operation *operation, void *state));

/* The *_CANCEL flags: cancels the session's running operations of `kind`. */
HRESULT service_operation_cancel(DRMHSESSION handle, enum operation_kind kind);

#endif /* MSDRM_SERVICE_LOCATION_H */
