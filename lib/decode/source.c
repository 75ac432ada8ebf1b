/* source: reading is bounded (-max_decompressed) before anything is
 * parsed, because profiles come from other machines; a single-member gzip
 * file is inflated whole by libdeflate when present, zlib streams the rest. */
#include "lib/decode/source.h"

#include <errno.h>
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

uint64_t source_max_decompressed = 1ULL << 30;

int source_read_file(const char *path, uint8_t **data, size_t *len)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, alloc = 0;

	/* Go's words, as pprof reports them: it stats a source first */
	if (!f)
		return error_set("%s %s: %s",
				 errno == ENOENT || errno == ENOTDIR ? "stat"
								     : "open",
				 path, gofmt_errno(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return error_set("read %s: is a directory", path);
	}
	/* Read in chunks: FIFOs and /proc files have no useful size. */
	for (;;) {
		ALLOC_GROW(buf, n + 65536, alloc);
		size_t got = fread(buf + n, 1, alloc - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;
		free(buf);
		fclose(f);
		return error_set("read %s: %s", path, gofmt_errno(e));
	}
	fclose(f);
	*data = buf;
	*len = n;
	return 0;
}

#ifdef HAVE_LIBDEFLATE
/* The common case, one gzip member, in one call to libdeflate (2-3 times
 * zlib's speed): the trailer gives the size, the buffer is exactly that.
 * Returns the buffer, or NULL when zlib must do it: several members or
 * trailing bytes, a size the trailer cannot give (4 GiB or more) or over
 * the limit, bad data (zlib has the messages). */
static uint8_t *gunzip_whole(const uint8_t *data, size_t len, size_t *outlen)
{
	if (len < 18)
		return NULL;
	const uint8_t *t = data + len - 4;
	uint64_t size = (uint64_t)t[0] | (uint64_t)t[1] << 8 |
			(uint64_t)t[2] << 16 | (uint64_t)t[3] << 24;
	/* Deflate expands at most 1032 to 1: a larger claim is a lie or a
	 * size modulo 4 GiB. */
	if (size > source_max_decompressed || size / 1032 > len)
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

int source_gunzip(const uint8_t *data, size_t len, const uint8_t **out,
		  size_t *outlen, uint8_t **owned)
{
	*owned = NULL;
	if (len < 2 || data[0] != 0x1f || data[1] != 0x8b) {
		*out = data;
		*outlen = len;
		return 0;
	}
#ifdef HAVE_LIBDEFLATE
	uint8_t *whole = gunzip_whole(data, len, outlen);
	if (whole) {
		*out = whole;
		*owned = whole;
		return 0;
	}
#endif

	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	/* 16 + MAX_WBITS: gzip framing; concatenated members are handled by
	 * resetting at each Z_STREAM_END, as Go's gzip reader does. */
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return error_set("decompressing profile: inflateInit2 failed");
	uint8_t *buf = NULL;
	size_t n = 0, alloc = 0;
	zs.next_in = (Bytef *)data;
	zs.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	size_t consumed_base = 0;
	int ret;
	for (;;) {
		if (n > source_max_decompressed) {
			inflateEnd(&zs);
			free(buf);
			return error_set("decompressing profile: larger than %llu "
					 "bytes (see -max_decompressed)",
					 (unsigned long long)source_max_decompressed);
		}
		if (n == alloc) {
			/* Grow by half, but never past the one byte over the
			 * limit that proves the input too large: a bomb costs
			 * at most the limit. */
			uint64_t cap = source_max_decompressed == UINT64_MAX ?
				UINT64_MAX : source_max_decompressed + 1;
			size_t want = n + (n < (1 << 20) ? 65536 : n / 2);
			if (want > cap)
				want = (size_t)cap;
			buf = xrealloc(buf, want);
			alloc = want;
		}
		zs.next_out = buf + n;
		zs.avail_out = (uInt)((alloc - n) > UINT32_MAX ? UINT32_MAX : alloc - n);
		ret = inflate(&zs, Z_NO_FLUSH);
		n = (size_t)((uint8_t *)zs.next_out - buf);
		if (ret == Z_STREAM_END) {
			size_t used = consumed_base + zs.total_in;
			if (used >= len)
				break;
			/* another gzip member follows */
			if (len - used < 2 || data[used] != 0x1f || data[used + 1] != 0x8b)
				break;
			consumed_base = used;
			inflateReset(&zs);
			zs.next_in = (Bytef *)data + used;
			zs.avail_in = (uInt)(len - used);
			continue;
		}
		if (ret == Z_OK || (ret == Z_BUF_ERROR && zs.avail_out == 0))
			continue;
		inflateEnd(&zs);
		free(buf);
		if (ret == Z_BUF_ERROR)
			return error_set("decompressing profile: unexpected EOF");
		return error_set("decompressing profile: %s",
				 zs.msg ? zs.msg : "invalid gzip data");
	}
	inflateEnd(&zs);
	*out = buf;
	*outlen = n;
	*owned = buf;
	return 0;
}

/* source_parse; input, when not NULL, is data and parse owns it: it is
 * freed as soon as it has been decompressed (a big profile's compressed
 * bytes need not stay alive while it is decoded), else at the end. */
static struct profile *parse(const uint8_t *data, size_t len, uint8_t *input)
{
	const uint8_t *raw;
	size_t rawlen;
	uint8_t *owned;
	struct profile *p;

	if (source_gunzip(data, len, &raw, &rawlen, &owned)) {
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
		p = proto_decode(raw, rawlen);
	}
	if (!p && pr == PERF_DATA_UNRECOGNIZED) {
		/* Keep the proto error for files that look like protobuf
		 * (a length-delimited field 1 or 2 first); else try legacy. */
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
			if (raw[0] == 0x0a || raw[0] == 0x12)
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

struct profile *source_parse(const uint8_t *data, size_t len)
{
	return parse(data, len, NULL);
}

struct profile *source_load_file(const char *path)
{
	uint8_t *data;
	size_t len;
	if (source_read_file(path, &data, &len))
		return NULL;
	return parse(data, len, data);
}
