/* log: one line per event on stderr, filtered by verbosity. */
#ifndef LOG_H
#define LOG_H

enum log_level { LOG_ERR = 0, LOG_INFO = 1, LOG_DEBUG = 2 };

void log_init(const char *prog, int level);
void log_msg(enum log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
