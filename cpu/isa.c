/* ISA strings: what --isa accepts (letters, _-separated extension names,
 * profile names), the dependency rules, and the strings the device tree
 * advertises.  Every name, state, dependency and profile comes from the
 * EXT / EXT_NEEDS / PROFILE rows of cpu/insns.def. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

enum ext_state { TODO, READY };

static const unsigned char ext_state[EXT_COUNT] = {
#define EXT(n, misa, state) [EXT_##n] = state,
#include "insns.def"
};

static const struct {
    unsigned char ext, needed;
} ext_needs[] = {
#define EXT_NEEDS(e, n) { EXT_##e, EXT_##n },
#include "insns.def"
};

static const struct {
    unsigned char ext, implied;
} ext_implies[] = {
#define EXT_IMPLIES(e, i) { EXT_##e, EXT_##i },
#include "insns.def"
};

static const struct {
    const char *name, *isa;
} profiles[] = {
#define PROFILE(n, isa) { #n, isa },
#include "insns.def"
};

_Static_assert(EXT_COUNT < 64, "zext holds one bit per extension row (and tests use EXT_BIT(EXT_COUNT) - 1)");

#define LETTERS_HELP "rvx runs rv64i with any of m, a, f, d, c, _-separated " \
                     "extensions, or a profile: rva22u64, rva22s64, rva23u64, rva23s64"

/* The message quotes the user's string with control and non-ASCII bytes
 * shown as '?': the error stays one printable line (found by fuzz_isa: a
 * newline inside --isa split it). */
static bool isa_fail(char *err, size_t errlen, const char *fmt, const char *what)
{
    char shown[160];
    size_t n = 0;
    for (; what[n] && n + 1 < sizeof shown; n++)
        shown[n] = isprint((unsigned char)what[n]) ? what[n] : '?';
    shown[n] = 0;
    if (err && errlen)
        snprintf(err, errlen, fmt, shown);
    return false;
}

/* The multi-letter extension named by p[0..len) (lower case), -1 if none. */
static int zext_lookup(const char *p, size_t len)
{
    for (int e = 0; e < EXT_COUNT; e++) {
        const char *n = ext_names[e];
        if (ext_misa[e] || strlen(n) != len)
            continue;
        size_t i = 0;
        while (i < len && tolower((unsigned char)n[i]) == p[i])
            i++;
        if (i == len)
            return e;
    }
    return -1;
}

static void append(char *buf, size_t len, size_t *n, const char *s, bool lower)
{
    for (; *s && *n + 1 < len; s++)
        buf[(*n)++] = lower ? (char)tolower((unsigned char)*s) : *s;
    buf[*n] = 0;
}

void isa_supported_list(char *buf, size_t len)
{
    if (!len)
        return;
    size_t n = 0;
    buf[0] = 0;
    for (int e = 0; e < EXT_COUNT; e++) {
        if (ext_misa[e] || ext_state[e] != READY)
            continue;
        if (n)
            append(buf, len, &n, ", ", false);
        append(buf, len, &n, ext_names[e], true);
    }
}

static bool has(uint64_t misa, uint64_t zext, unsigned e)
{
    return ext_misa[e] ? (misa & MISA_EXT(ext_misa[e])) != 0 : (zext & EXT_BIT(e)) != 0;
}

/* The EXT_NEEDS rules: the first extension whose dependency is missing. */
static bool check_needs(uint64_t misa, uint64_t zext, char *err, size_t errlen)
{
    for (size_t i = 0; i < sizeof ext_needs / sizeof ext_needs[0]; i++) {
        unsigned e = ext_needs[i].ext, n = ext_needs[i].needed;
        if (has(misa, zext, e) && !has(misa, zext, n)) {
            if (err && errlen)
                snprintf(err, errlen, "--isa: extension '%s' needs '%s'", ext_names[e],
                         ext_names[n]);
            return false;
        }
    }
    return true;
}

/* Single letters after "rv64": g = imafd_zicsr_zifencei.  s and u are
 * accepted (every hart has S and U mode); v and h are refused by name. */
static bool parse_letters(const char **pp, const char *s, uint64_t *m, char *err,
                          size_t errlen)
{
    const char *p = *pp;
    for (; *p && *p != '_'; p++) {
        switch (*p) {
        case 'g': *m |= MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') |
                        MISA_EXT('F') | MISA_EXT('D'); break;
        case 'i': case 'm': case 'a': case 'f': case 'd': case 'c':
            *m |= MISA_EXT(toupper((unsigned char)*p)); break;
        case 's': case 'u':
            break;      /* implied: hart_init sets misa.S and misa.U */
        case 'v': case 'h':
            return isa_fail(err, errlen, "--isa '%s': rvx has no V (vector) or H "
                            "(hypervisor) extension yet", s);
        case 'z': goto done;   /* "rv64imzicsr"-style without underscore */
        default:
            return isa_fail(err, errlen, "unsupported --isa '%s' (" LETTERS_HELP ")", s);
        }
    }
done:
    *pp = p;
    return true;
}

/* One _-separated multi-letter name p[0..len) into *z; named tracks
 * repeats. */
static bool parse_name(const char *p, size_t len, uint64_t *z, uint64_t *named,
                       char *err, size_t errlen)
{
    char name[128], list[1024], msg[1280];
    snprintf(name, sizeof name, "%.*s", (int)len, p);
    isa_supported_list(list, sizeof list);
    int e = zext_lookup(p, len);
    if (e < 0) {
        snprintf(msg, sizeof msg, "--isa: unknown extension '%%s' (supported: %s)", list);
        return isa_fail(err, errlen, msg, name);
    }
    if (ext_state[e] != READY) {
        snprintf(msg, sizeof msg, "--isa: extension '%%s' is not implemented yet "
                 "(supported: %s)", list);
        return isa_fail(err, errlen, msg, name);
    }
    if (*named & EXT_BIT(e)) {
        snprintf(msg, sizeof msg, "--isa: extension '%%s' named twice (supported: %s)", list);
        return isa_fail(err, errlen, msg, name);
    }
    *named |= EXT_BIT(e);
    *z |= EXT_BIT(e);
    return true;
}

/* The profile named at the start of s (followed by its end or '_'). */
static const char *profile_prefix(const char *s, size_t *len)
{
    for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
        size_t n = strlen(profiles[i].name);
        if (!strncmp(s, profiles[i].name, n) && (s[n] == 0 || s[n] == '_')) {
            *len = n;
            return profiles[i].isa;
        }
    }
    return NULL;
}

/* "rv64" then letters, then "_"-separated multi-letter names (the ISA
 * naming conventions chapter of the unprivileged spec), each named once;
 * or a profile name, optionally followed by "_"-separated additions. */
bool isa_parse(const char *s, uint64_t *misa, uint64_t *zext, char *err, size_t errlen)
{
    /* room for anything isa_string writes (a riscv,isa or /proc/cpuinfo
     * line copied back), and for a profile's expansion plus additions */
    char buf[2 * ISA_STRING_MAX];
    size_t n = strlen(s);
    if (n >= ISA_STRING_MAX || n < 5)
        return isa_fail(err, errlen, "unsupported --isa '%s' (" LETTERS_HELP ")", s);
    for (size_t i = 0; i <= n; i++)
        buf[i] = (char)tolower((unsigned char)s[i]);
    size_t plen = 0;
    const char *prof = profile_prefix(buf, &plen);
    if (prof) {   /* the profile's own string, then the user's additions */
        char extra[ISA_STRING_MAX];
        snprintf(extra, sizeof extra, "%s", buf + plen);
        snprintf(buf, sizeof buf, "%s%s", prof, extra);
    }
    uint64_t m = 0, z = 0, named = 0;
    const char *p = buf + 4;
    if (strncmp(buf, "rv64", 4) != 0 || (*p != 'i' && *p != 'g'))
        return isa_fail(err, errlen, "unsupported --isa '%s' (" LETTERS_HELP ")", s);
    if (!parse_letters(&p, s, &m, err, errlen))
        return false;
    while (*p) {
        if (*p == '_') {
            p++;
            continue;
        }
        size_t len = strcspn(p, "_");
        if (!parse_name(p, len, &z, &named, err, errlen))
            return false;
        p += len;
    }
    z |= ZEXT_ALWAYS;
    for (size_t i = 0; i < sizeof ext_implies / sizeof ext_implies[0]; i++)
        if (z & EXT_BIT(ext_implies[i].ext))
            z |= EXT_BIT(ext_implies[i].implied);
    /* every hart has S and U (hart_init sets them), named or not, so
     * rv64gc_sstc and the S-profiles meet EXT_NEEDS(..., S) */
    if (!check_needs(m | MISA_EXT('S') | MISA_EXT('U'), z, err, errlen))
        return false;
    *misa = m;
    if (zext)
        *zext = z;
    return true;
}

void isa_default(uint64_t *misa, uint64_t *zext)
{
    *misa = MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('F') |
            MISA_EXT('D') | MISA_EXT('C');
    uint64_t z = ZEXT_ALWAYS;
    for (int e = 0; e < EXT_COUNT; e++)
        if (!ext_misa[e] && ext_state[e] == READY)
            z |= EXT_BIT(e);
    *zext = z;
}

size_t isa_extension_names(uint64_t misa, uint64_t zext, char names[][16], size_t max)
{
    size_t n = 0;
    for (const char *p = "imafdc"; *p && n < max; p++)
        if (misa & MISA_EXT(*p - 'a' + 'A'))
            snprintf(names[n++], 16, "%c", *p);
    for (int e = 0; e < EXT_COUNT && n < max; e++) {
        if (ext_misa[e] || !(zext & EXT_BIT(e)))
            continue;
        size_t k = 0;
        for (const char *c = ext_names[e]; *c && k < 15; c++)
            names[n][k++] = (char)tolower((unsigned char)*c);
        names[n++][k] = 0;
    }
    return n;
}

void isa_string(uint64_t misa, uint64_t zext, char *buf, size_t len)
{
    char names[EXT_COUNT + 8][16];
    size_t n = isa_extension_names(misa, zext, names, EXT_COUNT + 8);
    size_t k = (size_t)snprintf(buf, len, "rv64");
    for (size_t i = 0; i < n && k < len; i++)
        k += (size_t)snprintf(buf + k, len - k, "%s%s", names[i][1] ? "_" : "", names[i]);
}
