/* lineedit: libedit behind the shell's prompt (see lineedit.h). Input is
 * read by our own character function, so that a Ctrl-C (SIGINT, whose
 * handler sets a flag) ends el_gets at once instead of being retried
 * inside libedit; the tty settings stay libedit's. */
#include "cmd/shell/lineedit.h"

#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"

volatile sig_atomic_t lineedit_interrupted;
/* the terminal's size changed (SIGWINCH): libedit learns it in read_char */
static volatile sig_atomic_t resized;

struct lineedit {
	EditLine *el;
	History *hist;
	char *prompt;
	char *history; /* file, or NULL */
	bool warned;   /* about a history file that cannot be written */
	lineedit_complete_fn *complete;
	void *data;
	struct strbuf line;
	struct sigaction old_int, old_winch;
};

void lineedit_cands_add(struct lineedit_cands *c, const char *s)
{
	ALLOC_GROW(c->v, c->n + 1, c->alloc);
	c->v[c->n++] = xstrdup(s);
}

static void cands_release(struct lineedit_cands *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static void on_signal(int sig)
{
	if (sig == SIGINT)
		lineedit_interrupted = 1;
	else
		resized = 1;
}

/* One character from the terminal, decoded by the locale. 0 at end of
 * input, -1 when a Ctrl-C arrived. */
static int read_char(EditLine *el, wchar_t *wc)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	for (;;) {
		char c;
		ssize_t n = read(STDIN_FILENO, &c, 1);
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR && !lineedit_interrupted) {
				if (resized) {
					resized = 0;
					el_resize(el);
				}
				continue;
			}
			return -1;
		}
		size_t r = mbrtowc(wc, &c, 1, &st);
		if (r == (size_t)-2)
			continue; /* more bytes of the character to come */
		if (r == (size_t)-1) {
			/* not in the locale's encoding: the byte itself */
			*wc = (unsigned char)c;
			memset(&st, 0, sizeof(st));
		}
		return 1;
	}
}

static char *prompt_fn(EditLine *el)
{
	struct lineedit *le;
	el_get(el, EL_CLIENTDATA, &le);
	return le->prompt;
}

static int cmp_cand(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* More candidates than this are counted, not listed: a profile can have
 * thousands of functions. */
#define LIST_MAX 200

/* Candidates in columns under the line, as shells list them. */
static void list_cands(const struct lineedit_cands *c)
{
	if (c->n > LIST_MAX) {
		fprintf(stdout, "\n(%zu candidates; type more of the word)\n",
			c->n);
		fflush(stdout);
		return;
	}
	size_t width = 0;
	for (size_t i = 0; i < c->n; i++)
		if (strlen(c->v[i]) > width)
			width = strlen(c->v[i]);
	width += 2;
	size_t cols = 80 / width ? 80 / width : 1;
	size_t rows = (c->n + cols - 1) / cols;
	fputc('\n', stdout);
	for (size_t r = 0; r < rows; r++) {
		for (size_t k = 0; k < cols; k++) {
			size_t i = k * rows + r;
			if (i < c->n)
				fprintf(stdout, "%-*s", (int)width, c->v[i]);
		}
		fputc('\n', stdout);
	}
	fflush(stdout);
}

/* Tab: completes the word at the cursor to the candidates' common
 * prefix; lists them when that adds nothing. */
static unsigned char complete_fn(EditLine *el, int ch)
{
	struct lineedit *le;
	const LineInfo *li = el_line(el);
	struct lineedit_cands c = { 0 };
	unsigned char ret = CC_REFRESH_BEEP;
	(void)ch;
	el_get(el, EL_CLIENTDATA, &le);
	size_t cursor = (size_t)(li->cursor - li->buffer);
	char *line = xmalloc(cursor + 1);
	memcpy(line, li->buffer, cursor);
	line[cursor] = '\0';
	size_t start = cursor;
	le->complete(le->data, line, cursor, &start, &c);
	if (!c.n || start > cursor)
		goto out;
	qsort(c.v, c.n, sizeof(*c.v), cmp_cand);
	size_t have = cursor - start;
	size_t common = strlen(c.v[0]);
	for (size_t i = 1; i < c.n; i++) {
		size_t k = 0;
		while (k < common && c.v[i][k] == c.v[0][k])
			k++;
		common = k;
	}
	if (common < have || strncmp(c.v[0], line + start, have))
		goto out; /* the callback's words do not extend this one */
	if (common > have || c.n == 1) {
		struct strbuf ins = STRBUF_INIT;
		strbuf_add(&ins, c.v[0] + have, common - have);
		/* a single word is finished: a blank, except after a
		 * directory or an assignment's '=' */
		if (c.n == 1 && common && c.v[0][common - 1] != '/' &&
		    c.v[0][common - 1] != '=')
			strbuf_addch(&ins, ' ');
		if (ins.len)
			el_insertstr(el, ins.buf);
		strbuf_release(&ins);
		ret = CC_REFRESH;
	} else {
		list_cands(&c);
		ret = CC_REDISPLAY;
	}
out:
	free(line);
	cands_release(&c);
	return ret;
}

char *lineedit_history_path(void)
{
	struct strbuf sb = STRBUF_INIT;
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	/* the XDG base directory rules ignore a relative path */
	if (state && state[0] == '/')
		strbuf_addf(&sb, "%s/cprof/history", state);
	else if (home && *home)
		strbuf_addf(&sb, "%s/.local/state/cprof/history", home);
	else
		return NULL;
	return strbuf_detach(&sb, NULL);
}

/* mkdir -p of path's folder, private as XDG asks; failures show later
 * when the file is written. */
static void make_parent(const char *path)
{
	char *dir = xstrdup(path);
	for (char *s = dir + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(dir, 0700);
		*s = '/';
	}
	free(dir);
}

struct lineedit *lineedit_new(const char *prompt, const char *history_file,
			      lineedit_complete_fn *complete, void *data)
{
	struct lineedit *le = xcalloc(1, sizeof(*le));
	HistEvent ev;
	le->prompt = xstrdup(prompt);
	le->history = history_file ? xstrdup(history_file) : NULL;
	le->complete = complete;
	le->data = data;
	strbuf_init(&le->line);

	le->hist = history_init();
	history(le->hist, &ev, H_SETSIZE, 1000);
	history(le->hist, &ev, H_SETUNIQUE, 1);
	if (le->history)
		history(le->hist, &ev, H_LOAD, le->history);

	le->el = el_init("cprof", stdin, stdout, stderr);
	el_set(le->el, EL_CLIENTDATA, le);
	el_set(le->el, EL_EDITOR, "emacs");
	el_set(le->el, EL_PROMPT, prompt_fn);
	el_set(le->el, EL_HIST, history, le->hist);
	el_set(le->el, EL_GETCFN, read_char);
	/* the wide call: the narrow one copies name and help with wcsdup
	 * and libedit never frees the copies (LSan reports them) */
	el_wset(le->el, EL_ADDFN, L"cprof-complete", L"complete a word",
		complete_fn);
	el_set(le->el, EL_BIND, "^I", "cprof-complete", NULL);
	/* keys as readline users expect them: Ctrl-R searches the history
	 * backwards, Ctrl-W deletes the word before the cursor; Home, End,
	 * Delete and Ctrl-arrows as xterm-like terminals send them */
	static const char *const keys[][2] = {
		{ "^R", "em-inc-search-prev" },
		{ "^W", "ed-delete-prev-word" },
		{ "\\e[H", "ed-move-to-beg" },
		{ "\\e[1~", "ed-move-to-beg" },
		{ "\\eOH", "ed-move-to-beg" },
		{ "\\e[F", "ed-move-to-end" },
		{ "\\e[4~", "ed-move-to-end" },
		{ "\\eOF", "ed-move-to-end" },
		{ "\\e[3~", "ed-delete-next-char" },
		{ "\\e[1;5C", "em-next-word" },
		{ "\\e[1;5D", "ed-prev-word" },
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		el_set(le->el, EL_BIND, keys[i][0], keys[i][1], NULL);
	/* ~/.editrc may rebind keys, as for every libedit program */
	el_source(le->el, NULL);

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &le->old_int);
	sigaction(SIGWINCH, &sa, &le->old_winch);
	return le;
}

const char *lineedit_read(struct lineedit *le, bool *interrupted)
{
	int count;
	*interrupted = false;
	lineedit_interrupted = 0;
	const char *s = el_gets(le->el, &count);
	strbuf_reset(&le->line);
	/* el_gets may hand back the partial line it was editing */
	if (lineedit_interrupted) {
		/* libedit turned echo off: show the ^C as a terminal would */
		fputs("^C\n", stdout);
		fflush(stdout);
		el_reset(le->el);
		*interrupted = true;
		lineedit_interrupted = 0;
		return le->line.buf;
	}
	if (!s || count <= 0)
		return NULL;
	strbuf_adds(&le->line, s);
	if (le->line.len && le->line.buf[le->line.len - 1] == '\n')
		strbuf_setlen(&le->line, le->line.len - 1);
	return le->line.buf;
}

/* Writes the history next to its file, then renames it over the file:
 * readers never see half a file. 0 or -1 with errno. */
static int save_history(struct lineedit *le)
{
	HistEvent ev;
	struct strbuf tmp = STRBUF_INIT;
	int ret = -1;
	strbuf_addf(&tmp, "%s.XXXXXX", le->history);
	make_parent(le->history);
	int fd = mkstemp(tmp.buf);
	if (fd < 0)
		goto out;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp.buf);
		goto out;
	}
	int n = history(le->hist, &ev, H_SAVE_FP, f);
	int err = ferror(f);
	if (fclose(f) || err || n < 0 || rename(tmp.buf, le->history)) {
		int e = errno;
		unlink(tmp.buf);
		errno = e;
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&tmp);
	return ret;
}

void lineedit_remember(struct lineedit *le, const char *line)
{
	HistEvent ev;
	/* as the shell reads it: without surrounding blanks */
	while (*line == ' ' || *line == '\t')
		line++;
	size_t n = strlen(line);
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	if (!n)
		return;
	char *entry = xstrndup(line, n);
	history(le->hist, &ev, H_ENTER, entry);
	free(entry);
	if (le->history && save_history(le) && !le->warned) {
		fprintf(stderr, "cprof: warning: cannot save the history in %s: %s\n",
			le->history, strerror(errno ? errno : EIO));
		le->warned = true;
	}
}

void lineedit_free(struct lineedit *le)
{
	if (!le)
		return;
	sigaction(SIGINT, &le->old_int, NULL);
	sigaction(SIGWINCH, &le->old_winch, NULL);
	el_end(le->el);
	history_end(le->hist);
	strbuf_release(&le->line);
	free(le->prompt);
	free(le->history);
	free(le);
}
