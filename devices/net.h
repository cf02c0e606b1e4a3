/* Networking: what `--nic` asks for, and the interface between the
 * virtio-net device (devices/virtio_net.c, guest side) and a host backend
 * (devices/net_slirp.c, user-mode networking through libslirp).
 *
 * Threads.  The device runs on the machine's thread (MMIO and guest RAM).
 * A backend may run its own thread; the calls below are made only from the
 * machine's thread, and the backend does its own locking.  Everything in
 * between is bounded: a backend may refuse a frame the guest sends (the
 * device then leaves the guest's buffers in the ring until the backend
 * reports room; the user backend never refuses, slirp's socket buffers and
 * TCP windows bound it instead), and frames for a guest that does not take
 * them stay in a bounded receive queue, beyond which they are dropped and
 * counted. */
#ifndef RVX_DEVICES_NET_H
#define RVX_DEVICES_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define ETH_ALEN 6
#define ETH_HLEN 14
/* Largest Ethernet frame either side moves: the MTU plus the Ethernet
 * header (no VLAN tags, no GSO: see virtio_net.c).  The link is virtual,
 * so its MTU need not be Ethernet's 1500: 65520 (what passt and QEMU's
 * `-netdev user,mtu=` allow at most; libslirp's IF_MTU_MAX is 65521) cuts
 * the guest's per-packet work about forty-fold on bulk TCP, the cost that
 * dominates an emulated guest.  The device tells the guest (VIRTIO_NET_F_MTU). */
#define NET_MTU 65520
#define NET_FRAME_MAX (NET_MTU + ETH_HLEN)

/* ---- options -------------------------------------------------------- */

enum net_kind { NET_NONE, NET_USER };

#define NET_MAX_FWD 16

/* One hostfwd rule: connections to host_addr:host_port are forwarded to
 * the guest's guest_addr:guest_port. */
struct net_fwd {
    bool udp;
    struct in_addr host_addr, guest_addr;
    uint16_t host_port, guest_port;
};

struct net_opts {
    enum net_kind kind;
    uint8_t mac[ETH_ALEN];
    bool restricted;            /* restrict=on: no connections out of the guest */
    struct net_fwd fwd[NET_MAX_FWD];
    unsigned nfwd;
    char dump[4096];            /* pcap file ("" for none) */
};

/* The options with no --nic: user networking, QEMU's default MAC. */
void net_opts_default(struct net_opts *o);

/* Parses a --nic value (QEMU's syntax: "user[,hostfwd=tcp:HADDR:HPORT-
 * GADDR:GPORT][,restrict=on|off][,dump=FILE][,mac=XX:..:XX]", "none").
 * False with one line in err on anything it does not understand. */
bool net_parse_nic(const char *spec, struct net_opts *o, char *err, size_t errlen);

/* ---- the backend interface ----------------------------------------- */

struct net_backend;

struct net_backend_ops {
    /* Takes a frame from the guest; false if the backend has no room (the
     * caller keeps the frame and tries again after NET_EV_TX). */
    bool (*send)(struct net_backend *b, const uint8_t *frame, size_t len);
    /* The oldest frame for the guest, or NULL; it stays valid until rx_pop. */
    const uint8_t *(*rx_peek)(struct net_backend *b, size_t *len);
    void (*rx_pop)(struct net_backend *b);
    /* Clears and returns the backend's news for the device: NET_EV_* bits
     * (cheap: an atomic read when there is none). */
    unsigned (*events)(struct net_backend *b);
    /* Frames for the guest the backend dropped (its queue was full). */
    uint64_t (*rx_dropped)(struct net_backend *b);
    void (*free)(struct net_backend *b);
};

#define NET_EV_RX 1u        /* frames arrived for the guest */
#define NET_EV_TX 2u        /* the transmit queue has room again */

struct net_backend {
    const struct net_backend_ops *ops;
    /* Readable when events() has news: the machine's idle sleep polls it
     * (-1: none). */
    int wake_fd;
};

/* The user-mode backend (libslirp): 10.0.2.0/24, guest 10.0.2.15 by DHCP,
 * gateway 10.0.2.2 = the host's loopback, DNS 10.0.2.3.  Binds every
 * hostfwd port before returning; NULL with one line in err on failure. */
struct net_backend *net_user_new(const struct net_opts *o, char *err,
                                 size_t errlen);

#endif
