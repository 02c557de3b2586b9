/*
 * openmsdrm - DRMGetServiceLocation and how operations reach services
 * (see service_location.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/service_location.h"

#include <stdlib.h>
#include <string.h>

#include "client/session.h"
#include "license/license_model.h"
#include "util/wstring.h"
#include "xrml/xrml_chain.h"
#include "msdrmerror.h"
#include "platform/platform.h"

struct source {
    const WCHAR *registry_key;
    const char *environment;
};

/* A configured URL: the registry first, then the environment. */
static HRESULT configured(const struct source *source, WCHAR **url)
{
    HRESULT hr = platform_machine_setting(source->registry_key, url);
    if (hr != E_DRM_SERVICE_NOT_FOUND)
        return hr;
    char value[2048];
    if (!platform_env_get(source->environment, value, sizeof value) || value[0] == '\0')
        return E_DRM_SERVICE_NOT_FOUND;
    *url = wstr_from_utf8(value);
    return *url != NULL ? S_OK : E_OUTOFMEMORY;
}

#define SERVICE_KEY(name) MSDRM_WSTR("SOFTWARE\\Microsoft\\MSDRM\\ServiceLocation\\" name)

static const struct source activation = {SERVICE_KEY("Activation"),
                                         "MSDRM_SERVICE_LOCATION_ACTIVATION"};
static const struct source enterprise_publishing = {SERVICE_KEY("EnterprisePublishing"),
                                                    "MSDRM_SERVICE_LOCATION_ENTERPRISEPUBLISHING"};
static const struct source cloud_publishing = {SERVICE_KEY("CloudPublishing"),
                                               "MSDRM_SERVICE_LOCATION_CLOUDPUBLISHING"};

/* What a locator is asked for, internal service first (spec/rmpr.md §4),
 * and the GetServerInfo service location that stands for it. */
struct wanted {
    const char *types[2];
    const char *server_info_type;
};
static const struct wanted certification_service = {
    {"CertificationInternalService", "CertificationService"}, "CertificationService"};
static const struct wanted licensing_service = {{"LicensingInternalService", "LicensingService"},
                                                "LicensingService"};

/* --- what servers answered, kept for the process ---------------------------------- */

#define CACHE_SIZE 32

static struct cached_location {
    char *locator, *type, *from, *url; /* all heap; from "" for none */
} cache[CACHE_SIZE];
static size_t cache_next; /* the slot replaced next */
static platform_mutex cache_lock = PLATFORM_MUTEX_INIT;

static bool cache_matches(const struct cached_location *entry, const char *locator,
                          const char *type, const char *from)
{
    return entry->url != NULL && strcmp(entry->locator, locator) == 0 &&
           strcmp(entry->type, type) == 0 && strcmp(entry->from, from != NULL ? from : "") == 0;
}

/* A copy of the URL kept for this question, or NULL. */
static char *cache_find(const char *locator, const char *type, const char *from)
{
    char *url = NULL;
    platform_mutex_lock(&cache_lock);
    for (size_t i = 0; i < CACHE_SIZE && url == NULL; i++) {
        if (cache_matches(&cache[i], locator, type, from))
            url = str_copy(cache[i].url);
    }
    platform_mutex_unlock(&cache_lock);
    return url;
}

static void cache_entry_clear(struct cached_location *entry)
{
    free(entry->locator);
    free(entry->type);
    free(entry->from);
    free(entry->url);
    memset(entry, 0, sizeof *entry);
}

/* Keeps an answer; one that cannot be copied is simply not kept. */
static void cache_keep(const char *locator, const char *type, const char *from, const char *url)
{
    struct cached_location entry = {str_copy(locator), str_copy(type),
                                    str_copy(from != NULL ? from : ""), str_copy(url)};
    if (entry.locator == NULL || entry.type == NULL || entry.from == NULL || entry.url == NULL) {
        cache_entry_clear(&entry);
        return;
    }
    platform_mutex_lock(&cache_lock);
    struct cached_location old = cache[cache_next];
    cache[cache_next] = entry;
    cache_next = (cache_next + 1) % CACHE_SIZE;
    platform_mutex_unlock(&cache_lock);
    cache_entry_clear(&old);
}

/* --- asking servers ----------------------------------------------------------------- */

static uint32_t timeout_ms(void)
{
    char value[16];
    if (platform_env_get("MSDRM_HTTP_TIMEOUT_MS", value, sizeof value)) {
        char *end = NULL;
        unsigned long ms = strtoul(value, &end, 10);
        if (end != value && *end == '\0' && ms > 0 && ms <= 3600000ul)
            return (uint32_t)ms;
    }
    return SERVICE_TIMEOUT_MS;
}

static bool usable(const char *url)
{
    return url != NULL && url[0] != '\0';
}

/* FindServiceLocationsForUser: the internal service, else the external one. */
static HRESULT find_for_user(const struct rmpr_call_options *options, const struct wanted *wanted,
                             char **url)
{
    char *urls[2] = {NULL, NULL};
    HRESULT hr = rmpr_find_service_locations(options, wanted->types, 2, urls);
    if (SUCCEEDED(hr)) {
        int pick = usable(urls[0]) ? 0 : usable(urls[1]) ? 1 : -1;
        if (pick < 0) {
            hr = E_DRM_SERVICE_NOT_FOUND;
        } else {
            *url = urls[pick];
            urls[pick] = NULL;
        }
    }
    free(urls[0]);
    free(urls[1]);
    return hr;
}

/* GetServerInfo's service locations (a licensing server's, §5.5). */
static HRESULT server_info_location(const struct rmpr_call_options *options,
                                    const struct wanted *wanted, char **url)
{
    struct rmpr_server_info info = {0};
    HRESULT hr = rmpr_get_server_info(options, &info);
    if (SUCCEEDED(hr)) {
        hr = E_DRM_SERVICE_NOT_FOUND;
        for (size_t i = 0; i < info.location_count && hr == E_DRM_SERVICE_NOT_FOUND; i++) {
            const struct rmpr_service_location *location = &info.locations[i];
            if (location->type != NULL && strcmp(location->type, wanted->server_info_type) == 0 &&
                usable(location->url))
                hr = (*url = str_copy(location->url)) != NULL ? S_OK : E_OUTOFMEMORY;
        }
        rmpr_server_info_clear(&info);
    }
    return hr;
}

/* Asks the server at `locator` (UTF-8) where `wanted` is, for `from`. */
static HRESULT ask(const char *locator, bool licensing_server, const struct wanted *wanted,
                   const char *from, WCHAR **url)
{
    char *found = cache_find(locator, wanted->types[0], from);
    HRESULT hr = S_OK;
    if (found == NULL) {
        struct rmpr_call_options options = {locator, from, timeout_ms()};
        hr = find_for_user(&options, wanted, &found);
        /* GetServerInfo is served on licensing/ only (spec/rmpr.md §3). */
        if (licensing_server && FAILED(hr) && hr != E_OUTOFMEMORY && hr != E_DRM_NO_CONNECT) {
            HRESULT info = server_info_location(&options, wanted, &found);
            if (SUCCEEDED(info) || hr == E_DRM_SERVICE_NOT_FOUND)
                hr = info;
        }
        if (SUCCEEDED(hr))
            cache_keep(locator, wanted->types[0], from, found);
    }
    if (SUCCEEDED(hr) && (*url = wstr_from_utf8(found)) == NULL)
        hr = E_OUTOFMEMORY;
    free(found);
    return hr;
}

/* Whether the license's distribution point `object_type` has a URL. */
static const char *distribution_url(const struct license_model *license, const char *object_type)
{
    for (size_t i = 0; i < license->distribution_point_count; i++) {
        const struct license_object *object = license->distribution_points[i].object;
        if (object == NULL || object->type == NULL || strcmp(object->type, object_type) != 0)
            continue;
        for (size_t a = 0; a < object->address_count; a++) {
            if (usable(object->addresses[a].value))
                return object->addresses[a].value;
        }
    }
    return NULL;
}

/* The licensing URL of a signed issuance license (heap UTF-8). */
static HRESULT licensing_url_of(const WCHAR *issuance_license, char **url)
{
    struct xrml_chain chain;
    HRESULT hr = xrml_chain_parse(issuance_license, &chain);
    if (FAILED(hr))
        return hr;
    hr = xrml_chain_verify(&chain);
    struct license_model license;
    if (SUCCEEDED(hr))
        hr = license_model_read(chain.documents[0], &license);
    if (SUCCEEDED(hr)) {
        const char *found = NULL;
        if (license.kind != LICENSE_KIND_PUBLISHING_LICENSE || !license.has_signature)
            hr = E_DRM_INVALID_LICENSE;
        else if ((found = distribution_url(&license, "License-Acquisition-URL")) == NULL &&
                 (found = distribution_url(&license, "Extranet-License-Acquisition-URL")) == NULL)
            hr = E_DRM_SERVICE_NOT_FOUND;
        else if ((*url = str_copy(found)) == NULL)
            hr = E_OUTOFMEMORY;
        license_model_clear(&license);
    }
    xrml_chain_clear(&chain);
    return hr == E_DRM_INVALID_LICENSE_SIGNATURE || hr == E_DRM_BROKEN_CERT_CHAIN
               ? E_DRM_INVALID_LICENSE
               : hr;
}

static HRESULT ask_license_server(const WCHAR *issuance_license, const struct wanted *wanted,
                                  const char *from, WCHAR **url)
{
    char *licensing = NULL;
    HRESULT hr = licensing_url_of(issuance_license, &licensing);
    if (SUCCEEDED(hr))
        hr = ask(licensing, true, wanted, from, url);
    free(licensing);
    return hr;
}

/* Publishing without a license: the certification service names it. */
static HRESULT ask_certification_server(const char *from, WCHAR **url)
{
    WCHAR *certification = NULL;
    HRESULT hr = configured(&activation, &certification);
    char *locator = NULL;
    if (SUCCEEDED(hr) && (locator = wstr_to_utf8(certification)) == NULL)
        hr = E_OUTOFMEMORY;
    if (SUCCEEDED(hr))
        hr = ask(locator, false, &licensing_service, from, url);
    free(locator);
    free(certification);
    return hr;
}

HRESULT service_location_find(UINT type, UINT location, const WCHAR *issuance_license,
                              const char *from, WCHAR **url)
{
    *url = NULL;
    HRESULT hr;
    bool certification =
        type == DRM_SERVICE_TYPE_ACTIVATION || type == DRM_SERVICE_TYPE_CERTIFICATION;
    if (certification) {
        if (issuance_license == NULL && location == DRM_SERVICE_LOCATION_INTERNET)
            return E_DRM_USE_DEFAULT;
        hr = configured(&activation, url);
        if (hr == E_DRM_SERVICE_NOT_FOUND && issuance_license != NULL)
            hr = ask_license_server(issuance_license, &certification_service, from, url);
        return hr;
    }
    /* Publishing or client licensor certificates. */
    if (location == DRM_SERVICE_LOCATION_INTERNET)
        return configured(&cloud_publishing, url);
    hr = configured(&enterprise_publishing, url);
    if (hr != E_DRM_SERVICE_NOT_FOUND)
        return hr;
    if (issuance_license != NULL)
        return ask_license_server(issuance_license, &licensing_service, from, url);
    return ask_certification_server(from, url);
}

HRESULT service_location_lookup(DRMHSESSION handle, UINT type, UINT location,
                                const WCHAR *issuance_license, WCHAR **url)
{
    *url = NULL;
    char *from = NULL;
    if (handle != DRMHSESSION_INVALID) {
        struct client_session *session = NULL;
        HRESULT hr = client_session_acquire(handle, &session);
        if (FAILED(hr))
            return hr;
        if (session->group_id != NULL && (from = wstr_to_utf8(session->group_id)) == NULL)
            hr = E_OUTOFMEMORY;
        object_unref(&session->base);
        if (FAILED(hr))
            return hr;
    }
    HRESULT hr = service_location_find(type, location, issuance_license, from, url);
    free(from);
    return hr;
}

/* --- how operations reach services ------------------------------------------------- */

HRESULT service_call_prepare(UINT type, const char *url, const char *from,
                             struct service_call *call)
{
    memset(call, 0, sizeof *call);
    HRESULT hr = S_OK;
    if (url != NULL) {
        call->url = str_copy(url);
    } else {
        WCHAR *found = NULL;
        hr = service_location_find(type, DRM_SERVICE_LOCATION_ENTERPRISE, NULL, from, &found);
        if (hr == E_DRM_SERVICE_NOT_FOUND)
            hr = E_DRM_SERVER_NOT_FOUND; /* what the operations' messages say */
        if (SUCCEEDED(hr))
            call->url = wstr_to_utf8(found);
        free(found);
    }
    if (SUCCEEDED(hr) && from != NULL)
        call->from = str_copy(from);
    if (SUCCEEDED(hr) && (call->url == NULL || (from != NULL && call->from == NULL)))
        hr = E_OUTOFMEMORY;
    if (FAILED(hr)) {
        service_call_clear(call);
        return hr;
    }
    call->options = (struct rmpr_call_options){call->url, call->from, timeout_ms()};
    return S_OK;
}

void service_call_clear(struct service_call *call)
{
    free(call->url);
    free(call->from);
    memset(call, 0, sizeof *call);
}

/* --- operations that call services ------------------------------------------------- */

static void service_operation_free(void *state)
{
    struct service_operation *common = state;
    if (common->clear != NULL)
        common->clear(state);
    if (common->session != NULL)
        object_unref(&common->session->base);
    free(common->url);
    free(common->from);
    free(state);
}

static HRESULT service_operation_prepare(void *state)
{
    struct service_operation *common = state;
    return store_shared(&common->store);
}

HRESULT service_operation_start(DRMHSESSION handle, enum operation_kind kind, const WCHAR *url,
                                void *context, struct service_operation *state,
                                HRESULT (*run)(struct operation *operation, void *state))
{
    struct client_session *session = NULL;
    HRESULT hr = client_session_acquire(handle, &session);
    if (FAILED(hr)) {
        service_operation_free(state);
        return hr;
    }
    state->session = session; /* the reference passes to the state */
    if ((url != NULL && (state->url = wstr_to_utf8(url)) == NULL) ||
        (session->group_id != NULL && (state->from = wstr_to_utf8(session->group_id)) == NULL)) {
        service_operation_free(state);
        return E_OUTOFMEMORY;
    }
    const struct operation_request request = {
        .kind = kind,
        .channel = &session->channel,
        .scope = &session->base,
        .context = context,
        .prepare = service_operation_prepare,
        .run = run,
        .state = state,
        .free_state = service_operation_free,
    };
    return operation_start(&request);
}

HRESULT service_operation_cancel(DRMHSESSION handle, enum operation_kind kind)
{
    struct client_session *session = NULL;
    HRESULT hr = client_session_acquire(handle, &session);
    if (FAILED(hr))
        return hr;
    operation_cancel(kind, &session->base);
    object_unref(&session->base);
    return S_OK;
}
