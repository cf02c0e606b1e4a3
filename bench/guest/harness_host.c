/* Host harness: prints the workload's checksum as 16 hex digits, the value
 * the guest build is compiled to expect. */
#include <stdio.h>
#include <stdlib.h>
#include <inttypes.h>

#include "bench.h"

void *bench_arena(size_t len)
{
    void *p = aligned_alloc(4096, (len + 4095) & ~(size_t)4095);
    if (!p) {
        perror("bench_arena");
        exit(1);
    }
    return p;
}

void bench_print(const char *s) { fprintf(stderr, "%s\n", s); }

int main(void)
{
    printf("%016" PRIx64 "\n", bench_run());
    return 0;
}
