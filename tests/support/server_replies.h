/*
 * For tests of the client's server operations through the exported API
 * (user activation, client licensor certificates, templates, discovery):
 * a callback that records an operation's messages, a transport gate that
 * holds requests until the test lets them through (cancel, close during
 * a call), and the replies a server would send, built with net's own
 * response writers (net/rmpr_messages.h) around documents from
 * issued_documents.h. Internal tests only.
 */
#ifndef MSDRM_TEST_SERVER_REPLIES_H
#define MSDRM_TEST_SERVER_REPLIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "scripted_transport.h"
#include "net/http_transport.h"
#include "net/rmpr_lists.h"
#include "msdrmdefs.h"
#include "platform/platform.h"

/* --- what one operation's callbacks delivered ---------------------------------- */

#define WATCH_MESSAGES 32

struct operation_watch {
    platform_mutex lock;
    platform_cond changed;
    int messages;
    DRM_STATUS_MSG kinds[WATCH_MESSAGES];
    HRESULT statuses[WATCH_MESSAGES];
    int terminals;       /* S_DRM_COMPLETED or a failure */
    HRESULT terminal;    /* the last of them */
    bool terminal_param; /* whether pvParam was not NULL then */
    char *result;        /* S_DRM_COMPLETED's pvParam as UTF-8, or NULL */
    bool closed;         /* set by the test once DRMCloseSession returned */
    int after_close;     /* messages that came after that */
};

void operation_watch_init(struct operation_watch *watch);
/* Forgets what was recorded (not `closed`). */
void operation_watch_reset(struct operation_watch *watch);
void operation_watch_free(struct operation_watch *watch);

/* The DRMCALLBACK: pvContext is the watch. */
HRESULT __stdcall operation_watch_callback(DRM_STATUS_MSG message, HRESULT status, void *param,
                                           void *context);

/* Waits up to `ms` for a terminal message; returns it, or WATCH_TIMED_OUT
 * (E_PENDING) on time-out. */
#define WATCH_TIMED_OUT ((HRESULT)0x8000000AL)
HRESULT operation_watch_wait(struct operation_watch *watch, uint32_t ms);

/* Whether `status` was among the messages. */
bool operation_watch_saw(struct operation_watch *watch, HRESULT status);

/* --- a gate in front of the transport in use --------------------------------------- */

struct transport_gate {
    platform_mutex lock;
    platform_cond changed;
    const struct http_transport *inner;
    struct http_transport transport;
    bool open;
    int arrived, left;
};

/* Puts the gate in front of the transport in use now (shut). */
void transport_gate_install(struct transport_gate *gate);
/* Restores the transport it wrapped. */
void transport_gate_remove(struct transport_gate *gate);
/* Waits up to `ms` for `count` requests to be held; false on time-out. */
bool transport_gate_wait_arrivals(struct transport_gate *gate, int count, uint32_t ms);
/* Lets them (and every later one) through. */
void transport_gate_open(struct transport_gate *gate);
/* Waits up to `ms` until `count` requests got their answer. */
bool transport_gate_wait_left(struct transport_gate *gate, int count, uint32_t ms);

/* --- replies -------------------------------------------------------------------------- */

/* A chain's documents (plain concatenation) as a reply carries them. */
void reply_documents(const char *chain, struct rmpr_documents *documents);

/* Response bodies (heap, free with free). */
char *reply_certify(const char *chain);
char *reply_client_licensor(const char *chain);
/* A SOAP fault with the exception name of fault `fault` (enum rmpr_fault). */
char *reply_fault(int fault);

char *reply_template_information(const char *server_public_key, const char *const *guids,
                                 const char *const *hashes, size_t count);
/* AcquireTemplates' answer: texts[i] for guids[i] (NULL: none). */
char *reply_templates(const char *const *guids, const char *const *texts, size_t count);
/* FindServiceLocationsForUser's answer: urls[i] (NULL: none) for types[i]. */
char *reply_service_locations(const char *const *types, const char *const *urls, size_t count);
/* GetServerInfo's answer with these ServiceLocations. */
char *reply_server_info(const char *const *types, const char *const *urls, size_t count);

/* --- the API side ----------------------------------------------------------------- */

/* A client session for ISSUED_USER whose callback is operation_watch_callback. */
DRMHSESSION reply_user_session(void);

/* DRMEnumerateLicense item `index` of `flags` as UTF-8 (both calls of
 * the protocol), or NULL with *hr its failure. */
char *reply_enumerate(DRMHSESSION session, UINT flags, UINT index, HRESULT *hr);

/* Puts a scripted transport answering `replies` in use (NULL on failure). */
struct scripted_transport *reply_script(const struct scripted_reply *replies, size_t count);

/* Activates the machine through the API; the public key of its machine
 * certificate 0, its machine ID and (if `certificate` is not NULL) the
 * certificate; NULL on failure. */
EVP_PKEY *reply_activate_machine(char machine_id[64], char **certificate);

/* Items of `kinds` in the store, read through a connection of its own. */
size_t reply_stored(unsigned kinds);

#endif /* MSDRM_TEST_SERVER_REPLIES_H */
