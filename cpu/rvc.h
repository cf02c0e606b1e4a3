/* RV64C: every 16-bit encoding expanded to the 32-bit instruction it stands
 * for, so the decoder and executor only ever see 32-bit encodings. */
#ifndef RVX_CPU_RVC_H
#define RVX_CPU_RVC_H

#include <stdint.h>

/* The 32-bit equivalent of a compressed instruction (low two bits != 3),
 * or 0 when the encoding is reserved, illegal or a HINT-free illegal form
 * (e.g. c.addi4spn with nzuimm=0, the all-zero parcel, c.lwsp with rd=0).
 * HINT encodings expand to their (architecturally no-op) 32-bit forms. */
uint32_t rvc_expand(uint16_t insn);

#endif
