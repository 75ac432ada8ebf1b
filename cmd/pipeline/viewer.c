/* viewer: posix_spawn of the viewer candidates; a candidate that cannot
 * be started (or a wrapper exiting 127) passes the turn to the next one,
 * as pprof's invokeVisualizer does. */
#include "cmd/pipeline/viewer.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/base/error.h"
#include "lib/base/strbuf.h"
#include "lib/base/tempfile.h"
#include "lib/base/xalloc.h"

extern char **environ;

size_t viewer_browsers(const char *out[VIEWER_MAX])
{
	size_t n = 0;
	const char *b = getenv("BROWSER");
	if (b && *b)
		out[n++] = b;
	static const char *const known[] = { "chrome", "google-chrome",
					    "chromium", "firefox",
					    "sensible-browser" };
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		out[n++] = known[i];
	const char *disp = getenv("DISPLAY");
	if (disp && *disp)
		out[n++] = "xdg-open";
	return n;
}

/* Starts argv (argv[0] looked up in PATH), waiting for it when asked. 1
 * when the program cannot be started at all, so the caller tries the
 * next one. */
static int run(char *const argv[], bool wait)
{
	pid_t pid;
	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ))
		return 1;
	if (!wait)
		return 0;
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return error_set("%s: %s", argv[0], strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return 1; /* a shell wrapper that could not find its program */
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return error_set("%s: exited with status %d", argv[0],
				 WIFEXITED(status) ? WEXITSTATUS(status) :
						     128 + WTERMSIG(status));
	return 0;
}

int viewer_open(const char *viewer, const char *target, bool wait)
{
	const char *cands[VIEWER_MAX];
	size_t n = 0;
	if (!strcmp(viewer, "browser"))
		n = viewer_browsers(cands);
	else if (!strcmp(viewer, "gv"))
		cands[n++] = "gv --noantialias";
	else
		cands[n++] = viewer;

	for (size_t i = 0; i < n; i++) {
		char line[256];
		char *argv[10];
		int k = 0;
		snprintf(line, sizeof(line), "%s", cands[i]);
		for (char *save = NULL, *w = strtok_r(line, " ", &save);
		     w && k < 8; w = strtok_r(NULL, " ", &save))
			argv[k++] = w;
		if (!k)
			continue;
		argv[k++] = (char *)target;
		argv[k] = NULL;
		int r = run(argv, wait);
		if (r <= 0)
			return r;
	}
	return error_set("no viewer found (tried %s%s)", n ? cands[0] : viewer,
			 n > 1 ? " and others" : "");
}

int viewer_show(const struct strbuf *data, const char *suffix,
		const char *viewer)
{
	struct strbuf path = STRBUF_INIT;
	const char *dir = getenv("TMPDIR");
	int ret = tempfile_write(dir && *dir ? dir : "/tmp", "pprof", suffix,
				 data->buf, data->len, &path);
	if (!ret) {
		ret = viewer_open(viewer, path.buf, true);
		if (ret) {
			char *why = xstrdup(error_get());
			error_set("%s; the output is kept in %s", why, path.buf);
			free(why);
		}
	}
	strbuf_release(&path);
	return ret;
}

/* How long a file outlives its viewer: browser wrappers such as xdg-open
 * return before the browser has read it. */
#define VIEWER_KEEP_SECONDS 60

int viewer_show_background(const struct strbuf *data, const char *suffix,
			   const char *viewer)
{
	struct strbuf path = STRBUF_INIT;
	const char *dir = getenv("TMPDIR");
	int ret = tempfile_write(dir && *dir ? dir : "/tmp", "pprof", suffix,
				 data->buf, data->len, &path);
	if (ret)
		goto out;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		ret = error_set("fork: %s; the output is kept in %s",
				strerror(errno), path.buf);
		goto out;
	}
	if (pid == 0) {
		time_t start = time(NULL);
		setpgid(0, 0);
		if (!freopen("/dev/null", "r", stdin))
			close(STDIN_FILENO);
		if (viewer_open(viewer, path.buf, true)) {
			fprintf(stderr, "cprof: %s; the output is kept in %s\n",
				error_get(), path.buf);
			_exit(1);
		}
		time_t left = start + VIEWER_KEEP_SECONDS - time(NULL);
		if (left > 0)
			sleep((unsigned)left);
		unlink(path.buf);
		_exit(0);
	}
out:
	strbuf_release(&path);
	return ret;
}
