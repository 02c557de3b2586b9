/*
 * openmsdrm - the rights policy templates msdrm-server distributes
 * (spec/rmpr.md §5.9): files in the form of spec/xrml-examples/
 * sdk-sample-template.xml (an official template, spec/xrml.md §4.8,
 * pretty-printed or not), without a signature. At start each is read,
 * its ISSUER replaced by the server's SLC principal and its
 * Publishing-URL points by the server's licensing URL, and signed with
 * the SLC key. A file's ISSUEDTIME is kept, so the same file signs to the
 * same template, and the same hash, after a restart.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_SERVER_TEMPLATES_H
#define MSDRM_SERVER_TEMPLATES_H

#include <stddef.h>

#include "server/server_identity.h"

/* Largest template file read. */
#define SERVER_TEMPLATE_MAX_BYTES ((size_t)1 << 20)

struct server_template {
    char *guid; /* its DESCRIPTOR ID, as written */
    char *hash; /* SIGNATURE/DIGEST/VALUE, base64 (GuidHash.Hash) */
    char *text; /* the signed template */
};

struct server_templates {
    struct server_template *items;
    size_t count;
};

/*
 * Signs the templates of `count` files. E_INVALIDARG when a file is not
 * such a template (no DESCRIPTOR ID, not XrML, a DTD), or two have one
 * GUID: *bad_file says which (index into paths); E_ACCESSDENIED when one
 * cannot be read; E_OUTOFMEMORY.
 */
HRESULT server_templates_load(const char *const *paths, size_t count,
                              const struct server_identity *identity, const char *licensing_url,
                              struct server_templates **templates, size_t *bad_file);
void server_templates_free(struct server_templates *templates);

/* The template whose GUID is `guid` (compared without case), or NULL. */
const struct server_template *server_templates_find(const struct server_templates *templates,
                                                    const char *guid);

#endif /* MSDRM_SERVER_TEMPLATES_H */
