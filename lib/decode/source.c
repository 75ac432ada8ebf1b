/* source: reading is bounded (-max_decompressed) before anything is
 * parsed, because profiles come from other machines; a single-member gzip
 * file is inflated whole by libdeflate when present, zlib streams the rest. */
#include "lib/decode/source.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#ifdef HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "lib/base/error.h"
#include "lib/decode/folded.h"
#include "lib/decode/legacy/legacy.h"
#include "lib/decode/perf_data.h"
#include "lib/decode/perf_script.h"
#include "lib/gocompat/gofmt.h"
#include "lib/model/profile.h"
#include "proto/proto_decode.h"
#include "lib/base/xalloc.h"

uint64_t source_limit(const struct source_options *o)
{
	return o && o->max_decompressed ? o->max_decompressed
					: SOURCE_MAX_DECOMPRESSED;
}

static int too_large(const char *what, uint64_t limit)
{
	return error_set("%s: larger than %llu bytes (see -max_decompressed)",
			 what, (unsigned long long)limit);
}

int source_read_file(const char *path, const struct source_options *o,
		     uint8_t **data, size_t *len)
{
	struct stat st;
	uint64_t limit = source_limit(o);
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, alloc = 0;
	int ret = -1;

	/* Go's words, as pprof reports them: it stats a source first */
	if (!f)
		return error_set("%s %s: %s",
				 errno == ENOENT || errno == ENOTDIR ? "stat"
								     : "open",
				 path, gofmt_errno(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		error_set("read %s: is a directory", path);
		goto cleanup;
	}
	/* A regular file is read into a buffer of its size (plus one byte,
	 * to see it grow); FIFOs, devices and /proc files have no useful
	 * size and are read in chunks. Either way never past the limit:
	 * /dev/zero does not end. */
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > limit) {
		too_large("reading profile", limit);
		goto cleanup;
	}
	if (S_ISREG(st.st_mode)) {
		alloc = (size_t)st.st_size + 1;
		buf = xmalloc(alloc);
	}
	for (;;) {
		if (n == alloc) {
			if (n > limit) {
				too_large("reading profile", limit);
				goto cleanup;
			}
			/* doubling, capped one byte past the limit */
			uint64_t want = alloc < 65536 ? 65536 : (uint64_t)alloc * 2;
			if (want > limit + 1 && limit < UINT64_MAX)
				want = limit + 1;
			buf = xrealloc(buf, (size_t)want);
			alloc = (size_t)want;
		}
		size_t got = fread(buf + n, 1, alloc - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		error_set("read %s: %s", path, gofmt_errno(errno));
		goto cleanup;
	}
	if (n > limit) {
		too_large("reading profile", limit);
		goto cleanup;
	}
	*data = buf;
	*len = n;
	buf = NULL;
	ret = 0;
cleanup:
	free(buf);
	fclose(f);
	return ret;
}

#ifdef HAVE_LIBDEFLATE
/* The common case, one gzip member, in one call to libdeflate (2-3 times
 * zlib's speed): the trailer gives the size, the buffer is exactly that.
 * Returns the buffer, or NULL when zlib must do it: several members or
 * trailing bytes, a size the trailer cannot give (4 GiB or more) or over
 * the limit, bad data (zlib has the messages). */
static uint8_t *gunzip_whole(const uint8_t *data, size_t len, uint64_t limit,
			     size_t *outlen)
{
	if (len < 18)
		return NULL;
	const uint8_t *t = data + len - 4;
	uint64_t size = (uint64_t)t[0] | (uint64_t)t[1] << 8 |
			(uint64_t)t[2] << 16 | (uint64_t)t[3] << 24;
	/* Deflate expands at most 1032 to 1: a larger claim is a lie or a
	 * size modulo 4 GiB. */
	if (size > limit || size / 1032 > len)
		return NULL;
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	if (!d)
		return NULL;
	uint8_t *buf = xmalloc(size ? size : 1);
	size_t in = 0, n = 0;
	enum libdeflate_result r = libdeflate_gzip_decompress_ex(
		d, data, len, buf, size, &in, &n);
	libdeflate_free_decompressor(d);
	if (r != LIBDEFLATE_SUCCESS || in != len || n != size) {
		free(buf);
		return NULL;
	}
	*outlen = n;
	return buf;
}
#endif

/* Inflates every gzip member of data, as Go's gzip reader does: after a
 * member, either the end or the next member's 10-byte header, else
 * "unexpected EOF" (fewer bytes) or "gzip: invalid header" (pprof's
 * messages). With buf NULL it only counts, failing past the limit; with
 * buf it fills buf, sized by a counting pass. *n: the size. */
static int zlib_inflate(const uint8_t *data, size_t len, uint64_t limit,
			uint8_t *buf, size_t *n)
{
	static uint8_t scratch[1 << 18];
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	/* 16 + MAX_WBITS: gzip framing */
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return error_set("decompressing profile: inflateInit2 failed");
	uint64_t total = 0;
	size_t used = 0; /* input bytes of the members before this one */
	int ret = -1;
	for (;;) {
		size_t in_left = len - used - (size_t)zs.total_in;
		if (zs.avail_in == 0 && in_left) {
			zs.next_in = (Bytef *)data + len - in_left;
			zs.avail_in = (uInt)(in_left > UINT32_MAX ? UINT32_MAX
								 : in_left);
		}
		uint8_t *o = buf ? buf + total : scratch;
		size_t room = buf ? *n - (size_t)total : sizeof(scratch);
		zs.next_out = o;
		zs.avail_out = (uInt)(room > UINT32_MAX ? UINT32_MAX : room);
		int r = inflate(&zs, Z_NO_FLUSH);
		total += (uint64_t)((uint8_t *)zs.next_out - o);
		if (!buf && total > limit) {
			too_large("decompressing profile", limit);
			goto cleanup;
		}
		if (r == Z_STREAM_END) {
			used += (size_t)zs.total_in;
			if (used == len)
				break;
			if (len - used < 10) {
				error_set("decompressing profile: unexpected EOF");
				goto cleanup;
			}
			if (data[used] != 0x1f || data[used + 1] != 0x8b ||
			    data[used + 2] != 8) {
				error_set("decompressing profile: gzip: invalid header");
				goto cleanup;
			}
			inflateReset(&zs);
			zs.avail_in = 0;
			continue;
		}
		if (r == Z_OK)
			continue;
		if (r == Z_BUF_ERROR && zs.avail_out == 0 && !buf)
			continue;
		if (r == Z_BUF_ERROR)
			error_set("decompressing profile: unexpected EOF");
		else
			error_set("decompressing profile: %s",
				  zs.msg ? zs.msg : "invalid gzip data");
		goto cleanup;
	}
	*n = (size_t)total;
	ret = 0;
cleanup:
	inflateEnd(&zs);
	return ret;
}

int source_gunzip(const uint8_t *data, size_t len,
		  const struct source_options *o, const uint8_t **out,
		  size_t *outlen, uint8_t **owned)
{
	uint64_t limit = source_limit(o);
	*owned = NULL;
	if (len < 2 || data[0] != 0x1f || data[1] != 0x8b) {
		*out = data;
		*outlen = len;
		return 0;
	}
#ifdef HAVE_LIBDEFLATE
	uint8_t *whole = gunzip_whole(data, len, limit, outlen);
	if (whole) {
		*out = whole;
		*owned = whole;
		return 0;
	}
#endif

	/* zlib in two passes: the first only counts (into a small scratch
	 * buffer) and checks, so that a bomb costs no memory and a good file
	 * is inflated into a buffer of exactly its size, with no copying
	 * while it grows. */
	size_t n;
	if (zlib_inflate(data, len, limit, NULL, &n))
		return -1;
	uint8_t *buf = xmalloc(n ? n : 1);
	if (zlib_inflate(data, len, limit, buf, &n)) {
		free(buf);
		return -1;
	}
	*out = buf;
	*outlen = n;
	*owned = buf;
	return 0;
}

/* Whether data starts like a profile.proto message: a sample_type (field
 * 1) or sample (field 2), length-delimited, whose length fits in the
 * data. A text file starting with a newline (0x0a) does not, mostly. */
static bool looks_like_proto(const uint8_t *data, size_t len)
{
	if (len < 2 || (data[0] != 0x0a && data[0] != 0x12))
		return false;
	uint64_t n = 0;
	size_t i = 1;
	for (int shift = 0; i < len && shift < 64; shift += 7, i++) {
		n |= (uint64_t)(data[i] & 0x7f) << shift;
		if (!(data[i] & 0x80))
			return n <= len - i - 1;
	}
	return false;
}

/* source_parse; input, when not NULL, is data and parse owns it: it is
 * freed as soon as it has been decompressed (a big profile's compressed
 * bytes need not stay alive while it is decoded), else at the end. */
static struct profile *parse(const uint8_t *data, size_t len,
			     const struct source_options *o, uint8_t *input)
{
	const uint8_t *raw;
	size_t rawlen;
	uint8_t *owned;
	struct profile *p;

	if (source_gunzip(data, len, o, &raw, &rawlen, &owned)) {
		free(input);
		return NULL;
	}
	if (owned) {
		free(input);
		input = NULL;
	}
	if (rawlen == 0) {
		error_set("parsing profile: empty input file");
		free(owned);
		free(input);
		return NULL;
	}
	/* perf.data's magic is exact, and its bytes could pass for a
	 * short protobuf message: look for it first. */
	int pr = perf_data_parse(raw, rawlen, &p);
	if (pr == PERF_DATA_ERROR) {
		error_prefix("parsing profile");
		p = NULL;
	} else if (pr == PERF_DATA_UNRECOGNIZED) {
		bool invalid = false;
		p = proto_decode(raw, rawlen, &invalid);
		if (!p && invalid) {
			/* pprof: protobuf it is, and broken; no other format */
			error_prefix("malformed profile");
			pr = PERF_DATA_ERROR;
		}
	}
	if (!p && pr == PERF_DATA_UNRECOGNIZED) {
		/* Keep the proto error for files that look like protobuf
		 * (a whole length-delimited field 1 or 2 first) when no
		 * other format takes them; pprof always says "unrecognized
		 * profile format" then, less helpfully. */
		char perr[1024];
		snprintf(perr, sizeof(perr), "%s", error_get());
		int r = legacy_parse(raw, rawlen, &p);
		/* Formats pprof does not read come after its own. */
		if (r == LEGACY_UNRECOGNIZED) {
			/* perf script first: "comm tid" alone would pass
			 * for a folded stack */
			r = perf_script_parse(raw, rawlen, &p);
			if (r == PERF_SCRIPT_UNRECOGNIZED)
				r = folded_parse(raw, rawlen, &p);
			if (r == FOLDED_UNRECOGNIZED)
				r = LEGACY_UNRECOGNIZED;
		}
		if (r == LEGACY_UNRECOGNIZED) {
			if (looks_like_proto(raw, rawlen))
				error_set("parsing profile: %s", perr);
			else
				error_set("parsing profile: unrecognized profile format");
			p = NULL;
		} else if (r < 0) {
			error_prefix("parsing profile");
			p = NULL;
		}
	}
	free(owned);
	free(input);
	return p;
}

struct profile *source_parse(const uint8_t *data, size_t len,
			     const struct source_options *o)
{
	return parse(data, len, o, NULL);
}

struct profile *source_load_file(const char *path,
				 const struct source_options *o)
{
	uint8_t *data;
	size_t len;
	if (source_read_file(path, o, &data, &len))
		return NULL;
	return parse(data, len, o, data);
}
