/* rvx-march: rv64gc_zicond */
/* rvx-qemu-cpu: none */
/* Zicond is off under --isa rv64gc: czero.eqz/nez raise illegal-instruction
 * with mtval = the instruction bits.  The words: funct7 0000111, rs2 a2
 * (x12), rs1 a1 (x11), funct3 101 / 111, rd a0 (x10), opcode OP 0110011:
 * 0000111 01100 01011 101 01010 0110011 = 0x0ec5d533, and with funct3 111
 * 0x0ec5f533. */
#include "env.h"
RVTEST_CODE_BEGIN
        TEST_TRAP 1, CAUSE_ILLEGAL, .insn r 0x33, 5, 0x07, a0, a1, a2
        TRAP_TVAL a0
        CHECK   a0, 0x0ec5d533
        TEST_TRAP 2, CAUSE_ILLEGAL, .insn r 0x33, 7, 0x07, a0, a1, a2
        TRAP_TVAL a0
        CHECK   a0, 0x0ec5f533
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
