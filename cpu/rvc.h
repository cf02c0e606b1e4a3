/* RV64C: every 16-bit encoding expanded to the 32-bit instruction it stands
 * for, so the decoder and executor only ever see 32-bit encodings.  The
 * forms are the CINSN rows of cpu/insns.def. */
#ifndef RVX_CPU_RVC_H
#define RVX_CPU_RVC_H

#include <stddef.h>
#include <stdint.h>

/* One compressed form: (parcel & mask) == match; it expands to op with its
 * registers and immediate taken from the parcel as the row says. */
struct rvc_form {
    uint16_t mask, match;
    uint16_t op;                /* enum op of the 32-bit expansion */
    uint8_t ext;                /* enum ext the form needs besides C */
    uint8_t rd, rs1, rs2;       /* register sources (rvc.c) */
    uint8_t imm;                /* immediate layout (rvc.c) */
    uint8_t rule;               /* reserved-encoding rule (rvc.c) */
    const char *name;           /* C name; mnemonic has '.' for '_' */
    const char *syntax;         /* disassembler operands, read from the
                                   expansion (see insns.def) */
};

extern const struct rvc_form rvc_forms[];
extern const size_t n_rvc_forms;

/* The form a parcel belongs to (the first matching row), or NULL; with
 * *expansion its 32-bit equivalent, 0 when the encoding is reserved. */
const struct rvc_form *rvc_find(uint16_t insn, uint32_t *expansion);

/* The 32-bit equivalent of a compressed instruction (low two bits != 3),
 * or 0 when the encoding is reserved, illegal or a HINT-free illegal form
 * (e.g. c.addi4spn with nzuimm=0, the all-zero parcel, c.lwsp with rd=0).
 * HINT encodings expand to their (architecturally no-op) 32-bit forms. */
uint32_t rvc_expand(uint16_t insn);

#endif
