/* keys: the screen's own keys by table, the rest to readline. */
#include "config.h"

#include "input.h"
#include "keys.h"
#include "ui.h"

static const struct keys_ops *ops;

static void page_up(void) { ui_scroll(ui_page()); }
static void page_down(void) { ui_scroll(-ui_page()); }
static void transport(void) { ops->transport(); }

static const struct {
	int key;
	void (*fn)(void);
} table[] = {
	{ KEY_PPAGE, page_up },
	{ KEY_NPAGE, page_down },
	{ KEY_SHOME, ui_scroll_top },
	{ KEY_SEND, ui_scroll_bottom },
	{ KEY_F(2), transport },
	{ KEY_F(3), ui_toggle_members },
	{ KEY_RESIZE, ui_resize },
	{ '\f', ui_redraw }, /* Ctrl-L */
};

void
keys_init(const struct keys_ops *o)
{
	ops = o;
}

static void
key(int k)
{
	for (size_t i = 0; i < nitems(table); i++) {
		if (table[i].key == k) {
			table[i].fn();
			return;
		}
	}
	input_key(k);
}

void
keys_read(WINDOW *w, const int *stop)
{
	int k;
	while (!*stop && (k = wgetch(w)) != ERR)
		key(k);
}
