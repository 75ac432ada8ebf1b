#include "cmd/pipeline/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/pipeline/commands.h"
#include "lib/decode/source.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"

void config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->output = "";
	cfg->unit = "minimum";
	cfg->source_path = "";
	cfg->trim_path = "";
	cfg->sample_index = "";
	cfg->divide_by = 1.0;
	cfg->sort = "flat";
	cfg->tagroot = cfg->tagleaf = "";
	cfg->nodecount = -1;
	cfg->nodefraction = 0.005;
	cfg->edgefraction = 0.001;
	cfg->trim = true;
	cfg->focus = cfg->ignore = cfg->prune_from = "";
	cfg->hide = cfg->show = cfg->show_from = "";
	cfg->tagfocus = cfg->tagignore = cfg->tagshow = cfg->taghide = "";
	cfg->granularity = "functions";
	cfg->build_id = "";
	cfg->seconds = -1;
	cfg->timeout = -1;
	cfg->symbolize = "";
	cfg->http = "";
	cfg->add_comment = "";
	const char *tools = getenv("PPROF_TOOLS");
	cfg->tools = tools ? tools : "";
	cfg->tls_cert = cfg->tls_key = cfg->tls_ca = "";
}

void config_release(struct config *cfg)
{
	flag_list_release(&cfg->base);
	flag_list_release(&cfg->diff_base_list);
	free(cfg->sources);
	cfg->sources = NULL;
}

static bool read_at(FILE *f, uint32_t off, void *buf, size_t len)
{
	return !fseek(f, (long)off, SEEK_SET) && fread(buf, 1, len, f) == len;
}

static uint32_t le16(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8;
}

static uint32_t le32(const unsigned char *b)
{
	return le16(b) | le16(b + 2) << 16;
}

/* Go's debug/pe (which go tool pprof's object opener tries) also takes a
 * bare COFF file: 96 bytes or more whose header names machine 0 (unknown)
 * or a known one, and whose string table, symbols, optional header and
 * section headers can be read. A legacy CPU profile, starting with zero
 * words, passes, so pprof takes one given first as the executable. */
static bool is_coff(FILE *f)
{
	unsigned char h[96], b[4];
	if (!read_at(f, 0, h, sizeof(h)))
		return false;
	uint32_t machine = le16(h), nsect = le16(h + 2), symtab = le32(h + 8),
		 nsym = le32(h + 12), optsize = le16(h + 16);
	if (machine != 0 && machine != 0x14c && machine != 0x8664 &&
	    machine != 0x1c4 && machine != 0xaa64)
		return false;
	if (symtab) {
		/* 32-bit arithmetic, as Go's uint32 fields wrap */
		if (!read_at(f, symtab + 18 * nsym, b, 4))
			return false;
		uint32_t len = le32(b);
		if (len > 4 && (!read_at(f, symtab + 18 * nsym + len - 1, b, 1)))
			return false;
		if (nsym && !read_at(f, symtab + 18 * nsym - 1, b, 1))
			return false;
	}
	if (optsize) {
		if (optsize < 2 || !read_at(f, 20, b, 2) ||
		    (le16(b) != 0x10b && le16(b) != 0x20b) ||
		    !read_at(f, 20 + optsize - 1, b, 1))
			return false;
	}
	if (nsect && !read_at(f, 20 + optsize + 40 * nsect - 1, b, 1))
		return false;
	return true;
}

/* Whether path opens as an object file for pprof's binutils: ELF, Mach-O
 * (thin or fat) or PE, judged by the magic number. */
static bool is_object_file(const char *path)
{
	unsigned char h[4];
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	size_t n = fread(h, 1, sizeof(h), f);
	bool coff = is_coff(f);
	fclose(f);
	if (coff || (n >= 2 && h[0] == 'M' && h[1] == 'Z'))
		return true;
	if (n < 4)
		return false;
	if (!memcmp(h, "\x7f" "ELF", 4))
		return true;
	unsigned long be = (unsigned long)h[0] << 24 | (unsigned long)h[1] << 16 |
			   (unsigned long)h[2] << 8 | h[3];
	unsigned long le = (unsigned long)h[3] << 24 | (unsigned long)h[2] << 16 |
			   (unsigned long)h[1] << 8 | h[0];
	return be == 0xfeedface || be == 0xfeedfacf || le == 0xfeedface ||
	       le == 0xfeedfacf || be == 0xcafebabe;
}

/* pprof's isBuildID: nothing but hex digits (the empty string too). */
static bool is_build_id(const char *s)
{
	return s[strspn(s, "0123456789abcdefABCDEF")] == '\0';
}

static const char *granularities[] = { "functions", "filefunctions", "files",
					 "lines", "addresses" };
#define NGRAN 5

/* Everything that is parsed before it is applied to cfg. */
struct pending {
	bool gran[NGRAN];
	bool cum, flat;
	bool inuse_space, inuse_objects, alloc_space, alloc_objects;
	bool total_delay, contentions, mean_delay;
	bool cmd_bool[64];
	const char *cmd_param[64];
};

static const char usage_hdr[] =
	"usage:\n"
	"\n"
	"Produce output in the specified format.\n"
	"\n"
	"   cprof <format> [options] [binary] <source> ...\n"
	"\n"
	"Details:\n";

static void usage(FILE *f)
{
	fputs(usage_hdr, f);
	fputs("  Output formats (select at most one):\n", f);
	for (int i = 0; i < ncommands; i++)
		fprintf(f, "    %-20s %s\n", commands[i].name,
			commands[i].description);
	fputs("\n  Options:\n"
	      "    -call_tree -compact_labels -cum -divide_by -drop_negative\n"
	      "    -edgefraction -flat -focus -hide -ignore -intel_syntax -mean\n"
	      "    -nodecount -nodefraction -noinlines -normalize -output\n"
	      "    -prune_from -relative_percentages -sample_index -show\n"
	      "    -show_from -source_path -tagfocus -taghide -tagignore\n"
	      "    -tagleaf -tagroot -tagshow -trim -trim_path -unit\n"
	      "    -functions -filefunctions -files -lines -addresses\n"
	      "\n  Source options:\n"
	      "    -seconds -timeout -buildid -add_comment -diff_base -base\n"
	      "    -symbolize=none|local|fastlocal|remote|force\n"
	      "    -tls_cert -tls_key -tls_ca -max_decompressed\n"
	      "\n  Legacy convenience options:\n"
	      "    -inuse_space -inuse_objects -alloc_space -alloc_objects\n"
	      "    -total_delay -contentions -mean_delay\n", f);
}

int config_parse(struct config *cfg, int argc, char **argv)
{
	struct pending pd;
	struct flag table[160];
	size_t n = 0;
	struct strbuf err = STRBUF_INIT;
	int first, ret = 2;
	double max_decompressed = 0;

	memset(&pd, 0, sizeof(pd));
#define F(nm, kind, p) table[n++] = (struct flag){ nm, kind, p, NULL, false }
	F("output", FLAG_STRING, &cfg->output);
	F("o", FLAG_STRING, &cfg->output);
	F("call_tree", FLAG_BOOL, &cfg->call_tree);
	F("relative_percentages", FLAG_BOOL, &cfg->relative_percentages);
	F("unit", FLAG_STRING, &cfg->unit);
	F("compact_labels", FLAG_BOOL, &cfg->compact_labels);
	F("source_path", FLAG_STRING, &cfg->source_path);
	F("trim_path", FLAG_STRING, &cfg->trim_path);
	F("intel_syntax", FLAG_BOOL, &cfg->intel_syntax);
	F("mean", FLAG_BOOL, &cfg->mean);
	F("sample_index", FLAG_STRING, &cfg->sample_index);
	F("divide_by", FLAG_FLOAT, &cfg->divide_by);
	F("normalize", FLAG_BOOL, &cfg->normalize);
	F("tagroot", FLAG_STRING, &cfg->tagroot);
	F("tagleaf", FLAG_STRING, &cfg->tagleaf);
	F("drop_negative", FLAG_BOOL, &cfg->drop_negative);
	F("nodecount", FLAG_INT, &cfg->nodecount);
	F("nodefraction", FLAG_FLOAT, &cfg->nodefraction);
	F("edgefraction", FLAG_FLOAT, &cfg->edgefraction);
	F("trim", FLAG_BOOL, &cfg->trim);
	F("focus", FLAG_STRING, &cfg->focus);
	F("ignore", FLAG_STRING, &cfg->ignore);
	F("prune_from", FLAG_STRING, &cfg->prune_from);
	F("hide", FLAG_STRING, &cfg->hide);
	F("show", FLAG_STRING, &cfg->show);
	F("show_from", FLAG_STRING, &cfg->show_from);
	F("tagfocus", FLAG_STRING, &cfg->tagfocus);
	F("tagignore", FLAG_STRING, &cfg->tagignore);
	F("tagshow", FLAG_STRING, &cfg->tagshow);
	F("taghide", FLAG_STRING, &cfg->taghide);
	F("noinlines", FLAG_BOOL, &cfg->noinlines);
	for (int i = 0; i < NGRAN; i++)
		F(granularities[i], FLAG_BOOL, &pd.gran[i]);
	F("cum", FLAG_BOOL, &pd.cum);
	F("flat", FLAG_BOOL, &pd.flat);
	F("inuse_space", FLAG_BOOL, &pd.inuse_space);
	F("inuse_objects", FLAG_BOOL, &pd.inuse_objects);
	F("alloc_space", FLAG_BOOL, &pd.alloc_space);
	F("alloc_objects", FLAG_BOOL, &pd.alloc_objects);
	F("total_delay", FLAG_BOOL, &pd.total_delay);
	F("contentions", FLAG_BOOL, &pd.contentions);
	F("mean_delay", FLAG_BOOL, &pd.mean_delay);
	F("diff_base", FLAG_LIST, &cfg->diff_base_list);
	F("base", FLAG_LIST, &cfg->base);
	F("symbolize", FLAG_STRING, &cfg->symbolize);
	F("buildid", FLAG_STRING, &cfg->build_id);
	F("timeout", FLAG_INT, &cfg->timeout);
	F("add_comment", FLAG_STRING, &cfg->add_comment);
	F("seconds", FLAG_INT, &cfg->seconds);
	F("tools", FLAG_STRING, &cfg->tools);
	F("http", FLAG_STRING, &cfg->http);
	F("no_browser", FLAG_BOOL, &cfg->no_browser);
	F("tls_cert", FLAG_STRING, &cfg->tls_cert);
	F("tls_key", FLAG_STRING, &cfg->tls_key);
	F("tls_ca", FLAG_STRING, &cfg->tls_ca);
	F("max_decompressed", FLAG_FLOAT, &max_decompressed);
	size_t cmd_base = n;
	for (int i = 0; i < ncommands; i++) {
		if (commands[i].has_param)
			F(commands[i].name, FLAG_STRING, &pd.cmd_param[i]);
		else
			F(commands[i].name, FLAG_BOOL, &pd.cmd_bool[i]);
	}
#undef F
	(void)cmd_base;

	int r = flags_parse(table, n, argc, argv, &first, &err);
	if (r == 1) {
		usage(stdout);
		ret = 1;
		goto out;
	}
	if (r < 0) {
		fprintf(stderr, "%s\n", err.buf);
		usage(stderr);
		goto out;
	}
	if (first >= argc) {
		fprintf(stderr, "cprof: no profile source specified\n");
		usage(stderr);
		goto out;
	}

	/* granularity and sort are choices among several boolean flags */
	int nset = 0;
	for (int i = 0; i < NGRAN; i++)
		if (pd.gran[i]) {
			cfg->granularity = granularities[i];
			nset++;
		}
	if (nset > 1) {
		fprintf(stderr, "cprof: conflicting options set: granularity\n");
		goto out;
	}
	if (pd.cum && pd.flat) {
		fprintf(stderr, "cprof: conflicting options set: [cum flat]\n");
		goto out;
	}
	if (pd.cum)
		cfg->sort = "cum";
	if (pd.flat)
		cfg->sort = "flat";

	for (int i = 0; i < ncommands; i++) {
		bool on = commands[i].has_param ?
			(pd.cmd_param[i] && *pd.cmd_param[i]) : pd.cmd_bool[i];
		if (!on)
			continue;
		if (cfg->cmd) {
			fprintf(stderr, "cprof: must set at most one output format\n");
			goto out;
		}
		cfg->cmd = &commands[i];
		cfg->cmd_arg = commands[i].has_param ? pd.cmd_param[i] : NULL;
	}
	if (cfg->cmd && *cfg->http) {
		fprintf(stderr, "cprof: -http is not compatible with an output "
				"format on the command line\n");
		goto out;
	}
	if (cfg->no_browser && !*cfg->http) {
		fprintf(stderr, "cprof: -no_browser only makes sense with -http\n");
		goto out;
	}

	/* the legacy shortcuts pick a sample index unless one is set */
	struct {
		bool on;
		const char *type, *option;
	} si[] = {
		{ pd.total_delay, "delay", "-total_delay" },
		{ pd.mean_delay, "delay", "-mean_delay" },
		{ pd.contentions, "contentions", "-contentions" },
		{ pd.inuse_space, "inuse_space", "-inuse_space" },
		{ pd.inuse_objects, "inuse_objects", "-inuse_objects" },
		{ pd.alloc_space, "alloc_space", "-alloc_space" },
		{ pd.alloc_objects, "alloc_objects", "-alloc_objects" },
	};
	for (size_t i = 0; i < sizeof(si) / sizeof(si[0]); i++) {
		if (!si[i].on)
			continue;
		if (!*cfg->sample_index)
			cfg->sample_index = si[i].type;
		else
			fprintf(stderr, "Multiple value selections, ignoring %s\n",
				si[i].option);
	}
	if (pd.mean_delay)
		cfg->mean = true;

	if (cfg->base.n && cfg->diff_base_list.n) {
		fprintf(stderr, "cprof: -base and -diff_base flags cannot both be specified\n");
		goto out;
	}
	if (cfg->diff_base_list.n) {
		flag_list_release(&cfg->base);
		cfg->base = cfg->diff_base_list;
		memset(&cfg->diff_base_list, 0, sizeof(cfg->diff_base_list));
		cfg->diff_base = true;
	}
	if (cfg->normalize && !cfg->base.n) {
		fprintf(stderr, "cprof: must have base profile to normalize by\n");
		goto out;
	}
	/* 1e30 does not fit in uint64_t; converting it would be undefined */
	if (max_decompressed >= 0x1p64)
		source_max_decompressed = UINT64_MAX;
	else if (max_decompressed > 0)
		source_max_decompressed = (uint64_t)max_decompressed;

	/* With several arguments, a first one that is an object file is the
	 * executable, else a hex string is the build id (pprof's rule). */
	if (argc - first > 1) {
		if (is_object_file(argv[first])) {
			cfg->exec_name = argv[first++];
		} else if (!*cfg->build_id && is_build_id(argv[first])) {
			cfg->build_id = argv[first++];
		}
	}
	cfg->nsources = argc - first;
	cfg->sources = xcalloc((size_t)cfg->nsources, sizeof(*cfg->sources));
	for (int i = 0; i < cfg->nsources; i++)
		cfg->sources[i] = argv[first + i];
	ret = 0;
out:
	strbuf_release(&err);
	return ret;
}
