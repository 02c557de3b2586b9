/*
 * openmsdrm - asynchronous operations: the work DRMActivate,
 * DRMAcquireLicense, DRMAcquireAdvisories, DRMAcquireIssuanceLicenseTemplate
 * and DRMGetSignedIssuanceLicense[Ex] start. The call returns; a worker
 * thread runs the operation and reports through a dispatcher channel
 * (dispatch.h), so messages arrive in order, on the dispatcher's thread.
 *
 * The module keeps the rules every operation shares (guide.md §3):
 *  - one at a time where the documentation says so, a property of the
 *    kind: a start that would make a second one is refused with
 *    E_DRM_ALREADY_IN_PROGRESS, and no callback follows;
 *  - exactly one terminal message per started operation: the run function
 *    returns its result and the module posts S_DRM_COMPLETED (with the
 *    result set by operation_set_result) or the failure (pvParam NULL).
 *    The progress helpers below cannot express a terminal status, and
 *    nothing can be posted once the run function has returned;
 *  - cancellation (the *_CANCEL flags): operation_cancel marks the running
 *    operations of a kind and scope, the run function polls
 *    operation_cancelled between steps, and a cancelled operation that
 *    fails ends with E_DRM_ABORTED;
 *  - nothing after the channel closes (DRMCloseSession on a session's last
 *    handle): the operation holds a reference on the channel's owner, so
 *    its posts are refused instead of touching freed memory; the work
 *    itself still finishes. The worker keeps the DLL loaded while it runs
 *    (platform_thread_start), and a process may exit while one runs.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_OPERATION_H
#define MSDRM_OPERATION_H

#include <stdbool.h>

#include "runtime/dispatch.h"
#include "util/object.h"
#include "msdrmdefs.h"

/* What an operation is; each kind has its status message (operation.c). */
enum operation_kind {
    OPERATION_MACHINE_ACTIVATION,          /* DRMActivate, MACHINE */
    OPERATION_USER_ACTIVATION,             /* DRMActivate, GROUPIDENTITY */
    OPERATION_LICENSE_ACQUISITION,         /* DRMAcquireLicense, storage session: an EUL */
    OPERATION_CLIENT_LICENSOR_ACQUISITION, /* DRMAcquireLicense, client session: a CLC */
    OPERATION_ADVISORY_ACQUISITION,        /* DRMAcquireAdvisories */
    OPERATION_TEMPLATE_ACQUISITION,        /* DRMAcquireIssuanceLicenseTemplate */
    OPERATION_SIGNING,                     /* DRMGetSignedIssuanceLicense[Ex], any mode */
    OPERATION_KIND_COUNT
};

struct operation;

struct operation_request {
    enum operation_kind kind;
    /* Where the messages go; its owner is referenced while the operation runs. */
    struct dispatch_channel *channel;
    /* What a cancel names (the session the call was made on), referenced
     * while the operation runs; may be NULL. */
    struct object *scope;
    void *context; /* the caller's pvContext, passed to every callback */
    /* Optional: runs on the caller's thread once the start is allowed,
     * before the worker exists. Its failure is what the start returns, and
     * no callback follows. */
    HRESULT (*prepare)(void *state);
    /* The work, on the worker thread. A success ends the operation with
     * S_DRM_COMPLETED, a failure with that code. */
    HRESULT (*run)(struct operation *operation, void *state);
    void *state;
    void (*free_state)(void *state); /* may be NULL */
};

/*
 * Starts an operation. Always takes ownership of request->state (freed
 * with free_state when the operation ends, or at once if it cannot start).
 * S_OK: exactly one terminal message will be posted. Otherwise nothing is
 * posted: E_DRM_ALREADY_IN_PROGRESS, E_OUTOFMEMORY, or prepare's failure.
 */
HRESULT operation_start(const struct operation_request *request);

/* The progress a run function reports, none of them terminal. */
enum operation_step {
    OPERATION_CONNECTING,        /* S_DRM_CONNECTING */
    OPERATION_CONNECTED,         /* S_DRM_CONNECTED */
    OPERATION_ALREADY_ACTIVATED, /* S_DRM_ALREADY_ACTIVATED */
};

/*
 * Posts a step, or S_DRM_INPROGRESS with pvParam a DWORD* to `percent`.
 * A message that cannot be posted (closed channel, no memory) is dropped:
 * progress is not worth failing for.
 */
void operation_report(struct operation *operation, enum operation_step step);
void operation_progress(struct operation *operation, DWORD percent);

/*
 * The pvParam of S_DRM_COMPLETED: NULL or a string the callback reads
 * (the RAC, the signed issuance license), released with `free_param`
 * after the callback returns, or when the operation fails instead.
 */
void operation_set_result(struct operation *operation, void *param, void (*free_param)(void *));

/* Whether the operation was cancelled: the run function's poll. */
bool operation_cancelled(const struct operation *operation);

/*
 * Marks every running operation of `kind` started with `scope` cancelled.
 * Returns whether there was any. One that then fails ends with
 * E_DRM_ABORTED; one that completes anyway (the work was done) still ends
 * with S_DRM_COMPLETED.
 */
bool operation_cancel(enum operation_kind kind, const struct object *scope);

#endif /* MSDRM_OPERATION_H */
