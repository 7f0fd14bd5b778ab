/* notify: a desktop notification asked of the terminal, for a mention or
 * a private message while its window is not focused. Pure: this makes the
 * escape sequence; ui.c writes it. Two forms are in use: OSC 777
 * (urxvt, VTE terminals such as GNOME Terminal, foot, WezTerm) with a
 * title and a body, and OSC 9 (iTerm2, Windows Terminal, kitty, WezTerm)
 * with a body alone. What a peer wrote is made safe: no control
 * character (C0, DEL or C1) can end the sequence early or start another,
 * and a title holds no ';' (OSC 777's field separator). */
#ifndef NOTIFY_H
#define NOTIFY_H

#include <stddef.h>

/* In the order of the settings file's words (conf.h). */
enum notify_kind { NOTIFY_OFF, NOTIFY_OSC777, NOTIFY_OSC9 };

#define NOTIFY_TEXT_MAX 200 /* bytes of the peer's words kept */

/* Writes the sequence into buf (NUL-terminated); returns its length, 0
 * when kind is NOTIFY_OFF. */
size_t notify_osc(enum notify_kind kind, const char *title, const char *body,
    char *buf, size_t size);

#endif
