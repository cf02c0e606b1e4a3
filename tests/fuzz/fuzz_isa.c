/* Fuzz target: --isa strings.  Any bytes must either be refused with a
 * message or parse; a parsed ISA written back out (the device tree's
 * riscv,isa) must parse again to the same extensions, and every
 * riscv,isa-extensions name must be one the string holds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char s[ISA_STRING_MAX + 8];
    if (size >= sizeof s)
        return 0;
    memcpy(s, data, size);
    s[size] = 0;
    uint64_t misa, zext, misa2, zext2;
    char err[2048] = "";
    if (!isa_parse(s, &misa, &zext, err, sizeof err)) {
        if (!err[0] || strchr(err, '\n'))
            abort();                    /* one line, always */
        return 0;
    }
    char back[ISA_STRING_MAX];
    isa_string(misa, zext, back, sizeof back);
    if (!isa_parse(back, &misa2, &zext2, err, sizeof err) || misa2 != misa || zext2 != zext)
        abort();
    char names[ISA_NAMES_MAX][16];
    size_t n = isa_extension_names(misa, zext, names, ISA_NAMES_MAX);
    for (size_t i = 0; i < n; i++)
        if (names[i][1] && !strstr(back, names[i]))
            abort();
    return 0;
}
