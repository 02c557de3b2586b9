/*
 * Comparing license models (see license_compare.h). Where the walk is,
 * "WORK[0] RIGHTSGROUP[0] right[2] CONDITIONLIST", is kept in one path
 * for the failure messages.
 */
#include "license_compare.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "xrml/xrml_document.h"

static char path[512];
static size_t path_length;

/* Appends to the path; returns where it was, for leave(). */
static size_t enter(const char *format, ...)
{
    size_t mark = path_length;
    va_list arguments;
    va_start(arguments, format);
    int written = vsnprintf(path + path_length, sizeof path - path_length, format, arguments);
    va_end(arguments);
    if (written > 0)
        path_length += (size_t)written < sizeof path - path_length ? (size_t)written
                                                                   : sizeof path - 1 - path_length;
    return mark;
}

static void leave(size_t mark)
{
    path_length = mark;
    path[mark] = '\0';
}

static void same_text(const char *field, const char *built, const char *read)
{
    if (built == NULL && read == NULL)
        return;
    if (built == NULL || read == NULL || strcmp(built, read) != 0)
        fail_msg("%s %s: built \"%s\", read \"%s\"", path, field, built != NULL ? built : "(none)",
                 read != NULL ? read : "(none)");
}

static void same_number(const char *field, int64_t built, int64_t read)
{
    if (built != read)
        fail_msg("%s %s: built %lld, read %lld", path, field, (long long)built, (long long)read);
}

static void same_count(const char *field, size_t built, size_t read)
{
    same_number(field, (int64_t)built, (int64_t)read);
}

static void both_or_neither(const char *field, const void *built, const void *read)
{
    if ((built == NULL) != (read == NULL))
        fail_msg("%s %s: built %s, read %s", path, field, built != NULL ? "one" : "none",
                 read != NULL ? "one" : "none");
}

static void same_pairs(const char *field, const struct license_pair *built, size_t built_count,
                       const struct license_pair *read, size_t read_count)
{
    same_count(field, built_count, read_count);
    for (size_t i = 0; i < built_count; i++) {
        size_t mark = enter(" %s[%zu]", field, i);
        same_text("name", built[i].name, read[i].name);
        same_text("value", built[i].value, read[i].value);
        leave(mark);
    }
}

static void same_object(const char *field, const struct license_object *built,
                        const struct license_object *read, bool compare_type)
{
    both_or_neither(field, built, read);
    if (built == NULL)
        return;
    size_t mark = enter(" %s", field);
    if (compare_type)
        same_text("type", built->type, read->type);
    same_text("ID type", built->id_type, read->id_type);
    same_text("ID", built->id, read->id);
    same_text("NAME", built->name, read->name);
    same_count("ADDRESS", built->address_count, read->address_count);
    for (size_t i = 0; i < built->address_count; i++) {
        same_text("ADDRESS type", built->addresses[i].type, read->addresses[i].type);
        same_text("ADDRESS", built->addresses[i].value, read->addresses[i].value);
    }
    leave(mark);
}

static void same_party(const char *field, const struct license_party *built,
                       const struct license_party *read)
{
    both_or_neither(field, built, read);
    if (built == NULL)
        return;
    size_t mark = enter(" %s", field);
    same_text("internal-id", built->internal_id, read->internal_id);
    same_object("OBJECT", built->object, read->object, true);
    if (read->has_public_key != (built->key != NULL) ||
        (built->key == NULL) != (read->key == NULL) ||
        (built->key != NULL && !xrml_same_key(built->key, read->key)))
        fail_msg("%s: not the same PUBLICKEY", path);
    same_text("DIGEST", built->digest, read->digest);
    same_pairs("SECURITYLEVEL", built->levels, built->level_count, read->levels, read->level_count);
    same_text("ENABLINGBITS", built->enabling_bits.value, read->enabling_bits.value);
    if (built->enabling_bits.value != NULL)
        same_text("ENABLINGBITS type",
                  built->enabling_bits.type != NULL ? built->enabling_bits.type : "sealed-key",
                  read->enabling_bits.type);
    leave(mark);
}

static void same_parties(const char *field, const struct license_party *built, size_t built_count,
                         const struct license_party *read, size_t read_count)
{
    same_count(field, built_count, read_count);
    for (size_t i = 0; i < built_count; i++) {
        char element[64];
        snprintf(element, sizeof element, "%.40s[%zu]", field, i);
        same_party(element, &built[i], &read[i]);
    }
}

static void same_interval(const char *field, struct license_interval built,
                          const struct license_interval *read)
{
    if (built.present != read->present || built.days != read->days || built.hours != read->hours ||
        built.minutes != read->minutes || built.seconds != read->seconds || read->malformed)
        fail_msg("%s %s: not the same INTERVALTIME", path, field);
}

static void same_conditions(const char *field, const struct license_conditions *built,
                            const struct license_conditions *read)
{
    size_t mark = enter(" %s", field);
    same_count("ACCESS", built->access_count, read->access_count);
    for (size_t i = 0; i < built->access_count; i++) {
        size_t access = enter(" ACCESS[%zu]", i);
        same_parties("PRINCIPAL", built->access[i].principals, built->access[i].principal_count,
                     read->access[i].principals, read->access[i].principal_count);
        leave(access);
    }
    same_number("RANGETIME FROM", built->range_from, read->range_from);
    same_number("RANGETIME UNTIL", built->range_until, read->range_until);
    same_interval("TIME", built->interval, &read->interval);
    same_text("OS-Exclusion", built->os_exclusion, read->os_exclusion);
    same_count("REFRESH", built->revocation_count, read->revocation_count);
    for (size_t i = 0; i < built->revocation_count; i++) {
        size_t refresh = enter(" REFRESH[%zu]", i);
        same_parties("DISTRIBUTIONPOINT", built->revocations[i].distribution_points,
                     built->revocations[i].distribution_point_count,
                     read->revocations[i].distribution_points,
                     read->revocations[i].distribution_point_count);
        struct license_interval period = built->revocations[i].refresh;
        period.present = true; /* REFRESH always has one */
        same_interval("INTERVALTIME", period, &read->revocations[i].refresh);
        leave(refresh);
    }
    leave(mark);
}

static void same_group(const struct license_rights_group *built,
                       const struct license_rights_group *read)
{
    same_text("name", built->name != NULL ? built->name : "Main-Rights", read->name);
    same_conditions("CONDITIONLIST", &built->conditions, &read->conditions);
    same_count("rights", built->right_count, read->right_count);
    for (size_t i = 0; i < built->right_count; i++) {
        size_t mark = enter(" right[%zu]", i);
        same_text("name", built->rights[i].name, read->rights[i].name);
        same_conditions("CONDITIONLIST", &built->rights[i].conditions, &read->rights[i].conditions);
        same_pairs("PARAMETER", built->rights[i].parameters, built->rights[i].parameter_count,
                   read->rights[i].parameters, read->rights[i].parameter_count);
        leave(mark);
    }
}

static void same_work(const struct license_work *built, const struct license_work *read)
{
    same_object("OBJECT", built->object, read->object, true);
    same_party("OWNER", built->owner, read->owner);
    same_text("SKU type", built->sku_type, read->sku_type);
    same_text("SKU", built->sku, read->sku);
    same_conditions("PRECONDITIONLIST", &built->preconditions, &read->preconditions);
    same_conditions("CONDITIONLIST", &built->conditions, &read->conditions);
    same_count("RIGHTSGROUP", built->group_count, read->group_count);
    for (size_t g = 0; g < built->group_count; g++) {
        size_t mark = enter(" RIGHTSGROUP[%zu]", g);
        same_group(&built->groups[g], &read->groups[g]);
        leave(mark);
    }
}

static void same_policy_lists(const struct license_model *built, const struct license_model *read)
{
    same_count("POLICYLIST", built->policy_list_count, read->policy_list_count);
    for (size_t i = 0; i < built->policy_list_count; i++) {
        const struct license_policy_list *b = &built->policy_lists[i], *r = &read->policy_lists[i];
        size_t mark = enter(" POLICYLIST[%zu]", i);
        same_text("type", b->type, r->type);
        same_count("POLICY", b->policy_count, r->policy_count);
        for (size_t j = 0; j < b->policy_count; j++) {
            same_text("ID type", b->policies[j].id_type, r->policies[j].id_type);
            same_text("ID", b->policies[j].id, r->policies[j].id);
            same_text("min", b->policies[j].min_version, r->policies[j].min_version);
            same_text("max", b->policies[j].max_version, r->policies[j].max_version);
        }
        leave(mark);
    }
}

void assert_license_models_equal(const struct license_model *built,
                                 const struct license_model *read)
{
    leave(0);
    same_number("ISSUEDTIME", built->issued_time, read->issued_time);
    same_number("VALIDITYTIME FROM", built->valid_from, read->valid_from);
    same_number("VALIDITYTIME UNTIL", built->valid_until, read->valid_until);
    same_object("DESCRIPTOR", built->descriptor, read->descriptor, false);
    same_party("ISSUER", built->issuer, read->issuer);
    same_parties("DISTRIBUTIONPOINT", built->distribution_points, built->distribution_point_count,
                 read->distribution_points, read->distribution_point_count);
    same_parties("ISSUEDPRINCIPALS", built->principals, built->principal_count, read->principals,
                 read->principal_count);
    same_parties("FEDERATIONPRINCIPALS", built->federation_principals,
                 built->federation_principal_count, read->federation_principals,
                 read->federation_principal_count);
    same_count("WORK", built->work_count, read->work_count);
    for (size_t i = 0; i < built->work_count; i++) {
        size_t mark = enter("WORK[%zu]", i);
        same_work(&built->works[i], &read->works[i]);
        leave(mark);
    }
    same_conditions("BODY CONDITIONLIST", &built->conditions, &read->conditions);
    same_policy_lists(built, read);
    same_count("AUTHENTICATEDDATA", built->data_count, read->data_count);
    for (size_t i = 0; i < built->data_count; i++) {
        size_t mark = enter("AUTHENTICATEDDATA[%zu]", i);
        same_text("id", built->data[i].id, read->data[i].id);
        same_text("name", built->data[i].name, read->data[i].name);
        same_text("value", built->data[i].value, read->data[i].value);
        leave(mark);
    }
    if (built->has_revocation_list != read->has_revocation_list)
        fail_msg("REVOCATIONLIST: built %d, read %d", built->has_revocation_list,
                 read->has_revocation_list);
    same_count("REVOKE", built->revocation_count, read->revocation_count);
    for (size_t i = 0; i < built->revocation_count; i++) {
        size_t mark = enter("REVOKE[%zu]", i);
        same_text("category", built->revocations[i].category, read->revocations[i].category);
        same_text("type", built->revocations[i].type, read->revocations[i].type);
        same_party("subject", &built->revocations[i].subject, &read->revocations[i].subject);
        leave(mark);
    }
}
