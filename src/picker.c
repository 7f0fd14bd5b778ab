/* picker: finding, then joining, listing or explaining. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curses.h>

#include "find.h"
#include "keys.h"
#include "picker.h"
#include "text.h"
#include "ui.h"

static struct {
	struct event_base *base;
	const struct picker_ops *ops;
	char port[16];
	struct find *f;
	struct find *spent; /* done, freed at the next look (not in its own
	                       callback) */
	struct event *again;
	int open;      /* the list is shown */
	int list;      /* /rooms: a list even of one, and none only said */
	size_t sel;
	struct find_room room[PICKER_MAX];
	size_t n;
	char text[PICKER_MAX + 2][640]; /* the rows shown */
	const char *rows[PICKER_MAX + 2];
} pk;

static void look(void);

/* The list as rows: a title, a room a row, and the keys. */
static void
show(void)
{
	char name[3 * sizeof pk.room[0].info], raw[sizeof pk.room[0].info];
	snprintf(pk.text[0], sizeof pk.text[0], "Rooms on this network "
	    "(Up/Down to choose, Enter to join, %s):", pk.list ?
	    "q or Esc to close" : "q to quit, Esc to close");
	for (size_t i = 0; i < pk.n; i++) {
		const struct find_room *r = &pk.room[i];
		find_name(r->info, raw, sizeof raw);
		text_sanitize(raw, strlen(raw), name, sizeof name);
		char here[32] = "", up[48] = "";
		if (r->members >= 0)
			snprintf(here, sizeof here, "%ld here", r->members);
		if (r->up_s >= 3600)
			snprintf(up, sizeof up, "up %ldh %ldm", r->up_s / 3600,
			    r->up_s / 60 % 60);
		else if (r->up_s >= 0)
			snprintf(up, sizeof up, "up %ldm", r->up_s / 60);
		snprintf(pk.text[i + 1], sizeof pk.text[i + 1], "  %-24s %-28s "
		    "%-9s %-10s%s", name, r->addr, here, up, r->private_ ?
		    "  private" : "");
	}
	for (size_t i = 0; i <= pk.n; i++)
		pk.rows[i] = pk.text[i];
	ui_sheet(pk.rows, pk.n + 1, pk.sel + 1);
}

static void
close_list(void)
{
	pk.open = 0;
	keys_modal(NULL);
	ui_sheet(NULL, 0, 0);
	if (pk.again)
		evtimer_del(pk.again);
}

/* Joins room i: its address split back into host and port. */
static void
join(size_t i)
{
	char host[NET_HOST_MAX], port[16], why[128], say[512];
	const struct find_room *r = &pk.room[i];
	close_list();
	if (net_split_hostport(r->addr, host, sizeof host, port, sizeof port,
	    why, sizeof why) < 0)
		return;
	char raw[sizeof r->info], name[3 * sizeof r->info];
	find_name(r->info, raw, sizeof raw);
	text_sanitize(raw, strlen(raw), name, sizeof name);
	snprintf(say, sizeof say, "joining %s at %s", name, r->addr);
	pk.ops->say(say);
	pk.ops->join(host, port);
}

static int
on_key(int k)
{
	switch (k) {
	case KEY_UP:
		if (pk.sel > 0)
			pk.sel--;
		show();
		return 1;
	case KEY_DOWN:
		if (pk.sel + 1 < pk.n)
			pk.sel++;
		show();
		return 1;
	case '\r':
	case '\n':
	case KEY_ENTER:
		join(pk.sel);
		return 1;
	case 'q':
		if (!pk.list) { /* the list lanchat opened with */
			close_list();
			pk.ops->quit();
			return 1;
		}
		/* FALLTHROUGH */
	case 27: /* Esc */
		close_list();
		pk.ops->say("closed the list of rooms; /connect HOST[:PORT] "
		    "joins one by address");
		return 1;
	case KEY_RESIZE:
		return 0; /* the screen is laid out again, the list with it */
	}
	return 1; /* typing waits while the list is open */
}

static void
on_room(void *arg, const struct find_room *r)
{
	(void)arg, (void)r;
}

static void
on_done(void *arg, size_t n, const char *why)
{
	size_t k;
	const struct find_room *rooms = find_rooms(pk.f, &k);
	(void)arg, (void)n;
	/* The list keeps its choice by room while it is refreshed. */
	uint32_t chosen = pk.open && pk.n ? pk.room[pk.sel].instance : 0;
	pk.n = k < PICKER_MAX ? k : PICKER_MAX;
	memcpy(pk.room, rooms, pk.n * sizeof *rooms);
	pk.spent = pk.f;
	pk.f = NULL;
	pk.sel = 0;
	for (size_t i = 0; i < pk.n; i++)
		if (pk.room[i].instance == chosen)
			pk.sel = i;
	if (pk.open) {
		if (pk.n == 0)
			close_list();
		else
			show();
	} else if (pk.n == 1 && !pk.list) {
		join(0);
		return;
	} else if (pk.n > 0) {
		pk.open = 1;
		keys_modal(on_key);
		show();
	} else {
		pk.ops->say(why);
		if (!pk.list)
			pk.ops->none();
		return;
	}
	if (pk.open) {
		struct timeval tv = { PICKER_AGAIN_MS / 1000, 0 };
		evtimer_add(pk.again, &tv);
	}
}

static void
look(void)
{
	static const struct find_ops ops = { on_room, on_done };
	char why[256];
	if (pk.f)
		return;
	find_free(pk.spent);
	pk.spent = NULL;
	pk.f = find_start(pk.base, pk.port, &ops, NULL, why, sizeof why);
	if (pk.f == NULL) {
		pk.ops->say(why);
		close_list();
		pk.ops->none();
	}
}

static void
on_again(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what, (void)arg;
	if (pk.open)
		look();
}

int
picker_join(const char *name, size_t len)
{
	char raw[sizeof pk.room[0].info];
	for (size_t i = 0; i < pk.n; i++) {
		find_name(pk.room[i].info, raw, sizeof raw);
		if (strlen(raw) == len && strncasecmp(raw, name, len) == 0) {
			join(i);
			return 0;
		}
	}
	return -1;
}

int
picker_start(struct event_base *base, const char *port,
    const struct picker_ops *ops, int list)
{
	picker_stop();
	pk.list = list;
	pk.base = base;
	pk.ops = ops;
	snprintf(pk.port, sizeof pk.port, "%s", port ? port : NET_PORT_DEFAULT);
	if (pk.again == NULL &&
	    (pk.again = evtimer_new(base, on_again, NULL)) == NULL)
		return -1;
	ops->say("looking for rooms on this network...");
	look();
	return 0;
}

void
picker_stop(void)
{
	if (pk.open)
		close_list();
	find_free(pk.f);
	find_free(pk.spent);
	pk.f = pk.spent = NULL;
	if (pk.again) {
		event_free(pk.again);
		pk.again = NULL;
	}
}
