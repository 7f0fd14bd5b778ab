/* log: one line per event on stderr, filtered by verbosity. */
#ifndef LOG_H
#define LOG_H

/* Not LOG_ERR and friends: <syslog.h> has those. */
enum log_level { LOGL_ERR = 0, LOGL_INFO = 1, LOGL_DEBUG = 2 };

void log_init(const char *prog, int level);
/* Sends lines to fn instead of stderr (the full-screen client shows its
 * hosted room's errors in the transcript, where stderr would tear the
 * screen); NULL goes back to stderr. The line has no timestamp or name. */
typedef void log_sink_fn(void *arg, const char *line);
void log_sink(log_sink_fn *fn, void *arg);
void log_msg(enum log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
