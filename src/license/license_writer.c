/*
 * openmsdrm - writing a license model as XrML after a document type's
 * layout (see license_writer.h). Element order and literals follow
 * spec/xrml.md §4 and the published documents it cites.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "license/license_writer.h"

#include <stdio.h>
#include <string.h>

#include "util/base64.h"
#include "xrml/xrml_signing.h"
#include "msdrmerror.h"

/* Keeps the first failure: `*hr = result` unless *hr already failed. */
static void keep(HRESULT *hr, HRESULT result)
{
    if (SUCCEEDED(*hr))
        *hr = result;
}

/* --- small elements ------------------------------------------------------- */

static void write_text_element(struct xml_text *xml, const char *element, const char *text)
{
    if (text != NULL)
        xml_element(xml, element, text);
}

/* An attribute the model may not have (a SECURITYLEVEL without a name). */
static void write_attribute(struct xml_text *xml, const char *name, const char *value)
{
    if (value != NULL)
        xml_attribute(xml, name, value);
}

static void write_text(struct xml_text *xml, const char *text)
{
    if (text != NULL)
        xml_escaped(xml, text);
}

static HRESULT write_time(struct xml_text *xml, const char *element, int64_t seconds)
{
    if (seconds == LICENSE_TIME_NONE)
        return S_OK;
    char text[XRML_TIME_TEXT];
    if (seconds == LICENSE_TIME_INVALID || !xrml_format_time(seconds, text))
        return E_INVALIDARG;
    xml_element(xml, element, text);
    return S_OK;
}

/* FROM and UNTIL inside `element` (VALIDITYTIME, RANGETIME). */
static HRESULT write_span(struct xml_text *xml, const char *element, int64_t from, int64_t until)
{
    if (from == LICENSE_TIME_NONE && until == LICENSE_TIME_NONE)
        return S_OK;
    xml_open(xml, element);
    xml_open_end(xml);
    HRESULT hr = write_time(xml, "FROM", from);
    keep(&hr, write_time(xml, "UNTIL", until));
    xml_close(xml, element);
    return hr;
}

/* `<ID type="…">id</ID>`, or `<ID type="…" />` without an id. */
static void write_id(struct xml_text *xml, const char *type, const char *id)
{
    if (type == NULL && id == NULL)
        return;
    xml_open(xml, "ID");
    write_attribute(xml, "type", type);
    if (id == NULL) {
        xml_empty_end(xml);
        return;
    }
    xml_open_end(xml);
    xml_escaped(xml, id);
    xml_close(xml, "ID");
}

/* OBJECT with `type` in place of the object's own. */
static void write_object_as(struct xml_text *xml, const struct license_object *object,
                            const char *type)
{
    xml_open(xml, "OBJECT");
    write_attribute(xml, "type", type);
    xml_open_end(xml);
    write_id(xml, object->id_type, object->id);
    write_text_element(xml, "NAME", object->name);
    for (size_t i = 0; i < object->address_count; i++) {
        xml_open(xml, "ADDRESS");
        write_attribute(xml, "type", object->addresses[i].type);
        xml_open_end(xml);
        write_text(xml, object->addresses[i].value);
        xml_close(xml, "ADDRESS");
    }
    xml_close(xml, "OBJECT");
}

static void write_object(struct xml_text *xml, const struct license_object *object)
{
    if (object != NULL)
        write_object_as(xml, object, object->type);
}

/* `<VALUE encoding="base64" size="…">`: size is the bits the text decodes
 * to (§5, §7.1). E_INVALIDARG for text that is not base64. */
static HRESULT write_base64_value(struct xml_text *xml, const char *base64)
{
    size_t bytes = 0;
    if (!base64_decoded_length(base64, strlen(base64), BASE64_SPARE_BITS_IGNORED, &bytes) ||
        bytes == 0)
        return E_INVALIDARG;
    char size[24];
    snprintf(size, sizeof size, "%zu", bytes * 8);
    xml_open(xml, "VALUE");
    xml_attribute(xml, "encoding", "base64");
    xml_attribute(xml, "size", size);
    xml_open_end(xml);
    xml_raw(xml, base64);
    xml_close(xml, "VALUE");
    return S_OK;
}

/* A SHA-1 DIGEST in surface coding: the hash written as the SPC's HID (§4.2, §5). */
static HRESULT write_digest(struct xml_text *xml, const char *base64)
{
    xml_raw(xml, "<DIGEST><ALGORITHM>SHA1</ALGORITHM><PARAMETER name=\"codingtype\">"
                 "<VALUE encoding=\"string\">surface-coding</VALUE></PARAMETER>");
    HRESULT hr = write_base64_value(xml, base64);
    xml_raw(xml, "</DIGEST>");
    return hr;
}

static void write_levels(struct xml_text *xml, const struct license_party *party)
{
    for (size_t i = 0; i < party->level_count; i++) {
        xml_open(xml, "SECURITYLEVEL");
        write_attribute(xml, "name", party->levels[i].name);
        write_attribute(xml, "value", party->levels[i].value);
        xml_empty_end(xml);
    }
}

static HRESULT write_enabling_bits(struct xml_text *xml, const struct license_enabling_bits *bits)
{
    if (bits->value == NULL)
        return S_OK;
    xml_open(xml, "ENABLINGBITS");
    xml_attribute(xml, "type", bits->type != NULL ? bits->type : "sealed-key");
    xml_open_end(xml);
    HRESULT hr = write_base64_value(xml, bits->value);
    xml_close(xml, "ENABLINGBITS");
    return hr;
}

/* --- parties -------------------------------------------------------------- */

static bool is_empty(const struct license_party *party)
{
    return party->object == NULL && party->key == NULL && party->digest == NULL &&
           party->level_count == 0 && party->enabling_bits.value == NULL;
}

/* `<element [internal-id]>` + the party + `</element>`; `<element … />`
 * when it has nothing but an internal ID (an ACCESS principal, §4.1). */
static HRESULT write_party(struct xml_text *xml, const char *element,
                           const struct license_party *party, enum license_party_order order)
{
    xml_open(xml, element);
    write_attribute(xml, "internal-id", party->internal_id);
    if (is_empty(party)) {
        xml_empty_end(xml);
        return S_OK;
    }
    xml_open_end(xml);
    write_object(xml, party->object);
    HRESULT hr = party->key != NULL ? xrml_write_public_key(xml, party->key) : S_OK;
    if (party->digest != NULL)
        keep(&hr, write_digest(xml, party->digest));
    if (order == PARTY_BITS_FIRST)
        keep(&hr, write_enabling_bits(xml, &party->enabling_bits));
    write_levels(xml, party);
    if (order == PARTY_LEVELS_FIRST)
        keep(&hr, write_enabling_bits(xml, &party->enabling_bits));
    xml_close(xml, element);
    return hr;
}

static HRESULT write_principals(struct xml_text *xml, const char *element,
                                const struct license_party *parties, size_t count,
                                enum license_party_order order)
{
    if (count == 0)
        return S_OK;
    HRESULT hr = S_OK;
    xml_open(xml, element);
    xml_open_end(xml);
    for (size_t i = 0; i < count; i++)
        keep(&hr, write_party(xml, "PRINCIPAL", &parties[i], order));
    xml_close(xml, element);
    return hr;
}

static bool is_referral(const struct license_party *point)
{
    return point->object != NULL && point->object->type != NULL &&
           strcmp(point->object->type, "Referral-Info") == 0;
}

static HRESULT write_distribution_points(struct xml_text *xml, const struct license_model *model,
                                         bool referrals)
{
    HRESULT hr = S_OK;
    for (size_t i = 0; i < model->distribution_point_count; i++) {
        const struct license_party *point = &model->distribution_points[i];
        if (is_referral(point) == referrals)
            keep(&hr, write_party(xml, "DISTRIBUTIONPOINT", point, PARTY_LEVELS_FIRST));
    }
    return hr;
}

/* --- conditions ----------------------------------------------------------- */

static void write_interval_time(struct xml_text *xml, const struct license_interval *interval)
{
    static const char *const names[] = {"days", "hours", "minutes", "seconds"};
    const unsigned parts[] = {interval->days, interval->hours, interval->minutes,
                              interval->seconds};
    xml_open(xml, "INTERVALTIME");
    for (size_t i = 0; i < 4; i++) {
        if (parts[i] == 0)
            continue;
        char text[16];
        snprintf(text, sizeof text, "%u", parts[i]);
        xml_attribute(xml, names[i], text);
    }
    xml_empty_end(xml);
}

static HRESULT write_times(struct xml_text *xml, const struct license_conditions *conditions)
{
    HRESULT hr = S_OK;
    if (conditions->range_from != LICENSE_TIME_NONE ||
        conditions->range_until != LICENSE_TIME_NONE) {
        xml_raw(xml, "<TIME>");
        hr = write_span(xml, "RANGETIME", conditions->range_from, conditions->range_until);
        xml_raw(xml, "</TIME>");
    }
    if (conditions->interval.present) {
        xml_raw(xml, "<TIME>");
        write_interval_time(xml, &conditions->interval);
        xml_raw(xml, "</TIME>");
    }
    return hr;
}

static HRESULT write_access(struct xml_text *xml, const struct license_conditions *conditions)
{
    HRESULT hr = S_OK;
    for (size_t i = 0; i < conditions->access_count; i++) {
        const struct license_access *access = &conditions->access[i];
        xml_raw(xml, "<ACCESS>");
        for (size_t j = 0; j < access->principal_count; j++)
            keep(&hr, write_party(xml, "PRINCIPAL", &access->principals[j], PARTY_LEVELS_FIRST));
        xml_raw(xml, "</ACCESS>");
    }
    return hr;
}

static HRESULT write_refresh(struct xml_text *xml, const struct license_revocation *revocation)
{
    HRESULT hr = S_OK;
    xml_raw(xml, "<REFRESH>");
    for (size_t i = 0; i < revocation->distribution_point_count; i++)
        keep(&hr, write_party(xml, "DISTRIBUTIONPOINT", &revocation->distribution_points[i],
                              PARTY_LEVELS_FIRST));
    write_interval_time(xml, &revocation->refresh);
    xml_raw(xml, "</REFRESH>");
    return hr;
}

static bool has_conditions(const struct license_conditions *conditions)
{
    return conditions->access_count > 0 || conditions->range_from != LICENSE_TIME_NONE ||
           conditions->range_until != LICENSE_TIME_NONE || conditions->interval.present ||
           conditions->os_exclusion != NULL || conditions->revocation_count > 0;
}

static HRESULT write_conditions(struct xml_text *xml, const char *element,
                                const struct license_conditions *conditions,
                                enum license_condition_order order)
{
    if (!has_conditions(conditions))
        return S_OK;
    HRESULT hr = S_OK;
    xml_open(xml, element);
    xml_open_end(xml);
    if (order == CONDITIONS_TIME_FIRST)
        keep(&hr, write_times(xml, conditions));
    keep(&hr, write_access(xml, conditions));
    if (order == CONDITIONS_ACCESS_FIRST)
        keep(&hr, write_times(xml, conditions));
    if (conditions->os_exclusion != NULL) {
        xml_raw(xml, "<CONDITION NAME=\"OS-Exclusion\" TYPE=\"versionspan\">");
        xml_escaped(xml, conditions->os_exclusion);
        xml_raw(xml, "</CONDITION>");
    }
    for (size_t i = 0; i < conditions->revocation_count; i++)
        keep(&hr, write_refresh(xml, &conditions->revocations[i]));
    xml_close(xml, element);
    return hr;
}

/* --- rights and works ----------------------------------------------------- */

/* Rights XrML has elements of their own for, which RMS writes so (§10);
 * any other is <RIGHT name="…"> (OWNER must be). */
static bool is_right_element(const char *name)
{
    static const char *const elements[] = {"VIEW", "PRINT", "EDIT", "EXPORT", "EXTRACT"};
    for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++) {
        if (strcmp(name, elements[i]) == 0)
            return true;
    }
    return false;
}

static HRESULT write_right(struct xml_text *xml, const struct license_right *right,
                           enum license_condition_order order)
{
    if (right->name == NULL)
        return E_INVALIDARG;
    const char *element = is_right_element(right->name) ? right->name : "RIGHT";
    xml_open(xml, element);
    if (element != right->name)
        xml_attribute(xml, "name", right->name);
    if (!has_conditions(&right->conditions) && right->parameter_count == 0) {
        xml_empty_end(xml);
        return S_OK;
    }
    xml_open_end(xml);
    HRESULT hr = write_conditions(xml, "CONDITIONLIST", &right->conditions, order);
    for (size_t i = 0; i < right->parameter_count; i++) {
        xml_open(xml, "PARAMETER");
        write_attribute(xml, "name", right->parameters[i].name);
        xml_raw(xml, "><VALUE encoding=\"string\">");
        write_text(xml, right->parameters[i].value);
        xml_raw(xml, "</VALUE></PARAMETER>");
    }
    xml_close(xml, element);
    return hr;
}

static HRESULT write_group(struct xml_text *xml, const struct license_rights_group *group,
                           enum license_condition_order order)
{
    xml_open(xml, "RIGHTSGROUP");
    xml_attribute(xml, "name", group->name != NULL ? group->name : "Main-Rights");
    xml_open_end(xml);
    HRESULT hr = write_conditions(xml, "CONDITIONLIST", &group->conditions, order);
    if (group->right_count > 0) {
        xml_raw(xml, "<RIGHTSLIST>");
        for (size_t i = 0; i < group->right_count; i++)
            keep(&hr, write_right(xml, &group->rights[i], order));
        xml_raw(xml, "</RIGHTSLIST>");
    }
    xml_close(xml, "RIGHTSGROUP");
    return hr;
}

static HRESULT write_metadata(struct xml_text *xml, const struct license_work *work)
{
    if (work->owner == NULL && work->sku == NULL)
        return S_OK;
    HRESULT hr = S_OK;
    xml_raw(xml, "<METADATA>");
    if (work->owner != NULL)
        hr = write_party(xml, "OWNER", work->owner, PARTY_LEVELS_FIRST);
    if (work->sku != NULL) {
        xml_open(xml, "SKU");
        write_attribute(xml, "type", work->sku_type);
        xml_open_end(xml);
        xml_escaped(xml, work->sku);
        xml_close(xml, "SKU");
    }
    xml_raw(xml, "</METADATA>");
    return hr;
}

static HRESULT write_works(struct xml_text *xml, const struct license_model *model,
                           enum license_condition_order order)
{
    HRESULT hr = S_OK;
    for (size_t w = 0; w < model->work_count; w++) {
        const struct license_work *work = &model->works[w];
        xml_raw(xml, "<WORK>");
        write_object(xml, work->object);
        keep(&hr, write_metadata(xml, work));
        keep(&hr, write_conditions(xml, "PRECONDITIONLIST", &work->preconditions, order));
        keep(&hr, write_conditions(xml, "CONDITIONLIST", &work->conditions, order));
        for (size_t g = 0; g < work->group_count; g++)
            keep(&hr, write_group(xml, &work->groups[g], order));
        xml_raw(xml, "</WORK>");
    }
    return hr;
}

/* --- the rest of a BODY --------------------------------------------------- */

static void write_policy_lists(struct xml_text *xml, const struct license_model *model)
{
    for (size_t i = 0; i < model->policy_list_count; i++) {
        const struct license_policy_list *list = &model->policy_lists[i];
        xml_open(xml, "POLICYLIST");
        write_attribute(xml, "type", list->type);
        xml_open_end(xml);
        for (size_t j = 0; j < list->policy_count; j++) {
            const struct license_policy *policy = &list->policies[j];
            xml_raw(xml, "<POLICY><OBJECT>");
            write_id(xml, policy->id_type, policy->id);
            if (policy->min_version != NULL || policy->max_version != NULL) {
                xml_open(xml, "VERSIONSPAN");
                write_attribute(xml, "min", policy->min_version);
                write_attribute(xml, "max", policy->max_version);
                xml_empty_end(xml);
            }
            xml_raw(xml, "</OBJECT></POLICY>");
        }
        xml_close(xml, "POLICYLIST");
    }
}

static void write_data(struct xml_text *xml, const struct license_model *model)
{
    for (size_t i = 0; i < model->data_count; i++) {
        const struct license_data *data = &model->data[i];
        xml_open(xml, "AUTHENTICATEDDATA");
        write_attribute(xml, "id", data->id);
        write_attribute(xml, "name", data->name);
        xml_open_end(xml);
        write_text(xml, data->value);
        xml_close(xml, "AUTHENTICATEDDATA");
    }
}

/* REVOKE (OBJECT?, DIGEST?, PUBLICKEY?), in the DTD's order (§2). */
static HRESULT write_revoke(struct xml_text *xml, const struct license_revoke *revoke)
{
    xml_open(xml, "REVOKE");
    xml_attribute(xml, "category", revoke->category);
    xml_attribute(xml, "type", revoke->type);
    xml_open_end(xml);
    write_object(xml, revoke->subject.object);
    if (revoke->subject.digest != NULL)
        write_digest(xml, revoke->subject.digest);
    HRESULT hr =
        revoke->subject.key != NULL ? xrml_write_public_key(xml, revoke->subject.key) : S_OK;
    xml_close(xml, "REVOKE");
    return hr;
}

/* REVOCATIONLIST, even one that revokes nothing. */
static HRESULT write_revocation_list(struct xml_text *xml, const struct license_model *model)
{
    HRESULT hr = S_OK;
    xml_open(xml, "REVOCATIONLIST");
    xml_attribute(xml, "type",
                  model->revocation_list_type != NULL ? model->revocation_list_type
                                                      : "revocation-list");
    xml_open_end(xml);
    for (size_t i = 0; i < model->revocation_count; i++) {
        const struct license_revoke *revoke = &model->revocations[i];
        if (revoke->category == NULL || revoke->type == NULL)
            keep(&hr, E_INVALIDARG);
        else
            keep(&hr, write_revoke(xml, revoke));
    }
    xml_close(xml, "REVOCATIONLIST");
    return hr;
}

/* --- head and end --------------------------------------------------------- */

/* Server-built documents put xmlns first, client-built ones version
 * first (§1); both are outside the signed BODY. */
static void write_root(struct xml_text *xml, const struct license_layout *layout)
{
    xml_open(xml, "XrML");
    if (layout->client) {
        xml_attribute(xml, "version", "1.2");
        xml_attribute(xml, "xmlns", "");
    } else {
        xml_attribute(xml, "xmlns", "");
        xml_attribute(xml, "version", "1.2");
    }
    write_attribute(xml, "purpose", layout->purpose);
    xml_open_end(xml);
}

/* `<XrML …><BODY …>`, ISSUEDTIME, then VALIDITYTIME, DESCRIPTOR and
 * ISSUER when the model has them: the head of every document (§4). */
static HRESULT write_head(struct xml_text *xml, const struct license_layout *layout,
                          const struct license_model *model)
{
    write_root(xml, layout);
    xml_open(xml, "BODY");
    xml_attribute(xml, "type", layout->body_type);
    if (!layout->unversioned)
        xml_attribute(xml, "version", "3.0");
    xml_open_end(xml);
    HRESULT hr = write_time(xml, "ISSUEDTIME", model->issued_time);
    keep(&hr, write_span(xml, "VALIDITYTIME", model->valid_from, model->valid_until));
    if (model->descriptor != NULL) {
        xml_raw(xml, "<DESCRIPTOR>");
        const char *type = !layout->typed_descriptor         ? NULL
                           : layout->descriptor_type != NULL ? layout->descriptor_type
                                                             : model->descriptor->type;
        write_object_as(xml, model->descriptor, type);
        xml_raw(xml, "</DESCRIPTOR>");
    }
    if (model->issuer != NULL)
        keep(&hr, write_party(xml, "ISSUER", model->issuer, PARTY_LEVELS_FIRST));
    return hr;
}

static HRESULT write_part(struct xml_text *xml, enum license_part part,
                          const struct license_layout *layout, const struct license_model *model)
{
    switch (part) {
    case PART_POINTS:
    case PART_REFERRALS:
        return write_distribution_points(xml, model, part == PART_REFERRALS);
    case PART_PRINCIPALS:
        return write_principals(xml, "ISSUEDPRINCIPALS", model->principals, model->principal_count,
                                PARTY_LEVELS_FIRST);
    case PART_FEDERATION_PRINCIPALS:
        return write_principals(xml, "FEDERATIONPRINCIPALS", model->federation_principals,
                                model->federation_principal_count, PARTY_BITS_FIRST);
    case PART_WORKS:
        return write_works(xml, model, layout->conditions);
    case PART_CONDITIONS:
        return write_conditions(xml, "CONDITIONLIST", &model->conditions, CONDITIONS_TIME_FIRST);
    case PART_POLICY_LISTS:
        write_policy_lists(xml, model);
        return S_OK;
    case PART_DATA:
        write_data(xml, model);
        return S_OK;
    case PART_REVOCATION_LIST:
        return write_revocation_list(xml, model);
    case PART_END:
        break;
    }
    return S_OK;
}

HRESULT license_write(const struct license_layout *layout, const struct license_model *model,
                      EVP_PKEY *signer, char **text)
{
    *text = NULL;
    if (model->issued_time == LICENSE_TIME_NONE)
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    HRESULT hr = write_head(&xml, layout, model);
    for (size_t i = 0; i < LICENSE_PARTS && layout->parts[i] != PART_END; i++)
        keep(&hr, write_part(&xml, layout->parts[i], layout, model));
    xml_raw(&xml, "</BODY>");
    if (SUCCEEDED(hr)) {
        if (signer != NULL)
            hr = xrml_sign(&xml, signer);
        else
            xml_raw(&xml, "</XrML>");
    }
    keep(&hr, xml_text_status(&xml));
    if (FAILED(hr)) {
        xml_text_free(&xml);
        return hr;
    }
    *text = xml.text; /* ownership passes to the caller */
    return S_OK;
}
