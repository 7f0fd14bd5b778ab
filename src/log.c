/* log: timestamped lines on stderr. The level is set once by main. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "log.h"

static const char *log_prog = "lanchat";
static int log_level = LOGL_INFO;
static log_sink_fn *sink;
static void *sink_arg;

void
log_init(const char *prog, int level)
{
	log_prog = prog;
	log_level = level;
}

void
log_sink(log_sink_fn *fn, void *arg)
{
	sink = fn;
	sink_arg = arg;
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	char ts[32];
	time_t now;
	struct tm tm;
	va_list ap;

	if ((int)lvl > log_level)
		return;
	if (sink) {
		char line[512];
		va_start(ap, fmt);
		vsnprintf(line, sizeof line, fmt, ap);
		va_end(ap);
		sink(sink_arg, line);
		return;
	}
	now = time(NULL);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", localtime_r(&now, &tm));
	fprintf(stderr, "%s %s: ", ts, log_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
