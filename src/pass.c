/* pass: words drawn with libsodium's generator; a terminal with its echo
 * off for one line, and back on whatever happens. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "pass.h"
#include "seal.h"
#include "words.h"

void
pass_make(char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < PASS_WORDS; i++) {
		uint32_t r;
		seal_random(&r, sizeof r); /* WORDS_N divides 2^32: no bias */
		int w = snprintf(buf + n, size - n, "%s%s", i ? "-" : "",
		    words_get(r % WORDS_N));
		if (w < 0 || (size_t)w >= size - n)
			break;
		n += (size_t)w;
	}
}

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	interrupted = sig;
}

int
pass_ask(const char *prompt, char *buf, size_t size, char *why,
    size_t whylen)
{
	struct termios old, quiet;
	struct sigaction sa = { .sa_handler = on_signal }, oint, oterm, otstp;
	size_t n = 0;
	char ch;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	if (fd < 0 || tcgetattr(fd, &old) < 0) {
		snprintf(why, whylen, "no terminal to ask for the room's secret "
		    "on: give it with --secret-file FILE or LANCHAT_SECRET");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* No SA_RESTART: a signal ends the read, and the echo comes back
	 * before anything else happens. */
	interrupted = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &oint);
	sigaction(SIGTERM, &sa, &oterm);
	sigaction(SIGTSTP, &sa, &otstp);
	quiet = old;
	quiet.c_lflag &= (tcflag_t)~(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	(void)!write(fd, prompt, strlen(prompt));
	tcsetattr(fd, TCSAFLUSH, &quiet);
	while (!interrupted && read(fd, &ch, 1) == 1 && ch != '\n' &&
	    ch != '\r') {
		if (n + 1 < size)
			buf[n++] = ch;
	}
	buf[n] = '\0';
	tcsetattr(fd, TCSAFLUSH, &old);
	(void)!write(fd, "\n", 1);
	close(fd);
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGTERM, &oterm, NULL);
	sigaction(SIGTSTP, &otstp, NULL);
	if (interrupted) {
		seal_wipe(buf, size);
		snprintf(why, whylen, "interrupted");
		if (interrupted != SIGTSTP)
			raise(interrupted);
		return -1;
	}
	if (n == 0) {
		snprintf(why, whylen, "no secret was typed");
		return -1;
	}
	return 0;
}
