/* sourcefile: each file is read once per report and split into lines
 * that the reader keeps until it is freed. */
#include "report/sourcefile.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/gocompat/gopath.h"
#include "lib/base/hashmap.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"

/* bufio.MaxScanTokenSize: a longer line stops the scan. */
#define MAX_LINE (64 * 1024)

/* Bytes read of one source file: what follows is left out, as after a
 * long line (pprof has no bound; a profile may name a huge file). */
#define MAX_SOURCE (64 * 1024 * 1024)

struct file {
	char *path;   /* as asked for */
	char *data;   /* the file's bytes, lines cut in place */
	char **line;  /* line[i] is line i + 1 */
	size_t *len;
	size_t nline;
	char *error;  /* NULL when the file was found */
};

struct sourcefile_reader {
	char *search;
	char *trim;
	struct hashmap files;
	struct file **all;
	size_t nall, alloc;
};

struct sourcefile_reader *sourcefile_reader_new(const char *search_path,
						const char *trim_path)
{
	struct sourcefile_reader *r = xcalloc(1, sizeof(*r));
	r->search = xstrdup(search_path ? search_path : "");
	r->trim = xstrdup(trim_path ? trim_path : "");
	hashmap_init(&r->files, 8);
	return r;
}

void sourcefile_reader_free(struct sourcefile_reader *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nall; i++) {
		struct file *f = r->all[i];
		free(f->path);
		free(f->data);
		free(f->line);
		free(f->len);
		free(f->error);
		free(f);
	}
	free(r->all);
	hashmap_release(&r->files);
	free(r->search);
	free(r->trim);
	free(r);
}




/* Go's syscall error text: strerror without the capital. */
static void add_errno(struct strbuf *sb, int err)
{
	size_t at = sb->len;
	strbuf_adds(sb, strerror(err));
	if (sb->len > at)
		sb->buf[at] = (char)tolower((unsigned char)sb->buf[at]);
}

/* Opens name without blocking (a FIFO would wait for a writer) and keeps
 * it only if it is a regular file or a directory (which opens in pprof
 * too, and reads as nothing); a FIFO, device or socket could hang the
 * report or never end (/dev/zero). -1 with errno set when absent; -2
 * with the reason in err when it exists but is not a file to read. */
static int open_file(const char *name, struct strbuf *err)
{
	int fd = open(name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) == 0 && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
		return fd;
	close(fd);
	strbuf_addf(err, "open %s: not a regular file", name);
	return -2;
}

/* openSourceFile: a descriptor for path, or -1 with the reason in err. */
static int open_source(const struct sourcefile_reader *r, const char *path,
		       struct strbuf *err)
{
	struct strbuf rel = STRBUF_INIT, name = STRBUF_INIT;
	struct strbuf dir = STRBUF_INIT, parent = STRBUF_INIT;
	int fd = -1;

	strbuf_adds(&rel, gopath_trim(path, r->trim, r->search));
	if (rel.buf[0] == '/') {
		fd = open_file(rel.buf, err);
		if (fd == -1) {
			strbuf_addf(err, "open %s: ", rel.buf);
			add_errno(err, errno);
		}
		goto out;
	}
	for (const char *s = r->search;;) {
		const char *e = strchr(s, ':');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		strbuf_reset(&dir);
		strbuf_add(&dir, s, n);
		/* the directory, then each parent until Dir stops changing */
		for (;;) {
			struct strbuf joined = STRBUF_INIT;
			strbuf_addf(&joined, "%s/%s", dir.buf, rel.buf);
			strbuf_reset(&name);
			gopath_clean(&name, joined.buf, joined.len);
			strbuf_release(&joined);
			fd = open_file(name.buf, err);
			if (fd != -1)
				goto out;
			/* filepath.Dir: drop the last element, then Clean */
			size_t k = dir.len;
			while (k > 0 && dir.buf[k - 1] != '/')
				k--;
			strbuf_reset(&parent);
			gopath_clean(&parent, dir.buf, k);
			if (!strcmp(parent.buf, dir.buf))
				break;
			strbuf_reset(&dir);
			strbuf_add(&dir, parent.buf, parent.len);
		}
		if (!e)
			break;
		s = e + 1;
	}
	strbuf_addf(err, "could not find file %s on path %s", rel.buf,
		    r->search);
out:
	if (fd < 0)
		fd = -1;
	strbuf_release(&parent);
	strbuf_release(&dir);
	strbuf_release(&name);
	strbuf_release(&rel);
	return fd;
}

/* Reads the file and cuts it into lines as bufio.Scanner would. A read
 * error (a directory opens fine) leaves whatever was read, as pprof. */
static void load_lines(struct file *f, int fd)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	while (sb.len < MAX_SOURCE) {
		size_t want = MAX_SOURCE - sb.len;
		ssize_t n = read(fd, buf, want < sizeof(buf) ? want : sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		strbuf_add(&sb, buf, (size_t)n);
	}
	size_t alloc = 0, lalloc = 0;
	char *p = sb.buf, *end = sb.buf + sb.len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *stop = nl ? nl : end;
		size_t n = (size_t)(stop - p);
		if (n >= MAX_LINE)
			break;
		if (n && p[n - 1] == '\r')
			n--;
		p[n] = '\0';
		ALLOC_GROW(f->line, f->nline + 1, alloc);
		ALLOC_GROW(f->len, f->nline + 1, lalloc);
		f->line[f->nline] = p;
		f->len[f->nline++] = n;
		p = stop + 1;
	}
	f->data = strbuf_detach(&sb, NULL);
}

static bool file_eq(const void *item, const void *key)
{
	return !strcmp(((const struct file *)item)->path, key);
}

static struct file *get_file(struct sourcefile_reader *r, const char *path)
{
	uint64_t h = hash_str(path);
	struct file *f = hashmap_get(&r->files, h, path, file_eq);
	if (f)
		return f;
	f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	struct strbuf err = STRBUF_INIT;
	int fd = open_source(r, path, &err);
	if (fd < 0) {
		f->error = strbuf_detach(&err, NULL);
	} else {
		load_lines(f, fd);
		close(fd);
	}
	strbuf_release(&err);
	hashmap_add(&r->files, h, f);
	ALLOC_GROW(r->all, r->nall + 1, r->alloc);
	r->all[r->nall++] = f;
	return f;
}

const char *sourcefile_line(struct sourcefile_reader *r, const char *path,
			    long lineno, size_t *len)
{
	struct file *f = get_file(r, path);
	if (lineno <= 0 || (size_t)lineno > f->nline)
		return NULL;
	if (len)
		*len = f->len[lineno - 1];
	return f->line[lineno - 1];
}

const char *sourcefile_error(struct sourcefile_reader *r, const char *path)
{
	return get_file(r, path)->error;
}
