/* save: where and under which name a fetched profile is kept (pprof's
 * setTmpDir and the name its fetcher builds). What is saved is the final
 * profile (merged, symbolized, commented), not the bytes as they came. */
#include "cmd/pipeline/save.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/diag.h"
#include "lib/base/error.h"
#include "lib/base/strbuf.h"
#include "lib/base/tempfile.h"
#include "lib/base/xalloc.h"
#include "lib/model/profile.h"
#include "proto/proto_encode.h"

/* The first directory that exists or can be made; malloc'ed, or NULL. */
static char *tmp_dir(void)
{
	const char *dirs[3];
	struct strbuf home = STRBUF_INIT;
	int n = 0;
	char *found = NULL;
	const char *env = getenv("PPROF_TMPDIR");
	if (env && *env)
		dirs[n++] = env;
	env = getenv("HOME");
	if (env && *env) {
		strbuf_addf(&home, "%s/pprof", env);
		dirs[n++] = home.buf;
	}
	env = getenv("TMPDIR");
	dirs[n++] = env && *env ? env : "/tmp";
	for (int i = 0; i < n && !found; i++) {
		if (tempfile_mkdir_all(dirs[i]) == 0)
			found = xstrdup(dirs[i]);
		else
			diag_note("Could not use temp dir %s: %s", dirs[i],
				  strerror(errno));
	}
	strbuf_release(&home);
	return found;
}

/* Appends one server-chosen part of the saved file's name followed by a
 * '.': printable ASCII only, '/' and '\\' replaced, at most 64 bytes, so
 * the name stays one harmless component of the directory (pprof copies
 * sample types in as they are; one holding "../" writes elsewhere). */
static void add_name_part(struct strbuf *sb, const char *part)
{
	size_t n = 0;
	for (const char *c = part; *c && n < 64; c++, n++) {
		bool ok = *c > ' ' && *c < 0x7f && *c != '/' && *c != '\\';
		strbuf_addch(sb, ok ? *c : '_');
	}
	strbuf_addch(sb, '.');
}

void save_fetched(const struct profile *p)
{
	struct strbuf prefix = STRBUF_INIT, path = STRBUF_INIT;
	struct strbuf data = STRBUF_INIT;
	char *dir = NULL;

	if (proto_encode_gzip(p, &data))
		goto fail;
	dir = tmp_dir();
	if (!dir) {
		error_set("failed to identify temp dir");
		goto fail;
	}
	strbuf_adds(&prefix, "pprof.");
	if (p->nmapping && *p->mapping[0]->file) {
		const char *base = strrchr(p->mapping[0]->file, '/');
		base = base && base[1] ? base + 1 : p->mapping[0]->file;
		add_name_part(&prefix, base);
	}
	/* "pprof." first and ".pb.gz" last: never "." or ".." */
	for (size_t i = 0; i < p->nsample_type; i++)
		add_name_part(&prefix, p->sample_type[i].type);
	/* within NAME_MAX (255) with "NNN.pb.gz" */
	if (prefix.len > 200)
		strbuf_setlen(&prefix, 200);
	if (tempfile_write(dir, prefix.buf, ".pb.gz", data.buf, data.len,
			   &path))
		goto fail;
	diag_note("Saved profile in %s", path.buf);
	goto cleanup;
fail:
	diag_note("Could not save profile: %s", error_get());
	error_clear();
cleanup:
	free(dir);
	strbuf_release(&data);
	strbuf_release(&path);
	strbuf_release(&prefix);
}
