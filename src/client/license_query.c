/*
 * openmsdrm - query handles on unbound licenses (see license_query.h).
 *
 * The handles opened from one DRMParseUnboundLicense form a tree. The
 * tree's registry lists them in the order they were opened, each with the
 * position of its parent, so a parent always comes before its children
 * and one forward pass finds everything beneath a handle being closed.
 * Closed entries are blanked and squeezed out once they are the majority.
 *
 * Lock order: a tree's lock, then the handle table's.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/license_query.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xrml/certificate_chain.h"
#include "runtime/handles.h"
#include "license/license_levels.h"
#include "util/trace.h"
#include "util/wstring.h"
#include "xrml/xrml_document.h"
#include "msdrmerror.h"
#include "platform/platform.h"

struct registry_entry {
    ULONG handle;  /* 0 once closed */
    size_t parent; /* index of the parent's entry; ROOT, or CLOSING/CLOSED */
};

#define ROOT SIZE_MAX
#define CLOSING (SIZE_MAX - 1) /* being closed by the close under way */
#define CLOSED (SIZE_MAX - 2)

struct query_tree {
    struct object base;
    platform_mutex lock;
    struct registry_entry *entries;
    size_t count;
    size_t capacity;
    size_t closed;
};

struct query_node {
    struct object base;
    struct query_tree *tree;
    struct xrml_document *document;
    xmlNodePtr element;
    enum query_level level;
};

static void tree_destroy(struct object *object)
{
    struct query_tree *tree = (struct query_tree *)object;
    platform_mutex_destroy(&tree->lock);
    free(tree->entries);
    free(tree);
}

static const struct object_vtbl tree_vtbl = {tree_destroy};

static void node_destroy(struct object *object)
{
    struct query_node *node = (struct query_node *)object;
    xrml_document_unref(node->document);
    object_unref(&node->tree->base);
    free(node);
}

/* A query handle is one more reference on its node. */
static const struct handle_vtbl node_vtbl = {{node_destroy}, 0, NULL, NULL};

static struct query_node *node_new(struct query_tree *tree, struct xrml_document *document,
                                   xmlNodePtr element, enum query_level level)
{
    struct query_node *node = calloc(1, sizeof *node);
    if (node == NULL)
        return NULL;
    object_init(&node->base, &node_vtbl.object);
    object_ref(&tree->base);
    node->tree = tree;
    xrml_document_ref(document);
    node->document = document;
    node->element = element;
    node->level = level;
    return node;
}

/* The entry of an open handle, or SIZE_MAX. Called with the lock held. */
static size_t registry_find(const struct query_tree *tree, ULONG handle)
{
    for (size_t i = tree->count; i-- > 0;) {
        if (tree->entries[i].handle == handle)
            return i;
    }
    return SIZE_MAX;
}

/* Squeezes closed entries out, renumbering parents. Lock held. */
static void registry_compact(struct query_tree *tree)
{
    size_t *moved = malloc(tree->count * sizeof *moved);
    if (moved == NULL)
        return; /* stays as it is: correct, only larger */
    size_t kept = 0;
    for (size_t i = 0; i < tree->count; i++) {
        moved[i] = SIZE_MAX;
        struct registry_entry entry = tree->entries[i];
        if (entry.handle == 0)
            continue;
        /* A parent closes with its children, so an open entry's parent is open. */
        entry.parent = entry.parent == ROOT ? ROOT : moved[entry.parent];
        moved[i] = kept;
        tree->entries[kept++] = entry;
    }
    free(moved);
    tree->count = kept;
    tree->closed = 0;
}

/* Appends an entry; false when out of memory. Lock held. */
static bool registry_add(struct query_tree *tree, ULONG handle, size_t parent)
{
    if (tree->count == tree->capacity) {
        size_t capacity = tree->capacity == 0 ? 8 : tree->capacity * 2;
        struct registry_entry *entries = realloc(tree->entries, capacity * sizeof *entries);
        if (entries == NULL)
            return false;
        tree->entries = entries;
        tree->capacity = capacity;
    }
    tree->entries[tree->count++] = (struct registry_entry){handle, parent};
    return true;
}

/* Opens a handle on a new node under `parent_handle` (0: the root). */
static HRESULT open_node(struct query_tree *tree, struct query_node *node, ULONG parent_handle,
                         ULONG *handle)
{
    platform_mutex_lock(&tree->lock);
    size_t parent = ROOT;
    HRESULT hr = S_OK;
    if (parent_handle != 0 && (parent = registry_find(tree, parent_handle)) == SIZE_MAX)
        hr = E_DRM_INVALID_HANDLE; /* closed while we were looking */
    ULONG opened = 0;
    if (SUCCEEDED(hr))
        hr = handle_open(&node->base, HANDLE_QUERY, &opened);
    if (SUCCEEDED(hr) && !registry_add(tree, opened, parent)) {
        handle_close(opened, HANDLE_MASK(HANDLE_QUERY));
        hr = E_OUTOFMEMORY;
    }
    platform_mutex_unlock(&tree->lock);
    if (SUCCEEDED(hr))
        *handle = opened; /* nothing but a usable handle leaves here */
    return hr;
}

HRESULT query_parse(const WCHAR *license, DRMQUERYHANDLE *root)
{
    /* A whole chain is accepted too: its first document is the license
     * (functions/DRMParseUnboundLicense.md asks for element 0). Anything
     * that is not a chain (a document with an XML declaration, garbage)
     * goes to the parser whole, to be judged there. */
    struct chain_span first = {0, 0};
    size_t documents = 0;
    struct xrml_document *document = NULL;
    HRESULT hr = chain_split(license, &first, 1, &documents);
    if (SUCCEEDED(hr))
        hr = xrml_parse_utf16(license + first.start, first.length, &document);
    else
        hr = xrml_parse_string(license, &document);
    if (FAILED(hr))
        return hr;

    struct query_tree *tree = calloc(1, sizeof *tree);
    struct query_node *node = NULL;
    if (tree != NULL) {
        object_init(&tree->base, &tree_vtbl);
        platform_mutex_init(&tree->lock);
        node = node_new(tree, document, document->body, level_of_body(document->body));
        object_unref(&tree->base); /* the node holds it now */
    }
    xrml_document_unref(document);
    if (node == NULL)
        return E_OUTOFMEMORY;
    hr = open_node(node->tree, node, 0, root);
    object_unref(&node->base);
    return hr;
}

static HRESULT acquire_node(DRMQUERYHANDLE handle, struct query_node **node)
{
    struct object *object = NULL;
    HRESULT hr = handle_acquire(handle, HANDLE_MASK(HANDLE_QUERY), &object, NULL);
    *node = (struct query_node *)object;
    return hr;
}

/* A query name as ASCII, or false for anything no query could be named. */
static bool query_name(const WCHAR *type, char name[64])
{
    size_t i = 0;
    for (; type[i] != 0; i++) {
        if (i == 63 || type[i] >= 0x80)
            return false;
        name[i] = (char)type[i];
    }
    name[i] = '\0';
    return true;
}

HRESULT query_object_count(DRMQUERYHANDLE handle, const WCHAR *type, UINT *count)
{
    struct query_node *node = NULL;
    HRESULT hr = acquire_node(handle, &node);
    if (FAILED(hr))
        return hr;
    char name[64];
    enum query_level child;
    size_t found = query_name(type, name)
                       ? level_objects(node->level, node->element, name, NULL, 0, &child)
                       : 0;
    *count = found > UINT32_MAX ? UINT32_MAX : (UINT)found;
    object_unref(&node->base);
    return S_OK;
}

HRESULT query_object(DRMQUERYHANDLE handle, const WCHAR *type, UINT index, DRMQUERYHANDLE *object)
{
    struct query_node *node = NULL;
    HRESULT hr = acquire_node(handle, &node);
    if (FAILED(hr))
        return hr;
    char name[64];
    enum query_level child_level = LEVEL_PRINCIPAL;
    bool named = query_name(type, name);
    size_t count =
        named ? level_objects(node->level, node->element, name, NULL, 0, &child_level) : 0;
    xmlNodePtr *found = NULL;
    if (index >= count)
        hr = E_DRM_NO_MORE_DATA;
    else if ((found = malloc(((size_t)index + 1) * sizeof *found)) == NULL)
        hr = E_OUTOFMEMORY;
    else
        level_objects(node->level, node->element, name, found, (size_t)index + 1, &child_level);
    if (SUCCEEDED(hr)) {
        struct query_node *child = node_new(node->tree, node->document, found[index], child_level);
        hr = child == NULL ? E_OUTOFMEMORY : open_node(node->tree, child, handle, object);
        if (child != NULL)
            object_unref(&child->base);
    }
    free(found);
    object_unref(&node->base);
    return hr;
}

HRESULT query_attribute_count(DRMQUERYHANDLE handle, const WCHAR *type, UINT *count)
{
    struct query_node *node = NULL;
    HRESULT hr = acquire_node(handle, &node);
    if (FAILED(hr))
        return hr;
    char name[64];
    size_t found = 0;
    if (query_name(type, name))
        hr = level_attribute(node->level, node->element, name, 0, &found, NULL);
    *count = found > UINT32_MAX ? UINT32_MAX : (UINT)found;
    object_unref(&node->base);
    return hr;
}

/* Copies a value out by the two-call protocol, in bytes. */
static HRESULT return_value(const struct query_value *value, UINT *size, BYTE *buffer)
{
    WCHAR *wide = NULL;
    const void *bytes;
    size_t length;
    if (value->encoding == DRMENCODINGTYPE_STRING) {
        wide = wstr_from_utf8(value->text);
        if (wide == NULL)
            return E_OUTOFMEMORY;
        size_t units = 0;
        while (wide[units] != 0)
            units++;
        bytes = wide;
        length = (units + 1) * sizeof(WCHAR);
    } else if (value->encoding == DRMENCODINGTYPE_TIME) {
        bytes = &value->time;
        length = sizeof value->time;
    } else {
        bytes = &value->number;
        length = sizeof value->number;
    }
    HRESULT hr = S_OK;
    UINT room = *size;
    *size = length > UINT32_MAX ? UINT32_MAX : (UINT)length;
    if (buffer != NULL && room < length)
        hr = E_DRM_INSUFFICIENT_BUFFER;
    else if (buffer != NULL)
        memcpy(buffer, bytes, length);
    free(wide);
    return hr;
}

HRESULT query_attribute(DRMQUERYHANDLE handle, const WCHAR *type, UINT index,
                        DRMENCODINGTYPE *encoding, UINT *size, BYTE *buffer)
{
    struct query_node *node = NULL;
    HRESULT hr = acquire_node(handle, &node);
    if (FAILED(hr))
        return hr;
    char name[64];
    size_t count = 0;
    struct query_value value = {0};
    if (query_name(type, name))
        hr = level_attribute(node->level, node->element, name, index, &count, &value);
    if (SUCCEEDED(hr) && index >= count)
        hr = E_DRM_NO_MORE_DATA;
    if (SUCCEEDED(hr)) {
        hr = return_value(&value, size, buffer);
        if (SUCCEEDED(hr) || hr == E_DRM_INSUFFICIENT_BUFFER)
            *encoding = value.encoding;
    }
    query_value_clear(&value);
    object_unref(&node->base);
    return hr;
}

HRESULT query_close(DRMQUERYHANDLE handle)
{
    struct query_node *node = NULL;
    HRESULT hr = acquire_node(handle, &node);
    if (FAILED(hr))
        return hr;
    struct query_tree *tree = node->tree;

    /* Closing needs no memory, so it cannot fail for want of it. The
     * handles are closed under the tree's lock: that frees only nodes
     * (the tree lives on in `node`), and nothing it frees takes the lock. */
    platform_mutex_lock(&tree->lock);
    size_t at = registry_find(tree, handle);
    if (at == SIZE_MAX) {
        hr = E_DRM_INVALID_HANDLE; /* another thread closed it first */
    } else {
        /* `at` and everything beneath it, in one pass: parents come first. */
        for (size_t i = at; i < tree->count; i++) {
            struct registry_entry *entry = &tree->entries[i];
            bool beneath = i == at || (entry->handle != 0 && entry->parent < CLOSED &&
                                       tree->entries[entry->parent].parent == CLOSING);
            if (!beneath)
                continue;
            handle_close(entry->handle, HANDLE_MASK(HANDLE_QUERY));
            entry->handle = 0;
            entry->parent = CLOSING;
            tree->closed++;
        }
        for (size_t i = at; i < tree->count; i++) {
            if (tree->entries[i].parent == CLOSING)
                tree->entries[i].parent = CLOSED;
        }
        if (tree->closed > tree->count / 2)
            registry_compact(tree);
    }
    platform_mutex_unlock(&tree->lock);
    object_unref(&node->base);
    return hr;
}
