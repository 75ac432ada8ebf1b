/* Unit tests for the settings table and Go's parsers under it. Expected
 * values are Go 1.23's (strconv.Atoi, ParseInt base 0, ParseFloat,
 * ParseBool, Quote) and pprof 1.23's (stringToBool, config.set's messages,
 * the urlparam map), worked out from their documentation and checked
 * against a Go program once; nothing is compared with cprof's own output. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "cmd/pipeline/cli.h"
#include "cmd/pipeline/config.h"
#include "cmd/pipeline/settings.h"
#include "lib/base/error.h"
#include "lib/base/strbuf.h"
#include "lib/gocompat/gofmt.h"
#include "lib/gocompat/goparse.h"

static int64_t iv;
static double fv;

static int atoi_rc(const char *s)
{
	return goparse_int(s, 10, &iv);
}

static int int0_rc(const char *s)
{
	return goparse_int(s, 0, &iv);
}

static int float_rc(const char *s)
{
	return goparse_float(s, &fv);
}

static const char *quote(const char *s)
{
	static struct strbuf sb = STRBUF_INIT;
	strbuf_reset(&sb);
	gofmt_quote(&sb, s);
	return sb.buf;
}

/* settings_set on a fresh config: "" on success, else the error text. */
static const char *set(struct config *cfg, const char *name, const char *v)
{
	const struct setting *s = settings_find(name, false);
	if (!s)
		return "(no such setting)";
	error_clear();
	return settings_set(cfg, s, v) ? error_get() : "";
}

static const char *get(const struct config *cfg, const char *name)
{
	static struct strbuf sb = STRBUF_INIT;
	strbuf_reset(&sb);
	settings_get(cfg, settings_find(name, false), &sb);
	return sb.buf;
}

static void test_atoi(void)
{
	CHECK(atoi_rc("+5") == GOPARSE_OK && iv == 5);
	CHECK(atoi_rc("-0") == GOPARSE_OK && iv == 0);
	CHECK(atoi_rc("08") == GOPARSE_OK && iv == 8);
	CHECK(atoi_rc("-9223372036854775808") == GOPARSE_OK && iv == INT64_MIN);
	CHECK(atoi_rc("9223372036854775807") == GOPARSE_OK && iv == INT64_MAX);
	CHECK(atoi_rc("9223372036854775808") == GOPARSE_RANGE && iv == INT64_MAX);
	CHECK(atoi_rc("-99999999999999999999") == GOPARSE_RANGE && iv == INT64_MIN);
	/* base 10 only: no prefixes, underscores, blanks or lone signs */
	CHECK(atoi_rc("0x10") == GOPARSE_SYNTAX);
	CHECK(atoi_rc("1_000") == GOPARSE_SYNTAX);
	CHECK(atoi_rc(" 5") == GOPARSE_SYNTAX);
	CHECK(atoi_rc("5 ") == GOPARSE_SYNTAX);
	CHECK(atoi_rc("") == GOPARSE_SYNTAX);
	CHECK(atoi_rc("+") == GOPARSE_SYNTAX);
	CHECK(atoi_rc("--5") == GOPARSE_SYNTAX);
}

static void test_int_base0(void)
{
	/* the flag package's ints: Go literal syntax */
	CHECK(int0_rc("0x10") == GOPARSE_OK && iv == 16);
	CHECK(int0_rc("-0X1f") == GOPARSE_OK && iv == -31);
	CHECK(int0_rc("0o17") == GOPARSE_OK && iv == 15);
	CHECK(int0_rc("017") == GOPARSE_OK && iv == 15);
	CHECK(int0_rc("0b101") == GOPARSE_OK && iv == 5);
	CHECK(int0_rc("0") == GOPARSE_OK && iv == 0);
	CHECK(int0_rc("1_000") == GOPARSE_OK && iv == 1000);
	CHECK(int0_rc("0x_10") == GOPARSE_OK && iv == 16);
	CHECK(int0_rc("08") == GOPARSE_SYNTAX);
	CHECK(int0_rc("0x") == GOPARSE_SYNTAX);
	CHECK(int0_rc("1__0") == GOPARSE_SYNTAX);
	CHECK(int0_rc("_1") == GOPARSE_SYNTAX);
	CHECK(int0_rc("1_") == GOPARSE_SYNTAX);
	CHECK(int0_rc("0b2") == GOPARSE_SYNTAX);
	CHECK(int0_rc("0x8000000000000000") == GOPARSE_RANGE);
	CHECK(int0_rc("-0x8000000000000000") == GOPARSE_OK && iv == INT64_MIN);
}

static void test_float(void)
{
	CHECK(float_rc("1.5") == GOPARSE_OK && fv == 1.5);
	CHECK(float_rc(".5") == GOPARSE_OK && fv == 0.5);
	CHECK(float_rc("5.") == GOPARSE_OK && fv == 5);
	CHECK(float_rc("-2e3") == GOPARSE_OK && fv == -2000);
	CHECK(float_rc("1_000.5") == GOPARSE_OK && fv == 1000.5);
	CHECK(float_rc("0x1p4") == GOPARSE_OK && fv == 16);
	CHECK(float_rc("0x_1p0") == GOPARSE_OK && fv == 1);
	CHECK(float_rc("inf") == GOPARSE_OK && isinf(fv) && fv > 0);
	CHECK(float_rc("-Infinity") == GOPARSE_OK && isinf(fv) && fv < 0);
	CHECK(float_rc("NaN") == GOPARSE_OK && isnan(fv));
	/* overflow is a range error with the infinity; underflow is 0 */
	CHECK(float_rc("1e400") == GOPARSE_RANGE && isinf(fv) && fv > 0);
	CHECK(float_rc("-1e400") == GOPARSE_RANGE && isinf(fv) && fv < 0);
	CHECK(float_rc("1e-400") == GOPARSE_OK && fv == 0);
	/* what C's strtod takes and Go does not */
	CHECK(float_rc("0x10") == GOPARSE_SYNTAX);
	CHECK(float_rc("nan(1)") == GOPARSE_SYNTAX);
	CHECK(float_rc(" 1") == GOPARSE_SYNTAX);
	CHECK(float_rc("infinit") == GOPARSE_SYNTAX);
	CHECK(float_rc("1.5e") == GOPARSE_SYNTAX);
	CHECK(float_rc("1e+") == GOPARSE_SYNTAX);
	CHECK(float_rc("+.e1") == GOPARSE_SYNTAX);
	CHECK(float_rc("") == GOPARSE_SYNTAX);
	CHECK(float_rc("1__0") == GOPARSE_SYNTAX);
}

static void test_bools(void)
{
	bool b = false;
	/* strconv.ParseBool */
	CHECK(!goparse_bool("True", &b) && b);
	CHECK(!goparse_bool("F", &b) && !b);
	CHECK(goparse_bool("yes", &b) == GOPARSE_SYNTAX);
	CHECK(goparse_bool("tRUE", &b) == GOPARSE_SYNTAX);
	CHECK(goparse_bool("", &b) == GOPARSE_SYNTAX);
	/* pprof's stringToBool */
	b = false;
	CHECK(!goparse_lenient_bool("", &b) && b);
	b = false;
	CHECK(!goparse_lenient_bool("yes", &b) && b);
	CHECK(!goparse_lenient_bool("Y", &b) && b);
	CHECK(!goparse_lenient_bool("tRuE", &b) && b);
	CHECK(!goparse_lenient_bool("No", &b) && !b);
	CHECK(!goparse_lenient_bool("0", &b) && !b);
	CHECK(goparse_lenient_bool("2", &b) == GOPARSE_SYNTAX);
	CHECK(goparse_lenient_bool("on", &b) == GOPARSE_SYNTAX);
}

static void test_quote(void)
{
	CHECK_STR(quote("a\"\\\x01\x7f\t"), "\"a\\\"\\\\\\x01\\x7f\\t\"");
	CHECK_STR(quote("\xc3\xa9"), "\"\xc3\xa9\"");  /* é stays */
	CHECK_STR(quote("\xff"), "\"\\xff\"");         /* not UTF-8 */
	CHECK_STR(quote("\xc2\xa0"), "\"\\u00a0\"");   /* no-break space */
	CHECK_STR(quote("\xc2\x85"), "\"\\u0085\"");   /* C1 control */
	CHECK_STR(quote("\xc0\x80"), "\"\\xc0\\x80\""); /* overlong */
}

static void test_set_get(void)
{
	struct config cfg;
	config_init(&cfg);
	CHECK_STR(set(&cfg, "nodecount", "+5"), "");
	CHECK(cfg.nodecount == 5);
	CHECK_STR(get(&cfg, "nodecount"), "5");
	CHECK_STR(set(&cfg, "nodecount", "0x10"),
		  "strconv.Atoi: parsing \"0x10\": invalid syntax");
	CHECK_STR(set(&cfg, "nodecount", "99999999999999999999"),
		  "strconv.Atoi: parsing \"99999999999999999999\": value out of range");
	CHECK(cfg.nodecount == 5);
	CHECK_STR(set(&cfg, "nodefraction", "1e400"),
		  "strconv.ParseFloat: parsing \"1e400\": value out of range");
	CHECK_STR(set(&cfg, "nodefraction", "x"),
		  "strconv.ParseFloat: parsing \"x\": invalid syntax");
	CHECK_STR(set(&cfg, "nodefraction", "0.25"), "");
	CHECK_STR(get(&cfg, "nodefraction"), "0.25");
	CHECK_STR(get(&cfg, "edgefraction"), "0.001");
	CHECK_STR(get(&cfg, "divide_by"), "1");
	cfg.trim = false;
	CHECK_STR(set(&cfg, "trim", ""), "");
	CHECK(cfg.trim);
	CHECK_STR(set(&cfg, "trim", "no"), "");
	CHECK(!cfg.trim);
	CHECK_STR(get(&cfg, "trim"), "false");
	CHECK_STR(set(&cfg, "trim", "2"), "illegal value \"2\" for bool variable");
	CHECK_STR(set(&cfg, "granularity", "x"),
		  "invalid \"granularity\" value \"x\"");
	CHECK_STR(set(&cfg, "sort", "Cum"), "invalid \"sort\" value \"Cum\"");
	CHECK_STR(set(&cfg, "granularity", "lines"), "");
	CHECK_STR(cfg.granularity, "lines");
	CHECK_STR(set(&cfg, "focus", "main\\.x"), "");
	CHECK_STR(get(&cfg, "focus"), "main\\.x");
	config_release(&cfg);
}

static void test_lookup(void)
{
	const char *choice;
	/* flags know aliases; the shell knows report settings only */
	CHECK(settings_find("o", true) == settings_find("output", false));
	CHECK(settings_find("o", false) == NULL);
	CHECK(settings_find("http", true) != NULL);
	CHECK(settings_find("http", false) == NULL);
	CHECK(settings_find_report("cum", &choice) == settings_find("sort", false));
	CHECK_STR(choice, "cum");
	CHECK(settings_find_report("addresses", &choice) ==
	      settings_find("granularity", false));
	CHECK(settings_find_report("focus", &choice) && choice == NULL);
	CHECK(settings_find_report("inuse_space", &choice) == NULL);
	/* pprof 1.23's urlparam map */
	static const char *const url[][2] = {
		{ "dropneg", "drop_negative" }, { "calltree", "call_tree" },
		{ "rel", "relative_percentages" }, { "unit", "unit" },
		{ "compact", "compact_labels" }, { "intel", "intel_syntax" },
		{ "n", "nodecount" }, { "nf", "nodefraction" },
		{ "ef", "edgefraction" }, { "trim", "trim" }, { "f", "focus" },
		{ "i", "ignore" }, { "prunefrom", "prune_from" }, { "h", "hide" },
		{ "s", "show" }, { "sf", "show_from" }, { "tf", "tagfocus" },
		{ "ti", "tagignore" }, { "ts", "tagshow" }, { "th", "taghide" },
		{ "mean", "mean" }, { "si", "sample_index" },
		{ "norm", "normalize" }, { "sort", "sort" },
		{ "g", "granularity" }, { "noinlines", "noinlines" },
		{ "showcolumns", "showcolumns" }, /* pprof 1.23 */
	};
	size_t nurl = 0;
	for (size_t i = 0; i < sizeof(url) / sizeof(url[0]); i++) {
		const struct setting *s = settings_find_url(url[i][0]);
		CHECK(s && !strcmp(s->name, url[i][1]));
	}
	for (size_t i = 0; i < nsettings; i++)
		nurl += settings[i].url != NULL;
	CHECK(nurl == sizeof(url) / sizeof(url[0]));
	/* pprof's json "-" fields are the ones not saved */
	CHECK(!settings_find("sample_index", false)->saved);
	CHECK(!settings_find("output", false)->saved);
	CHECK(!settings_find("divide_by", false)->saved);
	CHECK(settings_find("granularity", false)->saved);
	CHECK(settings_find("tagroot", false)->saved);
}

/* The command line through the table: Go's flag words and pprof's rules. */
static void test_cli(void)
{
	struct config cfg;
	FILE *saved = stderr;
	stderr = fopen("/dev/null", "w");
	char *a1[] = { "cprof", "-o", "out.txt", "-nodecount=0x10", "-cum",
		       "-lines", "-divide_by", "2.5", "-inuse_space", "p.pb", NULL };
	config_init(&cfg);
	CHECK(cli_parse(&cfg, 10, a1) == 0);
	CHECK_STR(cfg.output, "out.txt");
	CHECK(cfg.nodecount == 16);
	CHECK_STR(cfg.sort, "cum");
	CHECK_STR(cfg.granularity, "lines");
	CHECK(cfg.divide_by == 2.5);
	CHECK_STR(cfg.sample_index, "inuse_space");
	CHECK(cfg.nsources == 1);
	config_release(&cfg);

	char *a2[] = { "cprof", "-files", "-lines", "p.pb", NULL };
	config_init(&cfg);
	CHECK(cli_parse(&cfg, 4, a2) == 2);
	config_release(&cfg);
	char *a3[] = { "cprof", "-trim=yes", "p.pb", NULL }; /* ParseBool */
	config_init(&cfg);
	CHECK(cli_parse(&cfg, 3, a3) == 2);
	config_release(&cfg);
	fclose(stderr);
	stderr = saved;
}

int main(void)
{
	test_atoi();
	test_int_base0();
	test_float();
	test_bools();
	test_quote();
	test_set_get();
	test_lookup();
	test_cli();
	return check_report();
}
