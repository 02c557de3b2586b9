/*
 * openmsdrm - asynchronous operations (see operation.h).
 *
 * One list of the running operations for the process, under `lock`: what
 * "one at a time" counts and what a cancel searches. An operation is in it
 * from the moment its start is allowed until its terminal message is
 * queued, and both happen under the lock, so a caller whose callback saw
 * the terminal message can start the next one at once, and the next one's
 * messages never overtake the terminal message on the same channel.
 *
 * Lock order: `lock`, then the dispatcher's (dispatch_post queues the
 * terminal message under `lock`; it never runs a callback or waits).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runtime/operation.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "util/trace.h"
#include "msdrmerror.h"
#include "platform/platform.h"

/*
 * Each kind's message and whether only one may run at a time.
 *
 * Machine activation: one per process. DRM_MSG_ACTIVATE_MACHINE documents
 * E_DRM_ALREADY_IN_PROGRESS ("a machine activation is already in
 * progress"), and the identity it makes belongs to the user, not to a
 * session; a user's processes are serialised by the per-user lock instead.
 *
 * Every other kind: no limit. No page documents a refusal for them
 * (E_DRM_ALREADY_IN_PROGRESS is only described for machine activation),
 * and refusing would break a caller that overlaps requests. Their *_CANCEL
 * flags "cancel the previous request": operation_cancel marks all running
 * ones of that kind on that session, which is the same thing for callers
 * that run one at a time (WPF, the SDK samples).
 */
static const struct operation_rules {
    DRM_STATUS_MSG message;
    bool one_per_process;
} rules[OPERATION_KIND_COUNT] = {
    [OPERATION_MACHINE_ACTIVATION] = {DRM_MSG_ACTIVATE_MACHINE, true},
    [OPERATION_USER_ACTIVATION] = {DRM_MSG_ACTIVATE_GROUPIDENTITY, false},
    [OPERATION_LICENSE_ACQUISITION] = {DRM_MSG_ACQUIRE_LICENSE, false},
    [OPERATION_CLIENT_LICENSOR_ACQUISITION] = {DRM_MSG_ACQUIRE_CLIENTLICENSOR, false},
    [OPERATION_ADVISORY_ACQUISITION] = {DRM_MSG_ACQUIRE_ADVISORY, false},
    [OPERATION_TEMPLATE_ACQUISITION] = {DRM_MSG_ACQUIRE_ISSUANCE_LICENSE_TEMPLATE, false},
    [OPERATION_SIGNING] = {DRM_MSG_SIGN_ISSUANCE_LICENSE, false},
};

/* How long a terminal message refused for lack of memory is retried. */
#define TERMINAL_RETRY_MS 10000

struct operation {
    struct operation *previous; /* in `running`, under `lock` */
    struct operation *next;
    enum operation_kind kind;
    struct dispatch_channel *channel;
    struct object *scope;
    void *context;
    HRESULT (*run)(struct operation *operation, void *state);
    void *state;
    void (*free_state)(void *state);
    void *result;
    void (*free_result)(void *result);
    atomic_bool cancelled;
};

static platform_mutex lock = PLATFORM_MUTEX_INIT;
static struct operation *running;
static unsigned running_of_kind[OPERATION_KIND_COUNT];

/* Under `lock`. */
static void running_remove(struct operation *operation)
{
    if (operation->previous != NULL)
        operation->previous->next = operation->next;
    else
        running = operation->next;
    if (operation->next != NULL)
        operation->next->previous = operation->previous;
    running_of_kind[operation->kind]--;
}

static HRESULT running_add(struct operation *operation)
{
    HRESULT hr = S_OK;
    platform_mutex_lock(&lock);
    if (rules[operation->kind].one_per_process && running_of_kind[operation->kind] > 0) {
        hr = E_DRM_ALREADY_IN_PROGRESS;
    } else {
        operation->next = running;
        if (running != NULL)
            running->previous = operation;
        running = operation;
        running_of_kind[operation->kind]++;
    }
    platform_mutex_unlock(&lock);
    return hr;
}

static void post(struct operation *operation, HRESULT status, void *param,
                 void (*free_param)(void *))
{
    /* A closed channel refuses the post: nothing more is delivered. */
    dispatch_post(operation->channel, rules[operation->kind].message, status, param, free_param,
                  operation->context);
}

void operation_report(struct operation *operation, enum operation_step step)
{
    static const HRESULT statuses[] = {
        [OPERATION_CONNECTING] = S_DRM_CONNECTING,
        [OPERATION_CONNECTED] = S_DRM_CONNECTED,
        [OPERATION_ALREADY_ACTIVATED] = S_DRM_ALREADY_ACTIVATED,
    };
    if ((unsigned)step < sizeof statuses / sizeof statuses[0])
        post(operation, statuses[step], NULL, NULL);
}

void operation_progress(struct operation *operation, DWORD percent)
{
    DWORD *param = malloc(sizeof *param);
    if (param == NULL)
        return;
    *param = percent;
    post(operation, S_DRM_INPROGRESS, param, free);
}

void operation_set_result(struct operation *operation, void *param, void (*free_param)(void *))
{
    if (operation->free_result != NULL)
        operation->free_result(operation->result);
    operation->result = param;
    operation->free_result = free_param;
}

bool operation_cancelled(const struct operation *operation)
{
    return atomic_load(&operation->cancelled);
}

bool operation_cancel(enum operation_kind kind, const struct object *scope)
{
    bool found = false;
    platform_mutex_lock(&lock);
    for (struct operation *operation = running; operation != NULL; operation = operation->next) {
        if (operation->kind == kind && operation->scope == scope) {
            atomic_store(&operation->cancelled, true);
            found = true;
        }
    }
    platform_mutex_unlock(&lock);
    return found;
}

/* Frees what the operation holds; outside `lock` (the owner may be destroyed). */
static void operation_free(struct operation *operation)
{
    object_unref(operation->channel->owner);
    object_unref(operation->scope);
    if (operation->free_state != NULL)
        operation->free_state(operation->state);
    free(operation);
}

/*
 * Queues the one terminal message and leaves the running list in the same
 * step. A queue refused for lack of memory is tried again for a while
 * (the caller may be waiting for exactly this message); a result string
 * went with the refused post, so the retries report E_OUTOFMEMORY.
 */
static void operation_finish(struct operation *operation, HRESULT result)
{
    void *param = NULL;
    void (*free_param)(void *) = NULL;
    if (SUCCEEDED(result)) {
        param = operation->result;
        free_param = operation->free_result;
    } else if (operation->free_result != NULL) {
        operation->free_result(operation->result);
    }
    operation->result = NULL;
    operation->free_result = NULL;

    for (uint32_t waited = 0, pause = 1;; waited += pause, pause = pause < 64 ? pause * 2 : 100) {
        platform_mutex_lock(&lock);
        HRESULT status = S_DRM_COMPLETED;
        if (FAILED(result))
            status = operation_cancelled(operation) ? E_DRM_ABORTED : result;
        HRESULT posted = dispatch_post(operation->channel, rules[operation->kind].message, status,
                                       param, free_param, operation->context);
        bool done = posted != E_OUTOFMEMORY || waited >= TERMINAL_RETRY_MS;
        if (done)
            running_remove(operation);
        platform_mutex_unlock(&lock);
        if (done) {
            if (posted == E_OUTOFMEMORY && trace_enabled()) {
                const struct trace_arg lost[] = {T_HRESULT(status)};
                trace_call("operation: terminal message lost for lack of memory", lost, 1);
            }
            break;
        }
        if (param != NULL)
            result = E_OUTOFMEMORY;
        param = NULL;
        free_param = NULL;
        platform_sleep_ms(pause);
    }
    operation_free(operation);
}

static void operation_main(void *argument)
{
    struct operation *operation = argument;
    operation_finish(operation, operation->run(operation, operation->state));
}

static HRESULT operation_new(const struct operation_request *request, struct operation **created)
{
    *created = NULL;
    if ((unsigned)request->kind >= OPERATION_KIND_COUNT || request->channel == NULL ||
        request->run == NULL)
        return E_INVALIDARG;
    struct operation *operation = calloc(1, sizeof *operation);
    if (operation == NULL)
        return E_OUTOFMEMORY;
    operation->kind = request->kind;
    operation->channel = request->channel;
    operation->scope = request->scope;
    operation->context = request->context;
    operation->run = request->run;
    operation->state = request->state;
    operation->free_state = request->free_state;
    atomic_init(&operation->cancelled, false);
    *created = operation;
    return S_OK;
}

/* Hands the operation to its worker, which owns it from then on. */
static HRESULT operation_launch(struct operation *operation)
{
    object_ref(operation->channel->owner);
    if (operation->scope != NULL)
        object_ref(operation->scope);
    HRESULT hr = platform_thread_start(operation_main, operation);
    if (FAILED(hr)) {
        object_unref(operation->channel->owner);
        object_unref(operation->scope);
    }
    return hr;
}

HRESULT operation_start(const struct operation_request *request)
{
    struct operation *operation = NULL;
    HRESULT hr = operation_new(request, &operation);
    if (SUCCEEDED(hr)) {
        hr = running_add(operation);
        if (SUCCEEDED(hr)) {
            if (request->prepare != NULL)
                hr = request->prepare(request->state);
            if (SUCCEEDED(hr))
                hr = operation_launch(operation);
            if (FAILED(hr)) {
                platform_mutex_lock(&lock);
                running_remove(operation);
                platform_mutex_unlock(&lock);
            }
        }
    }
    if (FAILED(hr)) {
        free(operation);
        if (request->free_state != NULL)
            request->free_state(request->state);
    }
    return hr;
}
