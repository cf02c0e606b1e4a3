/* Inside the hart: the instruction list, the decoded form both engines
 * execute, and the helpers shared by decode, execute, CSRs and traps. */
#ifndef RVX_CPU_INTERNAL_H
#define RVX_CPU_INTERNAL_H

#include "cpu.h"
#include "fpu.h"

/* Every operation the executor knows (enum op, op_names, per-op
 * attributes): generated from the instruction database, cpu/insns.def. */
#include "insns.h"

/* One decoded instruction: operands extracted once, at decode time. */
struct insn {
    uint16_t op;
    uint8_t rd, rs1, rs2, rs3;
    uint8_t rm;         /* FP rounding mode field (7 = dynamic) */
    uint8_t len;        /* 2 or 4 bytes */
    uint16_t off;       /* byte offset from the start of its block */
    int64_t imm;        /* immediate / CSR number / shift amount */
    uint32_t raw;       /* the original encoding (16-bit parcel for RVC) */
};

/* Decodes the encoding at pc (raw is a 32-bit word, or a 16-bit parcel in
 * the low half when (raw & 3) != 3).  Unknown encodings give OP_illegal.
 * Honours misa: an instruction of a disabled extension is illegal. */
/* zext: the enabled Z-extensions (EXT_BIT set). */
void decode(struct insn *out, uint32_t raw, uint64_t misa, uint64_t zext);

/* True if the operation ends a translated block (control transfer, system,
 * CSR or anything that may change the translation or privilege context):
 * the END flag in cpu/insns.def. */
static inline bool op_ends_block(enum op op) { return op_has(op, IF_END); }

/* mstatus fields */
#define MSTATUS_SIE (1ull << 1)
#define MSTATUS_MIE (1ull << 3)
#define MSTATUS_SPIE (1ull << 5)
#define MSTATUS_UBE (1ull << 6)
#define MSTATUS_MPIE (1ull << 7)
#define MSTATUS_SPP (1ull << 8)
#define MSTATUS_VS (3ull << 9)
#define MSTATUS_MPP (3ull << 11)
#define MSTATUS_FS (3ull << 13)
#define MSTATUS_XS (3ull << 15)
#define MSTATUS_MPRV (1ull << 17)
#define MSTATUS_SUM (1ull << 18)
#define MSTATUS_MXR (1ull << 19)
#define MSTATUS_TVM (1ull << 20)
#define MSTATUS_TW (1ull << 21)
#define MSTATUS_TSR (1ull << 22)
#define MSTATUS_UXL (3ull << 32)
#define MSTATUS_SXL (3ull << 34)
#define MSTATUS_SBE (1ull << 36)
#define MSTATUS_MBE (1ull << 37)
#define MSTATUS_SD (1ull << 63)

/* mstateen0 bits rvx gives a meaning (Smstateen): SE0 gates sstateen0,
 * ENVCFG gates senvcfg; bit 63 of mstateen1..3 gates sstateen1..3. */
#define MSTATEEN_SE (1ull << 63)
#define MSTATEEN0_ENVCFG (1ull << 62)

/* hart.c: pushes menvcfg's PBMTE/ADUE and the hart's Svnapot/Svpbmt/Svadu
 * into the walker, and the STCE timer into mip. */
void hart_update_envcfg(struct hart *h);

#define FS_OFF 0
#define FS_INITIAL 1
#define FS_CLEAN 2
#define FS_DIRTY 3

/* Synchronous exception causes */
enum {
    EXC_INSN_MISALIGNED = 0, EXC_ILLEGAL = 2, EXC_BREAKPOINT = 3,
    EXC_LOAD_MISALIGNED = 4, EXC_STORE_MISALIGNED = 6,
    EXC_ECALL_U = 8, EXC_ECALL_S = 9, EXC_ECALL_M = 11,
};
#define CAUSE_INTERRUPT (1ull << 63)

/* trap.c */
void trap_take(struct hart *h, uint64_t cause, uint64_t tval, uint64_t pc);
bool trap_check_interrupts(struct hart *h);
void trap_mret(struct hart *h);
void trap_sret(struct hart *h);
/* Recomputes the MMU context from priv and mstatus (call after any change). */
void hart_update_mmu_context(struct hart *h);

/* csr.c: one Zicsr operation.  kind is CSR_W/CSR_S/CSR_C; the write is
 * skipped when do_write is false (csrrs/csrrc with rs1 = x0 or uimm = 0).
 * Returns false if the access is illegal (the caller raises
 * illegal-instruction); *old gets the value read. */
enum { CSR_W, CSR_S, CSR_C };
bool csr_op(struct hart *h, unsigned csr, int kind, uint64_t operand,
            bool do_write, uint64_t *old);
/* csr.c: the Zihpm/Sscofpmf counters.  hpm_reset at hart reset;
 * hpm_set_mode before the hart changes privilege (per-mode counting);
 * hpm_sync brings overflow state (mhpmevent.OF, mip.LCOFIP) up to date,
 * and runs before interrupts are evaluated. */
void hpm_reset(struct hart *h);
void hpm_set_mode(struct hart *h, int priv);
void hpm_sync(struct hart *h);
/* Effective mip: software-written bits and device lines. */
static inline uint64_t hart_mip(const struct hart *h)
{
    return h->mip | __atomic_load_n(&h->mip_ext, __ATOMIC_RELAXED);
}

/* exec_slow.c: memory access helpers used by the engines (slow paths). */
int mem_load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val);
int mem_store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val);

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#endif
