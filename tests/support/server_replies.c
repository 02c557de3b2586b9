/*
 * For tests of the client's server operations (see server_replies.h).
 */
#include "server_replies.h"

#include <stdlib.h>
#include <string.h>

#include "issued_documents.h"
#include "net/rmpr_messages.h"
#include "store/license_store.h"
#include "util/wstring.h"
#include "msdrm.h"
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
    HRESULT hr = rmpr_write_fault((enum rmpr_fault)fault, "refused by the test", &text, &length);
    return written(hr, text);
}

char *reply_template_information(const char *server_public_key, const char *const *guids,
                                 const char *const *hashes, size_t count)
{
    struct rmpr_guid_hash entries[64] = {{0}};
    if (count > 64)
        return NULL;
    for (size_t i = 0; i < count; i++)
        entries[i] = (struct rmpr_guid_hash){(char *)guids[i], (char *)hashes[i]};
    struct rmpr_template_information information = {(char *)server_public_key, count, entries};
    char *text = NULL;
    size_t length = 0;
    HRESULT hr = rmpr_write_acquire_template_information_response(&information, &text, &length);
    return written(hr, text);
}

char *reply_templates(const char *const *guids, const char *const *texts, size_t count)
{
    struct rmpr_template templates[RMPR_MAX_TEMPLATES_PER_CALL] = {{0}};
    if (count > RMPR_MAX_TEMPLATES_PER_CALL)
        return NULL;
    char *hashes[RMPR_MAX_TEMPLATES_PER_CALL] = {0};
    for (size_t i = 0; i < count; i++) {
        hashes[i] = texts[i] != NULL ? issued_template_hash(texts[i]) : NULL;
        templates[i] = (struct rmpr_template){(char *)guids[i], hashes[i], (char *)texts[i],
                                              texts[i] != NULL ? strlen(texts[i]) : 0};
    }
    char *text = NULL;
    size_t length = 0;
    HRESULT hr = rmpr_write_acquire_templates_response(templates, count, &text, &length);
    for (size_t i = 0; i < count; i++)
        free(hashes[i]);
    return written(hr, text);
}

char *reply_service_locations(const char *const *types, const char *const *urls, size_t count)
{
    char *text = NULL;
    size_t length = 0;
    HRESULT hr = rmpr_write_find_service_locations_response(types, urls, count, &text, &length);
    return written(hr, text);
}

char *reply_server_info(const char *const *types, const char *const *urls, size_t count)
{
    struct rmpr_service_location locations[16] = {{0}};
    if (count > 16)
        return NULL;
    for (size_t i = 0; i < count; i++)
        locations[i] = (struct rmpr_service_location){(char *)types[i], (char *)urls[i]};
    struct rmpr_server_info info = {.location_count = count, .locations = locations};
    char *asked[] = {RMPR_INFO_SERVICE_LOCATIONS};
    struct rmpr_strings types_asked = {1, asked};
    char *text = NULL;
    size_t length = 0;
    HRESULT hr = rmpr_write_get_server_info_response(&types_asked, &info, &text, &length);
    return written(hr, text);
}

DRMHSESSION reply_user_session(void)
{
    DRMHSESSION session = DRMHSESSION_INVALID;
    WCHAR *user = wstr_from_utf8(ISSUED_USER);
    if (user == NULL ||
        FAILED(DRMCreateClientSession(operation_watch_callback, DRMCALLBACKVERSION,
                                      (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, user, &session)))
        session = DRMHSESSION_INVALID;
    free(user);
    return session;
}

char *reply_enumerate(DRMHSESSION session, UINT flags, UINT index, HRESULT *hr)
{
    UINT length = 0;
    BOOL shared = TRUE;
    *hr = DRMEnumerateLicense(session, flags, index, &shared, &length, NULL);
    if (FAILED(*hr))
        return NULL;
    WCHAR *buffer = calloc(length, sizeof(WCHAR));
    if (buffer == NULL) {
        *hr = E_OUTOFMEMORY;
        return NULL;
    }
    *hr = DRMEnumerateLicense(session, flags, index, &shared, &length, buffer);
    char *text = SUCCEEDED(*hr) ? wstr_to_utf8(buffer) : NULL;
    free(buffer);
    return text;
}

struct scripted_transport *reply_script(const struct scripted_reply *replies, size_t count)
{
    struct scripted_transport *transport = scripted_transport_new(replies, count);
    if (transport != NULL)
        scripted_transport_install(transport);
    return transport;
}

EVP_PKEY *reply_activate_machine(char machine_id[64], char **certificate)
{
    DRMHSESSION session = reply_user_session();
    struct operation_watch watch;
    operation_watch_init(&watch);
    EVP_PKEY *key = NULL;
    HRESULT hr =
        DRMActivate(session, DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT, 0, NULL, &watch, NULL);
    if (SUCCEEDED(hr) && operation_watch_wait(&watch, 30000) == S_DRM_COMPLETED) {
        char *text = reply_enumerate(session, DRM_EL_MACHINE, 0, &hr);
        if (text != NULL)
            key = issued_machine_key(text, machine_id);
        if (certificate != NULL)
            *certificate = text;
        else
            free(text);
    }
    DRMCloseSession(session);
    operation_watch_free(&watch);
    return key;
}

size_t reply_stored(unsigned kinds)
{
    struct license_store *store = NULL;
    if (FAILED(store_open_default(&store)))
        return (size_t)-1;
    int64_t *ids = NULL;
    size_t count = 0;
    struct store_filter filter = {kinds, NULL, 0, NULL};
    if (FAILED(store_list(store, &filter, &ids, &count)))
        count = (size_t)-1;
    free(ids);
    store_close(store);
    return count;
}
