/*
 * Probing resolved exports with harmless arguments (probe_calls.c).
 */
#ifndef MSDRM_TEST_PROBE_CALLS_H
#define MSDRM_TEST_PROBE_CALLS_H

#include "msdrm.h"

struct probe {
    /* Calls the export with every argument 0 or NULL. */
    HRESULT (*zero_call)(void *function);
    /*
     * Calls it with every pointer argument (in or out, callbacks aside)
     * pointing into `scratch` and every other argument 0, so that a caller
     * can check what the export wrote there. `scratch` must hold at least
     * PROBE_SCRATCH_BYTES bytes and end in a NUL WCHAR, as in-strings
     * point there too.
     */
    HRESULT (*scratch_call)(void *function, void *scratch);
};

#define PROBE_SCRATCH_BYTES 4096

/* The probe for the export called `name`, or NULL if there is none. */
const struct probe *probe_find(const char *name);

#endif /* MSDRM_TEST_PROBE_CALLS_H */
