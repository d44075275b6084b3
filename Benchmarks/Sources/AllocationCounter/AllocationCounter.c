// Counts heap allocations, and the bytes live, by interposing glibc's malloc family in the
// benchmark executable (the executable's definitions win over libc's for every library, the
// Swift runtime included). Linux/glibc only; used to report allocations per rated record and
// how much of a peak RSS the program's own live data is.
#include <stddef.h>
#include <errno.h>
#include <malloc.h>
#include <stdatomic.h>
#include "AllocationCounter.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static atomic_ulong count;
static atomic_long live, peak;

static void *counted(void *p) {
    if (p) {
        long size = (long)malloc_usable_size(p);
        long now = atomic_fetch_add_explicit(&live, size, memory_order_relaxed) + size;
        long seen = atomic_load_explicit(&peak, memory_order_relaxed);
        while (now > seen && !atomic_compare_exchange_weak_explicit(&peak, &seen, now, memory_order_relaxed, memory_order_relaxed)) {}
    }
    return p;
}

static void uncounted(void *p) {
    if (p) atomic_fetch_sub_explicit(&live, (long)malloc_usable_size(p), memory_order_relaxed);
}

void *malloc(size_t n) { atomic_fetch_add_explicit(&count, 1, memory_order_relaxed); return counted(__libc_malloc(n)); }
void *calloc(size_t a, size_t b) { atomic_fetch_add_explicit(&count, 1, memory_order_relaxed); return counted(__libc_calloc(a, b)); }
void *realloc(void *p, size_t n) {
    atomic_fetch_add_explicit(&count, 1, memory_order_relaxed);
    uncounted(p);
    return counted(__libc_realloc(p, n));
}
void *aligned_alloc(size_t a, size_t n) { atomic_fetch_add_explicit(&count, 1, memory_order_relaxed); return counted(__libc_memalign(a, n)); }
void *memalign(size_t a, size_t n) { atomic_fetch_add_explicit(&count, 1, memory_order_relaxed); return counted(__libc_memalign(a, n)); }
int posix_memalign(void **out, size_t a, size_t n) {
    atomic_fetch_add_explicit(&count, 1, memory_order_relaxed);
    void *p = counted(__libc_memalign(a, n));
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}
void free(void *p) { uncounted(p); __libc_free(p); }

unsigned long guichet_allocations(void) { return atomic_load_explicit(&count, memory_order_relaxed); }
long guichet_live_bytes(void) { return atomic_load_explicit(&live, memory_order_relaxed); }
long guichet_peak_live_bytes(void) { return atomic_load_explicit(&peak, memory_order_relaxed); }
void guichet_reset_peak_live_bytes(void) { atomic_store_explicit(&peak, atomic_load_explicit(&live, memory_order_relaxed), memory_order_relaxed); }
