/*
 * openmsdrm - DRMAcquireIssuanceLicenseTemplate: the rights policy
 * templates of a template distribution server, synchronised into the
 * store (functions/DRMAcquireIssuanceLicenseTemplate.md; spec/rmpr.md
 * §5.9). An operation (runtime/operation.h) whose only message is the
 * terminal DRM_MSG_ACQUIRE_ISSUANCE_LICENSE_TEMPLATE: S_DRM_COMPLETED
 * (pvParam NULL, always) or the failure, the page listing no progress.
 *
 * The sync (§5.9): AcquireTemplateInformation lists the server's key and
 * its templates' GUIDs and hashes; AcquireTemplates (25 GUIDs a call)
 * fetches what this store lacks, and with DRM_AILT_OBTAIN_ALL also what
 * changed (another hash); each one is verified
 * (credentials/rights_template.h); then, in one transaction under the
 * per-user lock, the fetched ones are added or replace theirs and, with
 * OBTAIN_ALL, the server's templates it no longer lists are deleted.
 * Other servers' templates are left as they are. Without OBTAIN_ALL
 * nothing is replaced or deleted: the page gives those effects to that
 * flag alone.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_TEMPLATE_ACQUISITION_H
#define MSDRM_TEMPLATE_ACQUISITION_H

#include <stdbool.h>

#include "msdrmdefs.h"

/*
 * Starts the sync for client session `session` with the service at `url`
 * (the licensing URL; NULL: the one service discovery names). Failures
 * reach the callback: E_DRM_SERVER_NOT_FOUND, the calls' own
 * (net/rmpr_client.h: E_DRM_NO_CONNECT, ...), E_DRM_INVALID_SERVER_RESPONSE
 * for a list or template that is not valid (nothing is then changed),
 * E_DRM_ABORTED once cancelled.
 */
HRESULT template_acquisition_start(DRMHSESSION session, bool obtain_all, const WCHAR *url,
                                   void *context);

/* DRM_AILT_CANCEL: cancels the session's running template acquisitions. */
HRESULT template_acquisition_cancel(DRMHSESSION session);

#endif /* MSDRM_TEMPLATE_ACQUISITION_H */
