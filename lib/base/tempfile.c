/* tempfile: exclusive creation under pprof's numbering (see tempfile.h). */
#include "lib/base/tempfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/base/error.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"

int tempfile_create(const char *dir, const char *prefix, const char *suffix,
		    struct strbuf *path)
{
	for (int i = 1; i < 10000; i++) {
		strbuf_reset(path);
		if (dir && *dir)
			strbuf_addf(path, "%s/", dir);
		strbuf_addf(path, "%s%03d%s", prefix, i, suffix);
		int fd = open(path->buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			      0666);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			return error_set("open %s: %s", path->buf,
					 strerror(errno));
	}
	return error_set("could not create file of the form %s%s%s%03d%s",
			 dir && *dir ? dir : "", dir && *dir ? "/" : "",
			 prefix, 1, suffix);
}

int tempfile_write(const char *dir, const char *prefix, const char *suffix,
		   const void *data, size_t len, struct strbuf *path)
{
	int fd = tempfile_create(dir, prefix, suffix, path);
	if (fd < 0)
		return -1;
	const char *p = data;
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, p + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = w < 0 ? errno : EIO;
			close(fd);
			return error_set("write %s: %s", path->buf, strerror(e));
		}
		off += (size_t)w;
	}
	if (close(fd))
		return error_set("close %s: %s", path->buf, strerror(errno));
	return 0;
}

int tempfile_mkdir_all(const char *dir)
{
	struct stat st;
	if (!stat(dir, &st)) {
		if (S_ISDIR(st.st_mode))
			return 0;
		errno = ENOTDIR;
		return -1;
	}
	char *d = xstrdup(dir);
	int r = 0;
	for (char *s = d + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(d, 0755) && errno != EEXIST) {
			r = -1;
			goto out;
		}
		*s = '/';
	}
	r = mkdir(d, 0755);
	if (r && errno == EEXIST && !stat(d, &st) && S_ISDIR(st.st_mode))
		r = 0;
out:
	free(d);
	return r;
}
