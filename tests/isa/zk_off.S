/* rvx-march: rv64gc_zbkb_zbkc_zbkx_zknd_zkne_zknh */
/* rvx-qemu-cpu: rv64,zbb=false,zbc=false,zbkb=false,zbkc=false,zbkx=false,zknd=false,zkne=false,zknh=false */
/* The scalar crypto extensions are off unless --isa names them (this test
 * runs with --isa rv64gc): one instruction of each raises illegal-
 * instruction with mtval = the instruction bits (words: GNU as 2.40). */
#include "env.h"
RVTEST_CODE_BEGIN
        TEST_TRAP 1, CAUSE_ILLEGAL, pack a0, a1, a2
        TRAP_TVAL a0
        CHECK   a0, 0x08c5c533
        TEST_TRAP 2, CAUSE_ILLEGAL, brev8 a0, a1
        TRAP_TVAL a0
        CHECK   a0, 0x6875d513
        TEST_TRAP 3, CAUSE_ILLEGAL, packw a0, a1, a2
        TRAP_TVAL a0
        CHECK   a0, 0x08c5c53b
        TEST_TRAP 4, CAUSE_ILLEGAL, xperm8 a0, a1, a2
        TRAP_TVAL a0
        CHECK   a0, 0x28c5c533
        TEST_TRAP 5, CAUSE_ILLEGAL, aes64es a0, a1, a2
        TRAP_TVAL a0
        CHECK   a0, 0x32c58533
        TEST_TRAP 6, CAUSE_ILLEGAL, aes64dsm a0, a1, a2
        TRAP_TVAL a0
        CHECK   a0, 0x3ec58533
        TEST_TRAP 7, CAUSE_ILLEGAL, aes64ks1i a0, a1, 0xa
        TRAP_TVAL a0
        CHECK   a0, 0x31a59513
        TEST_TRAP 8, CAUSE_ILLEGAL, aes64ks2 a0, a1, a2
        TRAP_TVAL a0
        CHECK   a0, 0x7ec58533
        TEST_TRAP 9, CAUSE_ILLEGAL, sha256sig0 a0, a1
        TRAP_TVAL a0
        CHECK   a0, 0x10259513
        TEST_TRAP 10, CAUSE_ILLEGAL, sha512sum1 a0, a1
        TRAP_TVAL a0
        CHECK   a0, 0x10559513
        /* shared with Zbb: off too without either */
        TEST_TRAP 11, CAUSE_ILLEGAL, ror a0, a1, a2
        TRAP_TVAL a0
        CHECK   a0, 0x60c5d533
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
