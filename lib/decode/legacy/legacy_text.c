/* legacy_text: the remaining text profiles.
 *  - Go's debug=1 count profiles: "goroutine profile: total N", then
 *    "N @ 0xADDR ..." lines;
 *  - gperftools' threadz: "--- threadz N ---", then per thread
 *    "--- Thread ID (name: NAME/N) stack: ---" and its addresses;
 *  - contention: "--- contentionz " (C++), "--- mutex:" or
 *    "--- contention:" (Go), "key = value" attributes, then
 *    "CYCLES COUNT @ 0xADDR ..." lines.
 * Each may end with a memory map. */
#include <stdlib.h>
#include <string.h>

#include "lib/base/error.h"
#include "lib/decode/legacy/legacy.h"
#include "lib/decode/legacy/legacy_internal.h"
#include "lib/model/profile.h"
#include "lib/base/xalloc.h"

static const char count_start_re[] =
	"^([^\\t\\n\\f\\r ]+) profile: total [0-9]+\\z";
static const char count_re[] = "^([0-9]+) @(( 0x[0-9a-f]+)+)\\z";
static const char threadz_start_re[] = "--- threadz [0-9]+ ---";
static const char thread_start_re[] =
	"--- Thread ([[:xdigit:]]+) \\(name: (.*)/([0-9]+)\\) stack: ---";
static const char contention_sample_re[] = "([0-9]+) *([0-9]+) @([ x0-9a-f]*)";

static const struct regex *count_start, *count_line, *threadz_start,
	*thread_start, *contention_sample_rx;

static void set_types(struct profile *p, const char *type, const char *unit)
{
	p->period_type.type = profile_interns(p, type);
	p->period_type.unit = profile_interns(p, unit);
	p->has_period_type = true;
}

/* A sample of the given addresses; callers' addresses (all but the leaf
 * unless adjust_leaf) are moved back by one. */
static struct profile_sample *add_sample(struct profile *p,
					 struct loctab *locs,
					 const struct addrbuf *a,
					 bool adjust_leaf)
{
	struct profile_sample *s = profile_add_sample(p, a->n, 0);
	for (size_t i = 0; i < a->n; i++) {
		uint64_t addr = a->a[i];
		if (i > 0 || adjust_leaf)
			addr--;
		s->location[i] = loctab_get(locs, addr);
	}
	return s;
}

int legacy_parse_go_count(const uint8_t *data, size_t len,
			  struct profile **out)
{
	struct lscan s;
	struct lstr m[3];
	struct profile *p = NULL;
	struct loctab locs;
	struct addrbuf addrs = { 0 };
	int r;

	lscan_init(&s, data, len);
	while (lscan_next(&s) && legacy_space_or_comment(s.text))
		;
	if (lscan_err(&s))
		return LEGACY_ERROR;
	if (!legacy_match(legacy_re(&count_start, count_start_re), s.text, m, 2))
		return LEGACY_UNRECOGNIZED;

	p = profile_new();
	loctab_init(&locs, p);
	/* the type is the header's first word: goroutine, threadcreate */
	set_types(p, "", "count");
	p->period_type.type = profile_intern(p, m[1].s, m[1].n);
	p->period = 1;
	profile_add_sample_type(p, "", "count");
	p->sample_type[0].type = p->period_type.type;

	while (lscan_next(&s)) {
		struct lstr line = s.text;
		int64_t n;
		if (legacy_space_or_comment(line))
			continue;
		if (lstr_has_prefix(line, "---"))
			break;
		if (!legacy_match(legacy_re(&count_line, count_re), line, m, 3) ||
		    legacy_parse_int(m[1], 0, &n, NULL)) {
			error_set("malformed profile format");
			r = LEGACY_ERROR;
			goto fail;
		}
		/* the addresses are exactly " 0x..." words, none too long
		 * unless malformed */
		r = legacy_hex_addresses(m[2], line, &addrs);
		if (r) {
			error_set("malformed profile format");
			goto fail;
		}
		struct profile_sample *smp = add_sample(p, &locs, &addrs, true);
		smp->value[0] = n;
	}
	r = lscan_err(&s);
	if (r)
		goto fail;
	r = legacy_additional_sections(p, &s);
	if (r)
		goto fail;
	loctab_release(&locs);
	addrbuf_release(&addrs);
	*out = p;
	return LEGACY_OK;
fail:
	loctab_release(&locs);
	addrbuf_release(&addrs);
	profile_free(p);
	return r;
}

/* pprof's parseThreadSample: the addresses up to the next "---" line.
 * *next is that line (or the last one read). *same is set for a "same as
 * previous thread" stack; an empty stack counts the same way. */
static int thread_sample(struct lscan *s, struct lstr *next,
			 struct addrbuf *addrs, bool *same)
{
	struct addrbuf cur = { 0 };
	struct lstr line = { "", 0 };
	int r = LEGACY_OK;

	addrs->n = 0;
	*same = false;
	while (lscan_next(s)) {
		line = lstr_trim(s->text);
		if (!line.n)
			continue;
		if (lstr_has_prefix(line, "---"))
			break;
		if (lstr_contains(line, "same as previous thread")) {
			*same = true;
			continue;
		}
		r = legacy_hex_addresses(line, line, &cur);
		if (r)
			goto out;
		if (!cur.n)
			continue; /* cur.a may be NULL: no memcpy from it */
		ALLOC_GROW(addrs->a, addrs->n + cur.n, addrs->alloc);
		memcpy(addrs->a + addrs->n, cur.a, cur.n * sizeof(*cur.a));
		addrs->n += cur.n;
	}
	r = lscan_err(s);
	if (*same)
		addrs->n = 0;
	*next = line;
out:
	addrbuf_release(&cur);
	return r;
}

int legacy_parse_thread(const uint8_t *data, size_t len, struct profile **out)
{
	struct lscan s;
	struct lstr line, m[4];
	struct profile *p = NULL;
	struct loctab locs;
	struct addrbuf addrs = { 0 };
	int r;

	lscan_init(&s, data, len);
	while (lscan_next(&s) && legacy_space_or_comment(s.text))
		;
	line = s.text;
	if (legacy_match(legacy_re(&threadz_start, threadz_start_re), line, m,
			 1)) {
		/* skip the header's comments up to the first stack */
		while (lscan_next(&s)) {
			line = s.text;
			if (legacy_map_sentinel(line) || lstr_has_prefix(line, "-"))
				break;
		}
	} else if (!legacy_match(legacy_re(&thread_start, thread_start_re),
				 line, m, 4)) {
		return LEGACY_UNRECOGNIZED;
	}

	p = profile_new();
	loctab_init(&locs, p);
	set_types(p, "thread", "count");
	p->period = 1;
	profile_add_sample_type(p, "thread", "count");

	while (!legacy_map_sentinel(line)) {
		if (lstr_has_prefix(line, "---- no stack trace for"))
			break;
		if (!legacy_match(legacy_re(&thread_start, thread_start_re),
				  line, m, 4)) {
			r = LEGACY_UNRECOGNIZED;
			goto fail;
		}
		bool same;
		r = thread_sample(&s, &line, &addrs, &same);
		if (r)
			goto fail;
		if (!addrs.n) {
			if (p->nsample)
				p->sample[p->nsample - 1].value[0]++;
			continue;
		}
		struct profile_sample *smp = add_sample(p, &locs, &addrs, false);
		smp->value[0] = 1;
	}
	r = legacy_additional_sections(p, &s);
	if (r)
		goto fail;
	legacy_drop_duplicate_leaf(p);
	loctab_release(&locs);
	addrbuf_release(&addrs);
	*out = p;
	return LEGACY_OK;
fail:
	loctab_release(&locs);
	addrbuf_release(&addrs);
	profile_free(p);
	return r;
}

/* pprof's parseContentionSample: values are [count, delay], unsampled
 * when the sampling period (and for delays, the clock rate) is known. */
static int contention_sample(struct profile *p, struct loctab *locs,
			     struct addrbuf *addrs, struct lstr line,
			     int64_t cpu_hz)
{
	struct lstr m[4];
	int64_t v1, v2;
	const char *why;

	if (!legacy_match(legacy_re(&contention_sample_rx,
				    contention_sample_re), line, m, 4))
		return LEGACY_UNRECOGNIZED;
	if (legacy_parse_int(m[1], 10, &v1, &why)) {
		error_set("malformed sample: %.*s: %s", (int)line.n, line.s,
			  legacy_strconv_msg("ParseInt", m[1], why));
		return LEGACY_ERROR;
	}
	if (legacy_parse_int(m[2], 10, &v2, &why)) {
		error_set("malformed sample: %.*s: %s", (int)line.n, line.s,
			  legacy_strconv_msg("ParseInt", m[2], why));
		return LEGACY_ERROR;
	}
	if (p->period > 0) {
		if (cpu_hz > 0) {
			double ghz = (double)cpu_hz / 1e9;
			v1 = legacy_f2i((double)v1 * (double)p->period / ghz);
		}
		v2 = (int64_t)((uint64_t)v2 * (uint64_t)p->period);
	}
	if (legacy_hex_addresses(m[3], line, addrs))
		return LEGACY_ERROR;
	struct profile_sample *s = add_sample(p, locs, addrs, true);
	s->value[0] = v2;
	s->value[1] = v1;
	return LEGACY_OK;
}

/* One "key = value" header line. LEGACY_UNRECOGNIZED for keys that only
 * Java profiles (or nobody) use. */
static int contention_attr(struct profile *p, struct lstr key, struct lstr val,
			   int64_t *cpu_hz)
{
	int64_t v;

	if (lstr_eq(key, "cycles/second")) {
		if (legacy_parse_int(val, 0, cpu_hz, NULL))
			return LEGACY_UNRECOGNIZED;
	} else if (lstr_eq(key, "sampling period")) {
		if (legacy_parse_int(val, 0, &p->period, NULL))
			return LEGACY_UNRECOGNIZED;
	} else if (lstr_eq(key, "ms since reset")) {
		if (legacy_parse_int(val, 0, &v, NULL))
			return LEGACY_UNRECOGNIZED;
		p->duration_nanos = (int64_t)((uint64_t)v * 1000 * 1000);
	} else if (!lstr_eq(key, "discarded samples")) {
		return LEGACY_UNRECOGNIZED;
	}
	return LEGACY_OK;
}

int legacy_parse_contention(const uint8_t *data, size_t len,
			    struct profile **out)
{
	struct lscan s;
	struct profile *p = NULL;
	struct loctab locs;
	struct addrbuf addrs = { 0 };
	int64_t cpu_hz = 0;
	int r;

	lscan_init(&s, data, len);
	if (!lscan_next(&s))
		return lscan_err(&s) ? LEGACY_ERROR : LEGACY_UNRECOGNIZED;
	if (!lstr_has_prefix(s.text, "--- contentionz ") &&
	    !lstr_has_prefix(s.text, "--- mutex:") &&
	    !lstr_has_prefix(s.text, "--- contention:"))
		return LEGACY_UNRECOGNIZED;

	p = profile_new();
	loctab_init(&locs, p);
	set_types(p, "contentions", "count");
	p->period = 1;
	profile_add_sample_type(p, "contentions", "count");
	profile_add_sample_type(p, "delay", "nanoseconds");

	while (lscan_next(&s)) {
		struct lstr line = lstr_trim(s.text);
		if (legacy_space_or_comment(line))
			continue;
		if (lstr_has_prefix(line, "---"))
			break;
		const char *eq = memchr(line.s, '=', line.n);
		if (!eq)
			break;
		struct lstr key = { line.s, (size_t)(eq - line.s) };
		struct lstr val = { eq + 1, line.n - key.n - 1 };
		r = contention_attr(p, lstr_trim(key), lstr_trim(val), &cpu_hz);
		if (r)
			goto fail;
	}
	r = lscan_err(&s);
	if (r)
		goto fail;

	/* the line that ended the attributes is the first sample */
	for (;;) {
		struct lstr line = lstr_trim(s.text);
		if (lstr_has_prefix(line, "---"))
			break;
		if (!legacy_space_or_comment(line)) {
			r = contention_sample(p, &locs, &addrs, line, cpu_hz);
			if (r)
				goto fail;
		}
		if (!lscan_next(&s))
			break;
	}
	r = lscan_err(&s);
	if (r)
		goto fail;
	r = legacy_additional_sections(p, &s);
	if (r)
		goto fail;
	loctab_release(&locs);
	addrbuf_release(&addrs);
	*out = p;
	return LEGACY_OK;
fail:
	loctab_release(&locs);
	addrbuf_release(&addrs);
	profile_free(p);
	return r;
}
