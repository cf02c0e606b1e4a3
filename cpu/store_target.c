/* What an instruction would store to, for a debugger that must report a
 * write watchpoint before the store happens (see cpu.h). */
#include <string.h>

#include "insns.h"
#include "internal.h"

/* The access size an op's mnemonic ends in: sb/sh/sw/sd, fsh/fsw/fsd,
 * amo*.w/.d, sc.w/.d, amocas.q. */
static unsigned size_of(unsigned op)
{
    const char *name = op_names[op];
    switch (name[strlen(name) - 1]) {
    case 'b': return 1;
    case 'h': return 2;
    case 'w': return 4;
    case 'd': return 8;
    case 'q': return 16;
    default: return 0;
    }
}

bool hart_store_target(const struct hart *h, uint32_t raw, uint64_t *va, unsigned *size)
{
    struct insn ins;
    decode(&ins, raw, h->misa, h->zext);
    if (ins.op == OP_cbo_zero) {
        *va = h->x[ins.rs1] & ~(uint64_t)(CBO_BLOCK_SIZE - 1);
        *size = CBO_BLOCK_SIZE;
        return true;
    }
    unsigned cls = op_info[ins.op].cls;
    if (cls != CL_STORE && cls != CL_AMO)
        return false;
    if (cls == CL_AMO && !strncmp(op_names[ins.op], "lr_", 3))
        return false;       /* a load */
    *size = size_of(ins.op);
    *va = h->x[ins.rs1] + (cls == CL_STORE ? (uint64_t)ins.imm : 0);
    return *size != 0;
}
