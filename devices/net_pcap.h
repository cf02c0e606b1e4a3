/* A pcap capture file (the classic libpcap format that Wireshark and
 * tcpdump read): the frames the NIC sends and receives, as QEMU's
 * filter-dump writes them. */
#ifndef RVX_DEVICES_NET_PCAP_H
#define RVX_DEVICES_NET_PCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct net_pcap;

/* Creates (truncates) path and writes the file header; NULL with one line
 * in err on failure. */
struct net_pcap *net_pcap_open(const char *path, char *err, size_t errlen);

/* Appends one Ethernet frame with the current time. */
void net_pcap_write(struct net_pcap *p, const uint8_t *frame, size_t len);

void net_pcap_close(struct net_pcap *p);

#endif
