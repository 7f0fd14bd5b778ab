/* ulink: one connected UDP socket and its read event. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "frame.h"
#include "ulink.h"

struct ulink {
	int fd;
	struct event *ev;
	uint32_t session;
	char token[MSG_TOKEN_LEN];
	ulink_fn *fn;
	void *arg;
};

static void
on_read(evutil_socket_t fd, short what, void *arg)
{
	struct ulink *l = arg;
	uint8_t buf[MSG_DGRAM_MAX + 1];
	(void)what;

	for (int i = 0; i < 256; i++) {
		ssize_t n = recv(fd, buf, sizeof buf, 0);
		struct msg m;
		if (n < 0)
			return; /* EAGAIN, or ICMP told us the port is shut */
		if ((size_t)n < FRAME_HDR || (size_t)n > MSG_DGRAM_MAX ||
		    frame_get_len(buf) != (size_t)n - FRAME_HDR ||
		    msg_decode(buf + FRAME_HDR, n - FRAME_HDR, &m) != MSG_OK)
			continue; /* not a datagram we could have been sent */
		l->fn(l->arg, &m);
	}
}

struct ulink *
ulink_new(struct event_base *base, int tcpfd, uint32_t session,
    const char *token, ulink_fn *fn, void *arg, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	struct ulink *l = calloc(1, sizeof *l);

	if (l == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	l->session = session;
	memcpy(l->token, token, MSG_TOKEN_LEN);
	l->fn = fn;
	l->arg = arg;
	if (getpeername(tcpfd, (struct sockaddr *)&ss, &sl) < 0 ||
	    (l->fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) < 0) {
		snprintf(err, errlen, "cannot open a UDP socket: %s",
		    strerror(errno));
		free(l);
		return NULL;
	}
	if (connect(l->fd, (struct sockaddr *)&ss, sl) < 0 ||
	    (l->ev = event_new(base, l->fd, EV_READ | EV_PERSIST, on_read,
	    l)) == NULL || event_add(l->ev, NULL) < 0) {
		snprintf(err, errlen, "cannot open a UDP socket: %s",
		    strerror(errno));
		if (l->ev)
			event_free(l->ev);
		close(l->fd);
		free(l);
		return NULL;
	}
	return l;
}

void
ulink_drain(struct ulink *l)
{
	if (l)
		on_read(l->fd, EV_READ, l);
}

void
ulink_free(struct ulink *l)
{
	if (l == NULL)
		return;
	event_free(l->ev);
	close(l->fd);
	free(l);
}

static int
send_msg(struct ulink *l, const struct msg *m)
{
	uint8_t buf[MSG_DGRAM_MAX];
	int n = msg_encode(m, buf, sizeof buf);
	if (n < 0)
		return 1;
	return send(l->fd, buf, n, 0) == n ? 0 : -1;
}

int
ulink_register(struct ulink *l)
{
	struct msg m = { .type = MSG_UREG, .num = l->session };
	m.s[0] = (struct msg_str){ l->token, MSG_TOKEN_LEN };
	return send_msg(l, &m);
}

uint32_t
ulink_session(const struct ulink *l)
{
	return l->session;
}

int
ulink_prove(struct ulink *l, const struct msg_str *chal)
{
	struct msg m = { .type = MSG_UPROVE, .num = l->session };
	m.s[0] = (struct msg_str){ l->token, MSG_TOKEN_LEN };
	m.s[1] = *chal;
	return send_msg(l, &m);
}

int
ulink_say(struct ulink *l, int action, uint32_t seq, const char *text,
    size_t len)
{
	struct msg m = { .type = action ? MSG_UACT : MSG_USAY,
	    .num = l->session, .seq = seq };
	if (len > MSG_DGRAM_MAX)
		return 1;
	m.s[0] = (struct msg_str){ l->token, MSG_TOKEN_LEN };
	m.s[1] = (struct msg_str){ text, (uint16_t)len };
	return send_msg(l, &m);
}
