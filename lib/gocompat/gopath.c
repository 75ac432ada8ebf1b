/* gopath: Go's lexical path rules; nothing here touches the file system. */
#include "lib/gocompat/gopath.h"

#include <stdbool.h>
#include <string.h>

#include "lib/base/strbuf.h"

void gopath_clean(struct strbuf *out, const char *s, size_t n)
{
	size_t base = out->len;
	if (!n) {
		strbuf_addch(out, '.');
		return;
	}
	bool rooted = s[0] == '/';
	size_t r = 0, dotdot = base; /* out may not back up past dotdot */
	if (rooted) {
		strbuf_addch(out, '/');
		r = 1;
		dotdot = base + 1;
	}
	while (r < n) {
		if (s[r] == '/') {
			r++;
		} else if (s[r] == '.' && (r + 1 == n || s[r + 1] == '/')) {
			r++;
		} else if (s[r] == '.' && r + 1 < n && s[r + 1] == '.' &&
			   (r + 2 == n || s[r + 2] == '/')) {
			r += 2;
			if (out->len > dotdot) {
				size_t w = out->len - 1;
				while (w > dotdot && out->buf[w] != '/')
					w--;
				strbuf_setlen(out, w);
			} else if (!rooted) {
				if (out->len > base)
					strbuf_addch(out, '/');
				strbuf_adds(out, "..");
				dotdot = out->len;
			}
		} else {
			if (out->len != base + (rooted ? 1 : 0))
				strbuf_addch(out, '/');
			for (; r < n && s[r] != '/'; r++)
				strbuf_addch(out, s[r]);
		}
	}
	if (out->len == base)
		strbuf_addch(out, '.');
}

void gopath_base(struct strbuf *out, const char *s, size_t n)
{
	while (n > 0 && s[n - 1] == '/')
		n--;
	if (!n) {
		/* "" is ".", all slashes is "/" */
		strbuf_addch(out, s[0] == '/' ? '/' : '.');
		return;
	}
	size_t b = n;
	while (b > 0 && s[b - 1] != '/')
		b--;
	strbuf_add(out, s + b, n - b);
}

const char *gopath_trim(const char *path, const char *trim,
			const char *search)
{
	struct strbuf want = STRBUF_INIT;
	const char *res = path;
	/* filepath.SplitList gives nothing for "", else every entry. */
	if (!*trim && *search) {
		for (const char *s = search;;) {
			const char *e = strchr(s, ':');
			size_t n = e ? (size_t)(e - s) : strlen(s);
			strbuf_reset(&want);
			strbuf_addch(&want, '/');
			gopath_base(&want, s, n);
			strbuf_addch(&want, '/');
			const char *f = strstr(path, want.buf);
			if (f) {
				res = f + want.len;
				goto out;
			}
			if (!e)
				break;
			s = e + 1;
		}
	}
	for (const char *s = trim; *trim;) {
		const char *e = strchr(s, ':');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		strbuf_reset(&want);
		strbuf_add(&want, s, n);
		if (!n || want.buf[n - 1] != '/')
			strbuf_addch(&want, '/');
		if (!strncmp(path, want.buf, want.len)) {
			res = path + want.len;
			goto out;
		}
		if (!e)
			break;
		s = e + 1;
	}
	static const char *const builtin[] = { "/proc/self/cwd/./",
					       "/proc/self/cwd/" };
	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(builtin[i]);
		if (!strncmp(path, builtin[i], n)) {
			res = path + n;
			break;
		}
	}
out:
	strbuf_release(&want);
	return res;
}
