/*
 * openmsdrm - POSIX: the types behind platform.h's synchronisation
 * primitives.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_PLATFORM_TYPES_H
#define MSDRM_PLATFORM_TYPES_H

#include <pthread.h>

typedef struct platform_mutex {
    pthread_mutex_t lock;
} platform_mutex;
#define PLATFORM_MUTEX_INIT                                                                        \
    {                                                                                              \
        PTHREAD_MUTEX_INITIALIZER                                                                  \
    }

typedef struct platform_cond {
    pthread_cond_t cond;
} platform_cond;
#define PLATFORM_COND_INIT                                                                         \
    {                                                                                              \
        PTHREAD_COND_INITIALIZER                                                                   \
    }

#endif /* MSDRM_PLATFORM_TYPES_H */
