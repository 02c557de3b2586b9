/*
 * openmsdrm - what every MS-RMPR message shares, for the files that
 * write and read them (rmpr_certification.c, rmpr_discovery.c,
 * rmpr_templates.c, rmpr_licensing.c): the envelope of each direction,
 * and opening a received one as the operation's request or response.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_NET_RMPR_MESSAGE_IO_H
#define MSDRM_NET_RMPR_MESSAGE_IO_H

#include <stdbool.h>
#include <stddef.h>

#include "net/rmpr_messages.h"
#include "net/soap.h"
#include "xrml/xml_text.h"
#include "msdrmdefs.h"

/*
 * Starts `operation`'s request (response false: VersionData 1.0.0.0 to
 * 1.0.0.0, the client's default) or response (the server's range), and
 * opens its body element: `<Name xmlns=ns>` or `<NameResponse xmlns=ns>`.
 */
void rmpr_message_begin(struct xml_text *xml, enum rmpr_operation operation, bool response);

/* Closes the body element and the envelope, and hands the text out
 * (hr: the first failure of the caller's writing, S_OK if none). */
HRESULT rmpr_message_end(struct xml_text *xml, enum rmpr_operation operation, bool response,
                         HRESULT hr, char **text, size_t *length);

/* A body element with no content: `<Name xmlns=ns />` as a whole message. */
HRESULT rmpr_message_empty_request(enum rmpr_operation operation, char **text, size_t *length);

/*
 * Reads `operation`'s response: a fault gives its HRESULT
 * (rmpr_fault_hresult); another body element than `NameResponse` in the
 * operation's namespace gives E_DRM_INVALID_SERVER_RESPONSE. On S_OK the
 * caller reads message->body and clears the message.
 */
HRESULT rmpr_open_response(const char *text, size_t length, enum rmpr_operation operation,
                           struct soap_message *message);

/* Reads `operation`'s request the same way (a fault or another element:
 * E_DRM_INVALID_SERVER_RESPONSE) and copies its VersionData. */
HRESULT rmpr_open_request(const char *text, size_t length, enum rmpr_operation operation,
                          struct rmpr_version_data *versions, struct soap_message *message);

/* The child `name` of `parent` in the operation's namespace, or NULL. */
struct _xmlNode *rmpr_child(enum rmpr_operation operation, struct _xmlNode *parent,
                            const char *name);

/* Each element child of `parent` named `name` in the operation's
 * namespace, nil ones left out: the first, then the next. */
struct _xmlNode *rmpr_first(enum rmpr_operation operation, struct _xmlNode *parent,
                            const char *name);
struct _xmlNode *rmpr_next(struct _xmlNode *element);

/* The text of the child `name`, trimmed of XML whitespace (heap; NULL
 * when the child is absent or nil). */
HRESULT rmpr_child_text(enum rmpr_operation operation, struct _xmlNode *parent, const char *name,
                        char **text);

/* A certificate chain at `path` under the body: `names` is the list of
 * element names to descend (the last one being the ArrayOfXmlNode).
 * missing: the code to return when an element of the path is absent or
 * the chain is empty. */
HRESULT rmpr_read_chain(const struct soap_message *message, enum rmpr_operation operation,
                        const char *const *names, size_t count, HRESULT missing,
                        struct rmpr_documents *chain);

/* `<name>` + the chain's Certificate elements + `</name>`. */
HRESULT rmpr_write_chain(struct xml_text *xml, enum rmpr_operation operation, const char *name,
                         const struct rmpr_documents *chain);

#endif /* MSDRM_NET_RMPR_MESSAGE_IO_H */
