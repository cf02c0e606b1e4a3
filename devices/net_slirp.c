/* User-mode networking: a libslirp instance polled by a thread of its own.
 *
 * libslirp (the library QEMU's `-netdev user` uses) is a TCP/IP stack that
 * terminates the guest's connections in host sockets; it needs no
 * privileges.  It is not thread-safe, so every libslirp call is made with
 * `slirp_lock` held.  Two threads make them:
 *
 *   the machine's thread: slirp_input for each frame the guest sends (at
 *     once, so a reply slirp makes itself -- ARP, DHCP, ICMP echo to the
 *     gateway -- is ready before the guest runs again);
 *   the net thread: sleeps in poll(2) on slirp's sockets, its own eventfd
 *     and slirp's next timer (an idle guest costs nothing), then lets slirp
 *     read what arrived.  A frame the guest sent may have opened a socket
 *     or left data to write, so each frame wakes it to poll again.
 *
 * Frames for the guest go through one bounded queue (`rx`, under `lock`;
 * lock order: slirp_lock, then lock) that the device drains on the
 * machine's thread:
 *
 *   host sockets -> (net thread) send_packet -> rx queue -> guest
 *
 * Flow control: when the rx queue is more than half full (in frames or
 * bytes) the net thread stops reading host sockets (slirp's TCP then stops
 * reading too, and the peer's window closes) until the device has drained
 * it below a quarter; whatever still overflows the queue is dropped and
 * counted.  Towards the host, slirp's own TCP socket buffers and windows
 * bound what a guest can queue. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <slirp/libslirp.h>

#include "devices/net.h"
#include "devices/net_pcap.h"

/* Queue bounds: frames and bytes (a frame is malloc'd at its own size). */
#define RX_SLOTS 1024u
#define RX_BYTES (8u << 20)
#define IDLE_TIMEOUT_MS 1000u   /* longest sleep when slirp asks for none */

struct frameq {
    uint8_t **frame;            /* cap entries */
    uint32_t *len;
    unsigned head, count, cap;
    size_t bytes, max_bytes;
};

struct slirp_timer {
    SlirpTimerCb cb;
    void *cb_opaque;
    int64_t expire_ms;          /* -1: not armed */
    struct slirp_timer *next;
};

struct net_user {
    struct net_backend base;    /* first: the backend pointer is the state */
    Slirp *slirp;
    struct net_pcap *pcap;
    pthread_t thread;
    bool thread_started;
    int net_efd;                /* wakes the net thread */

    pthread_mutex_t slirp_lock; /* every libslirp call, the timers */
    pthread_mutex_t lock;       /* everything below */
    struct frameq rx;
    unsigned events;            /* NET_EV_* not yet taken by the device */
    bool wake_armed;            /* base.wake_fd holds an unread count */
    bool rx_throttled;          /* the net thread stopped reading sockets */
    bool stop;
    uint64_t rx_dropped;        /* frames for the guest lost to a full queue */
    atomic_uint pending;        /* events != 0, readable without the lock */

    /* net thread only */
    struct pollfd *pfd;
    unsigned npfd, cappfd;
    struct slirp_timer *timers;
};

/* ---- frame queues (caller holds the lock) ------------------------- */

static bool frameq_init(struct frameq *q, unsigned cap, size_t max_bytes)
{
    q->frame = calloc(cap, sizeof *q->frame);
    q->len = calloc(cap, sizeof *q->len);
    q->cap = cap;
    q->max_bytes = max_bytes;
    return q->frame && q->len;
}

static void frameq_pop(struct frameq *q);

static void frameq_free(struct frameq *q)
{
    while (q->frame && q->count)
        frameq_pop(q);
    free(q->frame);
    free(q->len);
}

/* Above half of either bound: time to stop producing. */
static bool frameq_busy(const struct frameq *q)
{
    return q->count >= q->cap / 2 || q->bytes >= q->max_bytes / 2;
}

static bool frameq_low(const struct frameq *q)
{
    return q->count < q->cap / 4 && q->bytes < q->max_bytes / 4;
}

static bool frameq_push(struct frameq *q, const uint8_t *frame, size_t len)
{
    if (q->count == q->cap || len > NET_FRAME_MAX || !len ||
        q->bytes + len > q->max_bytes)
        return false;
    uint8_t *copy = malloc(len);
    if (!copy)
        return false;
    memcpy(copy, frame, len);
    unsigned i = (q->head + q->count) % q->cap;
    q->frame[i] = copy;
    q->len[i] = (uint32_t)len;
    q->count++;
    q->bytes += len;
    return true;
}

static const uint8_t *frameq_front(const struct frameq *q, size_t *len)
{
    if (!q->count)
        return NULL;
    *len = q->len[q->head];
    return q->frame[q->head];
}

static void frameq_pop(struct frameq *q)
{
    if (!q->count)
        return;
    free(q->frame[q->head]);
    q->frame[q->head] = NULL;
    q->bytes -= q->len[q->head];
    q->head = (q->head + 1) % q->cap;
    q->count--;
}

/* ---- waking either side -------------------------------------------- */

static void efd_signal(int fd)
{
    uint64_t one = 1;
    while (write(fd, &one, sizeof one) < 0 && errno == EINTR)
        ;
}

static void efd_clear(int fd)
{
    uint64_t v;
    while (read(fd, &v, sizeof v) < 0 && errno == EINTR)
        ;
}

/* News for the device (lock held): the eventfd is written once per batch,
 * and read back by the device when it takes the batch, so it is readable
 * exactly while there is news. */
static void post_events(struct net_user *u, unsigned bits)
{
    u->events |= bits;
    atomic_store_explicit(&u->pending, 1, memory_order_release);
    if (!u->wake_armed) {
        u->wake_armed = true;
        efd_signal(u->base.wake_fd);
    }
}

/* ---- the machine's side --------------------------------------------- */

static bool user_send(struct net_backend *b, const uint8_t *frame, size_t len)
{
    struct net_user *u = (struct net_user *)b;
    pthread_mutex_lock(&u->slirp_lock);
    net_pcap_write(u->pcap, frame, len);
    slirp_input(u->slirp, frame, (int)len);
    pthread_mutex_unlock(&u->slirp_lock);
    efd_signal(u->net_efd);
    return true;
}

static const uint8_t *user_rx_peek(struct net_backend *b, size_t *len)
{
    struct net_user *u = (struct net_user *)b;
    pthread_mutex_lock(&u->lock);
    /* the producer only appends, so the front slot stays put unlocked */
    const uint8_t *f = frameq_front(&u->rx, len);
    pthread_mutex_unlock(&u->lock);
    return f;
}

static void user_rx_pop(struct net_backend *b)
{
    struct net_user *u = (struct net_user *)b;
    pthread_mutex_lock(&u->lock);
    frameq_pop(&u->rx);
    bool resume = u->rx_throttled && frameq_low(&u->rx);
    if (resume)
        u->rx_throttled = false;
    pthread_mutex_unlock(&u->lock);
    if (resume)
        efd_signal(u->net_efd);
}

static unsigned user_events(struct net_backend *b)
{
    struct net_user *u = (struct net_user *)b;
    if (!atomic_load_explicit(&u->pending, memory_order_acquire))
        return 0;
    pthread_mutex_lock(&u->lock);
    unsigned ev = u->events;
    u->events = 0;
    atomic_store_explicit(&u->pending, 0, memory_order_relaxed);
    if (u->wake_armed) {
        u->wake_armed = false;
        efd_clear(u->base.wake_fd);
    }
    pthread_mutex_unlock(&u->lock);
    return ev;
}

static uint64_t user_rx_dropped(struct net_backend *b)
{
    struct net_user *u = (struct net_user *)b;
    pthread_mutex_lock(&u->lock);
    uint64_t n = u->rx_dropped;
    pthread_mutex_unlock(&u->lock);
    return n;
}

/* ---- libslirp callbacks (net thread) ------------------------------- */

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque)
{
    struct net_user *u = opaque;
    net_pcap_write(u->pcap, buf, len);
    pthread_mutex_lock(&u->lock);
    if (!frameq_push(&u->rx, buf, len))
        u->rx_dropped++;
    else
        post_events(u, NET_EV_RX);
    pthread_mutex_unlock(&u->lock);
    return (ssize_t)len;
}

static void cb_guest_error(const char *msg, void *opaque)
{
    (void)msg; (void)opaque;    /* a guest's malformed packet: slirp drops it */
}

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int64_t cb_clock_get_ns(void *opaque)
{
    (void)opaque;
    return now_ns();
}

static void *cb_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
    struct net_user *u = opaque;
    struct slirp_timer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    *t = (struct slirp_timer){ cb, cb_opaque, -1, u->timers };
    u->timers = t;
    return t;
}

static void cb_timer_free(void *timer, void *opaque)
{
    struct net_user *u = opaque;
    for (struct slirp_timer **p = &u->timers; *p; p = &(*p)->next) {
        if (*p == timer) {
            *p = (*p)->next;
            free(timer);
            return;
        }
    }
}

static void cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    (void)opaque;
    if (timer)
        ((struct slirp_timer *)timer)->expire_ms = expire_ms;
}

static void cb_register_poll_fd(int fd, void *opaque) { (void)fd; (void)opaque; }
static void cb_unregister_poll_fd(int fd, void *opaque) { (void)fd; (void)opaque; }

static void cb_notify(void *opaque)
{
    struct net_user *u = opaque;
    efd_signal(u->net_efd);
}

static const SlirpCb slirp_callbacks = {
    .send_packet = cb_send_packet,
    .guest_error = cb_guest_error,
    .clock_get_ns = cb_clock_get_ns,
    .timer_new = cb_timer_new,
    .timer_free = cb_timer_free,
    .timer_mod = cb_timer_mod,
    .register_poll_fd = cb_register_poll_fd,
    .unregister_poll_fd = cb_unregister_poll_fd,
    .notify = cb_notify,
};

/* ---- the net thread -------------------------------------------------- */

static int add_poll(int fd, int events, void *opaque)
{
    struct net_user *u = opaque;
    if (u->npfd == u->cappfd) {
        unsigned cap = u->cappfd ? 2 * u->cappfd : 32;
        struct pollfd *p = realloc(u->pfd, cap * sizeof *p);
        if (!p)
            return -1;      /* slirp then does not poll this socket */
        u->pfd = p;
        u->cappfd = cap;
    }
    short ev = 0;
    if (events & SLIRP_POLL_IN) ev |= POLLIN;
    if (events & SLIRP_POLL_OUT) ev |= POLLOUT;
    if (events & SLIRP_POLL_PRI) ev |= POLLPRI;
    u->pfd[u->npfd] = (struct pollfd){ .fd = fd, .events = ev };
    return (int)u->npfd++;
}

static int get_revents(int idx, void *opaque)
{
    struct net_user *u = opaque;
    if (idx < 0 || (unsigned)idx >= u->npfd)
        return 0;
    short r = u->pfd[idx].revents;
    int ev = 0;
    if (r & POLLIN) ev |= SLIRP_POLL_IN;
    if (r & POLLOUT) ev |= SLIRP_POLL_OUT;
    if (r & POLLPRI) ev |= SLIRP_POLL_PRI;
    if (r & (POLLERR | POLLNVAL)) ev |= SLIRP_POLL_ERR;
    if (r & POLLHUP) ev |= SLIRP_POLL_HUP;
    return ev;
}

static void run_timers(struct net_user *u)
{
    int64_t now = now_ns() / 1000000;
    for (struct slirp_timer *t = u->timers; t; t = t->next) {
        if (t->expire_ms >= 0 && t->expire_ms <= now) {
            t->expire_ms = -1;
            t->cb(t->cb_opaque);
            break;      /* the callback may have changed the list */
        }
    }
}

static uint32_t timer_timeout(const struct net_user *u, uint32_t timeout)
{
    int64_t now = now_ns() / 1000000;
    for (const struct slirp_timer *t = u->timers; t; t = t->next) {
        if (t->expire_ms < 0)
            continue;
        int64_t d = t->expire_ms - now;
        if (d < 0)
            d = 0;
        if ((uint64_t)d < timeout)
            timeout = (uint32_t)d;
    }
    return timeout;
}

static void *net_thread(void *arg)
{
    struct net_user *u = arg;
    for (;;) {
        pthread_mutex_lock(&u->lock);
        bool stop = u->stop;
        bool reading = !frameq_busy(&u->rx);
        u->rx_throttled = !reading;
        pthread_mutex_unlock(&u->lock);
        if (stop)
            break;
        pthread_mutex_lock(&u->slirp_lock);
        u->npfd = 0;
        add_poll(u->net_efd, SLIRP_POLL_IN, u);
        uint32_t timeout = timer_timeout(u, IDLE_TIMEOUT_MS);
        if (reading)
            slirp_pollfds_fill(u->slirp, &timeout, add_poll, u);
        pthread_mutex_unlock(&u->slirp_lock);
        /* slirp_input may run meanwhile: libslirp allows sockets to come
         * and go between fill and poll (QEMU's main loop does the same) */
        int rc = poll(u->pfd, u->npfd, (int)timeout);
        if (rc > 0 && (u->pfd[0].revents & POLLIN))
            efd_clear(u->net_efd);
        pthread_mutex_lock(&u->slirp_lock);
        if (reading)
            slirp_pollfds_poll(u->slirp, rc < 0, get_revents, u);
        run_timers(u);
        pthread_mutex_unlock(&u->slirp_lock);
    }
    return NULL;
}

/* ---- setup ------------------------------------------------------------ */

static void user_free(struct net_backend *b)
{
    struct net_user *u = (struct net_user *)b;
    if (!u)
        return;
    if (u->thread_started) {
        pthread_mutex_lock(&u->lock);
        u->stop = true;
        pthread_mutex_unlock(&u->lock);
        efd_signal(u->net_efd);
        pthread_join(u->thread, NULL);
    }
    if (u->slirp)
        slirp_cleanup(u->slirp);
    while (u->timers)
        cb_timer_free(u->timers, u);
    net_pcap_close(u->pcap);
    if (u->net_efd >= 0)
        close(u->net_efd);
    if (u->base.wake_fd >= 0)
        close(u->base.wake_fd);
    frameq_free(&u->rx);
    free(u->pfd);
    pthread_mutex_destroy(&u->lock);
    pthread_mutex_destroy(&u->slirp_lock);
    free(u);
}

static const struct net_backend_ops user_ops = {
    .send = user_send,
    .rx_peek = user_rx_peek,
    .rx_pop = user_rx_pop,
    .events = user_events,
    .rx_dropped = user_rx_dropped,
    .free = user_free,
};

static struct in_addr ip4(const char *s)
{
    struct in_addr a;
    inet_pton(AF_INET, s, &a);
    return a;
}

static Slirp *make_slirp(struct net_user *u, const struct net_opts *o)
{
    SlirpConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.version = 1;
    cfg.restricted = o->restricted;
    cfg.in_enabled = true;
    cfg.vnetwork = ip4("10.0.2.0");
    cfg.vnetmask = ip4("255.255.255.0");
    cfg.vhost = ip4("10.0.2.2");
    cfg.vdhcp_start = ip4("10.0.2.15");
    cfg.vnameserver = ip4("10.0.2.3");
    cfg.vhostname = "rvx";
    cfg.if_mtu = NET_MTU;
    cfg.if_mru = NET_MTU;
    return slirp_new(&cfg, &slirp_callbacks, u);
}

static bool add_forwards(struct net_user *u, const struct net_opts *o,
                         char *err, size_t errlen)
{
    for (unsigned i = 0; i < o->nfwd; i++) {
        const struct net_fwd *f = &o->fwd[i];
        errno = 0;
        if (slirp_add_hostfwd(u->slirp, f->udp, f->host_addr, f->host_port,
                              f->guest_addr, f->guest_port) < 0) {
            char host[INET_ADDRSTRLEN];
            inet_ntop(AF_INET, &f->host_addr, host, sizeof host);
            snprintf(err, errlen, "--nic hostfwd %s:%s:%u: cannot listen on the "
                     "host port (%s)", f->udp ? "udp" : "tcp", host, f->host_port,
                     errno ? strerror(errno) : "in use");
            return false;
        }
        if ((ntohl(f->host_addr.s_addr) >> 24) != 127) {
            char host[INET_ADDRSTRLEN];
            inet_ntop(AF_INET, &f->host_addr, host, sizeof host);
            fprintf(stderr, "rvx: warning: --nic hostfwd listens on %s:%u, beyond this "
                    "host: anyone who can reach it reaches the guest\n", host, f->host_port);
        }
    }
    return true;
}

struct net_backend *net_user_new(const struct net_opts *o, char *err,
                                 size_t errlen)
{
    struct net_user *u = calloc(1, sizeof *u);
    if (!u) {
        snprintf(err, errlen, "--nic user: out of memory");
        return NULL;
    }
    u->base.ops = &user_ops;
    u->net_efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    u->base.wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    pthread_mutex_init(&u->lock, NULL);
    pthread_mutex_init(&u->slirp_lock, NULL);
    if (u->net_efd < 0 || u->base.wake_fd < 0 ||
        !frameq_init(&u->rx, RX_SLOTS, RX_BYTES)) {
        snprintf(err, errlen, "--nic user: cannot set up the queues");
        user_free(&u->base);
        return NULL;
    }
    if (o->dump[0] && !(u->pcap = net_pcap_open(o->dump, err, errlen))) {
        user_free(&u->base);
        return NULL;
    }
    u->slirp = make_slirp(u, o);
    if (!u->slirp) {
        snprintf(err, errlen, "--nic user: libslirp refused the configuration");
        user_free(&u->base);
        return NULL;
    }
    if (!add_forwards(u, o, err, errlen)) {
        user_free(&u->base);
        return NULL;
    }
    if (pthread_create(&u->thread, NULL, net_thread, u) != 0) {
        snprintf(err, errlen, "--nic user: cannot start the network thread");
        user_free(&u->base);
        return NULL;
    }
    u->thread_started = true;
    return &u->base;
}
