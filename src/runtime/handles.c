/*
 * openmsdrm - the handle table (see handles.h).
 *
 * A handle value is  generation (16 bits) | slot (16 bits), never 0 (a
 * generation is 1..65535). Each slot has one 64-bit atomic state word:
 *   bits 48..55  kind of the handle in the slot
 *   bits 32..47  generation of the handle in the slot
 *   bit  31      open: the handle has not been closed
 *   bits 0..30   references: 1 for the open handle + 1 per pin
 * A call pins a slot only by a compare-and-swap that finds the value's
 * generation, a kind the call accepts and the open bit, and adds a
 * reference; so it never sees a slot half-reused, and the slot keeps its
 * object until the pin goes. The slot is recycled when its last
 * reference goes.
 *
 * Free slots wait in FIFO lists, one per shard. Each thread is dealt one
 * of the SHARDS shards in turn as it first comes, so that a few threads
 * opening and closing at once share no lock and no cache line. A slot is
 * reused only once at least REUSE_DISTANCE slots wait in its shard: so
 * between two uses of a slot at least REUSE_DISTANCE - 1 others were queued
 * behind it, closed ones but for the 65,536 ever queued fresh, and a
 * handle value comes back only after (REUSE_DISTANCE - 1) * 65535 - 65536
 * closes at the least (over 4 million). Below that a thread takes slots
 * never used yet, a run of RUN_SLOTS at a time (whole cache lines, so that
 * two threads' slots do not share one). Once all 65,536 have been handed
 * out, it takes one from any shard: first one that keeps the distance,
 * then any at all.
 *
 * Slots live in chunks that are allocated as the table grows and never
 * freed, so a pin may read a slot whatever happens to its handle.
 *
 * Lock order: an object's handle count lock (handles.h), then one shard's
 * lock (never two at once), then grow_lock.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runtime/handles.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#include "msdrmerror.h"

#define SLOT_BITS 16
#define MAX_SLOTS (1u << SLOT_BITS)
#define GENERATION_MAX 0xFFFFu
#define CHUNK_SLOTS 256u
#define CHUNK_COUNT (MAX_SLOTS / CHUNK_SLOTS)
#define CACHE_LINE 64u
#define RUN_SLOTS 8u /* 256 bytes: four cache lines */
#define REUSE_DISTANCE 64u
#define SHARDS 16u

#define STATE_OPEN ((uint64_t)1 << 31)
#define STATE_REFERENCES ((uint64_t)0x7FFFFFFF)
#define STATE_GENERATION(state) ((uint32_t)((state) >> 32) & GENERATION_MAX)
#define STATE_KIND(state) ((uint32_t)((state) >> 48) & 0xFFu)

_Static_assert(HANDLE_KIND_END <= 32, "a kind's HANDLE_MASK bit must fit in 32 bits");
_Static_assert((uint64_t)(REUSE_DISTANCE - 1) * GENERATION_MAX - MAX_SLOTS > 4000000u,
               "README: a closed value comes back only after over four million closes");

struct slot {
    _Alignas(32) _Atomic uint64_t state; /* 32 bytes a slot: two to a cache line */
    struct object *object;               /* set before the state publishes it */
    uint32_t next_free;                  /* FIFO link, under its shard's lock */
    uint32_t generation; /* of the last handle opened here, by whoever took the slot */
};
_Static_assert(CACHE_LINE % sizeof(struct slot) == 0 && CHUNK_SLOTS % RUN_SLOTS == 0 &&
                   RUN_SLOTS * sizeof(struct slot) % CACHE_LINE == 0,
               "runs of slots fill whole cache lines");

struct shard {
    _Alignas(CACHE_LINE) platform_mutex lock; /* guards the rest; cache lines of its own */
    uint32_t head, tail, count;               /* the FIFO of free slots */
    size_t opened, recycled;                  /* slots taken from and given back to it */
};

#define SHARD_INIT                                                                                 \
    {                                                                                              \
        PLATFORM_MUTEX_INIT, 0, 0, 0, 0, 0                                                         \
    }
#define FOUR_SHARDS SHARD_INIT, SHARD_INIT, SHARD_INIT, SHARD_INIT
_Static_assert(SHARDS == 16, "one initialiser per shard");
static struct shard shards[SHARDS] = {FOUR_SHARDS, FOUR_SHARDS, FOUR_SHARDS, FOUR_SHARDS};

static _Thread_local struct shard *thread_shard;
static atomic_uint shards_dealt;

static _Atomic(struct slot *) chunks[CHUNK_COUNT];
static platform_mutex grow_lock = PLATFORM_MUTEX_INIT;
static uint32_t slots_in_use; /* slots ever handed out: the next new one, under grow_lock */

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

static struct shard *own_shard(void)
{
    struct shard *shard = thread_shard;
    if (shard == NULL) {
        unsigned turn = atomic_fetch_add_explicit(&shards_dealt, 1, memory_order_relaxed);
        thread_shard = shard = &shards[turn % SHARDS];
    }
    return shard;
}

/* Under shard->lock: takes its oldest free slot if at least `minimum` wait. */
static bool take_queued(struct shard *shard, uint32_t minimum, uint32_t *index)
{
    if (shard->count == 0 || shard->count < minimum)
        return false;
    *index = shard->head;
    shard->head = slot_at(*index)->next_free;
    shard->count--;
    shard->opened++;
    return true;
}

/* Under shard->lock: queues a free slot. */
static void queue_free(struct shard *shard, uint32_t index)
{
    if (shard->count == 0)
        shard->head = index;
    else
        slot_at(shard->tail)->next_free = index;
    shard->tail = index;
    shard->count++;
}

/* A chunk of slots, zeroed, its first on a cache line; never freed. */
static struct slot *chunk_new(void)
{
    char *bytes = calloc(1, CHUNK_SLOTS * sizeof(struct slot) + CACHE_LINE);
    if (bytes == NULL)
        return NULL;
    return (struct slot *)(bytes + (CACHE_LINE - (uintptr_t)bytes % CACHE_LINE));
}

/* Under own->lock: the first of a run of slots never used yet, the rest
 * queued in `own`; false when none is left or its chunk cannot be had. */
static bool take_new(struct shard *own, uint32_t *index)
{
    bool taken = false;
    platform_mutex_lock(&grow_lock);
    if (slots_in_use < MAX_SLOTS) {
        _Atomic(struct slot *) *chunk = &chunks[slots_in_use / CHUNK_SLOTS];
        if (atomic_load_explicit(chunk, memory_order_relaxed) == NULL) {
            struct slot *slots = chunk_new();
            if (slots != NULL)
                atomic_store_explicit(chunk, slots, memory_order_release);
        }
        if (atomic_load_explicit(chunk, memory_order_relaxed) != NULL) {
            *index = slots_in_use;
            slots_in_use += RUN_SLOTS;
            taken = true;
        }
    }
    platform_mutex_unlock(&grow_lock);
    for (uint32_t i = 1; taken && i < RUN_SLOTS; i++)
        queue_free(own, *index + i);
    return taken;
}

/* A free slot of any shard with at least `minimum` waiting, ours first. */
static bool take_from_any(const struct shard *own, uint32_t minimum, uint32_t *index)
{
    for (size_t i = 0; i < SHARDS; i++) {
        struct shard *shard = &shards[((size_t)(own - shards) + i) % SHARDS];
        platform_mutex_lock(&shard->lock);
        bool taken = take_queued(shard, minimum, index);
        platform_mutex_unlock(&shard->lock);
        if (taken)
            return true;
    }
    return false;
}

static bool take_slot(uint32_t *index)
{
    struct shard *own = own_shard();
    platform_mutex_lock(&own->lock);
    bool taken = take_queued(own, REUSE_DISTANCE, index);
    if (!taken && (taken = take_new(own, index)))
        own->opened++;
    platform_mutex_unlock(&own->lock);
    return taken || take_from_any(own, REUSE_DISTANCE, index) || take_from_any(own, 1, index);
}

HRESULT handle_open(struct object *object, enum handle_kind kind, ULONG *handle)
{
    uint32_t index = 0;
    if (!take_slot(&index))
        return E_OUTOFMEMORY;
    /* The slot is ours alone until its state says open. */
    struct slot *slot = slot_at(index);
    slot->generation = slot->generation % GENERATION_MAX + 1; /* 1..65535, never 0 */
    object_ref(object);
    slot->object = object;
    uint64_t tag = (uint64_t)kind << 16 | slot->generation;
    atomic_store_explicit(&slot->state, tag << 32 | STATE_OPEN | 1, memory_order_release);
    *handle = (ULONG)(slot->generation << SLOT_BITS | index);
    return S_OK;
}

/* The last reference to a closed slot went: recycle it, drop its object. */
static void recycle(struct slot *slot, uint32_t index)
{
    struct object *object = slot->object;
    slot->object = NULL;
    struct shard *own = own_shard();
    platform_mutex_lock(&own->lock);
    queue_free(own, index);
    own->recycled++;
    platform_mutex_unlock(&own->lock);
    object_unref(object); /* may run its destructor: never under our lock */
}

/* Pins the slot of `handle` if it is open and its kind in `kinds`. */
static struct slot *pin(ULONG handle, uint32_t kinds, uint32_t *index, enum handle_kind *kind)
{
    uint32_t generation = (uint32_t)handle >> SLOT_BITS;
    *index = (uint32_t)handle & (MAX_SLOTS - 1);
    struct slot *slot = generation == 0 ? NULL : slot_at(*index);
    if (slot == NULL)
        return NULL;
    uint64_t state = atomic_load_explicit(&slot->state, memory_order_acquire);
    do {
        if (STATE_GENERATION(state) != generation || (state & STATE_OPEN) == 0 ||
            (kinds & HANDLE_MASK(STATE_KIND(state))) == 0)
            return NULL;
    } while (!atomic_compare_exchange_weak_explicit(&slot->state, &state, state + 1,
                                                    memory_order_acquire, memory_order_acquire));
    *kind = (enum handle_kind)STATE_KIND(state);
    return slot;
}

static void unpin(struct slot *slot, uint32_t index)
{
    uint64_t before = atomic_fetch_sub_explicit(&slot->state, 1, memory_order_acq_rel);
    if ((before & STATE_REFERENCES) == 1)
        recycle(slot, index); /* only a closed slot can reach zero */
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
    size_t open = 0; /* each shard's share may be "negative": the sum is not */
    for (size_t i = 0; i < SHARDS; i++) {
        platform_mutex_lock(&shards[i].lock);
        open += shards[i].opened - shards[i].recycled;
        platform_mutex_unlock(&shards[i].lock);
    }
    return open;
}
