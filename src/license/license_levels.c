/*
 * openmsdrm - what each level of an unbound license offers (see
 * license_levels.h). Two tables say it all: the sub-objects of each
 * level and the attributes of each level, each with the XrML path it
 * reads, relative to the level's element.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "license/license_levels.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "license/license_model.h"
#include "util/wstring.h"
#include "xrml/xrml_document.h"
#include "msdrmerror.h"

/* Which of the elements a path reaches are meant. */
enum filter {
    ALL,
    CHILDREN,        /* every child element of the path's elements */
    GROUP_IDENTITY,  /* principals whose OBJECT@type is Group-Identity */
    OS_EXCLUSION,    /* <CONDITION NAME="OS-Exclusion"> */
    APPLICATION_DATA /* <AUTHENTICATEDDATA id="APPSPECIFIC"> */
};

struct object_rule {
    enum query_level level;
    const char *name;
    const char *path;
    enum filter filter;
    enum query_level child;
};

static const struct object_rule object_rules[] = {
    {LEVEL_LICENSE, "issued-principal", "ISSUEDPRINCIPALS/PRINCIPAL", ALL, LEVEL_PRINCIPAL},
    {LEVEL_LICENSE, "group-identity-principal", "ISSUEDPRINCIPALS/PRINCIPAL", GROUP_IDENTITY,
     LEVEL_PRINCIPAL},
    {LEVEL_LICENSE, "issuer", "ISSUER", ALL, LEVEL_PRINCIPAL},
    {LEVEL_LICENSE, "distribution-point", "DISTRIBUTIONPOINT", ALL, LEVEL_PRINCIPAL},
    {LEVEL_LICENSE, "work", "WORK", ALL, LEVEL_WORK},
    {LEVEL_LICENSE, "condition-list", "CONDITIONLIST", ALL, LEVEL_CONDITION_LIST},
    /* functions/DRMParseUnboundLicense.md: on an issuance license, only this. */
    {LEVEL_ISSUANCE_LICENSE, "distribution-point", "DISTRIBUTIONPOINT", ALL, LEVEL_PRINCIPAL},
    {LEVEL_WORK, "owner", "METADATA/OWNER", ALL, LEVEL_PRINCIPAL},
    {LEVEL_WORK, "condition-list", "CONDITIONLIST", ALL, LEVEL_CONDITION_LIST},
    {LEVEL_WORK, "rights-group", "RIGHTSGROUP", ALL, LEVEL_RIGHTS_GROUP},
    {LEVEL_RIGHTS_GROUP, "right", "RIGHTSLIST", CHILDREN, LEVEL_RIGHT},
    {LEVEL_RIGHTS_GROUP, "condition-list", "CONDITIONLIST", ALL, LEVEL_CONDITION_LIST},
    {LEVEL_RIGHT, "condition-list", "CONDITIONLIST", ALL, LEVEL_CONDITION_LIST},
    {LEVEL_CONDITION_LIST, "access-condition", "ACCESS", ALL, LEVEL_ACCESS},
    {LEVEL_CONDITION_LIST, "rangetime-condition", "TIME/RANGETIME", ALL, LEVEL_RANGE_TIME},
    {LEVEL_CONDITION_LIST, "intervaltime-condition", "TIME/INTERVALTIME", ALL, LEVEL_INTERVAL_TIME},
    {LEVEL_CONDITION_LIST, "os-exclusion-condition", "CONDITION", OS_EXCLUSION, LEVEL_OS_EXCLUSION},
    {LEVEL_CONDITION_LIST, "revocation-condition", "REFRESH", ALL, LEVEL_REVOCATION},
    {LEVEL_ACCESS, "principal", "PRINCIPAL", ALL, LEVEL_PRINCIPAL},
    {LEVEL_REVOCATION, "distribution-point", "DISTRIBUTIONPOINT", ALL, LEVEL_PRINCIPAL},
};

/* Where a value comes from in the element a path reaches. */
enum source {
    TEXT,
    ATTRIBUTE,   /* the attribute named by `attribute` */
    RIGHT_NAME,  /* RIGHT@name, or the element's own name (<VIEW>, <PRINT>) */
    DAYS,        /* @days as an unsigned integer, 0 when absent */
    VERSION_MIN, /* the part of "min-max" before the '-' */
    VERSION_MAX,
    TIME_TEXT /* the text as a SYSTEMTIME */
};

struct attribute_rule {
    enum query_level level;
    const char *name;
    const char *path; /* "" is the element itself */
    enum filter filter;
    enum source source;
    const char *attribute;
};

#define OBJECT_ATTRIBUTES(level)                                                                   \
    {level, "id-type", "OBJECT/ID", ALL, ATTRIBUTE, "type"},                                       \
        {level, "id-value", "OBJECT/ID", ALL, TEXT, NULL},                                         \
        {level, "name", "OBJECT/NAME", ALL, TEXT, NULL},                                           \
    {                                                                                              \
        level, "object-type", "OBJECT", ALL, ATTRIBUTE, "type"                                     \
    }

static const struct attribute_rule attribute_rules[] = {
    {LEVEL_LICENSE, "id-type", "DESCRIPTOR/OBJECT/ID", ALL, ATTRIBUTE, "type"},
    {LEVEL_LICENSE, "id-value", "DESCRIPTOR/OBJECT/ID", ALL, TEXT, NULL},
    {LEVEL_LICENSE, "object-type", "DESCRIPTOR/OBJECT", ALL, ATTRIBUTE, "type"},
    {LEVEL_LICENSE, "issued-time", "ISSUEDTIME", ALL, TIME_TEXT, NULL},
    {LEVEL_LICENSE, "valid-from", "VALIDITYTIME/FROM", ALL, TIME_TEXT, NULL},
    {LEVEL_LICENSE, "valid-until", "VALIDITYTIME/UNTIL", ALL, TIME_TEXT, NULL},
    {LEVEL_LICENSE, "appdata-name", "AUTHENTICATEDDATA", APPLICATION_DATA, ATTRIBUTE, "name"},
    {LEVEL_LICENSE, "appdata-value", "AUTHENTICATEDDATA", APPLICATION_DATA, TEXT, NULL},
    OBJECT_ATTRIBUTES(LEVEL_PRINCIPAL),
    {LEVEL_PRINCIPAL, "address-type", "OBJECT/ADDRESS", ALL, ATTRIBUTE, "type"},
    {LEVEL_PRINCIPAL, "address-value", "OBJECT/ADDRESS", ALL, TEXT, NULL},
    OBJECT_ATTRIBUTES(LEVEL_WORK),
    {LEVEL_WORK, "sku-type", "METADATA/SKU", ALL, ATTRIBUTE, "type"},
    {LEVEL_WORK, "sku-value", "METADATA/SKU", ALL, TEXT, NULL},
    {LEVEL_RIGHTS_GROUP, "name", "", ALL, ATTRIBUTE, "name"},
    {LEVEL_RIGHT, "name", "", ALL, RIGHT_NAME, NULL},
    {LEVEL_RIGHT, "rights-parameter-name", "PARAMETER", ALL, ATTRIBUTE, "name"},
    {LEVEL_RIGHT, "rights-parameter-value", "PARAMETER/VALUE", ALL, TEXT, NULL},
    {LEVEL_INTERVAL_TIME, "intervaltime-interval", "", ALL, DAYS, NULL},
    {LEVEL_INTERVAL_TIME, "time-interval", "", ALL, DAYS, NULL},
    {LEVEL_RANGE_TIME, "from-time", "FROM", ALL, TIME_TEXT, NULL},
    {LEVEL_RANGE_TIME, "until-time", "UNTIL", ALL, TIME_TEXT, NULL},
    {LEVEL_OS_EXCLUSION, "min-version", "", ALL, VERSION_MIN, NULL},
    {LEVEL_OS_EXCLUSION, "max-version", "", ALL, VERSION_MAX, NULL},
    {LEVEL_REVOCATION, "refresh-period", "INTERVALTIME", ALL, DAYS, NULL},
};

/* What a document is comes from its signed BODY, as the license model
 * reads it (license_kind_of): an issuance license offers its distribution
 * points only (functions/DRMParseUnboundLicense.md). */
enum query_level level_of_body(xmlNodePtr body)
{
    enum license_kind kind = license_kind_of(xrml_attribute(body, "type"), NULL, false);
    return kind == LICENSE_KIND_PUBLISHING_LICENSE ? LEVEL_ISSUANCE_LICENSE : LEVEL_LICENSE;
}

static bool passes(xmlNodePtr node, enum filter filter)
{
    const char *value;
    switch (filter) {
    case GROUP_IDENTITY:
        value = xrml_attribute(xrml_child(node, "OBJECT"), "type");
        return value != NULL && strcmp(value, "Group-Identity") == 0;
    case OS_EXCLUSION:
        value = xrml_attribute(node, "NAME");
        return value != NULL && strcmp(value, "OS-Exclusion") == 0;
    case APPLICATION_DATA:
        value = xrml_attribute(node, "id");
        return value != NULL && strcmp(value, "APPSPECIFIC") == 0;
    case ALL:
    case CHILDREN:
        break;
    }
    return true;
}

/* Stores match `count` if there is room; returns the new count. */
static size_t keep(xmlNodePtr node, xmlNodePtr *found, size_t capacity, size_t count)
{
    if (found != NULL && count < capacity)
        found[count] = node;
    return count + 1;
}

/* Whether the element has the value at all (an ID without its type has
 * no id-type); any element has it when `rule` is NULL. */
static bool has_value(const struct attribute_rule *rule, xmlNodePtr node)
{
    if (rule == NULL)
        return true; /* selecting sub-objects, not values */
    if (rule->source == ATTRIBUTE)
        return xrml_attribute(node, rule->attribute) != NULL;
    if (rule->source == RIGHT_NAME)
        return strcmp((const char *)node->name, "RIGHT") != 0 ||
               xrml_attribute(node, "name") != NULL;
    return true;
}

/* The elements `path` and `filter` pick from `element`, in document order;
 * with `holding` not NULL, only those that have that attribute's value. */
static size_t select_filtered(xmlNodePtr element, const char *path, enum filter filter,
                              const struct attribute_rule *holding, xmlNodePtr *found,
                              size_t capacity)
{
    if (path[0] == '\0')
        return has_value(holding, element) ? keep(element, found, capacity, 0) : 0;
    size_t total = xrml_select(element, path, NULL, 0);
    xmlNodePtr local[16];
    xmlNodePtr *nodes = total <= 16 ? local : malloc(total * sizeof *nodes);
    if (nodes == NULL)
        return 0; /* out of memory reads as nothing found */
    xrml_select(element, path, nodes, total);
    size_t count = 0;
    for (size_t i = 0; i < total; i++) {
        if (filter == CHILDREN) {
            /* In no namespace, as every lookup (xrml_document.h): a
             * prefix bound on the unsigned root must not turn a signed
             * <p:EDIT> into an EDIT right. */
            for (xmlNodePtr child = nodes[i]->children; child != NULL; child = child->next) {
                if (child->type == XML_ELEMENT_NODE && child->ns == NULL &&
                    has_value(holding, child))
                    count = keep(child, found, capacity, count);
            }
        } else if (passes(nodes[i], filter) && has_value(holding, nodes[i])) {
            count = keep(nodes[i], found, capacity, count);
        }
    }
    if (nodes != local)
        free(nodes);
    return count;
}

size_t level_objects(enum query_level level, xmlNodePtr element, const char *name,
                     xmlNodePtr *found, size_t capacity, enum query_level *child)
{
    for (size_t i = 0; i < sizeof object_rules / sizeof object_rules[0]; i++) {
        const struct object_rule *rule = &object_rules[i];
        if (rule->level == level && strcmp(rule->name, name) == 0) {
            *child = rule->child;
            return select_filtered(element, rule->path, rule->filter, NULL, found, capacity);
        }
    }
    return 0;
}

/* A text value: borrowed when the element holds one text run, else copied. */
static HRESULT read_text(xmlNodePtr node, struct query_value *value)
{
    value->text = xrml_text(node);
    if (value->text != NULL)
        return S_OK;
    xmlChar *content = xmlNodeGetContent(node);
    value->owned = content != NULL ? str_copy((const char *)content) : NULL;
    xmlFree(content);
    value->text = value->owned;
    return value->owned != NULL ? S_OK : E_OUTOFMEMORY;
}

static HRESULT read_days(xmlNodePtr node, struct query_value *value)
{
    const char *days = xrml_attribute(node, "days");
    value->encoding = DRMENCODINGTYPE_UINT;
    value->number = 0;
    if (days == NULL)
        return S_OK;
    if (days[0] == '\0' || strlen(days) > 9 || strspn(days, "0123456789") != strlen(days))
        return E_DRM_INVALID_LICENSE;
    value->number = (UINT)strtoul(days, NULL, 10);
    return S_OK;
}

/* "5.1.2600.0-6.0.0.0": the part before or after the first '-'. */
static HRESULT read_version(xmlNodePtr node, bool maximum, struct query_value *value)
{
    const char *text = xrml_text(node);
    const char *dash = text != NULL ? strchr(text, '-') : NULL;
    if (dash == NULL)
        return E_DRM_INVALID_LICENSE;
    const char *start = maximum ? dash + 1 : text;
    size_t length = maximum ? strlen(dash + 1) : (size_t)(dash - text);
    value->owned = malloc(length + 1);
    if (value->owned == NULL)
        return E_OUTOFMEMORY;
    memcpy(value->owned, start, length);
    value->owned[length] = '\0';
    value->text = value->owned;
    return S_OK;
}

static HRESULT read_value(const struct attribute_rule *rule, xmlNodePtr node,
                          struct query_value *value)
{
    value->encoding = DRMENCODINGTYPE_STRING;
    switch (rule->source) {
    case TEXT:
        return read_text(node, value);
    case ATTRIBUTE:
        value->text = xrml_attribute(node, rule->attribute);
        return S_OK;
    case RIGHT_NAME:
        value->text = strcmp((const char *)node->name, "RIGHT") == 0 ? xrml_attribute(node, "name")
                                                                     : (const char *)node->name;
        return S_OK;
    case DAYS:
        return read_days(node, value);
    case VERSION_MIN:
    case VERSION_MAX:
        return read_version(node, rule->source == VERSION_MAX, value);
    case TIME_TEXT:
        value->encoding = DRMENCODINGTYPE_TIME;
        return xrml_parse_time(xrml_text(node), &value->time) ? S_OK : E_DRM_INVALID_LICENSE;
    }
    return E_UNEXPECTED;
}

/* The rule of attribute `name` at `level`, or NULL. The last match wins,
 * as it always has (no level lists a name twice). */
static const struct attribute_rule *attribute_rule(enum query_level level, const char *name)
{
    const struct attribute_rule *rule = NULL;
    for (size_t i = 0; i < sizeof attribute_rules / sizeof attribute_rules[0]; i++) {
        if (attribute_rules[i].level == level && strcmp(attribute_rules[i].name, name) == 0)
            rule = &attribute_rules[i];
    }
    return rule;
}

size_t level_attribute_elements(enum query_level level, xmlNodePtr element, const char *name,
                                xmlNodePtr *found, size_t capacity)
{
    const struct attribute_rule *rule = attribute_rule(level, name);
    if (rule == NULL)
        return 0;
    return select_filtered(element, rule->path, rule->filter, rule, found, capacity);
}

HRESULT level_attribute_value(enum query_level level, const char *name, xmlNodePtr holder,
                              struct query_value *value)
{
    const struct attribute_rule *rule = attribute_rule(level, name);
    return rule != NULL ? read_value(rule, holder, value) : E_UNEXPECTED;
}

void query_value_clear(struct query_value *value)
{
    free(value->owned);
    value->owned = NULL;
    value->text = NULL;
}
