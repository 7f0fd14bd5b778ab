/* disco: who gets an answer, and what it says. */
#include "config.h"

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "disco.h"
#include "frame.h"
#include "log.h"
#include "net.h"
#include "room.h"

void
disco_init(struct disco *d, uint64_t now)
{
	memset(d, 0, sizeof *d);
	/* Not a secret: it tells one start of a room from another, so a
	 * room heard twice (IPv4 and IPv6) is listed once. */
	d->instance = (uint32_t)time(NULL) ^ ((uint32_t)getpid() << 12) ^
	    (uint32_t)(uintptr_t)d;
	d->started = now;
}

/* A source as the rate table keys it: the IPv4 address (mapped or not),
 * or the /64 of an IPv6 one, as guard.c counts them. */
static void
key_of(const struct sockaddr_storage *ss, uint8_t key[16])
{
	memset(key, 0, 16);
	if (ss->ss_family == AF_INET) {
		memcpy(key, &((const struct sockaddr_in *)ss)->sin_addr, 4);
		return;
	}
	const uint8_t *a = ((const struct sockaddr_in6 *)ss)->sin6_addr.s6_addr;
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };
	if (memcmp(a, mapped, 12) == 0)
		memcpy(key, a + 12, 4);
	else
		memcpy(key, a, 8), key[15] = 6;
}

static struct disco_src *
source(struct disco *d, const struct sockaddr_storage *ss,
    const struct rate_limit *per, uint64_t now)
{
	uint8_t key[16];
	uint32_t h = 2166136261u;
	key_of(ss, key);
	for (int i = 0; i < 16; i++)
		h = (h ^ key[i]) * 16777619u;
	/* A slot per hash: a flood from many sources only evicts, and the
	 * rate in all still holds. */
	struct disco_src *s = &d->src[h % DISCO_SOURCES];
	if (!s->used || memcmp(s->key, key, 16) != 0) {
		memcpy(s->key, key, 16);
		s->used = 1;
		rate_init(&s->r, per, now);
	}
	return s;
}

size_t
disco_facts(const struct disco_room *r, uint64_t up_s, char *buf, size_t size)
{
	int n = snprintf(buf, size, "port=%u members=%zu up=%llu private=%d",
	    r->port, r->members, (unsigned long long)up_s, r->private_ ? 1 : 0);
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

size_t
disco_answer(struct disco *d, const struct msg *m, size_t len, int hops,
    const struct sockaddr_storage *src, const struct disco_room *r,
    const struct rate_limit *per, const struct rate_limit *total,
    uint64_t now, uint8_t *out)
{
	char facts[96];
	if (len < DISCO_QUERY_MIN) {
		d->st.short_++;
		return 0;
	}
	if (hops != DISCO_HOPS) {
		d->st.offlink++;
		return 0;
	}
	if (!rate_take(&source(d, src, per, now)->r, per, now, 1) ||
	    !rate_take(&d->total, total, now, 1)) {
		d->st.limited++;
		return 0;
	}
	struct msg a = { .type = MSG_HERE, .num = m->num, .seq = d->instance };
	a.s[0] = msg_str(r->info);
	a.s[1] = (struct msg_str){ facts, (uint16_t)disco_facts(r,
	    (now - d->started) / 1000, facts, sizeof facts) };
	int n = msg_encode(&a, out, len);
	if (n <= 0) {
		d->st.short_++; /* a name too long for this query */
		return 0;
	}
	d->st.answered++;
	return (size_t)n;
}

void
disco_reply(struct disco *d, int fd, const struct msg *m, size_t len,
    int hops, const struct sockaddr_storage *src, socklen_t sl,
    struct room *room, int private_, const struct limits *lim, uint64_t now)
{
	static uint8_t out[MSG_DGRAM_MAX];
	struct disco_room r = { room_info_text(room), (unsigned)
	    net_local_port(fd), room_count(room), private_ };
	size_t n = disco_answer(d, m, len < sizeof out ? len : sizeof out,
	    hops, src, &r, &lim->find, &lim->find_total, now, out);
	if (n)
		sendto(fd, out, n, 0, (const struct sockaddr *)src, sl);
}

void
disco_log_stats(const struct disco *d)
{
	const struct disco_stats *st = &d->st;
	if (st->answered + st->short_ + st->offlink + st->limited == 0)
		return;
	log_msg(LOGL_INFO, "room-finding queries: %llu answered; %llu too "
	    "short, %llu from off the link, %llu over the rate",
	    (unsigned long long)st->answered, (unsigned long long)st->short_,
	    (unsigned long long)st->offlink, (unsigned long long)st->limited);
}
