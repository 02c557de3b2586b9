/*
 * openmsdrm - Win32: the types behind platform.h's synchronisation
 * primitives. SRW locks and condition variables run in-process under Wine
 * (MEASURED.md: 14 µs handoff against 36 µs for events).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_PLATFORM_TYPES_H
#define MSDRM_PLATFORM_TYPES_H

#include <windows.h>

typedef struct platform_mutex {
    SRWLOCK lock;
} platform_mutex;
#define PLATFORM_MUTEX_INIT                                                                        \
    {                                                                                              \
        SRWLOCK_INIT                                                                               \
    }

typedef struct platform_cond {
    CONDITION_VARIABLE cond;
} platform_cond;
#define PLATFORM_COND_INIT                                                                         \
    {                                                                                              \
        CONDITION_VARIABLE_INIT                                                                    \
    }

#endif /* MSDRM_PLATFORM_TYPES_H */
