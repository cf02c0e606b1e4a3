/* The screen on the host: SDL2 window, PNG screenshots, control file.
 * Runs on the run-loop thread, so it reads device state directly. */
#define _GNU_SOURCE
#include "frontend/display.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "devices/board.h"
#include "devices/simplefb.h"
#include "devices/virtio_gpu.h"
#include "devices/virtio_input.h"

#ifdef RVX_HAVE_SDL2
#include <SDL.h>
#endif
#ifdef RVX_HAVE_PNG
#include <png.h>
#endif

#define REFRESH_NS (1000000000ull / 60)
#define CONTROL_NS (1000000000ull / 10)
#define CONTROL_MAX 65536       /* bytes of one control file we read */

struct display {
    struct machine *m;
    struct display_opts o;
    uint64_t next_refresh, next_control;
#ifdef RVX_HAVE_SDL2
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;
    uint32_t tex_w, tex_h;
    uint64_t shown_gen;
    bool shown_any;             /* the window shows a picture (not black) */
    bool valid;                 /* the window shows the current state */
#endif
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- what is on the screen ---------------------------------------------- */

/* The active picture: the guest's virtio-gpu scanout, else the plain
 * framebuffer.  False when neither shows anything. */
static bool current_scanout(const struct display *d, struct scanout *s)
{
    if (d->m->gpu && virtio_gpu_scanout(d->m->gpu, s))
        return true;
    if (d->m->fb) {
        simplefb_scanout(d->m->fb, s);
        return true;
    }
    return false;
}

/* Size of the (black) screen when nothing is shown: the gpu's mode. */
static void blank_size(uint32_t *w, uint32_t *h)
{
    *w = VIRTIO_GPU_DEFAULT_WIDTH;
    *h = VIRTIO_GPU_DEFAULT_HEIGHT;
}

/* ---- keys ------------------------------------------------------------------ */

/* The US layout, row by row, as Linux numbers the keys: KEY_1 = 2 ...
 * KEY_EQUAL = 13, KEY_Q = 16 ... KEY_RIGHTBRACE = 27, KEY_A = 30 ...
 * KEY_GRAVE = 41, KEY_BACKSLASH = 43 ... KEY_SLASH = 53. */
static const struct {
    const char *plain, *shifted;
    uint16_t first;
} layout_rows[] = {
    { "1234567890-=", "!@#$%^&*()_+", 2 },
    { "qwertyuiop[]", "QWERTYUIOP{}", 16 },
    { "asdfghjkl;'`", "ASDFGHJKL:\"~", 30 },
    { "\\zxcvbnm,./", "|ZXCVBNM<>?", 43 },
};

#define KEY_ENTER_CODE 28
#define KEY_LEFTSHIFT_CODE 42
#define KEY_SPACE_CODE 57

/* Key code and shift state for a character; false if it has no key. */
static bool char_key(char ch, uint16_t *code, bool *shift)
{
    if (ch == ' ' || ch == '\n') {
        *code = ch == ' ' ? KEY_SPACE_CODE : KEY_ENTER_CODE;
        *shift = false;
        return true;
    }
    for (size_t r = 0; r < sizeof layout_rows / sizeof layout_rows[0]; r++) {
        const char *p = strchr(layout_rows[r].plain, ch);
        const char *s = strchr(layout_rows[r].shifted, ch);
        if (ch && (p || s)) {
            *shift = !p;
            *code = (uint16_t)(layout_rows[r].first +
                               (p ? p - layout_rows[r].plain : s - layout_rows[r].shifted));
            return true;
        }
    }
    return false;
}

/* Named keys beyond single characters (linux/input-event-codes.h). */
static const struct {
    const char *name;
    uint16_t code;
} key_names[] = {
    { "esc", 1 }, { "backspace", 14 }, { "tab", 15 }, { "enter", 28 },
    { "leftctrl", 29 }, { "ctrl", 29 }, { "leftshift", 42 }, { "shift", 42 },
    { "rightshift", 54 }, { "leftalt", 56 }, { "alt", 56 }, { "space", 57 },
    { "capslock", 58 }, { "f1", 59 }, { "f2", 60 }, { "f3", 61 }, { "f4", 62 },
    { "f5", 63 }, { "f6", 64 }, { "f7", 65 }, { "f8", 66 }, { "f9", 67 },
    { "f10", 68 }, { "f11", 87 }, { "f12", 88 }, { "rightctrl", 97 },
    { "rightalt", 100 }, { "home", 102 }, { "up", 103 }, { "pageup", 104 },
    { "left", 105 }, { "right", 106 }, { "end", 107 }, { "down", 108 },
    { "pagedown", 109 }, { "insert", 110 }, { "delete", 111 },
};

static bool key_by_name(const char *name, uint16_t *code)
{
    bool shift;
    if (name[0] && !name[1] && char_key(name[0], code, &shift) && !shift)
        return true;
    for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
        if (!strcasecmp(key_names[i].name, name)) {
            *code = key_names[i].code;
            return true;
        }
    char *end;
    errno = 0;
    unsigned long v = strtoul(name, &end, 0);
    if (!errno && end != name && !*end && v > 0 && v < 0x300) {
        *code = (uint16_t)v;
        return true;
    }
    return false;
}

static void press(struct display *d, uint16_t code, bool down)
{
    if (d->m->keyboard)
        virtio_input_key(d->m->keyboard, code, down);
}

#ifdef RVX_HAVE_SDL2
/* SDL scancodes (USB HID usages) to Linux key codes; letters and the
 * punctuation of the main block come from layout_rows. */
static const struct {
    SDL_Scancode sc;
    uint16_t code;
} sdl_keys[] = {
    { SDL_SCANCODE_ESCAPE, 1 }, { SDL_SCANCODE_BACKSPACE, 14 },
    { SDL_SCANCODE_TAB, 15 }, { SDL_SCANCODE_RETURN, 28 },
    { SDL_SCANCODE_LCTRL, 29 }, { SDL_SCANCODE_LSHIFT, 42 },
    { SDL_SCANCODE_RSHIFT, 54 }, { SDL_SCANCODE_KP_MULTIPLY, 55 },
    { SDL_SCANCODE_LALT, 56 }, { SDL_SCANCODE_SPACE, 57 },
    { SDL_SCANCODE_CAPSLOCK, 58 }, { SDL_SCANCODE_F1, 59 }, { SDL_SCANCODE_F2, 60 },
    { SDL_SCANCODE_F3, 61 }, { SDL_SCANCODE_F4, 62 }, { SDL_SCANCODE_F5, 63 },
    { SDL_SCANCODE_F6, 64 }, { SDL_SCANCODE_F7, 65 }, { SDL_SCANCODE_F8, 66 },
    { SDL_SCANCODE_F9, 67 }, { SDL_SCANCODE_F10, 68 },
    { SDL_SCANCODE_NUMLOCKCLEAR, 69 }, { SDL_SCANCODE_SCROLLLOCK, 70 },
    { SDL_SCANCODE_KP_7, 71 }, { SDL_SCANCODE_KP_8, 72 }, { SDL_SCANCODE_KP_9, 73 },
    { SDL_SCANCODE_KP_MINUS, 74 }, { SDL_SCANCODE_KP_4, 75 }, { SDL_SCANCODE_KP_5, 76 },
    { SDL_SCANCODE_KP_6, 77 }, { SDL_SCANCODE_KP_PLUS, 78 }, { SDL_SCANCODE_KP_1, 79 },
    { SDL_SCANCODE_KP_2, 80 }, { SDL_SCANCODE_KP_3, 81 }, { SDL_SCANCODE_KP_0, 82 },
    { SDL_SCANCODE_KP_PERIOD, 83 }, { SDL_SCANCODE_NONUSBACKSLASH, 86 },
    { SDL_SCANCODE_F11, 87 }, { SDL_SCANCODE_F12, 88 }, { SDL_SCANCODE_KP_ENTER, 96 },
    { SDL_SCANCODE_RCTRL, 97 }, { SDL_SCANCODE_KP_DIVIDE, 98 },
    { SDL_SCANCODE_PRINTSCREEN, 99 }, { SDL_SCANCODE_RALT, 100 },
    { SDL_SCANCODE_HOME, 102 }, { SDL_SCANCODE_UP, 103 }, { SDL_SCANCODE_PAGEUP, 104 },
    { SDL_SCANCODE_LEFT, 105 }, { SDL_SCANCODE_RIGHT, 106 }, { SDL_SCANCODE_END, 107 },
    { SDL_SCANCODE_DOWN, 108 }, { SDL_SCANCODE_PAGEDOWN, 109 },
    { SDL_SCANCODE_INSERT, 110 }, { SDL_SCANCODE_DELETE, 111 },
    { SDL_SCANCODE_PAUSE, 119 }, { SDL_SCANCODE_LGUI, 125 }, { SDL_SCANCODE_RGUI, 126 },
    { SDL_SCANCODE_APPLICATION, 127 },
    /* main block punctuation: same keys as the layout's characters */
    { SDL_SCANCODE_MINUS, 12 }, { SDL_SCANCODE_EQUALS, 13 },
    { SDL_SCANCODE_LEFTBRACKET, 26 }, { SDL_SCANCODE_RIGHTBRACKET, 27 },
    { SDL_SCANCODE_SEMICOLON, 39 }, { SDL_SCANCODE_APOSTROPHE, 40 },
    { SDL_SCANCODE_GRAVE, 41 }, { SDL_SCANCODE_BACKSLASH, 43 },
    { SDL_SCANCODE_COMMA, 51 }, { SDL_SCANCODE_PERIOD, 52 }, { SDL_SCANCODE_SLASH, 53 },
};

static uint16_t sdl_to_linux(SDL_Scancode sc)
{
    bool shift;
    uint16_t code;
    if (sc >= SDL_SCANCODE_A && sc <= SDL_SCANCODE_Z)
        return char_key((char)('a' + (sc - SDL_SCANCODE_A)), &code, &shift) ? code : 0;
    if (sc >= SDL_SCANCODE_1 && sc <= SDL_SCANCODE_0)   /* 1..9 then 0 */
        return (uint16_t)(2 + (sc - SDL_SCANCODE_1));
    for (size_t i = 0; i < sizeof sdl_keys / sizeof sdl_keys[0]; i++)
        if (sdl_keys[i].sc == sc)
            return sdl_keys[i].code;
    return 0;
}
#endif

/* ---- PNG ----------------------------------------------------------------- */

#ifdef RVX_HAVE_PNG
/* Writes w x h 8-bit RGB; rows from the scanout, or black when s is NULL. */
static bool png_write_file(FILE *f, const struct scanout *s, uint32_t w,
                           uint32_t h)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    uint32_t *xrgb = malloc((size_t)w * 4);
    uint8_t *rgb = malloc((size_t)w * 3);
    bool ok = false;
    if (!png || !info || !xrgb || !rgb)
        goto out;
    if (setjmp(png_jmpbuf(png)))
        goto out;
    png_init_io(png, f);
    png_set_IHDR(png, info, w, h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    memset(xrgb, 0, (size_t)w * 4);
    for (uint32_t y = 0; y < h; y++) {
        if (s)
            scanout_row_xrgb(s, y, xrgb);
        for (uint32_t x = 0; x < w; x++) {
            rgb[3 * x] = (uint8_t)(xrgb[x] >> 16);
            rgb[3 * x + 1] = (uint8_t)(xrgb[x] >> 8);
            rgb[3 * x + 2] = (uint8_t)xrgb[x];
        }
        png_write_row(png, rgb);
    }
    png_write_end(png, NULL);
    ok = true;
out:
    png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
    free(xrgb);
    free(rgb);
    return ok;
}
#endif

bool display_screenshot(struct display *d, const char *path, char *err,
                        size_t errlen)
{
#ifdef RVX_HAVE_PNG
    struct scanout s;
    bool have = current_scanout(d, &s);
    uint32_t w, h;
    if (have) {
        w = s.width;
        h = s.height;
    } else {
        blank_size(&w, &h);
    }
    /* Written beside the target and renamed, so a watcher never sees a
     * half-written file. */
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= sizeof tmp) {
        snprintf(err, errlen, "screenshot '%s': path too long", path);
        return false;
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        snprintf(err, errlen, "screenshot '%s': %s", path, strerror(errno));
        return false;
    }
    bool ok = png_write_file(f, have ? &s : NULL, w, h);
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        snprintf(err, errlen, "screenshot '%s': %s", path,
                 ok ? strerror(errno) : "write error");
        unlink(tmp);
        return false;
    }
    return true;
#else
    snprintf(err, errlen, "screenshot '%s': rvx was built without libpng", path);
    return false;
#endif
}

/* ---- commands ------------------------------------------------------------ */

static bool cmd_error(FILE *out, const char *fmt, const char *arg)
{
    if (out) {
        fputs("error: ", out);
        fprintf(out, fmt, arg);
        fputc('\n', out);
    }
    return false;
}

static bool cmd_type(struct display *d, const char *text, FILE *out)
{
    for (const char *p = text; *p; p++) {
        uint16_t code;
        bool shift;
        if (!char_key(*p, &code, &shift))
            return cmd_error(out, "type: no key for character '%.1s'", p);
        if (shift)
            press(d, KEY_LEFTSHIFT_CODE, true);
        press(d, code, true);
        press(d, code, false);
        if (shift)
            press(d, KEY_LEFTSHIFT_CODE, false);
    }
    return true;
}

static bool cmd_pointer(struct display *d, const char *args, FILE *out)
{
    long x, y;
    char extra;
    if (sscanf(args, "%ld %ld %c", &x, &y, &extra) != 2 || x < 0 || y < 0)
        return cmd_error(out, "pointer: want 'pointer X Y', got '%s'", args);
    struct scanout s;
    uint32_t w, h;
    if (current_scanout(d, &s)) {
        w = s.width;
        h = s.height;
    } else {
        blank_size(&w, &h);
    }
    if (x >= (long)w || y >= (long)h)
        return cmd_error(out, "pointer: '%s' is off the screen", args);
    if (d->m->tablet)
        virtio_input_abs(d->m->tablet,
                         (int32_t)(x * VIRTIO_INPUT_ABS_MAX / (w > 1 ? w - 1 : 1)),
                         (int32_t)(y * VIRTIO_INPUT_ABS_MAX / (h > 1 ? h - 1 : 1)));
    return true;
}

static bool cmd_click(struct display *d, const char *arg, FILE *out)
{
    uint16_t btn = BTN_LEFT_CODE;
    if (!strcmp(arg, "right"))
        btn = BTN_RIGHT_CODE;
    else if (!strcmp(arg, "middle"))
        btn = BTN_MIDDLE_CODE;
    else if (*arg && strcmp(arg, "left"))
        return cmd_error(out, "click: unknown button '%s'", arg);
    if (d->m->tablet) {
        virtio_input_key(d->m->tablet, btn, true);
        virtio_input_key(d->m->tablet, btn, false);
    }
    return true;
}

static const char *const command_words[] = {
    "screenshot", "key", "type", "pointer", "click",
};

bool display_handles(const char *line)
{
    line += strspn(line, " \t");
    size_t n = strcspn(line, " \t");
    for (size_t i = 0; i < sizeof command_words / sizeof command_words[0]; i++)
        if (strlen(command_words[i]) == n && !strncmp(line, command_words[i], n))
            return true;
    return false;
}

bool display_command(struct display *d, const char *line, FILE *out)
{
    while (*line == ' ' || *line == '\t')
        line++;
    size_t n = strcspn(line, " \t");
    const char *arg = line + n;
    while (*arg == ' ' || *arg == '\t')
        arg++;
    if (n == 0 || line[0] == '#')
        return true;
    if (n == 10 && !strncmp(line, "screenshot", n)) {
        char err[512];
        if (!*arg)
            return cmd_error(out, "%s", "screenshot: no file given");
        if (!display_screenshot(d, arg, err, sizeof err))
            return cmd_error(out, "%s", err);
        return true;
    }
    if (n == 3 && !strncmp(line, "key", n)) {
        uint16_t code;
        if (!key_by_name(arg, &code))
            return cmd_error(out, "key: unknown key '%s'", arg);
        press(d, code, true);
        press(d, code, false);
        return true;
    }
    if (n == 4 && !strncmp(line, "type", n))
        return cmd_type(d, arg, out);
    if (n == 7 && !strncmp(line, "pointer", n))
        return cmd_pointer(d, arg, out);
    if (n == 5 && !strncmp(line, "click", n))
        return cmd_click(d, arg, out);
    return cmd_error(out, "unknown display command '%s'", line);
}

/* The control file: when it exists, take it (rename, so a writer's next
 * file is not lost), run its lines, delete it. */
static void poll_control(struct display *d)
{
    struct stat st;
    if (!d->o.control || stat(d->o.control, &st) != 0)
        return;
    char taken[4096];
    snprintf(taken, sizeof taken, "%s.rvx-taken", d->o.control);
    if (rename(d->o.control, taken) != 0)
        return;
    FILE *f = fopen(taken, "r");
    if (f) {
        char line[1024];
        size_t total = 0;
        while (total < CONTROL_MAX && fgets(line, sizeof line, f)) {
            total += strlen(line);
            line[strcspn(line, "\r\n")] = 0;
            if (!display_command(d, line, stderr))
                fflush(stderr);
        }
        fclose(f);
    }
    unlink(taken);
}

/* ---- SDL ------------------------------------------------------------------- */

#ifdef RVX_HAVE_SDL2
static bool sdl_open(struct display *d, char *err, size_t errlen)
{
    uint32_t w, h;
    blank_size(&w, &h);
    d->win = SDL_CreateWindow("rvx", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                              (int)w, (int)h, SDL_WINDOW_RESIZABLE);
    if (d->win)
        d->ren = SDL_CreateRenderer(d->win, -1, 0);
    if (!d->win || !d->ren) {
        snprintf(err, errlen, "--display sdl: cannot open a window: %s", SDL_GetError());
        return false;
    }
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    SDL_RenderSetLogicalSize(d->ren, (int)w, (int)h);
    SDL_SetRenderDrawColor(d->ren, 0, 0, 0, 255);
    SDL_RenderClear(d->ren);
    SDL_RenderPresent(d->ren);
    return true;
}

static bool ensure_texture(struct display *d, uint32_t w, uint32_t h)
{
    if (d->tex && d->tex_w == w && d->tex_h == h)
        return true;
    if (d->tex)
        SDL_DestroyTexture(d->tex);
    d->tex = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_RGB888,
                               SDL_TEXTUREACCESS_STREAMING, (int)w, (int)h);
    d->tex_w = d->tex ? w : 0;
    d->tex_h = d->tex ? h : 0;
    if (d->tex)
        SDL_RenderSetLogicalSize(d->ren, (int)w, (int)h);   /* keeps the aspect */
    return d->tex != NULL;
}

static void sdl_redraw(struct display *d)
{
    struct scanout s;
    bool have = current_scanout(d, &s);
    if (d->valid && have == d->shown_any &&
        (!have || (s.generation == d->shown_gen && s.width == d->tex_w &&
                   s.height == d->tex_h)))
        return;
    d->valid = true;
    SDL_RenderClear(d->ren);
    if (have && ensure_texture(d, s.width, s.height)) {
        void *pix;
        int pitch;
        if (SDL_LockTexture(d->tex, NULL, &pix, &pitch) == 0) {
            for (uint32_t y = 0; y < s.height; y++)
                scanout_row_xrgb(&s, y, (uint32_t *)((uint8_t *)pix + (size_t)y * (size_t)pitch));
            SDL_UnlockTexture(d->tex);
        }
        SDL_RenderCopy(d->ren, d->tex, NULL, NULL);
        d->shown_gen = s.generation;
    }
    d->shown_any = have;
    SDL_RenderPresent(d->ren);
}

static void sdl_pointer(struct display *d, int x, int y)
{
    if (!d->m->tablet || !d->tex_w || !d->tex_h)
        return;
    /* The renderer's logical size maps window coordinates to picture
     * pixels already; clamp what lies in the letterbox. */
    long cx = x < 0 ? 0 : x >= (int)d->tex_w ? (long)d->tex_w - 1 : x;
    long cy = y < 0 ? 0 : y >= (int)d->tex_h ? (long)d->tex_h - 1 : y;
    long w1 = d->tex_w > 1 ? d->tex_w - 1 : 1, h1 = d->tex_h > 1 ? d->tex_h - 1 : 1;
    virtio_input_abs(d->m->tablet, (int32_t)(cx * VIRTIO_INPUT_ABS_MAX / w1),
                     (int32_t)(cy * VIRTIO_INPUT_ABS_MAX / h1));
}

static uint16_t sdl_button(uint8_t b)
{
    return b == SDL_BUTTON_RIGHT ? BTN_RIGHT_CODE
         : b == SDL_BUTTON_MIDDLE ? BTN_MIDDLE_CODE : BTN_LEFT_CODE;
}

/* Returns true when the window was closed. */
static bool sdl_events(struct display *d)
{
    SDL_Event ev;
    bool quit = false;
    while (SDL_PollEvent(&ev)) {
        switch (ev.type) {
        case SDL_QUIT:
            quit = true;
            break;
        case SDL_WINDOWEVENT:
            if (ev.window.event == SDL_WINDOWEVENT_CLOSE)
                quit = true;
            else                    /* exposed, resized, ...: redraw */
                d->valid = false;
            break;
        case SDL_KEYDOWN:
        case SDL_KEYUP: {
            if (ev.key.repeat)
                break;              /* the guest's evdev repeats by itself */
            uint16_t code = sdl_to_linux(ev.key.keysym.scancode);
            if (code)
                press(d, code, ev.type == SDL_KEYDOWN);
            break;
        }
        case SDL_MOUSEMOTION:
            sdl_pointer(d, ev.motion.x, ev.motion.y);
            break;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            sdl_pointer(d, ev.button.x, ev.button.y);
            if (d->m->tablet)
                virtio_input_key(d->m->tablet, sdl_button(ev.button.button),
                                 ev.type == SDL_MOUSEBUTTONDOWN);
            break;
        case SDL_MOUSEWHEEL:
            if (d->m->tablet && ev.wheel.y)
                virtio_input_wheel(d->m->tablet, ev.wheel.y);
            break;
        default:
            break;
        }
    }
    return quit;
}
#endif

/* ---- life cycle ------------------------------------------------------------ */

bool display_init(struct display_opts *o, char *err, size_t errlen)
{
#ifndef RVX_HAVE_PNG
    if (o->screenshot) {
        snprintf(err, errlen, "--screenshot: rvx was built without libpng");
        return false;
    }
#endif
#ifdef RVX_HAVE_SDL2
    bool asked = o->mode == DISPLAY_SDL;
    const char *drv = getenv("SDL_VIDEODRIVER");
    bool explicit_drv = drv && *drv;
    bool host_display = getenv("DISPLAY") || getenv("WAYLAND_DISPLAY") || explicit_drv;
    if (o->mode == DISPLAY_AUTO && host_display)
        o->mode = DISPLAY_SDL;
    if (o->mode != DISPLAY_SDL) {
        o->mode = DISPLAY_NONE;
        return true;
    }
    const char *why = "$DISPLAY and $WAYLAND_DISPLAY are unset";
    if (host_display) {
        /* The terminal code owns SIGINT/SIGTERM (it restores the tty). */
        SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
#ifdef SDL_HINT_VIDEODRIVER
        /* Only the window system the environment names: probing the others
         * makes their client libraries print to stderr. */
        if (!explicit_drv && !getenv("WAYLAND_DISPLAY"))
            SDL_SetHint(SDL_HINT_VIDEODRIVER, "x11");
        else if (!explicit_drv && !getenv("DISPLAY"))
            SDL_SetHint(SDL_HINT_VIDEODRIVER, "wayland");
#endif
        if (SDL_InitSubSystem(SDL_INIT_VIDEO) == 0) {
            /* SDL falls back to its window-less drivers by itself: that is
             * no display unless the user chose it. */
            const char *cur = SDL_GetCurrentVideoDriver();
            if (explicit_drv || !cur || (strcmp(cur, "offscreen") && strcmp(cur, "dummy")))
                return true;
            SDL_QuitSubSystem(SDL_INIT_VIDEO);
            why = "SDL found no window system";
        } else {
            why = SDL_GetError();
        }
    }
    if (!asked) {               /* AUTO: no usable display, run headless */
        o->mode = DISPLAY_NONE;
        return true;
    }
    snprintf(err, errlen, "--display sdl: no display available (%s)",
             why && *why ? why : "SDL video init failed");
    return false;
#else
    if (o->mode == DISPLAY_SDL) {
        snprintf(err, errlen, "--display sdl: rvx was built without SDL2");
        return false;
    }
    o->mode = DISPLAY_NONE;
    return true;
#endif
}

bool display_devices_wanted(const struct display_opts *o)
{
    return o->mode == DISPLAY_SDL || o->screenshot || o->control;
}

struct display *display_new(struct machine *m, const struct display_opts *o,
                            char *err, size_t errlen)
{
    struct display *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    d->m = m;
    d->o = *o;
#ifdef RVX_HAVE_SDL2
    if (o->mode == DISPLAY_SDL && !sdl_open(d, err, errlen)) {
        if (d->ren)
            SDL_DestroyRenderer(d->ren);
        if (d->win)
            SDL_DestroyWindow(d->win);
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        free(d);
        return NULL;
    }
#endif
    return d;
}

bool display_pump(struct display *d)
{
    uint64_t t = now_ns();
    bool quit = false;
    if (t >= d->next_refresh) {
        d->next_refresh = t + REFRESH_NS;
#ifdef RVX_HAVE_SDL2
        if (d->win) {
            quit = sdl_events(d);
            sdl_redraw(d);
        }
#endif
    }
    if (t >= d->next_control) {
        d->next_control = t + CONTROL_NS;
        poll_control(d);
    }
    return quit;
}

int display_poll_ms(const struct display *d)
{
#ifdef RVX_HAVE_SDL2
    if (d->win)
        return (int)(REFRESH_NS / 1000000);
#endif
    return d->o.control ? (int)(CONTROL_NS / 1000000) : 1000;
}

bool display_close(struct display *d)
{
    if (!d)
        return true;
    bool ok = true;
    if (d->o.screenshot) {
        char err[512];
        ok = display_screenshot(d, d->o.screenshot, err, sizeof err);
        if (!ok)
            fprintf(stderr, "rvx: %s\n", err);
    }
#ifdef RVX_HAVE_SDL2
    if (d->tex)
        SDL_DestroyTexture(d->tex);
    if (d->ren)
        SDL_DestroyRenderer(d->ren);
    if (d->win) {
        SDL_DestroyWindow(d->win);
        SDL_Quit();
    }
#endif
    free(d);
    return ok;
}
