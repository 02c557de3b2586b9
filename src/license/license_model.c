/*
 * openmsdrm - reading an XrML document into the license model (see
 * license_model.h): one walk over the BODY's children, element by
 * element, everything copied into the model's storage.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "license/license_model.h"

#include <string.h>

#include <libxml/tree.h>

#include "license/license_storage.h"
#include "msdrmerror.h"

/* The walk's state: the storage to copy into and the first failure
 * (E_OUTOFMEMORY), after which nothing more is allocated. */
struct reader {
    struct license_storage *storage;
    HRESULT hr;
};

static bool is_named(xmlNodePtr node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && node->ns == NULL &&
           strcmp((const char *)node->name, name) == 0;
}

/* The next element from `node` on (itself included) named `name`. */
static xmlNodePtr from_on(xmlNodePtr node, const char *name)
{
    while (node != NULL && !is_named(node, name))
        node = node->next;
    return node;
}

#define EACH_CHILD(child, parent, name)                                                            \
    xmlNodePtr child = from_on((parent)->children, name);                                          \
    child != NULL;                                                                                 \
    child = from_on(child->next, name)

static size_t count_children(xmlNodePtr parent, const char *name)
{
    size_t count = 0;
    for (EACH_CHILD(child, parent, name))
        count++;
    return count;
}

static xmlNodePtr first_child(xmlNodePtr parent, const char *name)
{
    return parent != NULL ? from_on(parent->children, name) : NULL;
}

static void *allocate(struct reader *r, size_t count, size_t size)
{
    if (count == 0 || FAILED(r->hr))
        return NULL;
    void *memory = license_storage_array(r->storage, count, size);
    if (memory == NULL)
        r->hr = E_OUTOFMEMORY;
    return memory;
}

/* A copy of libxml2's text `content`, or of the concatenated text of
 * `node` when it is made of several runs (character references). */
static const char *copy_content(struct reader *r, xmlNodePtr node, const xmlChar *content)
{
    if (FAILED(r->hr))
        return NULL;
    xmlChar *joined = NULL;
    if (content == NULL) {
        joined = xmlNodeGetContent(node);
        if (joined == NULL) {
            r->hr = E_OUTOFMEMORY;
            return NULL;
        }
        content = joined;
    }
    const char *copy =
        license_storage_copy(r->storage, (const char *)content, strlen((const char *)content));
    xmlFree(joined);
    if (copy == NULL)
        r->hr = E_OUTOFMEMORY;
    return copy;
}

/* The one text run of a node, NULL when it has several; "" for none. */
static const xmlChar *single_run(xmlNodePtr node)
{
    xmlNodePtr child = node->children;
    if (child == NULL)
        return (const xmlChar *)"";
    if (child->next != NULL ||
        (child->type != XML_TEXT_NODE && child->type != XML_CDATA_SECTION_NODE))
        return NULL;
    return child->content != NULL ? child->content : (const xmlChar *)"";
}

/* An element's text, NULL when it is absent or empty. */
static const char *text_of(struct reader *r, xmlNodePtr element)
{
    if (element == NULL)
        return NULL;
    const xmlChar *run = single_run(element);
    if (run != NULL && run[0] == '\0')
        return NULL;
    const char *text = copy_content(r, element, run);
    return text != NULL && text[0] != '\0' ? text : NULL;
}

/* An attribute's value ("" kept), NULL when absent. */
static const char *attribute_of(struct reader *r, xmlNodePtr element, const char *name)
{
    if (element == NULL)
        return NULL;
    for (xmlAttrPtr attribute = element->properties; attribute != NULL;
         attribute = attribute->next) {
        if (attribute->ns == NULL && strcmp((const char *)attribute->name, name) == 0)
            return copy_content(r, (xmlNodePtr)attribute, single_run((xmlNodePtr)attribute));
    }
    return NULL;
}

static const char *child_text(struct reader *r, xmlNodePtr parent, const char *name)
{
    return text_of(r, first_child(parent, name));
}

/* A time element: NONE when absent, INVALID when its text is no time. */
static int64_t time_of(struct reader *r, xmlNodePtr element)
{
    if (element == NULL)
        return LICENSE_TIME_NONE;
    const char *text = text_of(r, element);
    SYSTEMTIME time;
    if (text == NULL || !xrml_parse_time(text, &time))
        return LICENSE_TIME_INVALID;
    return xrml_time_seconds(&time);
}

/* Reads one element into one item of an array. */
typedef void (*read_item)(struct reader *r, xmlNodePtr element, void *item);

/* Every `name` child of `parent` read by `read` into a new array of
 * `size`-byte items; *count says how many (none: NULL and 0). */
static const void *read_each(struct reader *r, xmlNodePtr parent, const char *name, size_t size,
                             read_item read, size_t *count)
{
    *count = 0;
    unsigned char *items = allocate(r, parent != NULL ? count_children(parent, name) : 0, size);
    if (items == NULL)
        return NULL;
    for (EACH_CHILD(child, parent, name))
        read(r, child, items + size * (*count)++);
    return items;
}

/* --- objects and parties ---------------------------------------------------------- */

static void read_address(struct reader *r, xmlNodePtr element, void *item)
{
    struct license_address *address = item;
    address->type = attribute_of(r, element, "type");
    address->value = text_of(r, element);
}

static const struct license_object *read_object(struct reader *r, xmlNodePtr element)
{
    if (element == NULL)
        return NULL;
    struct license_object *object = allocate(r, 1, sizeof *object);
    if (object == NULL)
        return NULL;
    object->type = attribute_of(r, element, "type");
    xmlNodePtr id = first_child(element, "ID");
    object->id_type = attribute_of(r, id, "type");
    object->id = text_of(r, id);
    object->name = child_text(r, element, "NAME");
    object->addresses = read_each(r, element, "ADDRESS", sizeof *object->addresses, read_address,
                                  &object->address_count);
    return object;
}

/* PUBLICKEY: a key we can use, or NULL (has_public_key says it is there). */
static void read_key(struct reader *r, xmlNodePtr element, struct license_party *party)
{
    if (element == NULL || FAILED(r->hr))
        return;
    party->has_public_key = true;
    EVP_PKEY *key = NULL;
    HRESULT hr = xrml_read_public_key(element, &key);
    if (hr == E_OUTOFMEMORY) {
        r->hr = hr;
    } else if (SUCCEEDED(hr)) {
        r->hr = license_storage_keep_key(r->storage, key);
        if (SUCCEEDED(r->hr))
            party->key = key;
    }
}

/* `<SECURITYLEVEL name value />` */
static void read_level(struct reader *r, xmlNodePtr element, void *item)
{
    struct license_pair *level = item;
    level->name = attribute_of(r, element, "name");
    level->value = attribute_of(r, element, "value");
}

/* An ISSUER, PRINCIPAL, OWNER, DISTRIBUTIONPOINT or REVOKE. */
static void read_party(struct reader *r, xmlNodePtr element, void *item)
{
    struct license_party *party = item;
    party->internal_id = attribute_of(r, element, "internal-id");
    party->object = read_object(r, first_child(element, "OBJECT"));
    read_key(r, first_child(element, "PUBLICKEY"), party);
    party->digest = child_text(r, first_child(element, "DIGEST"), "VALUE");
    party->levels = read_each(r, element, "SECURITYLEVEL", sizeof *party->levels, read_level,
                              &party->level_count);
    xmlNodePtr bits = first_child(element, "ENABLINGBITS");
    party->enabling_bits.type = attribute_of(r, bits, "type");
    party->enabling_bits.value = child_text(r, bits, "VALUE");
}

static const struct license_party *read_one_party(struct reader *r, xmlNodePtr element)
{
    if (element == NULL)
        return NULL;
    struct license_party *party = allocate(r, 1, sizeof *party);
    if (party != NULL)
        read_party(r, element, party);
    return party;
}

static const struct license_party *read_parties(struct reader *r, xmlNodePtr parent,
                                                const char *name, size_t *count)
{
    return read_each(r, parent, name, sizeof(struct license_party), read_party, count);
}

/* --- conditions and rights ---------------------------------------------------------- */

/* One INTERVALTIME part: at most nine digits, 0 when absent. */
static unsigned interval_part(struct reader *r, xmlNodePtr element, const char *name,
                              bool *malformed)
{
    const char *text = attribute_of(r, element, name);
    if (text == NULL)
        return 0;
    size_t length = strlen(text);
    if (length == 0 || length > 9 || strspn(text, "0123456789") != length) {
        *malformed = true;
        return 0;
    }
    unsigned value = 0;
    for (size_t i = 0; i < length; i++)
        value = value * 10 + (unsigned)(text[i] - '0');
    return value;
}

static struct license_interval read_interval(struct reader *r, xmlNodePtr element)
{
    struct license_interval interval = {0};
    if (element == NULL)
        return interval;
    interval.present = true;
    interval.days = interval_part(r, element, "days", &interval.malformed);
    interval.hours = interval_part(r, element, "hours", &interval.malformed);
    interval.minutes = interval_part(r, element, "minutes", &interval.malformed);
    interval.seconds = interval_part(r, element, "seconds", &interval.malformed);
    return interval;
}

static void read_access(struct reader *r, xmlNodePtr element, void *item)
{
    struct license_access *access = item;
    access->principals = read_parties(r, element, "PRINCIPAL", &access->principal_count);
}

static void read_refresh(struct reader *r, xmlNodePtr element, void *item)
{
    struct license_revocation *revocation = item;
    revocation->distribution_points =
        read_parties(r, element, "DISTRIBUTIONPOINT", &revocation->distribution_point_count);
    revocation->refresh = read_interval(r, first_child(element, "INTERVALTIME"));
}

static struct license_conditions read_conditions(struct reader *r, xmlNodePtr list)
{
    struct license_conditions conditions = {0};
    if (list == NULL)
        return conditions;
    conditions.access = read_each(r, list, "ACCESS", sizeof *conditions.access, read_access,
                                  &conditions.access_count);
    xmlNodePtr range = NULL, interval = NULL;
    for (EACH_CHILD(element, list, "TIME")) {
        if (range == NULL)
            range = first_child(element, "RANGETIME");
        if (interval == NULL)
            interval = first_child(element, "INTERVALTIME");
    }
    if (range != NULL) {
        conditions.range_from = time_of(r, first_child(range, "FROM"));
        conditions.range_until = time_of(r, first_child(range, "UNTIL"));
    }
    conditions.interval = read_interval(r, interval);
    for (EACH_CHILD(condition, list, "CONDITION")) {
        const char *name = attribute_of(r, condition, "NAME");
        if (name != NULL && strcmp(name, "OS-Exclusion") == 0) {
            conditions.os_exclusion = text_of(r, condition);
            break;
        }
    }
    conditions.revocations = read_each(r, list, "REFRESH", sizeof *conditions.revocations,
                                       read_refresh, &conditions.revocation_count);
    return conditions;
}

/* A right's PARAMETER: its name and VALUE. */
static void read_parameter(struct reader *r, xmlNodePtr element, void *item)
{
    struct license_pair *parameter = item;
    parameter->name = attribute_of(r, element, "name");
    parameter->value = child_text(r, element, "VALUE");
}

/* A right element: RIGHT, or any element of the XrML rights vocabulary. */
static void read_right(struct reader *r, xmlNodePtr element, struct license_right *right)
{
    right->name = is_named(element, "RIGHT") ? attribute_of(r, element, "name")
                                             : copy_content(r, element, element->name);
    right->conditions = read_conditions(r, first_child(element, "CONDITIONLIST"));
    right->parameters = read_each(r, element, "PARAMETER", sizeof *right->parameters,
                                  read_parameter, &right->parameter_count);
}

/* Every element of a RIGHTSLIST is a right, in no namespace (xrml_document.h). */
static bool is_right(xmlNodePtr node)
{
    return node->type == XML_ELEMENT_NODE && node->ns == NULL;
}

static void read_group(struct reader *r, xmlNodePtr element, void *item)
{
    struct license_rights_group *group = item;
    group->name = attribute_of(r, element, "name");
    group->conditions = read_conditions(r, first_child(element, "CONDITIONLIST"));
    size_t count = 0;
    for (EACH_CHILD(list, element, "RIGHTSLIST")) {
        for (xmlNodePtr node = list->children; node != NULL; node = node->next)
            count += is_right(node);
    }
    struct license_right *rights = allocate(r, count, sizeof *rights);
    if (rights == NULL)
        return;
    for (EACH_CHILD(list, element, "RIGHTSLIST")) {
        for (xmlNodePtr node = list->children; node != NULL; node = node->next) {
            if (is_right(node))
                read_right(r, node, &rights[group->right_count++]);
        }
    }
    group->rights = rights;
}

static void read_work(struct reader *r, xmlNodePtr element, void *item)
{
    struct license_work *work = item;
    work->object = read_object(r, first_child(element, "OBJECT"));
    xmlNodePtr metadata = first_child(element, "METADATA");
    work->owner = read_one_party(r, first_child(metadata, "OWNER"));
    xmlNodePtr sku = first_child(metadata, "SKU");
    work->sku_type = attribute_of(r, sku, "type");
    work->sku = text_of(r, sku);
    work->preconditions = read_conditions(r, first_child(element, "PRECONDITIONLIST"));
    work->conditions = read_conditions(r, first_child(element, "CONDITIONLIST"));
    work->groups =
        read_each(r, element, "RIGHTSGROUP", sizeof *work->groups, read_group, &work->group_count);
}

/* --- the rest of the BODY ------------------------------------------------------------------ */

/* POLICY/OBJECT: its ID and VERSIONSPAN. */
static void read_policy(struct reader *r, xmlNodePtr element, void *item)
{
    struct license_policy *policy = item;
    xmlNodePtr object = first_child(element, "OBJECT");
    xmlNodePtr id = first_child(object, "ID");
    xmlNodePtr span = first_child(object, "VERSIONSPAN");
    policy->id_type = attribute_of(r, id, "type");
    policy->id = text_of(r, id);
    policy->min_version = attribute_of(r, span, "min");
    policy->max_version = attribute_of(r, span, "max");
}

static void read_policy_list(struct reader *r, xmlNodePtr element, void *item)
{
    struct license_policy_list *list = item;
    list->type = attribute_of(r, element, "type");
    list->policies =
        read_each(r, element, "POLICY", sizeof *list->policies, read_policy, &list->policy_count);
}

static void read_data(struct reader *r, xmlNodePtr element, void *item)
{
    struct license_data *data = item;
    data->id = attribute_of(r, element, "id");
    data->name = attribute_of(r, element, "name");
    data->value = text_of(r, element);
}

static void read_revoke(struct reader *r, xmlNodePtr element, void *item)
{
    struct license_revoke *revoke = item;
    revoke->category = attribute_of(r, element, "category");
    revoke->type = attribute_of(r, element, "type");
    read_party(r, element, &revoke->subject);
}

static void read_body(struct reader *r, const struct xrml_document *document,
                      struct license_model *m)
{
    xmlNodePtr body = document->body;
    m->body_type = attribute_of(r, body, "type");
    m->body_version = attribute_of(r, body, "version");
    m->has_signature = first_child(document->root, "SIGNATURE") != NULL;
    m->issued_time = time_of(r, first_child(body, "ISSUEDTIME"));
    xmlNodePtr validity = first_child(body, "VALIDITYTIME");
    m->valid_from = time_of(r, first_child(validity, "FROM"));
    m->valid_until = time_of(r, first_child(validity, "UNTIL"));
    m->descriptor = read_object(r, first_child(first_child(body, "DESCRIPTOR"), "OBJECT"));
    m->issuer = read_one_party(r, first_child(body, "ISSUER"));
    m->distribution_points =
        read_parties(r, body, "DISTRIBUTIONPOINT", &m->distribution_point_count);
    m->principals =
        read_parties(r, first_child(body, "ISSUEDPRINCIPALS"), "PRINCIPAL", &m->principal_count);
    m->federation_principals = read_parties(r, first_child(body, "FEDERATIONPRINCIPALS"),
                                            "PRINCIPAL", &m->federation_principal_count);
    m->works = read_each(r, body, "WORK", sizeof *m->works, read_work, &m->work_count);
    m->conditions = read_conditions(r, first_child(body, "CONDITIONLIST"));
    m->policy_lists = read_each(r, body, "POLICYLIST", sizeof *m->policy_lists, read_policy_list,
                                &m->policy_list_count);
    m->data = read_each(r, body, "AUTHENTICATEDDATA", sizeof *m->data, read_data, &m->data_count);
    xmlNodePtr revocation_list = first_child(body, "REVOCATIONLIST");
    m->has_revocation_list = revocation_list != NULL;
    m->revocation_list_type = attribute_of(r, revocation_list, "type");
    m->revocations = read_each(r, revocation_list, "REVOKE", sizeof *m->revocations, read_revoke,
                               &m->revocation_count);
    m->kind = license_kind_of(m->body_type, m->descriptor != NULL ? m->descriptor->type : NULL,
                              m->has_revocation_list);
}

HRESULT license_model_read(const struct xrml_document *document, struct license_model *model)
{
    memset(model, 0, sizeof *model);
    struct reader r = {license_storage_new(), S_OK};
    if (r.storage == NULL)
        return E_OUTOFMEMORY;
    model->storage = r.storage;
    read_body(&r, document, model);
    if (FAILED(r.hr))
        license_model_clear(model);
    return r.hr;
}

void license_model_clear(struct license_model *model)
{
    license_storage_free(model->storage);
    memset(model, 0, sizeof *model);
}

/* --- what the model says ---------------------------------------------------------------- */

static bool equals(const char *text, const char *expected)
{
    return text != NULL && strcmp(text, expected) == 0;
}

enum license_kind license_kind_of(const char *body_type, const char *descriptor_type,
                                  bool has_revocation_list)
{
    static const struct {
        const char *descriptor_type;
        enum license_kind kind;
    } certificates[] = {
        {"Server-Licensor-Certificate", LICENSE_KIND_ISSUING_CERTIFICATE},
        {"DRM-CA-Certificate", LICENSE_KIND_ISSUING_CERTIFICATE},
        {"Machine-Certificate", LICENSE_KIND_MACHINE_CERTIFICATE},
        {"Group-Identity-Credential", LICENSE_KIND_RIGHTS_ACCOUNT_CERTIFICATE},
        {"Client-Licensor-Certificate", LICENSE_KIND_CLIENT_LICENSOR_CERTIFICATE},
        {"Content-License", LICENSE_KIND_END_USER_LICENSE},
    };
    if (has_revocation_list)
        return LICENSE_KIND_REVOCATION_LIST;
    if (equals(body_type, "Microsoft Rights Label"))
        return LICENSE_KIND_PUBLISHING_LICENSE;
    if (equals(body_type, "Microsoft Official Rights Template"))
        return LICENSE_KIND_RIGHTS_TEMPLATE;
    if (equals(body_type, "Microsoft Rights Template"))
        return LICENSE_KIND_RIGHTS_DATA;
    if (!equals(body_type, "LICENSE"))
        return LICENSE_KIND_OTHER;
    for (size_t i = 0; i < sizeof certificates / sizeof certificates[0]; i++) {
        if (equals(descriptor_type, certificates[i].descriptor_type))
            return certificates[i].kind;
    }
    return LICENSE_KIND_OTHER;
}

const char *license_id(const struct license_model *model)
{
    return model->descriptor != NULL ? model->descriptor->id : NULL;
}

const char *license_content_id(const struct license_model *model)
{
    return model->work_count > 0 && model->works[0].object != NULL ? model->works[0].object->id
                                                                   : NULL;
}

const struct license_party *license_owner(const struct license_model *model)
{
    return model->work_count > 0 ? model->works[0].owner : NULL;
}

HRESULT license_rights_end(const struct license_model *model, int64_t *end)
{
    *end = LICENSE_TIME_NONE;
    int64_t until = model->valid_until;
    if (until == LICENSE_TIME_INVALID)
        return E_DRM_INVALID_LICENSE;
    int64_t latest = LICENSE_TIME_NONE;
    bool every_right_ends = true, any_right = false;
    for (size_t w = 0; w < model->work_count && every_right_ends; w++) {
        const struct license_work *work = &model->works[w];
        for (size_t g = 0; g < work->group_count && every_right_ends; g++) {
            const struct license_rights_group *group = &work->groups[g];
            for (size_t i = 0; i < group->right_count && every_right_ends; i++) {
                int64_t right_until = group->rights[i].conditions.range_until;
                if (right_until == LICENSE_TIME_INVALID)
                    return E_DRM_INVALID_LICENSE;
                any_right = true;
                every_right_ends = right_until != LICENSE_TIME_NONE;
                if (right_until > latest)
                    latest = right_until;
            }
        }
    }
    if (any_right && every_right_ends && (until == LICENSE_TIME_NONE || latest < until))
        until = latest;
    *end = until;
    return S_OK;
}
