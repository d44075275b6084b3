// Counts heap allocations by interposing glibc's malloc family in the benchmark executable
// (the executable's definitions win over libc's for every library, the Swift runtime included).
// Linux/glibc only; used to report allocations per rated record.
#include <stddef.h>
#include <stdatomic.h>
#include "AllocationCounter.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static atomic_ulong count;

void *malloc(size_t n) { atomic_fetch_add_explicit(&count, 1, memory_order_relaxed); return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { atomic_fetch_add_explicit(&count, 1, memory_order_relaxed); return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { atomic_fetch_add_explicit(&count, 1, memory_order_relaxed); return __libc_realloc(p, n); }
void free(void *p) { __libc_free(p); }

unsigned long guichet_allocations(void) { return atomic_load_explicit(&count, memory_order_relaxed); }
