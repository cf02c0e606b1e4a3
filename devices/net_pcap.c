/* pcap writer.  Format (libpcap's savefile, "pcap-savefile(5)"): a 24-byte
 * global header {magic 0xa1b2c3d4, version 2.4, thiszone 0, sigfigs 0,
 * snaplen, linktype}, then per packet {ts_sec, ts_usec, incl_len,
 * orig_len} and the bytes, all in the writer's byte order (the magic
 * tells readers which).  Link type 1 is LINKTYPE_ETHERNET. */
#include "devices/net_pcap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PCAP_MAGIC 0xa1b2c3d4u
#define PCAP_SNAPLEN 65535u
#define LINKTYPE_ETHERNET 1u

struct net_pcap {
    FILE *f;
};

struct net_pcap *net_pcap_open(const char *path, char *err, size_t errlen)
{
    struct net_pcap *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "--nic dump: out of memory");
        return NULL;
    }
    p->f = fopen(path, "wb");
    if (!p->f) {
        snprintf(err, errlen, "--nic dump '%s': %s", path, strerror(errno));
        free(p);
        return NULL;
    }
    struct {
        uint32_t magic;
        uint16_t major, minor;
        int32_t thiszone;
        uint32_t sigfigs, snaplen, linktype;
    } hdr = { PCAP_MAGIC, 2, 4, 0, 0, PCAP_SNAPLEN, LINKTYPE_ETHERNET };
    _Static_assert(sizeof hdr == 24, "pcap global header is 24 bytes");
    if (fwrite(&hdr, sizeof hdr, 1, p->f) != 1 || fflush(p->f) != 0) {
        snprintf(err, errlen, "--nic dump '%s': write error", path);
        fclose(p->f);
        free(p);
        return NULL;
    }
    return p;
}

void net_pcap_write(struct net_pcap *p, const uint8_t *frame, size_t len)
{
    if (!p || !p->f)
        return;
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    uint32_t rec[4] = { (uint32_t)t.tv_sec, (uint32_t)(t.tv_nsec / 1000),
                        (uint32_t)(len < PCAP_SNAPLEN ? len : PCAP_SNAPLEN),
                        (uint32_t)len };
    fwrite(rec, sizeof rec, 1, p->f);
    fwrite(frame, 1, rec[2], p->f);
}

void net_pcap_close(struct net_pcap *p)
{
    if (!p)
        return;
    if (p->f)
        fclose(p->f);
    free(p);
}
