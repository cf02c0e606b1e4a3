/* The host terminal: raw mode while the guest runs, restored on every exit
 * path (normal return, error, SIGINT/SIGTERM/SIGHUP). */
#ifndef RVX_FRONTEND_TERM_H
#define RVX_FRONTEND_TERM_H

#include <signal.h>
#include <stdbool.h>

/* Puts stdin in raw mode if it is a terminal (no-op otherwise). */
void term_raw(void);
/* Restores the saved mode (safe to call many times, and from signals). */
void term_restore(void);
/* Installs handlers that set term_quit_signal; the run loop checks it. */
void term_catch_signals(void);
extern volatile sig_atomic_t term_quit_signal;

#endif
