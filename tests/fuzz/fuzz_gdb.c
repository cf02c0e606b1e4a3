/* Fuzz target: the GDB remote protocol stub.  The input is the byte stream
 * a debugger sends (packets, acks, Ctrl-C, garbage, a connection that ends
 * mid-packet); the stub serves it on a real one-hart machine until the
 * stream ends, resuming as the packets say (at most a few times, without
 * running the guest).  Replies are drained by a second thread.  Any crash,
 * sanitizer report or hang is a finding. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cpu/insns.h"
#include "devices/board.h"
#include "frontend/gdbstub.h"

static struct machine *machine;

static void *drain(void *arg)
{
    int fd = *(int *)arg;
    char buf[4096];
    while (read(fd, buf, sizeof buf) > 0)
        ;
    return NULL;
}

static void reset_cb(void *opaque)
{
    machine_reset(opaque);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    if (!machine) {
        struct machine_config c;
        memset(&c, 0, sizeof c);
        c.ram_size = 1 << 20;
        c.misa = MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('F') |
                 MISA_EXT('D') | MISA_EXT('C');
        c.nharts = 1;
        c.engine = ENGINE_INTERP;
        c.console = fopen("/dev/null", "w");
        char err[256];
        machine = machine_new(&c, err, sizeof err);
        if (!machine)
            abort();
    }
    machine_reset(machine);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        abort();
    /* the whole input is queued before the stub reads (it fits the socket
     * buffer), then the debugger's side of the stream ends */
    size_t off = 0;
    while (off < size) {
        ssize_t n = write(sv[0], data + off, size - off);
        if (n <= 0)
            abort();
        off += (size_t)n;
    }
    shutdown(sv[0], SHUT_WR);
    pthread_t t;
    if (pthread_create(&t, NULL, drain, &sv[0]) != 0)
        abort();

    struct hart *harts[1] = { &machine->harts[0] };
    char err[256];
    struct gdbstub *s = gdbstub_new("127.0.0.1:0", harts, 1, err, sizeof err);
    if (!s)
        abort();
    gdbstub_set_reset(s, reset_cb, machine);
    gdbstub_attach_fd(s, sv[1]);
    enum gdb_stop why = GDB_STOP_INTERRUPT;
    for (int stops = 0; stops < 8 && gdbstub_attached(s); stops++) {
        enum gdb_action a = gdbstub_stopped(s, 0, why);
        if (a == GDB_KILL || a == GDB_DETACH)
            break;
        why = GDB_STOP_BREAK;   /* as if the resumed hart hit something */
    }
    gdbstub_free(s);            /* closes the stub's end: drain sees EOF */
    pthread_join(t, NULL);
    close(sv[0]);
    for (int i = 0; i < 1; i++)
        machine->harts[i].dbg.single_step = false;
    return 0;
}
