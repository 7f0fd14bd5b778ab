/* sealbench: what a private room costs its members (doc/security.md):
 * sealing and opening one 64-byte line as lanchat does it (priv.c: the
 * additional data, a random nonce, XChaCha20-Poly1305, the replay
 * window, the text rules), against checking the same line's text alone
 * (what an open room's receiver does anyway); and joining: Argon2id and
 * the proof. Prints one line "JSON {...}". No network. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "priv.h"
#include "seal.h"
#include "text.h"

#define LINES 200000
#define PASS "otter-maple-quartz-river-lamp"

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int
main(void)
{
	static struct priv a, b;
	static uint8_t boxes[1024][PRIV_TEXT_CAP];
	static uint16_t lens[1024];
	uint8_t salt[SEAL_SALT], chal[SEAL_CHAL] = { 0 }, proof[SEAL_PROOF];
	char line[65], why[128];
	double join[3], t0;
	volatile int sink = 0;

	if (seal_init() < 0)
		return 1;
	memset(line, 'x', 64);
	line[64] = '\0';
	seal_salt("bench", salt);
	priv_init(&a, PASS, strlen(PASS), 1000);
	priv_init(&b, PASS, strlen(PASS), 1001);
	for (int i = 0; i < 3; i++) {
		a.keyed = 0;
		t0 = now_s();
		if (priv_key(&a, salt, sizeof salt) < 0 ||
		    priv_prove(&a, chal, sizeof chal, "alice", proof) < 0)
			return 1;
		join[i] = now_s() - t0;
	}
	qsort(join, 3, sizeof *join, cmp);
	priv_key(&b, salt, sizeof salt);

	/* The text rules alone, on the same line: the baseline. */
	t0 = now_s();
	for (int i = 0; i < LINES; i++)
		sink += text_check(line, 64, why, sizeof why);
	double check_ns = (now_s() - t0) / LINES * 1e9;

	/* Sealing, as a say becomes a box; the boxes kept to open after. */
	double seal_s = 0, open_s = 0;
	int opened = 0;
	for (int round = 0; round < LINES / 1024; round++) {
		t0 = now_s();
		for (int i = 0; i < 1024; i++) {
			struct msg m = { .type = MSG_SAY };
			m.s[0] = (struct msg_str){ line, 64 };
			priv_seal(&a, &m, "alice");
			memcpy(boxes[i], m.s[0].p, m.s[0].len);
			lens[i] = m.s[0].len;
		}
		seal_s += now_s() - t0;
		t0 = now_s();
		for (int i = 0; i < 1024; i++) {
			struct msg m = { .type = MSG_CHAT };
			m.s[0] = msg_str("alice");
			m.s[1] = (struct msg_str){ (const char *)boxes[i],
			    lens[i] };
			opened += priv_open(&b, &m, 0) == PRIV_OK;
		}
		open_s += now_s() - t0;
	}
	int n = LINES / 1024 * 1024;
	printf("JSON {\"lines\":%d,\"opened\":%d,\"seal_ns\":%.0f,"
	    "\"open_ns\":%.0f,\"text_check_ns\":%.0f,\"join_ms\":%.1f,"
	    "\"box_bytes\":%d}\n", n, opened, seal_s / n * 1e9,
	    open_s / n * 1e9, check_ns, join[1] * 1e3, (int)lens[0]);
	priv_free(&a);
	priv_free(&b);
	return opened == n && sink == 0 ? 0 : 1;
}
