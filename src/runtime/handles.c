/*
 * openmsdrm - the handle table (see handles.h).
 *
 * A handle value is  kind (4 bits) | generation (12 bits) | slot (16 bits).
 * Each slot has one 64-bit atomic state word:
 *   bits 32..47  tag: kind << 12 | generation of the handle in the slot
 *   bit  31      open: the handle has not been closed
 *   bits 0..30   references: 1 for the open handle + 1 per lookup in flight
 * A lookup succeeds only by a compare-and-swap that finds the tag and the
 * open bit and adds a reference, so it never sees a slot half-reused.
 * The slot is recycled when its last reference goes.
 *
 * Opening and recycling take `table_lock` (O(1): a FIFO of free slots);
 * lookups take no lock. A recycled slot is reused only once at least
 * REUSE_DISTANCE slots are free, so a handle value comes back only after
 * REUSE_DISTANCE * 4095 opens and closes at the least (over 4 million).
 *
 * Slots live in chunks that are allocated as the table grows and never
 * freed, so a lookup may read a slot whatever happens to its handle.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runtime/handles.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#include "msdrmerror.h"
#include "platform/platform.h"

#define SLOT_BITS 16
#define GENERATION_BITS 12
#define MAX_SLOTS (1u << SLOT_BITS)
#define GENERATION_MAX ((1u << GENERATION_BITS) - 1)
#define CHUNK_SLOTS 256u
#define CHUNK_COUNT (MAX_SLOTS / CHUNK_SLOTS)
#define REUSE_DISTANCE 1024u
#define NO_SLOT UINT32_MAX

#define STATE_OPEN ((uint64_t)1 << 31)
#define STATE_REFERENCES ((uint64_t)0x7FFFFFFF)
#define STATE_TAG(state) ((uint32_t)((state) >> 32))

struct slot {
    _Atomic uint64_t state;
    struct object *object; /* set before the state publishes it */
    uint32_t next_free;    /* FIFO link, under table_lock */
    uint32_t generation;   /* of the last handle opened here, under table_lock */
};

static _Atomic(struct slot *) chunks[CHUNK_COUNT];

static platform_mutex table_lock = PLATFORM_MUTEX_INIT;
static uint32_t slots_in_use; /* slots ever handed out: the next new one */
static uint32_t free_head = NO_SLOT;
static uint32_t free_tail = NO_SLOT;
static uint32_t free_count;
static atomic_size_t open_count;

static struct slot *slot_at(uint32_t index)
{
    struct slot *chunk = atomic_load_explicit(&chunks[index / CHUNK_SLOTS], memory_order_acquire);
    return chunk == NULL ? NULL : &chunk[index % CHUNK_SLOTS];
}

/* Under table_lock: a slot to open a handle in, or NULL when full. */
static struct slot *take_free_slot(uint32_t *index)
{
    if (free_count >= REUSE_DISTANCE || (slots_in_use == MAX_SLOTS && free_count > 0)) {
        *index = free_head;
        struct slot *slot = slot_at(free_head);
        free_head = slot->next_free;
        if (free_head == NO_SLOT)
            free_tail = NO_SLOT;
        free_count--;
        return slot;
    }
    if (slots_in_use == MAX_SLOTS)
        return NULL;
    uint32_t chunk_index = slots_in_use / CHUNK_SLOTS;
    if (atomic_load_explicit(&chunks[chunk_index], memory_order_relaxed) == NULL) {
        struct slot *chunk = calloc(CHUNK_SLOTS, sizeof *chunk);
        if (chunk == NULL)
            return NULL;
        atomic_store_explicit(&chunks[chunk_index], chunk, memory_order_release);
    }
    *index = slots_in_use++;
    return slot_at(*index);
}

HRESULT handle_open(struct object *object, enum handle_kind kind, ULONG *handle)
{
    uint32_t index = 0;
    platform_mutex_lock(&table_lock);
    struct slot *slot = take_free_slot(&index);
    if (slot == NULL) {
        platform_mutex_unlock(&table_lock);
        return E_OUTOFMEMORY;
    }
    slot->generation = slot->generation % GENERATION_MAX + 1; /* 1..4095, never 0 */
    uint32_t tag = (uint32_t)kind << GENERATION_BITS | slot->generation;
    object_ref(object);
    slot->object = object;
    atomic_store_explicit(&slot->state, (uint64_t)tag << 32 | STATE_OPEN | 1, memory_order_release);
    platform_mutex_unlock(&table_lock);
    atomic_fetch_add_explicit(&open_count, 1, memory_order_relaxed);

    *handle = (ULONG)(tag << SLOT_BITS | index);
    return S_OK;
}

/* The last reference to a closed slot went: recycle it, drop its object. */
static void recycle(struct slot *slot, uint32_t index)
{
    struct object *object = slot->object;
    platform_mutex_lock(&table_lock);
    slot->object = NULL;
    slot->next_free = NO_SLOT;
    if (free_tail == NO_SLOT)
        free_head = index;
    else
        slot_at(free_tail)->next_free = index;
    free_tail = index;
    free_count++;
    platform_mutex_unlock(&table_lock);
    object_unref(object); /* may run its destructor: never under our lock */
}

static void slot_release(struct slot *slot, uint32_t index)
{
    uint64_t before = atomic_fetch_sub_explicit(&slot->state, 1, memory_order_acq_rel);
    if ((before & STATE_REFERENCES) == 1)
        recycle(slot, index); /* only a closed slot can reach zero */
}

/* Decodes `handle`; NULL unless its kind is in `kinds` and its slot exists. */
static struct slot *decode(ULONG handle, uint32_t kinds, uint32_t *tag, uint32_t *index)
{
    uint32_t value = (uint32_t)handle;
    *tag = value >> SLOT_BITS;
    *index = value & (MAX_SLOTS - 1);
    uint32_t kind = *tag >> GENERATION_BITS;
    if ((*tag & GENERATION_MAX) == 0 || (kinds & HANDLE_MASK(kind)) == 0)
        return NULL;
    return slot_at(*index);
}

HRESULT handle_acquire(ULONG handle, uint32_t kinds, struct object **object, enum handle_kind *kind)
{
    uint32_t tag, index;
    struct slot *slot = decode(handle, kinds, &tag, &index);
    if (slot == NULL)
        return E_DRM_INVALID_HANDLE;

    uint64_t state = atomic_load_explicit(&slot->state, memory_order_acquire);
    do {
        if (STATE_TAG(state) != tag || (state & STATE_OPEN) == 0)
            return E_DRM_INVALID_HANDLE;
    } while (!atomic_compare_exchange_weak_explicit(&slot->state, &state, state + 1,
                                                    memory_order_acquire, memory_order_acquire));

    *object = slot->object;
    object_ref(*object);
    if (kind != NULL)
        *kind = (enum handle_kind)(tag >> GENERATION_BITS);
    slot_release(slot, index);
    return S_OK;
}

HRESULT handle_close(ULONG handle, uint32_t kinds)
{
    uint32_t tag, index;
    struct slot *slot = decode(handle, kinds, &tag, &index);
    if (slot == NULL)
        return E_DRM_INVALID_HANDLE;

    /* Clear the open bit and drop the handle's own reference at once. */
    uint64_t state = atomic_load_explicit(&slot->state, memory_order_acquire);
    uint64_t closed;
    do {
        if (STATE_TAG(state) != tag || (state & STATE_OPEN) == 0)
            return E_DRM_INVALID_HANDLE;
        closed = (state & ~STATE_OPEN) - 1;
    } while (!atomic_compare_exchange_weak_explicit(&slot->state, &state, closed,
                                                    memory_order_acq_rel, memory_order_acquire));

    atomic_fetch_sub_explicit(&open_count, 1, memory_order_relaxed);
    if ((closed & STATE_REFERENCES) == 0)
        recycle(slot, index);
    return S_OK;
}

HRESULT handle_duplicate(ULONG handle, uint32_t kinds, ULONG *copy)
{
    struct object *object = NULL;
    enum handle_kind kind;
    HRESULT hr = handle_acquire(handle, kinds, &object, &kind);
    if (FAILED(hr))
        return hr;
    hr = handle_open(object, kind, copy);
    object_unref(object);
    return hr;
}

size_t handle_open_count(void)
{
    return atomic_load_explicit(&open_count, memory_order_relaxed);
}
