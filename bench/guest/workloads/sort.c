/* Integer: sorting.  Fills 256 Ki 64-bit keys from xorshift64*, sorts them
 * with an introsort-free quicksort (median of three, insertion sort below 16)
 * and a bottom-up merge sort into a second buffer, checks both orders and
 * folds the result.  Exercises compares, data-dependent branches, loads and
 * stores over 4 MiB. */
#include "bench.h"

const char bench_name[] = "sort";

#define N (256 * 1024)

static void insertion(uint64_t *a, long lo, long hi)
{
    for (long i = lo + 1; i <= hi; i++) {
        uint64_t v = a[i];
        long j = i - 1;
        while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void swap(uint64_t *a, long i, long j)
{
    uint64_t t = a[i];
    a[i] = a[j];
    a[j] = t;
}

static void quicksort(uint64_t *a, long lo, long hi)
{
    while (hi - lo >= 16) {
        long mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo]) swap(a, mid, lo);
        if (a[hi] < a[lo]) swap(a, hi, lo);
        if (a[hi] < a[mid]) swap(a, hi, mid);
        uint64_t pivot = a[mid];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j)
                swap(a, i++, j--);
        }
        /* Recurse into the smaller side: stack depth stays O(log n). */
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
    insertion(a, lo, hi);
}

static void mergesort(uint64_t *a, uint64_t *tmp, long n)
{
    uint64_t *orig = a;
    for (long w = 1; w < n; w *= 2) {
        for (long lo = 0; lo < n; lo += 2 * w) {
            long mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            long i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = a[j] < a[i] ? a[j++] : a[i++];
            while (i < mid) tmp[k++] = a[i++];
            while (j < hi) tmp[k++] = a[j++];
        }
        uint64_t *t = a;
        a = tmp;
        tmp = t;
    }
    /* After an odd number of passes the sorted data is in the scratch buffer. */
    if (a != orig)
        for (long i = 0; i < n; i++)
            orig[i] = a[i];
}

uint64_t bench_run(void)
{
    uint64_t *a = bench_arena(3 * N * 8), *b = a + N, *t = b + N;
    uint64_t s = 42, sum = 0;
    unsigned rounds = BENCH_SCALE(10, 3);
    for (unsigned r = 0; r < rounds; r++) {
        /* Narrow keys on odd rounds: many duplicates change the branch mix. */
        uint64_t mask = r & 1 ? 0xfff : ~0ull;
        for (long i = 0; i < N; i++)
            a[i] = b[i] = bench_rand(&s) & mask;
        quicksort(a, 0, N - 1);
        mergesort(b, t, N);
        for (long i = 0; i < N; i++) {
            if ((i && a[i - 1] > a[i]) || a[i] != b[i])
                return 0;   /* a wrong order or disagreement fails the checksum */
            sum = bench_mix(sum, a[i] * (uint64_t)(i + 1));
        }
    }
    return sum;
}
