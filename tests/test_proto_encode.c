/* proto_encode round trips, checked against pprof's own -raw output: a
 * decoded profile prints as `go tool pprof -raw` printed it
 * (expected/go1.*.raw.out; pprof 1.23 does not merge a lone profile), and
 * so does the profile decoded back from what proto_encode_gzip wrote. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lib/model/profile.h"
#include "proto/proto_encode.h"
#include "report/raw.h"
#include "lib/decode/source.h"
#include "lib/base/strbuf.h"

static char *slurp(const char *path)
{
	uint8_t *data;
	size_t len;
	if (source_read_file(path, NULL, &data, &len))
		return NULL;
	char *s = realloc(data, len + 1);
	s[len] = 0;
	return s;
}

/* profiles/SET/NAME.pb.gz against expected/SET.NAME.raw.out */
static void round_trip(const char *dir, const char *set, const char *name)
{
	char path[4096], want_path[4096];
	snprintf(path, sizeof(path), "%s/conformance/profiles/%s/%s.pb.gz", dir,
		 set, name);
	snprintf(want_path, sizeof(want_path),
		 "%s/conformance/expected/%s.%s.raw.out", dir, set, name);
	struct profile *p = source_load_file(path, NULL);
	char *want = slurp(want_path);
	CHECK(p != NULL && want != NULL);
	if (!p || !want)
		goto out;

	struct profile *q = p;
	p = NULL;
	struct strbuf raw = STRBUF_INIT, gz = STRBUF_INIT, again = STRBUF_INIT;
	raw_print(q, &raw);
	CHECK_STR(raw.buf, want);

	CHECK(proto_encode_gzip(q, &gz) == 0);
	CHECK(gz.len > 2 && (uint8_t)gz.buf[0] == 0x1f &&
	      (uint8_t)gz.buf[1] == 0x8b);
	struct profile *r = source_parse((const uint8_t *)gz.buf, gz.len, NULL);
	CHECK(r != NULL);
	if (r) {
		raw_print(r, &again);
		CHECK_STR(again.buf, want);
	}
	profile_free(r);
	profile_free(q);
	strbuf_release(&raw);
	strbuf_release(&gz);
	strbuf_release(&again);
out:
	free(want);
	profile_free(p);
}

int main(void)
{
	const char *dir = getenv("TESTDATA");
	if (!dir)
		dir = "testdata";
	round_trip(dir, "go1", "heap");
	round_trip(dir, "go1", "cpu");
	round_trip(dir, "go1", "block");
	/* Line.column written back */
	round_trip(dir, "gen", "columns");
	return check_report();
}
