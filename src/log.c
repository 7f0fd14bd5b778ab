/* log: timestamped lines on stderr. The level is set once by main. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static const char *log_prog = "lanchat";
static int log_level = LOGL_INFO;
static int journal; /* stderr is systemd's journal */
static log_sink_fn *sink;
static void *sink_arg;

/* systemd says in JOURNAL_STREAM which stream it connected stderr to (as
 * "device:inode"); when stderr is still that stream, the journal adds
 * the time and the program's name itself, and takes a level as "<N>". */
static int
stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	return js && sscanf(js, "%llu:%llu", &dev, &ino) == 2 &&
	    fstat(STDERR_FILENO, &st) == 0 && (unsigned long long)st.st_dev ==
	    dev && (unsigned long long)st.st_ino == ino;
}

void
log_init(const char *prog, int level)
{
	log_prog = prog;
	log_level = level;
	journal = stderr_is_journal();
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
	if (journal) {
		/* syslog's levels: err, info, debug */
		static const int prio[] = { 3, 6, 7 };
		fprintf(stderr, "<%d>", prio[lvl]);
	} else {
		now = time(NULL);
		strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S",
		    localtime_r(&now, &tm));
		fprintf(stderr, "%s %s: ", ts, log_prog);
	}
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
