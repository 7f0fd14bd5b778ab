/* fmt: room events as text lines, the format of batch mode and of the
 * server's line mode (lanchat(1), "OUTPUT"). Pure. Every string from the
 * network is sanitised on the way through. */
#ifndef FMT_H
#define FMT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "msg.h"

#define FMT_MAX (3 * 8192 + 256) /* room for any formatted event */

/* The local day of t as a number (year and day of the year) to compare:
 * whether a time shown needs its date. */
long fmt_day(time_t t);
/* Writes m as one line (no line ending) into buf, NUL-terminated. self is
 * the reader's own nick, used to show private messages it sent as "-> ".
 * Returns the length, or 0 for a message that has no text form. */
size_t fmt_msg(const struct msg *m, const char *self, char *buf, size_t cap);
/* The same for a reader in the server's line mode (nc, telnet): runs of
 * spaces in a field become one and "-!- " inside a field becomes "-!_ ",
 * so nothing a member says can pass for a server line wherever the
 * reader's terminal wraps it. */
size_t fmt_line(const struct msg *m, const char *self, char *buf, size_t cap);
/* The same for a notice (joins, leaves, errors, server notices), without
 * the "-!- " that starts its line; 0 for a message that is not one. The
 * full-screen client marks notices its own way. */
size_t fmt_notice(const struct msg *m, const char *self, char *buf,
    size_t cap);

/* Datagrams certainly lost in UDP mode: n lines from nick that never
 * came, or, when self, n of our lines whose echo to us was lost (the
 * server relayed them: it numbers only what it relays). here: the line
 * stands where they would have been. */
size_t fmt_loss(char *buf, size_t cap, const char *nick, uint32_t n,
    int self, int here);

/* Who else is here, for the line that says we joined: "alone so far",
 * "with alice", "with alice and bob", "with alice, bob and carol", "with
 * alice, bob and 3 others". nicks are the members, self among them or
 * not; count is how many the server says are here, self included. */
size_t fmt_company(char *buf, size_t cap, const char *const *nicks,
    size_t n, const char *self, long count);

#endif
