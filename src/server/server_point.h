/*
 * openmsdrm - a DISTRIBUTIONPOINT the server writes: one OBJECT with an
 * ID, a NAME and one URL ADDRESS (spec/xrml.md §3.3). It points into
 * itself, so it lives where it was initialised (never copy one).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_SERVER_POINT_H
#define MSDRM_SERVER_POINT_H

#include "license/license_model.h"

struct server_point {
    struct license_address address;
    struct license_object object;
    struct license_party party; /* what a model's distribution_points holds */
};

static inline void server_point_init(struct server_point *point, const char *type, const char *id,
                                     const char *name, const char *url)
{
    point->address = (struct license_address){"URL", url};
    point->object = (struct license_object){.type = type,
                                            .id_type = "MS-GUID",
                                            .id = id,
                                            .name = name,
                                            .addresses = &point->address,
                                            .address_count = 1};
    point->party = (struct license_party){.object = &point->object};
}

#endif /* MSDRM_SERVER_POINT_H */
