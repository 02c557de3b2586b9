/*
 * openmsdrm - query handles on unbound licenses (see license_query.h).
 *
 * The handles opened from one DRMParseUnboundLicense form a tree. The
 * tree's registry lists them in the order they were opened, each with the
 * position of its parent, so a parent always comes before its children
 * and one forward pass finds everything beneath a handle being closed.
 * Closed entries are blanked and squeezed out once they are the majority.
 * Each node knows its entry and each entry how many open children it has,
 * so opening a handle, and closing one with nothing beneath it, take the
 * same time however many handles are open (a license's rights can number
 * in the hundred thousands, each a handle).
 *
 * Lock order: a tree's lock, then the handle table's.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/license_query.h"

#include <stdatomic.h>
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

struct query_node;

struct registry_entry {
    ULONG handle;            /* 0 once closed */
    size_t parent;           /* index of the parent's entry; ROOT, or CLOSING/CLOSED */
    size_t children;         /* open entries whose parent this is */
    struct query_node *node; /* its node, alive while the handle is open */
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

/* What a selection holds: a name's sub-objects, or the elements holding
 * its attribute values (license_levels.h). */
enum selecting { SUB_OBJECTS, VALUE_HOLDERS };

/*
 * The sub-objects of one name, or the elements holding the values of one
 * attribute, selected once per node: walking n rights or n values by
 * index would otherwise select all n for each of them (quadratic in a
 * license's size, which only its node limit bounds). Immutable once
 * published; a node's list only grows, by one entry per name asked that
 * has any, so it stays as short as its level's lists of names.
 */
struct selection {
    struct selection *next;
    enum selecting kind;
    char name[64];
    enum query_level level; /* of the sub-objects */
    size_t count;
    xmlNodePtr nodes[];
};

struct query_node {
    struct object base;
    struct query_tree *tree;
    struct xrml_document *document;
    xmlNodePtr element;
    enum query_level level;
    _Atomic(struct selection *) selections; /* pushed with a compare-and-swap */
    size_t entry;                           /* its registry entry (tree lock) */
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
    struct selection *next = atomic_load_explicit(&node->selections, memory_order_acquire);
    while (next != NULL) {
        struct selection *selection = next;
        next = selection->next;
        free(selection);
    }
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
    atomic_init(&node->selections, NULL);
    node->entry = SIZE_MAX;
    return node;
}

static const struct selection *find_selection(const struct selection *first,
                                              const struct selection *end, enum selecting kind,
                                              const char *name)
{
    for (const struct selection *selection = first; selection != end; selection = selection->next) {
        if (selection->kind == kind && strcmp(selection->name, name) == 0)
            return selection;
    }
    return NULL;
}

/* What `kind` selects from `node` for `name`, as the levels select it:
 * stores up to `capacity` in `found` and returns how many there are. */
static size_t select_for(const struct query_node *node, enum selecting kind, const char *name,
                         xmlNodePtr *found, size_t capacity, enum query_level *level)
{
    if (kind == VALUE_HOLDERS)
        return level_attribute_elements(node->level, node->element, name, found, capacity);
    return level_objects(node->level, node->element, name, found, capacity, level);
}

/*
 * The sub-objects or value holders of `node` for `name`, selected the
 * first time they are asked for; NULL when there are none. E_OUTOFMEMORY.
 */
static HRESULT node_selection(struct query_node *node, enum selecting kind, const char *name,
                              const struct selection **result)
{
    struct selection *head = atomic_load_explicit(&node->selections, memory_order_acquire);
    *result = find_selection(head, NULL, kind, name);
    if (*result != NULL)
        return S_OK;
    enum query_level level = LEVEL_PRINCIPAL;
    size_t count = select_for(node, kind, name, NULL, 0, &level);
    if (count == 0)
        return S_OK; /* none, or no such name: nothing to keep */
    struct selection *selection = malloc(sizeof *selection + count * sizeof(xmlNodePtr));
    if (selection == NULL)
        return E_OUTOFMEMORY;
    selection->kind = kind;
    selection->level = level;
    selection->count = select_for(node, kind, name, selection->nodes, count, &selection->level);
    if (selection->count != count) {
        free(selection); /* selecting ran out of memory: keep no short list */
        return E_OUTOFMEMORY;
    }
    strcpy(selection->name, name); /* query_name made it shorter than 64 */
    for (struct selection *seen = NULL;;) {
        /* Another thread may have pushed the same name since we looked. */
        const struct selection *theirs = find_selection(head, seen, kind, name);
        if (theirs != NULL) {
            free(selection);
            *result = theirs;
            return S_OK;
        }
        seen = head;
        selection->next = head;
        if (atomic_compare_exchange_weak_explicit(&node->selections, &head, selection,
                                                  memory_order_acq_rel, memory_order_acquire))
            break;
    }
    *result = selection;
    return S_OK;
}

/* The entry of a node whose handle is open, or SIZE_MAX. Lock held. The
 * caller holds a reference on the node, so no other node has its address. */
static size_t registry_find(const struct query_tree *tree, const struct query_node *node)
{
    size_t at = node->entry;
    return at < tree->count && tree->entries[at].handle != 0 && tree->entries[at].node == node
               ? at
               : SIZE_MAX;
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
        entry.node->entry = kept;
        moved[i] = kept;
        tree->entries[kept++] = entry;
    }
    free(moved);
    tree->count = kept;
    tree->closed = 0;
}

/* Appends an entry; false when out of memory. Lock held. */
static bool registry_add(struct query_tree *tree, ULONG handle, size_t parent,
                         struct query_node *node)
{
    if (tree->count == tree->capacity) {
        size_t capacity = tree->capacity == 0 ? 8 : tree->capacity * 2;
        struct registry_entry *entries = realloc(tree->entries, capacity * sizeof *entries);
        if (entries == NULL)
            return false;
        tree->entries = entries;
        tree->capacity = capacity;
    }
    if (parent != ROOT)
        tree->entries[parent].children++;
    node->entry = tree->count;
    tree->entries[tree->count++] = (struct registry_entry){handle, parent, 0, node};
    return true;
}

/* Opens a handle on a new node under the node of an open handle (NULL:
 * the root). */
static HRESULT open_node(struct query_tree *tree, struct query_node *node,
                         const struct query_node *parent_node, ULONG *handle)
{
    platform_mutex_lock(&tree->lock);
    size_t parent = ROOT;
    HRESULT hr = S_OK;
    if (parent_node != NULL && (parent = registry_find(tree, parent_node)) == SIZE_MAX)
        hr = E_DRM_INVALID_HANDLE; /* closed while we were looking */
    ULONG opened = 0;
    if (SUCCEEDED(hr))
        hr = handle_open(&node->base, HANDLE_QUERY, &opened);
    if (SUCCEEDED(hr) && !registry_add(tree, opened, parent, node)) {
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
    hr = open_node(node->tree, node, NULL, root);
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

/* How many sub-objects (or attribute values) named `type` the handle has:
 * both counts always succeed once the handle is found. */
static HRESULT query_count(DRMQUERYHANDLE handle, enum selecting kind, const WCHAR *type,
                           UINT *count)
{
    struct query_node *node = NULL;
    HRESULT hr = acquire_node(handle, &node);
    if (FAILED(hr))
        return hr;
    char name[64];
    const struct selection *selection = NULL;
    size_t found = 0;
    if (query_name(type, name) && FAILED(node_selection(node, kind, name, &selection))) {
        /* out of memory: counted without keeping them */
        enum query_level child;
        found = kind == SUB_OBJECTS
                    ? level_objects(node->level, node->element, name, NULL, 0, &child)
                    : level_attribute_elements(node->level, node->element, name, NULL, 0);
    } else if (selection != NULL) {
        found = selection->count;
    }
    *count = found > UINT32_MAX ? UINT32_MAX : (UINT)found;
    object_unref(&node->base);
    return S_OK;
}

HRESULT query_object_count(DRMQUERYHANDLE handle, const WCHAR *type, UINT *count)
{
    return query_count(handle, SUB_OBJECTS, type, count);
}

HRESULT query_object(DRMQUERYHANDLE handle, const WCHAR *type, UINT index, DRMQUERYHANDLE *object)
{
    struct query_node *node = NULL;
    HRESULT hr = acquire_node(handle, &node);
    if (FAILED(hr))
        return hr;
    char name[64];
    const struct selection *selection = NULL;
    if (query_name(type, name))
        hr = node_selection(node, SUB_OBJECTS, name, &selection);
    if (SUCCEEDED(hr) && (selection == NULL || index >= selection->count))
        hr = E_DRM_NO_MORE_DATA;
    if (SUCCEEDED(hr)) {
        struct query_node *child =
            node_new(node->tree, node->document, selection->nodes[index], selection->level);
        hr = child == NULL ? E_OUTOFMEMORY : open_node(node->tree, child, node, object);
        if (child != NULL)
            object_unref(&child->base);
    }
    object_unref(&node->base);
    return hr;
}

HRESULT query_attribute_count(DRMQUERYHANDLE handle, const WCHAR *type, UINT *count)
{
    return query_count(handle, VALUE_HOLDERS, type, count);
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
    const struct selection *selection = NULL;
    struct query_value value = {0};
    if (query_name(type, name))
        hr = node_selection(node, VALUE_HOLDERS, name, &selection);
    if (SUCCEEDED(hr) && (selection == NULL || index >= selection->count))
        hr = E_DRM_NO_MORE_DATA;
    if (SUCCEEDED(hr))
        hr = level_attribute_value(node->level, name, selection->nodes[index], &value);
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
    size_t at = registry_find(tree, node);
    if (at == SIZE_MAX) {
        hr = E_DRM_INVALID_HANDLE; /* another thread closed it first */
    } else {
        size_t parent = tree->entries[at].parent;
        if (parent != ROOT)
            tree->entries[parent].children--;
        /* `at` and everything beneath it, in one pass: parents come first
         * (none to look for when it has no open child). */
        size_t end = tree->entries[at].children == 0 ? at + 1 : tree->count;
        for (size_t i = at; i < end; i++) {
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
        for (size_t i = at; i < end; i++) {
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
