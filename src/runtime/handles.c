/*
 * openmsdrm - the handle table (see handles.h).
 *
 * A handle value is  kind (4 bits) | generation (12 bits) | slot (16 bits).
 * Each slot has one 64-bit atomic state word:
 *   bits 32..47  tag: kind << 12 | generation of the handle in the slot
 *   bit  31      open: the handle has not been closed
 *   bits 0..30   references: 1 for the open handle + 1 per lookup in flight
 * A call pins a slot only by a compare-and-swap that finds the tag and
 * the open bit and adds a reference; so it never sees a slot half-reused,
 * and the slot keeps its object until the pin goes. The slot is recycled
 * when its last reference goes.
 *
 * Opening and recycling take `table_lock` (O(1): a FIFO of free slots);
 * lookups take no lock. A recycled slot is reused only once at least
 * REUSE_DISTANCE slots are free, so a handle value comes back only after
 * REUSE_DISTANCE * 4095 opens and closes at the least (over 4 million).
 *
 * Slots live in chunks that are allocated as the table grows and never
 * freed, so a pin may read a slot whatever happens to its handle.
 *
 * Lock order: an object's handle count lock (handles.h), then table_lock.
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

_Static_assert(HANDLE_KIND_END <= 16, "a value keeps its kind in 4 bits");

static struct slot *slot_at(uint32_t index)
{
    struct slot *chunk = atomic_load_explicit(&chunks[index / CHUNK_SLOTS], memory_order_acquire);
    return chunk == NULL ? NULL : &chunk[index % CHUNK_SLOTS];
}

static const struct handle_vtbl *vtbl_of(const struct object *object)
{
    return (const struct handle_vtbl *)object->vtbl; /* its first member */
}

/* The object's handle count, or NULL for plain references. */
static struct handle_count *count_of(struct object *object)
{
    size_t offset = vtbl_of(object)->count_offset;
    return offset == 0 ? NULL : (struct handle_count *)((char *)object + offset);
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

static void unpin(struct slot *slot, uint32_t index)
{
    uint64_t before = atomic_fetch_sub_explicit(&slot->state, 1, memory_order_acq_rel);
    if ((before & STATE_REFERENCES) == 1)
        recycle(slot, index); /* only a closed slot can reach zero */
}

/* Pins the slot of `handle` if it is open and its kind in `kinds`. */
static struct slot *pin(ULONG handle, uint32_t kinds, uint32_t *index, enum handle_kind *kind)
{
    uint32_t value = (uint32_t)handle;
    uint32_t tag = value >> SLOT_BITS;
    *index = value & (MAX_SLOTS - 1);
    if ((tag & GENERATION_MAX) == 0 || (kinds & HANDLE_MASK(tag >> GENERATION_BITS)) == 0)
        return NULL;
    struct slot *slot = slot_at(*index);
    if (slot == NULL)
        return NULL;
    uint64_t state = atomic_load_explicit(&slot->state, memory_order_acquire);
    do {
        if (STATE_TAG(state) != tag || (state & STATE_OPEN) == 0)
            return NULL;
    } while (!atomic_compare_exchange_weak_explicit(&slot->state, &state, state + 1,
                                                    memory_order_acquire, memory_order_acquire));
    *kind = (enum handle_kind)(tag >> GENERATION_BITS);
    return slot;
}

static bool pinned_is_open(struct slot *slot)
{
    return (atomic_load_explicit(&slot->state, memory_order_acquire) & STATE_OPEN) != 0;
}

/* Clears the open bit and drops the handle's own reference at once (our
 * pin keeps the slot); false when another close came first. */
static bool close_pinned(struct slot *slot)
{
    uint64_t state = atomic_load_explicit(&slot->state, memory_order_acquire);
    do {
        if ((state & STATE_OPEN) == 0)
            return false;
    } while (!atomic_compare_exchange_weak_explicit(&slot->state, &state, (state & ~STATE_OPEN) - 1,
                                                    memory_order_acq_rel, memory_order_acquire));
    atomic_fetch_sub_explicit(&open_count, 1, memory_order_relaxed);
    return true;
}

HRESULT handle_acquire(ULONG handle, uint32_t kinds, struct object **object, enum handle_kind *kind)
{
    uint32_t index;
    enum handle_kind found;
    struct slot *slot = pin(handle, kinds, &index, &found);
    if (slot == NULL)
        return E_DRM_INVALID_HANDLE;
    *object = slot->object;
    object_ref(*object);
    if (kind != NULL)
        *kind = found;
    unpin(slot, index);
    return S_OK;
}

/* Closes a handle of a kind that counts its handles, by the kind's rules.
 * Every close of the object's handles happens under the count's lock, so
 * what it sees there holds. */
static HRESULT close_counted(struct slot *slot, struct handle_count *count)
{
    struct object *object = slot->object;
    const struct handle_vtbl *vtbl = vtbl_of(object);
    HRESULT hr = S_OK;
    bool last = false;
    platform_mutex_lock(&count->lock);
    if (!pinned_is_open(slot))
        hr = E_DRM_INVALID_HANDLE; /* closed since we pinned it */
    else if (count->open == 1 && vtbl->last_closing != NULL)
        hr = vtbl->last_closing(object);
    if (SUCCEEDED(hr)) {
        hr = close_pinned(slot) ? S_OK : E_DRM_INVALID_HANDLE;
        last = SUCCEEDED(hr) && --count->open == 0;
    }
    platform_mutex_unlock(&count->lock);
    if (last && vtbl->last_closed != NULL)
        vtbl->last_closed(object); /* our pin keeps the object */
    return hr;
}

HRESULT handle_close(ULONG handle, uint32_t kinds)
{
    uint32_t index;
    enum handle_kind kind;
    struct slot *slot = pin(handle, kinds, &index, &kind);
    if (slot == NULL)
        return E_DRM_INVALID_HANDLE;
    struct handle_count *count = count_of(slot->object);
    HRESULT hr;
    if (count != NULL)
        hr = close_counted(slot, count);
    else
        hr = close_pinned(slot) ? S_OK : E_DRM_INVALID_HANDLE;
    unpin(slot, index);
    return hr;
}

HRESULT handle_duplicate(ULONG handle, uint32_t kinds, ULONG *copy)
{
    uint32_t index;
    enum handle_kind kind;
    struct slot *slot = pin(handle, kinds, &index, &kind);
    if (slot == NULL)
        return E_DRM_INVALID_HANDLE;
    struct object *object = slot->object;
    struct handle_count *count = count_of(object);
    HRESULT hr;
    if (count != NULL) {
        platform_mutex_lock(&count->lock);
        if (!handle_count_is_open(count)) {
            hr = E_DRM_INVALID_HANDLE; /* its last handle closed meanwhile */
        } else {
            hr = handle_open(object, kind, copy);
            count->open += SUCCEEDED(hr);
        }
        platform_mutex_unlock(&count->lock);
    } else {
        hr = handle_open(object, kind, copy);
    }
    unpin(slot, index);
    return hr;
}

void handle_count_init(struct handle_count *count)
{
    platform_mutex_init(&count->lock);
    count->open = 1;
}

void handle_count_clear(struct handle_count *count)
{
    platform_mutex_destroy(&count->lock);
}

size_t handle_open_count(void)
{
    return atomic_load_explicit(&open_count, memory_order_relaxed);
}
