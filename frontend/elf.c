/* ELF loading with libelf. */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "devices/board.h"
#include "elf.h"

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

static void fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Loads one segment as a machine image (kept for resets): file bytes,
 * then zeroes up to p_memsz. */
static bool load_segment(Elf *e, const GElf_Phdr *ph, struct machine *m,
                         const char *path, char *err, size_t errlen)
{
    if (ph->p_filesz > ph->p_memsz) {
        fail(err, errlen, "'%s': corrupt ELF (segment file size exceeds memory size)", path);
        return false;
    }
    struct bus *bus = &m->bus;
    if (!bus_ram_ptr(bus, ph->p_paddr, ph->p_memsz)) {
        fail(err, errlen, "'%s': segment at 0x%llx-0x%llx lies outside guest RAM "
             "(0x%llx-0x%llx)", path, (unsigned long long)ph->p_paddr,
             (unsigned long long)(ph->p_paddr + ph->p_memsz),
             (unsigned long long)bus->ram_base,
             (unsigned long long)(bus->ram_base + bus->ram_size));
        return false;
    }
    size_t fsize;
    char *raw = elf_rawfile(e, &fsize);
    if (!raw || ph->p_offset > fsize || ph->p_filesz > fsize - ph->p_offset) {
        fail(err, errlen, "'%s': truncated ELF (segment beyond end of file)", path);
        return false;
    }
    return machine_add_image(m, "segment", ph->p_paddr, raw + ph->p_offset, ph->p_filesz,
                             ph->p_memsz - ph->p_filesz, err, errlen);
}

static Elf *open_elf(const char *path, int *fd, char *err, size_t errlen)
{
    if (elf_version(EV_CURRENT) == EV_NONE) {
        fail(err, errlen, "libelf initialisation failed");
        return NULL;
    }
    *fd = open(path, O_RDONLY);
    if (*fd < 0) {
        fail(err, errlen, "'%s': %s", path, strerror(errno));
        return NULL;
    }
    Elf *e = elf_begin(*fd, ELF_C_READ, NULL);
    if (!e || elf_kind(e) != ELF_K_ELF) {
        fail(err, errlen, "'%s': not an ELF file", path);
        if (e)
            elf_end(e);
        close(*fd);
        return NULL;
    }
    return e;
}

static bool check_header(Elf *e, const char *path, GElf_Ehdr *eh, char *err, size_t errlen)
{
    if (!gelf_getehdr(e, eh)) {
        fail(err, errlen, "'%s': truncated or corrupt ELF header", path);
        return false;
    }
    if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
        eh->e_machine != EM_RISCV) {
        fail(err, errlen, "'%s': not a 64-bit little-endian RISC-V ELF", path);
        return false;
    }
    if (eh->e_type != ET_EXEC) {
        fail(err, errlen, "'%s': not an executable ELF (e_type %u)", path, eh->e_type);
        return false;
    }
    return true;
}

static bool find_symbol(Elf *e, const char *name, uint64_t *value)
{
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(e, scn)) != NULL) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
            continue;
        Elf_Data *data = elf_getdata(scn, NULL);
        if (!data)
            continue;
        size_t n = sh.sh_size / sh.sh_entsize;
        for (size_t i = 0; i < n; i++) {
            GElf_Sym sym;
            if (!gelf_getsym(data, (int)i, &sym))
                break;
            const char *s = elf_strptr(e, sh.sh_link, sym.st_name);
            if (s && strcmp(s, name) == 0) {
                *value = sym.st_value;
                return true;
            }
        }
    }
    return false;
}

bool elf_load(const char *path, struct machine *m, struct elf_info *info,
              char *err, size_t errlen)
{
    int fd;
    Elf *e = open_elf(path, &fd, err, errlen);
    if (!e)
        return false;
    bool ok = false;
    GElf_Ehdr eh;
    size_t nph;
    if (!check_header(e, path, &eh, err, errlen))
        goto out;
    if (elf_getphdrnum(e, &nph) != 0) {
        fail(err, errlen, "'%s': corrupt program headers", path);
        goto out;
    }
    size_t loaded = 0;
    for (size_t i = 0; i < nph; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)i, &ph)) {
            fail(err, errlen, "'%s': corrupt program header %zu", path, i);
            goto out;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (!load_segment(e, &ph, m, path, err, errlen))
            goto out;
        loaded++;
    }
    if (!loaded) {
        fail(err, errlen, "'%s': no loadable segments", path);
        goto out;
    }
    memset(info, 0, sizeof *info);
    info->entry = eh.e_entry;
    find_symbol(e, "tohost", &info->tohost);
    find_symbol(e, "fromhost", &info->fromhost);
    find_symbol(e, "begin_signature", &info->begin_signature);
    find_symbol(e, "end_signature", &info->end_signature);
    ok = true;
out:
    elf_end(e);
    close(fd);
    return ok;
}
