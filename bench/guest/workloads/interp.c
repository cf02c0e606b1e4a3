/* Integer: a small bytecode interpreter.  A register VM (16 registers, a
 * 64 Ki-word memory) with a switch dispatch runs two programs: Collatz step
 * counts for 1..N, and a sieve of Eratosthenes repeated over its memory.
 * Exercises what every interpreter (including the emulator itself) stresses:
 * an indirect jump per guest bytecode, byte-field decoding, small loads. */
#include "bench.h"

const char bench_name[] = "interp";

enum op { LI, MOV, ADD, ADDI, MUL, ANDI, SHRI, LD, ST, BEQ, BNE, BLT, BEQZ, JMP, HALT };

struct insn {
    uint8_t op, a, b, c;
    int32_t imm;
};

#define MEM_WORDS 65536
#define MAXCODE 64

struct vm {
    int64_t r[16];
    int64_t mem[MEM_WORDS];
    struct insn code[MAXCODE];
    int n;
};

static int emit(struct vm *v, enum op op, int a, int b, int c, int32_t imm)
{
    struct insn i = { (uint8_t)op, (uint8_t)a, (uint8_t)b, (uint8_t)c, imm };
    v->code[v->n] = i;
    return v->n++;
}

static void patch(struct vm *v, int at) { v->code[at].imm = v->n; }

static uint64_t execute(struct vm *v)
{
    int64_t *r = v->r;
    uint64_t count = 0;
    for (int pc = 0;;) {
        const struct insn *i = &v->code[pc++];
        count++;
        switch (i->op) {
        case LI:   r[i->a] = i->imm; break;
        case MOV:  r[i->a] = r[i->b]; break;
        case ADD:  r[i->a] = r[i->b] + r[i->c]; break;
        case ADDI: r[i->a] = r[i->b] + i->imm; break;
        case MUL:  r[i->a] = r[i->b] * r[i->c]; break;
        case ANDI: r[i->a] = r[i->b] & i->imm; break;
        case SHRI: r[i->a] = (int64_t)((uint64_t)r[i->b] >> i->imm); break;
        case LD:   r[i->a] = v->mem[r[i->b] & (MEM_WORDS - 1)]; break;
        case ST:   v->mem[r[i->b] & (MEM_WORDS - 1)] = r[i->a]; break;
        case BEQ:  if (r[i->a] == r[i->b]) pc = i->imm; break;
        case BNE:  if (r[i->a] != r[i->b]) pc = i->imm; break;
        case BLT:  if (r[i->a] < r[i->b]) pc = i->imm; break;
        case BEQZ: if (r[i->a] == 0) pc = i->imm; break;
        case JMP:  pc = i->imm; break;
        case HALT: return count;
        default:   return 0;
        }
    }
}

/* r1 = n, r2 = limit, r3 = x, r4 = total steps, r5 = 1, r6 = scratch */
static void collatz(struct vm *v, int32_t limit)
{
    v->n = 0;
    emit(v, LI, 1, 0, 0, 1);
    emit(v, LI, 2, 0, 0, limit);
    emit(v, LI, 4, 0, 0, 0);
    emit(v, LI, 5, 0, 0, 1);
    int outer = emit(v, MOV, 3, 1, 0, 0);
    int inner = emit(v, BEQ, 3, 5, 0, 0);           /* x == 1: next n */
    emit(v, ADDI, 4, 4, 0, 1);
    emit(v, ANDI, 6, 3, 0, 1);
    int even = emit(v, BEQZ, 6, 0, 0, 0);
    emit(v, ADD, 6, 3, 3, 0);                       /* x = 3x + 1 */
    emit(v, ADD, 3, 6, 3, 0);
    emit(v, ADDI, 3, 3, 0, 1);
    emit(v, JMP, 0, 0, 0, inner);
    patch(v, even);
    emit(v, SHRI, 3, 3, 0, 1);                      /* x = x / 2 */
    emit(v, JMP, 0, 0, 0, inner);
    patch(v, inner);
    emit(v, ADDI, 1, 1, 0, 1);
    emit(v, BLT, 1, 2, 0, outer);
    emit(v, HALT, 0, 0, 0, 0);
}

/* r1 = i, r2 = limit, r3 = j, r4 = primes found, r5 = 1, r6 = scratch, r7 = 0 */
static void sieve(struct vm *v, int32_t limit)
{
    v->n = 0;
    emit(v, LI, 3, 0, 0, 0);
    emit(v, LI, 2, 0, 0, limit);
    emit(v, LI, 7, 0, 0, 0);
    int clear = emit(v, ST, 7, 3, 0, 0);            /* mem[j] = 0 for all j */
    emit(v, ADDI, 3, 3, 0, 1);
    emit(v, BLT, 3, 2, 0, clear);
    emit(v, LI, 1, 0, 0, 2);
    emit(v, LI, 4, 0, 0, 0);
    emit(v, LI, 5, 0, 0, 1);
    int loop = emit(v, LD, 6, 1, 0, 0);
    int composite = emit(v, BNE, 6, 7, 0, 0);
    emit(v, ADDI, 4, 4, 0, 1);
    emit(v, MUL, 3, 1, 1, 0);                       /* j = i * i */
    int mark = emit(v, BLT, 2, 3, 0, 0);            /* j > limit: done */
    emit(v, ST, 5, 3, 0, 0);
    emit(v, ADD, 3, 3, 1, 0);
    emit(v, JMP, 0, 0, 0, mark);
    patch(v, mark);
    patch(v, composite);
    emit(v, ADDI, 1, 1, 0, 1);
    emit(v, BLT, 1, 2, 0, loop);
    emit(v, HALT, 0, 0, 0, 0);
}

uint64_t bench_run(void)
{
    struct vm *v = bench_arena(sizeof *v);
    uint64_t sum = 0;
    unsigned rounds = BENCH_SCALE(4, 1);
    for (unsigned k = 0; k < rounds; k++) {
        collatz(v, 40000 + (int32_t)k);
        uint64_t n = execute(v);
        sum = bench_mix(sum, (uint64_t)v->r[4]);
        sum = bench_mix(sum, n);
        sieve(v, MEM_WORDS - 1 - (int32_t)k);
        n = execute(v);
        sum = bench_mix(sum, (uint64_t)v->r[4]);
        sum = bench_mix(sum, n);
    }
    return sum;
}
