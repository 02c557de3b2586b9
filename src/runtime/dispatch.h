/*
 * openmsdrm - the callback dispatcher: asynchronous operations post their
 * status messages here, and one dispatcher thread delivers them to the
 * application's DRMCALLBACK, never on the caller's thread.
 *
 * Guarantees:
 *  - messages of one channel (a client session) arrive in the order posted;
 *  - no internal lock is held while a callback runs;
 *  - once dispatch_channel_close() returns, no callback of that channel
 *    runs or starts, except that closing from inside that channel's own
 *    callback returns at once (it cannot wait for itself) and only that
 *    running callback finishes.
 * Exactly one terminal message per operation is the poster's duty.
 *
 * The thread starts at the first post and exits after it has been idle for
 * a while, releasing its pin on the DLL (platform_thread_start).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_DISPATCH_H
#define MSDRM_DISPATCH_H

#include <stdatomic.h>
#include <stdbool.h>

#include "util/object.h"
#include "msdrmdefs.h"

/* Where messages go; lives inside its owner object (a client session). */
struct dispatch_channel {
    struct object *owner; /* kept alive by each queued message */
    DRMCALLBACK callback;
    atomic_uint state; /* CHANNEL_POSTED once a post began, CHANNEL_CLOSED once closed */
};

void dispatch_channel_init(struct dispatch_channel *channel, struct object *owner,
                           DRMCALLBACK callback);

/*
 * Queues one status message. `param` is passed to the callback as pvParam
 * and, after the callback returns, released with `free_param` (may be
 * NULL). On failure `free_param` has already been applied. Returns
 * E_DRM_INVALID_HANDLE when the channel is closed.
 */
HRESULT dispatch_post(struct dispatch_channel *channel, DRM_STATUS_MSG message, HRESULT status,
                      void *param, void (*free_param)(void *param), void *context);

/*
 * Closes the channel: drops its queued messages and waits for its running
 * callback, unless called from that callback. A channel that was never
 * posted to closes without the dispatcher's lock.
 */
void dispatch_channel_close(struct dispatch_channel *channel);

#endif /* MSDRM_DISPATCH_H */
