/* --nic parsing.  The syntax follows QEMU's -nic/-netdev user options
 * (docs "Network options"): a backend name, then comma-separated
 * key=value pairs. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/net.h"

/* QEMU's default for the first NIC: the locally administered 52:54:00
 * prefix it uses (the first octet's bit 1 set, bit 0 clear: unicast). */
static const uint8_t default_mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

void net_opts_default(struct net_opts *o)
{
    memset(o, 0, sizeof *o);
    o->kind = NET_USER;
    memcpy(o->mac, default_mac, ETH_ALEN);
}

static bool bad(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(err, errlen, "--nic: ");
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < errlen)
        vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return false;
}

static bool parse_port(const char *s, uint16_t *port)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (end == s || *end || v == 0 || v > 65535 || s[0] == '-' || s[0] == '+')
        return false;
    *port = (uint16_t)v;
    return true;
}

/* "[ADDR]:PORT" with an empty ADDR meaning dflt. */
static bool parse_endpoint(char *s, struct in_addr dflt, struct in_addr *addr,
                           uint16_t *port)
{
    char *colon = strrchr(s, ':');
    if (!colon)
        return false;
    *colon = 0;
    if (!parse_port(colon + 1, port))
        return false;
    if (!*s) {
        *addr = dflt;
        return true;
    }
    return inet_pton(AF_INET, s, addr) == 1;
}

/* hostfwd=[tcp|udp]:[HADDR]:HPORT-[GADDR]:GPORT (QEMU's form; the host
 * address defaults to any, the guest's to the DHCP address 10.0.2.15). */
static bool parse_hostfwd(char *v, struct net_opts *o, char *err, size_t errlen)
{
    char spec[256];
    snprintf(spec, sizeof spec, "%s", v);
    if (o->nfwd == NET_MAX_FWD)
        return bad(err, errlen, "at most %d hostfwd rules", NET_MAX_FWD);
    struct net_fwd *f = &o->fwd[o->nfwd];
    memset(f, 0, sizeof *f);
    char *p = v;
    if (!strncmp(p, "tcp:", 4)) {
        p += 4;
    } else if (!strncmp(p, "udp:", 4)) {
        f->udp = true;
        p += 4;
    } else if (p[0] == ':') {
        p += 1;             /* protocol omitted: tcp */
    } else {
        return bad(err, errlen, "hostfwd '%s': protocol must be tcp or udp", spec);
    }
    char *dash = strchr(p, '-');
    /* The host side defaults to loopback, not QEMU's any address: a
     * forwarded port is a way into the guest, and rvx opens nothing beyond
     * this host unless told to (net_slirp.c warns when it is). */
    struct in_addr loopback = { htonl(INADDR_LOOPBACK) }, guest;
    inet_pton(AF_INET, "10.0.2.15", &guest);
    if (!dash)
        return bad(err, errlen, "hostfwd '%s': expected [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT", spec);
    *dash = 0;
    if (!parse_endpoint(p, loopback, &f->host_addr, &f->host_port) ||
        !parse_endpoint(dash + 1, guest, &f->guest_addr, &f->guest_port))
        return bad(err, errlen, "hostfwd '%s': expected [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT", spec);
    o->nfwd++;
    return true;
}

static bool parse_mac(const char *v, uint8_t mac[ETH_ALEN], char *err, size_t errlen)
{
    unsigned b[ETH_ALEN];
    char tail;
    if (sscanf(v, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
               &b[4], &b[5], &tail) != ETH_ALEN || strlen(v) != 17)
        return bad(err, errlen, "mac '%s': expected six hex bytes XX:XX:XX:XX:XX:XX", v);
    if (b[0] & 1)
        return bad(err, errlen, "mac '%s' is a multicast address", v);
    for (int i = 0; i < ETH_ALEN; i++)
        mac[i] = (uint8_t)b[i];
    return true;
}

static bool parse_onoff(const char *key, const char *v, bool *out, char *err,
                        size_t errlen)
{
    if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "y")) {
        *out = true;
    } else if (!strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "n")) {
        *out = false;
    } else {
        return bad(err, errlen, "%s must be on or off, not '%s'", key, v);
    }
    return true;
}

static bool parse_option(char *opt, struct net_opts *o, char *err, size_t errlen)
{
    char *eq = strchr(opt, '=');
    if (!eq)
        return bad(err, errlen, "'%s' is not KEY=VALUE", opt);
    *eq = 0;
    const char *key = opt;
    char *v = eq + 1;
    if (!strcmp(key, "hostfwd"))
        return parse_hostfwd(v, o, err, errlen);
    if (!strcmp(key, "mac"))
        return parse_mac(v, o->mac, err, errlen);
    if (!strcmp(key, "restrict"))
        return parse_onoff(key, v, &o->restricted, err, errlen);
    if (!strcmp(key, "dump") || !strcmp(key, "pcap")) {
        if (!*v || strlen(v) >= sizeof o->dump)
            return bad(err, errlen, "dump needs a file name");
        snprintf(o->dump, sizeof o->dump, "%s", v);
        return true;
    }
    return bad(err, errlen, "unknown option '%s' (user takes hostfwd, restrict, "
               "dump, mac)", key);
}

bool net_parse_nic(const char *spec, struct net_opts *o, char *err, size_t errlen)
{
    net_opts_default(o);
    size_t n = strlen(spec);
    char *copy = malloc(n + 1);
    if (!copy)
        return bad(err, errlen, "out of memory");
    memcpy(copy, spec, n + 1);
    char *save = NULL, *tok = strtok_r(copy, ",", &save);
    bool ok = true;
    if (!tok) {
        ok = bad(err, errlen, "empty value (user or none)");
    } else if (!strcmp(tok, "none")) {
        o->kind = NET_NONE;
        if (strtok_r(NULL, ",", &save))
            ok = bad(err, errlen, "none takes no options");
    } else if (!strcmp(tok, "user")) {
        o->kind = NET_USER;
        while (ok && (tok = strtok_r(NULL, ",", &save)))
            ok = parse_option(tok, o, err, errlen);
    } else {
        ok = bad(err, errlen, "unknown backend '%s' (user or none)", tok);
    }
    free(copy);
    return ok;
}
