/*
 * For tests of the client's server operations (see server_replies.h).
 */
#include "server_replies.h"

#include <stdlib.h>
#include <string.h>

#include "net/rmpr_messages.h"
#include "util/wstring.h"
#include "msdrmerror.h"

static void init_sync(platform_mutex *mutex, platform_cond *cond)
{
    platform_mutex_init(mutex);
    const platform_cond fresh = PLATFORM_COND_INIT;
    *cond = fresh;
}

void operation_watch_init(struct operation_watch *watch)
{
    memset(watch, 0, sizeof *watch);
    init_sync(&watch->lock, &watch->changed);
}

void operation_watch_reset(struct operation_watch *watch)
{
    platform_mutex_lock(&watch->lock);
    free(watch->result);
    watch->result = NULL;
    watch->messages = watch->terminals = watch->after_close = 0;
    watch->terminal = S_OK;
    watch->terminal_param = false;
    platform_mutex_unlock(&watch->lock);
}

void operation_watch_free(struct operation_watch *watch)
{
    free(watch->result);
    platform_mutex_destroy(&watch->lock);
}

HRESULT __stdcall operation_watch_callback(DRM_STATUS_MSG message, HRESULT status, void *param,
                                           void *context)
{
    struct operation_watch *watch = context;
    platform_mutex_lock(&watch->lock);
    if (watch->messages < WATCH_MESSAGES) {
        watch->kinds[watch->messages] = message;
        watch->statuses[watch->messages] = status;
    }
    watch->messages++;
    if (watch->closed)
        watch->after_close++;
    if (status == S_DRM_COMPLETED || FAILED(status)) {
        watch->terminals++;
        watch->terminal = status;
        watch->terminal_param = param != NULL;
        if (status == S_DRM_COMPLETED && param != NULL) {
            free(watch->result);
            watch->result = wstr_to_utf8(param);
        }
        platform_cond_broadcast(&watch->changed);
    }
    platform_mutex_unlock(&watch->lock);
    return S_OK;
}

HRESULT operation_watch_wait(struct operation_watch *watch, uint32_t ms)
{
    uint64_t deadline = platform_monotonic_ms() + ms;
    platform_mutex_lock(&watch->lock);
    while (watch->terminals == 0) {
        uint64_t now = platform_monotonic_ms();
        if (now >= deadline)
            break;
        platform_cond_wait_ms(&watch->changed, &watch->lock, (uint32_t)(deadline - now));
    }
    HRESULT hr = watch->terminals > 0 ? watch->terminal : WATCH_TIMED_OUT;
    platform_mutex_unlock(&watch->lock);
    return hr;
}

bool operation_watch_saw(struct operation_watch *watch, HRESULT status)
{
    bool saw = false;
    platform_mutex_lock(&watch->lock);
    for (int i = 0; i < watch->messages && i < WATCH_MESSAGES; i++)
        saw = saw || watch->statuses[i] == status;
    platform_mutex_unlock(&watch->lock);
    return saw;
}

/* --- the gate ----------------------------------------------------------------------- */

static HRESULT gate_post(void *context, const struct http_request *request,
                         struct http_response *response)
{
    struct transport_gate *gate = context;
    platform_mutex_lock(&gate->lock);
    gate->arrived++;
    platform_cond_broadcast(&gate->changed);
    while (!gate->open)
        platform_cond_wait(&gate->changed, &gate->lock);
    platform_mutex_unlock(&gate->lock);
    HRESULT hr = gate->inner->post(gate->inner->context, request, response);
    platform_mutex_lock(&gate->lock);
    gate->left++;
    platform_cond_broadcast(&gate->changed);
    platform_mutex_unlock(&gate->lock);
    return hr;
}

void transport_gate_install(struct transport_gate *gate)
{
    memset(gate, 0, sizeof *gate);
    init_sync(&gate->lock, &gate->changed);
    gate->inner = http_transport_current();
    gate->transport.post = gate_post;
    gate->transport.context = gate;
    http_transport_set(&gate->transport);
}

void transport_gate_remove(struct transport_gate *gate)
{
    http_transport_set(gate->inner);
    platform_mutex_destroy(&gate->lock);
}

static bool wait_count(struct transport_gate *gate, const int *counter, int count, uint32_t ms)
{
    uint64_t deadline = platform_monotonic_ms() + ms;
    platform_mutex_lock(&gate->lock);
    while (*counter < count) {
        uint64_t now = platform_monotonic_ms();
        if (now >= deadline)
            break;
        platform_cond_wait_ms(&gate->changed, &gate->lock, (uint32_t)(deadline - now));
    }
    bool reached = *counter >= count;
    platform_mutex_unlock(&gate->lock);
    return reached;
}

bool transport_gate_wait_arrivals(struct transport_gate *gate, int count, uint32_t ms)
{
    return wait_count(gate, &gate->arrived, count, ms);
}

bool transport_gate_wait_left(struct transport_gate *gate, int count, uint32_t ms)
{
    return wait_count(gate, &gate->left, count, ms);
}

void transport_gate_open(struct transport_gate *gate)
{
    platform_mutex_lock(&gate->lock);
    gate->open = true;
    platform_cond_broadcast(&gate->changed);
    platform_mutex_unlock(&gate->lock);
}

/* --- replies ------------------------------------------------------------------------ */

void reply_documents(const char *chain, struct rmpr_documents *documents)
{
    memset(documents, 0, sizeof *documents);
    const char *at = chain;
    while (at != NULL && (at = strstr(at, "<XrML")) != NULL) {
        const char *end = strstr(at, "</XrML>");
        if (end == NULL)
            break;
        end += strlen("</XrML>");
        if (FAILED(rmpr_documents_append(documents, at, (size_t)(end - at))))
            break;
        at = end;
    }
}

static char *written(HRESULT hr, char *text)
{
    if (FAILED(hr)) {
        free(text);
        return NULL;
    }
    return text;
}

char *reply_certify(const char *chain)
{
    struct rmpr_documents documents;
    reply_documents(chain, &documents);
    char *text = NULL;
    size_t length = 0;
    HRESULT hr = rmpr_write_certify_response(&documents, &text, &length);
    rmpr_documents_clear(&documents);
    return written(hr, text);
}

char *reply_client_licensor(const char *chain)
{
    struct rmpr_documents documents;
    reply_documents(chain, &documents);
    char *text = NULL;
    size_t length = 0;
    HRESULT hr = rmpr_write_get_client_licensor_cert_response(&documents, &text, &length);
    rmpr_documents_clear(&documents);
    return written(hr, text);
}

char *reply_fault(int fault)
{
    char *text = NULL;
    size_t length = 0;
    return written(rmpr_write_fault((enum rmpr_fault)fault, "refused by the test", &text, &length),
                   text);
}
