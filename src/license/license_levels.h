/*
 * openmsdrm - what each level of an unbound license offers to the query
 * API: which sub-objects and attributes it has, and which XrML element
 * each reads (spec/xrml.md §11 documents the tree; the element each query
 * reads is our reading of it where the documentation is silent).
 *
 * The levels read the parsed tree, not the license model
 * (license_model.h): a query handle is an element of the document, and
 * the API counts and hands out every element a name reaches, where the
 * model keeps only the first of some (a condition list's RANGETIME, its
 * OS exclusion); and a handle reads only what it is asked, where reading
 * a model reads everything, every key made an RSA key. What a document is
 * (an issuance license or not) both take from license_kind_of.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_LICENSE_LEVELS_H
#define MSDRM_LICENSE_LEVELS_H

#include <stddef.h>

#include <libxml/tree.h>

#include "msdrmdefs.h"

enum query_level {
    LEVEL_LICENSE,          /* BODY of a certificate or license */
    LEVEL_ISSUANCE_LICENSE, /* BODY of an issuance license: distribution points only */
    LEVEL_PRINCIPAL,        /* issuer, principal, owner, distribution point */
    LEVEL_WORK,
    LEVEL_RIGHTS_GROUP,
    LEVEL_RIGHT,
    LEVEL_CONDITION_LIST,
    LEVEL_INTERVAL_TIME,
    LEVEL_RANGE_TIME,
    LEVEL_OS_EXCLUSION,
    LEVEL_ACCESS,
    LEVEL_REVOCATION
};

/* The level of a parsed document's BODY. */
enum query_level level_of_body(xmlNodePtr body);

/*
 * The sub-objects of `element` (at `level`) named `name`: stores up to
 * `capacity` of them in `found` (may be NULL) and returns how many there
 * are; *child is the level they are at. Unknown names have none.
 */
size_t level_objects(enum query_level level, xmlNodePtr element, const char *name,
                     xmlNodePtr *found, size_t capacity, enum query_level *child);

struct query_value {
    DRMENCODINGTYPE encoding; /* STRING, TIME or UINT */
    const char *text;         /* STRING: UTF-8, borrowed from the tree or `owned` */
    char *owned;
    SYSTEMTIME time;
    UINT number;
};

/*
 * The elements of `element` (at `level`) that hold the values named
 * `name`, one value each, in the order of the values' indexes: stores up
 * to `capacity` of them in `found` (may be NULL) and returns how many
 * there are, which is how many values there are. Unknown names have none.
 * Selected once and kept, they let a caller read value i of n in constant
 * time (level_attribute_value) instead of selecting all n each time.
 */
size_t level_attribute_elements(enum query_level level, xmlNodePtr element, const char *name,
                                xmlNodePtr *found, size_t capacity);

/*
 * The value named `name` that `holder`, one of the elements
 * level_attribute_elements returned for that level and name, holds. Clear
 * it with query_value_clear. E_DRM_INVALID_LICENSE for a malformed time or
 * number in the license; E_OUTOFMEMORY.
 */
HRESULT level_attribute_value(enum query_level level, const char *name, xmlNodePtr holder,
                              struct query_value *value);

void query_value_clear(struct query_value *value);

#endif /* MSDRM_LICENSE_LEVELS_H */
