/*
 * openmsdrm - reading and signing the --templates files (see
 * server_templates.h).
 *
 * A published template may be pretty-printed, with values wrapped over
 * several lines (sdk-sample-template.xml). Its text is normalised first
 * as the reference examples were cleaned (tests/data/xrml-examples/
 * README.md, rules 3-4): no whitespace between elements; in character
 * data the blanks around it go, and a line break with its indentation
 * inside it becomes nothing in a base64 value and one space elsewhere.
 * Then it is read into the license model like any document, and written
 * again by the template builder, the only code that writes XrML.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "server/server_templates.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "license/license_builders.h"
#include "util/base64.h"
#include "util/wstring.h"
#include "xrml/xml_reader.h"
#include "xrml/xrml_signing.h"
#include "msdrmerror.h"

#define PUBLISHING_POINT_ID "{9A23D98E-4449-4ba5-812A-F30808F3CB16}"
#define PUBLISHING_POINT_NAME "Publishing Point"

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_base64(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/' || c == '=';
}

/* Character data as the examples were cleaned (in place). */
static void normalise_text(char *text)
{
    size_t length = strlen(text), start = 0;
    while (start < length && is_blank(text[start]))
        start++;
    while (length > start && is_blank(text[length - 1]))
        length--;
    bool base64 = true;
    for (size_t i = start; i < length && base64; i++)
        base64 = is_base64(text[i]) || is_blank(text[i]);
    size_t out = 0;
    for (size_t i = start; i < length;) {
        if (!is_blank(text[i])) {
            text[out++] = text[i++];
            continue;
        }
        size_t run = i;
        bool wrapped = false;
        while (i < length && is_blank(text[i]))
            wrapped |= text[i++] == '\n';
        if (!wrapped) {
            memmove(text + out, text + run, i - run);
            out += i - run;
        } else if (!base64) {
            text[out++] = ' ';
        }
    }
    text[out] = '\0';
}

/* Normalises the character data below `node`, drops comments and
 * processing instructions. libxml2 bounds the depth (256). */
static bool normalise_tree(xmlNodePtr node)
{
    for (xmlNodePtr child = node->children, next; child != NULL; child = next) {
        next = child->next;
        if (child->type == XML_COMMENT_NODE || child->type == XML_PI_NODE) {
            xmlUnlinkNode(child);
            xmlFreeNode(child);
        } else if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
            char *text = (char *)xmlNodeGetContent(child);
            if (text == NULL)
                return false;
            normalise_text(text);
            if (text[0] == '\0') {
                xmlUnlinkNode(child);
                xmlFreeNode(child);
            } else {
                xmlNodeSetContent(child, (const xmlChar *)text);
            }
            xmlFree(text);
        } else if (child->type == XML_ELEMENT_NODE) {
            if (strcmp((const char *)child->name, "SIGNATURE") == 0 && node->parent != NULL &&
                node->parent->type == XML_DOCUMENT_NODE) {
                xmlUnlinkNode(child); /* we sign it ourselves */
                xmlFreeNode(child);
            } else if (!normalise_tree(child)) {
                return false;
            }
        }
    }
    return true;
}

/* The file's XrML element, normalised, as heap UTF-8. E_INVALIDARG when
 * it is not XML the library reads (xrml/xml_reader.h: no DTD, no
 * entities) or not an XrML document. */
static HRESULT normalised_text(const char *bytes, size_t length, char **text)
{
    *text = NULL;
    xmlDocPtr doc = NULL;
    HRESULT hr = xml_reader_parse(bytes, length, NULL, NULL, &doc);
    if (FAILED(hr))
        return hr == E_OUTOFMEMORY ? hr : E_INVALIDARG;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root == NULL || root->ns != NULL || strcmp((const char *)root->name, "XrML") != 0)
        hr = E_INVALIDARG;
    if (SUCCEEDED(hr) && !normalise_tree(root))
        hr = E_OUTOFMEMORY;
    xmlBufferPtr buffer = SUCCEEDED(hr) ? xmlBufferCreate() : NULL;
    if (SUCCEEDED(hr) && (buffer == NULL || xmlNodeDump(buffer, doc, root, 0, 0) < 0))
        hr = E_OUTOFMEMORY;
    if (SUCCEEDED(hr)) {
        *text = str_copy((const char *)xmlBufferContent(buffer));
        if (*text == NULL)
            hr = E_OUTOFMEMORY;
    }
    if (buffer != NULL)
        xmlBufferFree(buffer);
    xmlFreeDoc(doc);
    return hr;
}

static HRESULT read_file(const char *path, char **bytes, size_t *length)
{
    *bytes = NULL;
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return E_ACCESSDENIED;
    char *buffer = malloc(SERVER_TEMPLATE_MAX_BYTES + 1);
    size_t got = buffer != NULL ? fread(buffer, 1, SERVER_TEMPLATE_MAX_BYTES + 1, file) : 0;
    HRESULT hr = buffer == NULL                    ? E_OUTOFMEMORY
                 : ferror(file)                    ? E_ACCESSDENIED
                 : got > SERVER_TEMPLATE_MAX_BYTES ? E_INVALIDARG
                                                   : S_OK;
    fclose(file);
    if (FAILED(hr)) {
        free(buffer);
        return hr;
    }
    buffer[got] = '\0';
    *bytes = buffer;
    *length = got;
    return S_OK;
}

/* Builds the server's version of a read template. */
static HRESULT sign_template(const struct license_model *read,
                             const struct server_identity *identity, const char *licensing_url,
                             char **signed_text)
{
    size_t count = read->distribution_point_count;
    struct license_party *points = calloc(count + 1, sizeof *points);
    struct license_object *objects = calloc(count + 1, sizeof *objects);
    struct license_address address = {"URL", licensing_url};
    HRESULT hr = points == NULL || objects == NULL ? E_OUTOFMEMORY : S_OK;
    bool publishing = false;
    for (size_t i = 0; SUCCEEDED(hr) && i < count; i++) {
        points[i] = read->distribution_points[i];
        const struct license_object *object = points[i].object;
        if (object != NULL && object->type != NULL && strcmp(object->type, "Publishing-URL") == 0) {
            objects[i] = *object;
            objects[i].addresses = &address;
            objects[i].address_count = 1;
            points[i].object = &objects[i];
            publishing = true;
        }
    }
    if (SUCCEEDED(hr) && !publishing) {
        objects[count] = (struct license_object){.type = "Publishing-URL",
                                                 .id_type = "MS-GUID",
                                                 .id = PUBLISHING_POINT_ID,
                                                 .name = PUBLISHING_POINT_NAME,
                                                 .addresses = &address,
                                                 .address_count = 1};
        points[count] = (struct license_party){.object = &objects[count]};
        count++;
    }
    if (SUCCEEDED(hr)) {
        struct license_model model = *read;
        model.issuer = &identity->issuer;
        model.distribution_points = points;
        model.distribution_point_count = count;
        if (model.issued_time == LICENSE_TIME_NONE || model.issued_time == LICENSE_TIME_INVALID)
            model.issued_time = server_now();
        hr = license_build_rights_template(&model, identity->slc_key, signed_text);
    }
    free(points);
    free(objects);
    return hr;
}

static HRESULT load_one(const char *path, const struct server_identity *identity,
                        const char *licensing_url, struct server_template *item)
{
    char *bytes = NULL, *text = NULL;
    size_t length = 0;
    HRESULT hr = read_file(path, &bytes, &length);
    if (SUCCEEDED(hr))
        hr = normalised_text(bytes, length, &text);
    free(bytes);
    struct xrml_document *document = NULL;
    if (SUCCEEDED(hr)) {
        hr = xrml_parse_utf8(text, strlen(text), &document);
        if (hr == E_DRM_INVALID_LICENSE)
            hr = E_INVALIDARG;
    }
    free(text);
    struct license_model model;
    memset(&model, 0, sizeof model);
    if (SUCCEEDED(hr))
        hr = license_model_read(document, &model);
    if (SUCCEEDED(hr) && (model.kind != LICENSE_KIND_RIGHTS_TEMPLATE || license_id(&model) == NULL))
        hr = E_INVALIDARG;
    if (SUCCEEDED(hr)) {
        item->guid = str_copy(license_id(&model));
        hr = item->guid == NULL ? E_OUTOFMEMORY
                                : sign_template(&model, identity, licensing_url, &item->text);
    }
    unsigned char digest[20];
    if (SUCCEEDED(hr))
        hr = xrml_body_digest(item->text, digest);
    if (SUCCEEDED(hr))
        hr = base64_encode_new(digest, sizeof digest, &item->hash);
    license_model_clear(&model);
    xrml_document_unref(document);
    return hr;
}

static int compare_nocase(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = (*a >= 'A' && *a <= 'Z') ? *a - 'A' + 'a' : *a;
        int y = (*b >= 'A' && *b <= 'Z') ? *b - 'A' + 'a' : *b;
        if (x != y || x == 0)
            return x - y;
    }
}

HRESULT server_templates_load(const char *const *paths, size_t count,
                              const struct server_identity *identity, const char *licensing_url,
                              struct server_templates **templates, size_t *bad_file)
{
    *templates = NULL;
    *bad_file = 0;
    struct server_templates *list = calloc(1, sizeof *list);
    if (list == NULL)
        return E_OUTOFMEMORY;
    list->items = calloc(count > 0 ? count : 1, sizeof *list->items);
    HRESULT hr = list->items == NULL ? E_OUTOFMEMORY : S_OK;
    for (size_t i = 0; SUCCEEDED(hr) && i < count; i++) {
        hr = load_one(paths[i], identity, licensing_url, &list->items[i]);
        list->count = i + 1;
        if (SUCCEEDED(hr) && server_templates_find(list, list->items[i].guid) != &list->items[i])
            hr = E_INVALIDARG; /* the GUID of an earlier one */
        if (FAILED(hr))
            *bad_file = i;
    }
    if (FAILED(hr)) {
        server_templates_free(list);
        return hr;
    }
    *templates = list;
    return S_OK;
}

void server_templates_free(struct server_templates *templates)
{
    if (templates == NULL)
        return;
    for (size_t i = 0; i < templates->count; i++) {
        free(templates->items[i].guid);
        free(templates->items[i].hash);
        free(templates->items[i].text);
    }
    free(templates->items);
    free(templates);
}

const struct server_template *server_templates_find(const struct server_templates *templates,
                                                    const char *guid)
{
    for (size_t i = 0; templates != NULL && i < templates->count; i++)
        if (templates->items[i].guid != NULL && compare_nocase(templates->items[i].guid, guid) == 0)
            return &templates->items[i];
    return NULL;
}
