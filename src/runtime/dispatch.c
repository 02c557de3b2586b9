/*
 * openmsdrm - the callback dispatcher (see dispatch.h).
 *
 * One FIFO queue and one thread for the process: a single thread gives the
 * per-session order for free. `current` names the channel whose callback
 * is running, so that a close can wait for it; `idle` wakes such waiters.
 *
 * A channel's state says whether a post ever began and whether it is
 * closed; both are set by atomic read-modify-writes, so a post and a close
 * see each other in one order: the post first (the close then takes the
 * lock and drops or waits for what it queued) or the close first (the post
 * is refused). A session that never posted closes without the lock.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runtime/dispatch.h"

#include <stdlib.h>

#include "msdrmerror.h"
#include "platform/platform.h"

/* How long the thread waits for work before it exits. */
#define IDLE_EXIT_MS 2000

#define CHANNEL_POSTED 1u
#define CHANNEL_CLOSED 2u

struct message {
    struct message *next;
    struct dispatch_channel *channel;
    DRM_STATUS_MSG message;
    HRESULT status;
    void *param;
    void (*free_param)(void *param);
    void *context;
};

static platform_mutex lock = PLATFORM_MUTEX_INIT;
static platform_cond work = PLATFORM_COND_INIT;
static platform_cond idle = PLATFORM_COND_INIT;
static struct message *head;
static struct message *tail;
static bool thread_running;
static unsigned long thread_id;
static struct dispatch_channel *current;

void dispatch_channel_init(struct dispatch_channel *channel, struct object *owner,
                           DRMCALLBACK callback)
{
    channel->owner = owner;
    channel->callback = callback;
    atomic_init(&channel->state, 0);
}

static bool channel_closed(struct dispatch_channel *channel)
{
    return (atomic_load_explicit(&channel->state, memory_order_acquire) & CHANNEL_CLOSED) != 0;
}

/* Outside the lock: the message's owner may be destroyed here. */
static void message_free(struct message *message)
{
    if (message->free_param != NULL)
        message->free_param(message->param);
    object_unref(message->channel->owner);
    free(message);
}

static void dispatcher_main(void *unused)
{
    (void)unused;
    platform_mutex_lock(&lock);
    thread_id = platform_thread_id();
    for (;;) {
        while (head == NULL) {
            if (!platform_cond_wait_ms(&work, &lock, IDLE_EXIT_MS) && head == NULL) {
                thread_running = false;
                thread_id = 0;
                platform_mutex_unlock(&lock);
                return;
            }
        }
        struct message *message = head;
        head = message->next;
        if (head == NULL)
            tail = NULL;
        current = message->channel;
        platform_mutex_unlock(&lock);

        message->channel->callback(message->message, message->status, message->param,
                                   message->context);

        platform_mutex_lock(&lock);
        current = NULL;
        platform_cond_broadcast(&idle);
        platform_mutex_unlock(&lock);
        message_free(message);
        platform_mutex_lock(&lock);
    }
}

HRESULT dispatch_post(struct dispatch_channel *channel, DRM_STATUS_MSG message_type, HRESULT status,
                      void *param, void (*free_param)(void *param), void *context)
{
    unsigned before =
        atomic_fetch_or_explicit(&channel->state, CHANNEL_POSTED, memory_order_acq_rel);
    if (before & CHANNEL_CLOSED) {
        if (free_param != NULL)
            free_param(param);
        return E_DRM_INVALID_HANDLE;
    }
    struct message *message = malloc(sizeof *message);
    if (message == NULL) {
        if (free_param != NULL)
            free_param(param);
        return E_OUTOFMEMORY;
    }
    *message = (struct message){NULL, channel, message_type, status, param, free_param, context};
    object_ref(channel->owner);

    HRESULT hr = S_OK;
    platform_mutex_lock(&lock);
    if (channel_closed(channel)) {
        hr = E_DRM_INVALID_HANDLE;
    } else if (!thread_running) {
        hr = platform_thread_start(dispatcher_main, NULL);
        thread_running = SUCCEEDED(hr);
    }
    if (SUCCEEDED(hr)) {
        if (tail == NULL)
            head = message;
        else
            tail->next = message;
        tail = message;
        platform_cond_signal(&work);
    }
    platform_mutex_unlock(&lock);

    if (FAILED(hr))
        message_free(message);
    return hr;
}

void dispatch_channel_close(struct dispatch_channel *channel)
{
    unsigned before =
        atomic_fetch_or_explicit(&channel->state, CHANNEL_CLOSED, memory_order_acq_rel);
    if ((before & CHANNEL_POSTED) == 0)
        return; /* nothing was or will be queued: no callback of it can run */
    struct message *dropped = NULL;
    platform_mutex_lock(&lock);
    for (struct message **link = &head; *link != NULL;) {
        struct message *message = *link;
        if (message->channel == channel) {
            *link = message->next;
            message->next = dropped;
            dropped = message;
        } else {
            tail = message;
            link = &message->next;
        }
    }
    if (head == NULL)
        tail = NULL;
    bool own_callback = thread_running && thread_id == platform_thread_id();
    while (current == channel && !own_callback)
        platform_cond_wait(&idle, &lock);
    platform_mutex_unlock(&lock);

    while (dropped != NULL) {
        struct message *next = dropped->next;
        message_free(dropped);
        dropped = next;
    }
}
