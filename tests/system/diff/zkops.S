/* The instructions under test for zkdiff.elf (zbdiff.c's driver built
 * with -DDIFF_OPS=zk_ops): one function per form, a0 = op(a0, a1), for
 * Zbkb, Zbkc, Zbkx, Zknd, Zkne and Zknh (Cryptography Extensions Volume I
 * v1.0.1, RV64 forms; rotate immediates at 0, 1 and their maxima; the AES
 * rounds also with the state halves swapped; aes64ks1i at every legal
 * round number), and the {function, name} table the driver walks. */
        .option arch, +zbkb, +zbkc, +zbkx, +zknd, +zkne, +zknh

/* FORM name, instruction: a function and its table row */
.macro FORM name:req, insn:vararg
        .text
.Lop\@:
        \insn
        ret
        .section .rodata.zk_names, "a"
.Lname\@:
        .asciz "\name"
        .section .data.zk_ops, "aw"
        .dword  .Lop\@, .Lname\@
.endm

        .section .data.zk_ops, "aw"
        .balign 8
        .globl  zk_ops
zk_ops:

        FORM pack, pack a0, a0, a1
        FORM packh, packh a0, a0, a1
        FORM packw, packw a0, a0, a1
        FORM rol, rol a0, a0, a1
        FORM ror, ror a0, a0, a1
        FORM rolw, rolw a0, a0, a1
        FORM rorw, rorw a0, a0, a1
        FORM andn, andn a0, a0, a1
        FORM orn, orn a0, a0, a1
        FORM xnor, xnor a0, a0, a1
        FORM rori.0, rori a0, a0, 0
        FORM rori.1, rori a0, a0, 1
        FORM rori.31, rori a0, a0, 31
        FORM rori.63, rori a0, a0, 63
        FORM roriw.0, roriw a0, a0, 0
        FORM roriw.1, roriw a0, a0, 1
        FORM roriw.31, roriw a0, a0, 31
        FORM packw.x0, packw a0, a0, zero
        FORM brev8, brev8 a0, a0
        FORM rev8, rev8 a0, a0
        FORM clmul, clmul a0, a0, a1
        FORM clmulh, clmulh a0, a0, a1
        FORM xperm4, xperm4 a0, a0, a1
        FORM xperm8, xperm8 a0, a0, a1
        FORM aes64es, aes64es a0, a0, a1
        FORM aes64esm, aes64esm a0, a0, a1
        FORM aes64ds, aes64ds a0, a0, a1
        FORM aes64dsm, aes64dsm a0, a0, a1
        FORM aes64ks2, aes64ks2 a0, a0, a1
        FORM aes64es.swap, aes64es a0, a1, a0
        FORM aes64dsm.swap, aes64dsm a0, a1, a0
        FORM aes64im, aes64im a0, a0
        FORM aes64ks1i.0, aes64ks1i a0, a0, 0
        FORM aes64ks1i.1, aes64ks1i a0, a0, 1
        FORM aes64ks1i.2, aes64ks1i a0, a0, 2
        FORM aes64ks1i.3, aes64ks1i a0, a0, 3
        FORM aes64ks1i.4, aes64ks1i a0, a0, 4
        FORM aes64ks1i.5, aes64ks1i a0, a0, 5
        FORM aes64ks1i.6, aes64ks1i a0, a0, 6
        FORM aes64ks1i.7, aes64ks1i a0, a0, 7
        FORM aes64ks1i.8, aes64ks1i a0, a0, 8
        FORM aes64ks1i.9, aes64ks1i a0, a0, 9
        FORM aes64ks1i.10, aes64ks1i a0, a0, 10
        FORM sha256sig0, sha256sig0 a0, a0
        FORM sha256sig1, sha256sig1 a0, a0
        FORM sha256sum0, sha256sum0 a0, a0
        FORM sha256sum1, sha256sum1 a0, a0
        FORM sha512sig0, sha512sig0 a0, a0
        FORM sha512sig1, sha512sig1 a0, a0
        FORM sha512sum0, sha512sum0 a0, a0
        FORM sha512sum1, sha512sum1 a0, a0

        .section .data.zk_ops, "aw"
        .dword  0, 0
