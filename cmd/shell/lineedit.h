/* lineedit: the shell's terminal input on libedit: line editing (emacs
 * keys), history kept across sessions in a file, Tab completion through a
 * callback, and Ctrl-C abandoning the line. Used only when stdin and
 * stdout are terminals; otherwise the shell reads lines as before. */
#ifndef CPROF_LINEEDIT_H
#define CPROF_LINEEDIT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

/* Completion candidates: malloc'd strings, owned by the list. */
struct lineedit_cands {
	char **v;
	size_t n, alloc;
};

void lineedit_cands_add(struct lineedit_cands *c, const char *s);

/* Fills c with the candidates for the word that ends at line[cursor]
 * and sets *start to where that word begins. Each candidate replaces
 * the whole word. */
typedef void lineedit_complete_fn(void *data, const char *line,
				  size_t cursor, size_t *start,
				  struct lineedit_cands *c);

struct lineedit;

/* history_file: NULL for none; loading it may fail quietly. complete is
 * called with data on Tab. */
struct lineedit *lineedit_new(const char *prompt, const char *history_file,
			      lineedit_complete_fn *complete, void *data);
/* The next line without its newline (owned by le, valid until the next
 * call), or NULL at end of input (Ctrl-D on an empty line). A Ctrl-C
 * abandons the line and returns "" with *interrupted set. */
const char *lineedit_read(struct lineedit *le, bool *interrupted);
/* Adds line to the history and saves the history file (a temporary
 * file renamed over it, so a full disk leaves the old one whole);
 * failures are ignored after one warning. */
void lineedit_remember(struct lineedit *le, const char *line);
void lineedit_free(struct lineedit *le);

/* The default history file, $XDG_STATE_HOME/cprof/history or
 * ~/.local/state/cprof/history (malloc'd), or NULL without a home. */
char *lineedit_history_path(void);

/* SIGINT while the shell waits: set by the handler lineedit installs
 * (without SA_RESTART, so that blocking calls return EINTR). */
extern volatile sig_atomic_t lineedit_interrupted;

#endif
