/*
 * The exports of msdrm.dll with their ordinals and README status; the table
 * is generated from msdrm.def and README.md by cmake/ExportTable.cmake.
 */
#ifndef MSDRM_TEST_EXPORT_TABLE_H
#define MSDRM_TEST_EXPORT_TABLE_H

#include <stddef.h>

enum export_status {
    EXPORT_IMPLEMENTED,     /* works as documented */
    EXPORT_PARTIAL,         /* works for some arguments, E_NOTIMPL for others */
    EXPORT_NOT_IMPLEMENTED, /* returns E_NOTIMPL until its issue lands */
    EXPORT_RETIRED          /* documented to return E_NOTIMPL */
};

struct export_entry {
    unsigned ordinal;
    const char *name;
    enum export_status status;
};

extern const struct export_entry export_table[];
extern const size_t export_table_count;

#endif /* MSDRM_TEST_EXPORT_TABLE_H */
