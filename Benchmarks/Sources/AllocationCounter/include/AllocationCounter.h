#ifndef ALLOCATION_COUNTER_H
#define ALLOCATION_COUNTER_H
/// Heap allocations (malloc, calloc, realloc) made by the whole process so far.
unsigned long guichet_allocations(void);
#endif
