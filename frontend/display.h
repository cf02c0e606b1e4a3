/* The host side of the screen: an SDL2 window showing the guest's active
 * scanout (virtio-gpu scanout 0 when the guest enabled one, else the plain
 * framebuffer), feeding keys and the pointer to virtio-input, plus PNG
 * screenshots and a command file for scripts and tests.  Builds without
 * SDL2 (headless only) and without libpng (no screenshots).
 *
 * Commands (the --control file, one per line; also display_command()):
 *   screenshot FILE.png     write the current screen (atomically: FILE.png
 *                           appears complete)
 *   key NAME|CODE           press and release a key: a Linux KEY_* code or
 *                           a name (a, 1, enter, space, esc, f1, up, ...)
 *   type TEXT               type TEXT on a US layout (shift as needed)
 *   pointer X Y             move the tablet to pixel (X, Y) of the screen
 *   click [left|right|middle]
 */
#ifndef RVX_FRONTEND_DISPLAY_H
#define RVX_FRONTEND_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct machine;

enum display_mode { DISPLAY_AUTO, DISPLAY_NONE, DISPLAY_SDL };

struct display_opts {
    enum display_mode mode;
    const char *screenshot;     /* PNG written when rvx exits, or NULL */
    const char *control;        /* command file watched while running */
};

/* Settles o->mode: AUTO becomes SDL when rvx has SDL2 and the host a
 * display ($DISPLAY, $WAYLAND_DISPLAY or $SDL_VIDEODRIVER), else NONE;
 * SDL initialises SDL's video.  Returns false with one line in err when
 * --display sdl cannot work (no SDL2 in this build, no display), or when a
 * screenshot is asked of a build without libpng. */
bool display_init(struct display_opts *o, char *err, size_t errlen);

/* Whether the machine needs its display devices for these options. */
bool display_devices_wanted(const struct display_opts *o);

struct display;

/* Opens the window (SDL mode) for machine m.  NULL with err on failure. */
struct display *display_new(struct machine *m, const struct display_opts *o,
                            char *err, size_t errlen);

/* Call often (every run-loop slice): it looks at the host clock and does
 * real work only ~60 times a second (window events, redraw) and ~10 times
 * a second (the control file).  Returns true when the user closed the
 * window. */
bool display_pump(struct display *d);

/* Longest the run loop should sleep before pumping again. */
int display_poll_ms(const struct display *d);

/* Whether line is a display command (its first word is one of the above),
 * so a caller with its own commands (the monitor) can pass it on. */
bool display_handles(const char *line);

/* Runs one command line (see above); errors go to out as one line.
 * Returns false on an error. */
bool display_command(struct display *d, const char *line, FILE *out);

/* Writes the current screen as PNG; false with err on failure. */
bool display_screenshot(struct display *d, const char *path, char *err,
                        size_t errlen);

/* Writes the exit screenshot if one was asked for, closes the window and
 * frees d.  Returns false (after a line on stderr) if the screenshot
 * failed. */
bool display_close(struct display *d);

#endif
