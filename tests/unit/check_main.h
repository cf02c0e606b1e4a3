/* The end of every one-suite Check test: run it, exit non-zero on failure;
 * and the pseudo-random numbers of the randomized tests. */
#ifndef RVX_TESTS_CHECK_MAIN_H
#define RVX_TESTS_CHECK_MAIN_H

#include <check.h>
#include <stdint.h>
#include <stdlib.h>

static inline int run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* xorshift64: a fixed seed gives the same operands on every run. */
static inline uint64_t xorshift64(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

#endif
