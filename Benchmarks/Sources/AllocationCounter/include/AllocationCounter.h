#ifndef ALLOCATION_COUNTER_H
#define ALLOCATION_COUNTER_H
/// Heap allocations (malloc, calloc, realloc, aligned) made by the whole process so far.
unsigned long guichet_allocations(void);
/// Bytes of heap blocks allocated and not yet freed, and their highest value since the last reset.
long guichet_live_bytes(void);
long guichet_peak_live_bytes(void);
void guichet_reset_peak_live_bytes(void);
#endif
