/*
 * What the benchmarks share: the median of a run's figures.
 */
#ifndef MSDRM_BENCH_MEDIAN_H
#define MSDRM_BENCH_MEDIAN_H

#include <stddef.h>
#include <stdlib.h>

static inline int bench_compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts `values` and returns the middle one (the upper of two). */
static inline double bench_median(double *values, size_t count)
{
    qsort(values, count, sizeof *values, bench_compare);
    return values[count / 2];
}

#endif /* MSDRM_BENCH_MEDIAN_H */
