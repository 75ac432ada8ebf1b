/* disasm: capstone decodes each matching symbol's bytes in-process (pprof
 * runs objdump); samples are placed with the symbolizer's own load bias
 * so that they land on the instructions -top counted. */
#include "report/disasm.h"

#include <capstone/capstone.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/error.h"
#include "lib/graph/graph.h"
#include "report/graphbuild.h"
#include "lib/model/profile.h"
#include "lib/gocompat/regex.h"
#include "report/report.h"
#include "lib/base/strbuf.h"
#include "symbolize/object.h"
#include "symbolize/symbolize.h"
#include "lib/gocompat/units.h"
#include "lib/base/wrap.h"
#include "lib/base/xalloc.h"

/* A graph node with its address in its binary (ELF address). */
struct item {
	struct graph_node *n;
	const char *objfile;
	uint64_t objaddr;
	bool ok; /* objaddr could be worked out */
	size_t seq;
};

/* A matching symbol of one binary, with the nodes that fall in it. */
struct sym {
	const struct symbolize_symbol *s;
	struct symbolize_object *obj;
	const char *file;
	size_t order; /* discovery order, the last tie-break */
	struct item *items; /* by address */
	size_t nitems;
};

/* An instruction with what pprof's annotateAssembly adds to it. */
struct insn {
	uint64_t addr;
	char *text;
	const char *function, *file; /* "" when unknown */
	int line;
	int64_t flat, flat_div, cum, cum_div;
};

/* strconv.ParseUint(s, 0, 64) without digit separators: 0x, 0b, 0o and
 * 0 prefixes, else decimal. */
static bool parse_address(const char *s, uint64_t *out)
{
	int base = 10;
	if (!s || !*s)
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		base = 2;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
		base = 8;
		s += 2;
	} else if (s[0] == '0' && s[1]) {
		base = 8;
		s++;
	}
	if (!*s)
		return false;
	uint64_t v = 0;
	for (; *s; s++) {
		int d;
		if (isdigit((unsigned char)*s))
			d = *s - '0';
		else if (isxdigit((unsigned char)*s))
			d = tolower((unsigned char)*s) - 'a' + 10;
		else
			return false;
		if (d >= base || v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return true;
}

/* By binary, then address: each symbol's nodes end up side by side. */
static int cmp_item_addr(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	if (x->ok != y->ok)
		return x->ok ? -1 : 1;
	int c = strcmp(x->objfile, y->objfile);
	if (c)
		return c;
	if (x->objaddr != y->objaddr)
		return x->objaddr < y->objaddr ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	int c = strcmp(x->s->name, y->s->name);
	if (c)
		return c;
	if (x->s->start != y->s->start)
		return x->s->start < y->s->start ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* A direct x86 jump or call: its operand is the target address alone. */
static bool direct_target(const cs_insn *ci, uint64_t *target)
{
	const char *m = ci->mnemonic, *op = ci->op_str;
	if (m[0] != 'j' && strncmp(m, "call", 4))
		return false;
	if (op[0] != '0' || op[1] != 'x' || !op[2])
		return false;
	for (const char *p = op + 2; *p; p++)
		if (!isxdigit((unsigned char)*p))
			return false;
	*target = strtoull(op + 2, NULL, 16);
	return true;
}

/* objdump's spacing: the mnemonic padded to six columns, no blank after
 * an operand comma, and direct branch targets as "ADDR <sym+0xOFF>". */
static char *insn_text(struct symbolize_object *o, bool x86,
		       const cs_insn *ci)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t target, off;
	strbuf_adds(&sb, ci->mnemonic);
	if (!ci->op_str[0])
		return strbuf_detach(&sb, NULL);
	if (sb.len < 6)
		strbuf_addchars(&sb, ' ', 6 - sb.len);
	strbuf_addch(&sb, ' ');
	if (x86 && direct_target(ci, &target)) {
		strbuf_addf(&sb, "%" PRIx64, target);
		const char *name = symbolize_object_symbol_at(o, target, &off);
		if (name && off)
			strbuf_addf(&sb, " <%s+%#" PRIx64 ">", name, off);
		else if (name)
			strbuf_addf(&sb, " <%s>", name);
		return strbuf_detach(&sb, NULL);
	}
	for (const char *p = ci->op_str; *p; p++) {
		strbuf_addch(&sb, *p);
		if (*p == ',' && p[1] == ' ')
			p++;
	}
	return strbuf_detach(&sb, NULL);
}

static bool open_capstone(struct symbolize_object *o, bool intel, csh *cs)
{
	cs_arch arch;
	cs_mode mode;
	switch (symbolize_object_arch(o)) {
	case SYMBOLIZE_ARCH_X86_64:
		arch = CS_ARCH_X86;
		mode = CS_MODE_64;
		break;
	case SYMBOLIZE_ARCH_X86:
		arch = CS_ARCH_X86;
		mode = CS_MODE_32;
		break;
	case SYMBOLIZE_ARCH_ARM64:
		arch = CS_ARCH_ARM64;
		mode = CS_MODE_ARM;
		break;
	case SYMBOLIZE_ARCH_ARM:
		arch = CS_ARCH_ARM;
		mode = CS_MODE_ARM;
		break;
	default:
		error_set("cannot disassemble: unsupported architecture");
		return false;
	}
	cs_err e = cs_open(arch, mode, cs);
	if (e != CS_ERR_OK) {
		error_set("capstone: %s", cs_strerror(e));
		return false;
	}
	if (arch == CS_ARCH_X86)
		cs_option(*cs, CS_OPT_SYNTAX,
			  intel ? CS_OPT_SYNTAX_INTEL : CS_OPT_SYNTAX_ATT);
	return true;
}

/* An owned copy of s for an insn's function or file, or the static "" that
 * free_insns skips: an empty string is never allocated. */
static const char *own(const char *s)
{
	return *s ? xstrdup(s) : "";
}

/* The instructions of [start, end), each with its innermost source frame.
 * Bytes capstone cannot decode become one-byte "(bad)", as in objdump. */
static int decode(struct symbolize_object *o, bool intel, uint64_t start,
		  uint64_t end, struct insn **out, size_t *nout)
{
	size_t len = 0, n = 0, alloc = 0;
	const unsigned char *code = symbolize_object_code(o, start, end, &len);
	struct insn *v = NULL;
	csh cs;
	if (!code)
		return error_set("no code for %#" PRIx64 "-%#" PRIx64, start, end);
	if (!open_capstone(o, intel, &cs))
		return -1;
	enum symbolize_arch arch = symbolize_object_arch(o);
	bool x86 = arch == SYMBOLIZE_ARCH_X86_64 || arch == SYMBOLIZE_ARCH_X86;
	cs_insn *ci = cs_malloc(cs);
	const uint8_t *p = code;
	size_t left = len;
	uint64_t addr = start;
	while (left) {
		ALLOC_GROW(v, n + 1, alloc);
		struct insn *in = &v[n++];
		memset(in, 0, sizeof(*in));
		in->addr = addr;
		if (cs_disasm_iter(cs, &p, &left, &addr, ci)) {
			in->text = insn_text(o, x86, ci);
		} else {
			in->text = xstrdup("(bad)");
			p++;
			left--;
			addr++;
		}
		const char *fn = NULL, *file = NULL;
		int line = 0;
		in->function = in->file = "";
		if (symbolize_object_line(o, in->addr, &fn, &file, &line)) {
			/* copies: the strings last only until the next lookup */
			in->function = fn ? own(fn) : "";
			if (file) {
				const char *b = strrchr(file, '/');
				in->file = own(b ? b + 1 : file);
			}
			in->line = line;
		}
	}
	cs_free(ci, 1);
	cs_close(&cs);
	*out = v;
	*nout = n;
	return 0;
}

static void free_insns(struct insn *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].text);
		if (*v[i].function)
			free((char *)v[i].function);
		if (*v[i].file)
			free((char *)v[i].file);
	}
	free(v);
}

/* pprof's annotateAssembly: each instruction takes the samples from its
 * address up to the next instruction's, and the name, file and line of
 * the first of them where the disassembly had none. */
static void annotate(struct insn *v, size_t n, const struct sym *s)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t next = i + 1 < n ? v[i + 1].addr : UINT64_MAX;
		for (; k < s->nitems && s->items[k].objaddr < next; k++) {
			const struct graph_node *nd = s->items[k].n;
			v[i].flat = wrap_add(v[i].flat, nd->flat);
			v[i].flat_div = wrap_add(v[i].flat_div, nd->flat_div);
			v[i].cum = wrap_add(v[i].cum, nd->cum);
			v[i].cum_div = wrap_add(v[i].cum_div, nd->cum_div);
			if (!*v[i].file && *nd->info.file) {
				const char *b = strrchr(nd->info.file, '/');
				v[i].file = own(b ? b + 1 : nd->info.file);
			}
			if (!v[i].line && nd->info.lineno)
				v[i].line = (int)nd->info.lineno;
			if (!*v[i].function && *nd->info.name)
				v[i].function = own(nd->info.name);
		}
	}
}

static void print_symbol(struct report *rpt, const struct sym *s,
			 struct insn *v, size_t n, struct strbuf *out)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, loc = STRBUF_INIT;
	int64_t flat = 0, cum = 0;
	for (size_t i = 0; i < s->nitems; i++) {
		flat = wrap_add(flat, s->items[i].n->flat);
		cum = wrap_add(cum, s->items[i].n->cum);
	}
	strbuf_addf(out, "ROUTINE ======================== %s\n", s->s->name);
	for (size_t i = 1; i < s->s->nalias; i++)
		strbuf_addf(out, "    AKA ======================== %s\n",
			    s->s->alias[i]);
	report_format_value(rpt, &a, flat);
	report_format_value(rpt, &b, cum);
	strbuf_addf(out, "%10s %10s (flat, cum) ", a.buf, b.buf);
	units_percentage(out, cum, rpt->total);
	strbuf_adds(out, " of Total\n");

	const char *function = "", *file = "";
	int line = 0;
	for (size_t i = 0; i < n; i++) {
		const struct insn *in = &v[i];
		strbuf_reset(&loc);
		/* the location only when it changes */
		if (strcmp(in->function, function) || strcmp(in->file, file) ||
		    in->line != line) {
			function = in->function;
			file = in->file;
			line = in->line;
			if (*function)
				strbuf_addf(&loc, "%s ", function);
			if (*file) {
				strbuf_adds(&loc, file);
				if (line)
					strbuf_addf(&loc, ":%d", line);
			}
		}
		strbuf_reset(&a);
		strbuf_reset(&b);
		report_format_value_or_dot(rpt, &a, in->flat_div ? in->flat / in->flat_div :
						    in->flat);
		report_format_value_or_dot(rpt, &b, in->cum_div ? in->cum / in->cum_div :
						   in->cum);
		if (!loc.len) {
			strbuf_addf(out, "%10s %10s %10" PRIx64 ": %s\n", a.buf,
				    b.buf, in->addr, in->text);
		} else if (strlen(in->text) < 40) {
			strbuf_addf(out, "%10s %10s %10" PRIx64 ": %-40s;%s\n",
				    a.buf, b.buf, in->addr, in->text, loc.buf);
		} else {
			strbuf_addf(out, "%74s;%s\n", "", loc.buf);
			strbuf_addf(out, "%10s %10s %10" PRIx64 ": %s\n", a.buf,
				    b.buf, in->addr, in->text);
		}
	}
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&loc);
}

/* The object of the first mapping of each file, opened on demand. */
struct objects {
	struct symbolize_object **obj; /* per mapping, NULL if not opened */
	bool *tried;
};

static struct symbolize_object *object_for(struct objects *os,
					   const struct profile *p, size_t i)
{
	if (!os->tried[i]) {
		os->tried[i] = true;
		os->obj[i] = symbolize_object_open(p->mapping[i]);
	}
	return os->obj[i];
}

/* The ELF address of a node, through the mapping of its file that holds
 * its address. */
static bool node_objaddr(struct objects *os, const struct profile *p,
			 const struct graph_node *n, uint64_t *out)
{
	for (size_t i = 0; i < p->nmapping; i++) {
		const struct profile_mapping *m = p->mapping[i];
		if (m->file != n->info.objfile)
			continue;
		if (m->limit > m->start && (n->info.address < m->start ||
					    n->info.address >= m->limit))
			continue;
		struct symbolize_object *o = object_for(os, p, i);
		return o && !symbolize_object_addr(o, n->info.address, out);
	}
	return false;
}

int disasm_print(struct report *rpt, struct strbuf *out)
{
	const struct report_options *opt = &rpt->opts;
	struct profile *p = rpt->prof;
	struct graph *g = report_new_graph(rpt, NULL);
	struct objects os = {
		xcalloc(p->nmapping + 1, sizeof(*os.obj)),
		xcalloc(p->nmapping + 1, sizeof(*os.tried)),
	};
	bool *wanted = xcalloc(p->nmapping + 1, sizeof(*wanted));
	bool *done = xcalloc(p->nmapping + 1, sizeof(*done));
	struct item *items = xcalloc(g->nnodes + 1, sizeof(*items));
	struct sym *syms = NULL;
	size_t nsyms = 0, syms_alloc = 0;
	struct strbuf name = STRBUF_INIT;
	struct insn *v = NULL;
	size_t nv = 0;
	int ret = -1;

	uint64_t address = 0;
	bool has_addr = parse_address(opt->symbol_src, &address);

	strbuf_adds(out, "Total: ");
	report_format_value(rpt, out, rpt->total);
	strbuf_addch(out, '\n');

	/* Only binaries with matching samples are read (pprof's shortcut),
	 * and the one holding the address. Each file's symbols once. */
	for (size_t i = 0; i < g->nnodes; i++) {
		const struct graph_node *n = g->nodes[i];
		strbuf_reset(&name);
		graph_info_printable_name(&name, &n->info);
		if (!*n->info.objfile ||
		    (opt->symbol && !regex_match(opt->symbol, name.buf)))
			continue;
		for (size_t k = 0; k < p->nmapping; k++)
			if (p->mapping[k]->file == n->info.objfile)
				wanted[k] = true;
	}
	for (size_t k = 0; k < p->nmapping; k++) {
		const struct profile_mapping *m = p->mapping[k];
		bool here = has_addr && m->start <= address && address <= m->limit;
		if (!(wanted[k] || here))
			continue;
		bool dup = false;
		for (size_t j = 0; j < k && !dup; j++)
			dup = done[j] && p->mapping[j]->file == m->file;
		if (dup)
			continue;
		done[k] = true;
		struct symbolize_object *o = object_for(&os, p, k);
		if (!o) {
			/* pprof prints why on standard output and goes on */
			strbuf_addf(out, "%s\n", error_get());
			continue;
		}
		uint64_t oa = address;
		if (here && symbolize_object_addr(o, address, &oa))
			oa = address;
		const struct symbolize_symbol *s;
		size_t ns = symbolize_object_symbols(o, opt->symbol, here, oa, &s);
		for (size_t i = 0; i < ns; i++) {
			ALLOC_GROW(syms, nsyms + 1, syms_alloc);
			syms[nsyms] = (struct sym){ .s = &s[i], .obj = o,
						    .file = m->file,
						    .order = nsyms };
			nsyms++;
		}
	}

	/* Place every node in its binary, then in the symbols around it. */
	for (size_t i = 0; i < g->nnodes; i++) {
		struct item *it = &items[i];
		it->n = g->nodes[i];
		it->objfile = it->n->info.objfile;
		it->seq = i;
		it->ok = *it->objfile &&
			 node_objaddr(&os, p, it->n, &it->objaddr);
	}
	qsort(items, g->nnodes, sizeof(*items), cmp_item_addr);
	size_t w = 0, nfound = nsyms;
	for (size_t i = 0; i < nsyms; i++) {
		struct sym *s = &syms[i];
		for (size_t k = 0; k < g->nnodes; k++) {
			const struct item *it = &items[k];
			if (!it->ok || it->objfile != s->file ||
			    it->objaddr < s->s->start || it->objaddr >= s->s->end)
				continue;
			if (!s->items)
				s->items = &items[k];
			s->nitems++;
		}
		if (s->nitems)
			syms[w++] = *s;
	}
	nsyms = w;
	if (!nsyms) {
		/* pprof 1.23's three messages */
		if (!has_addr)
			error_set("no matches found for regexp %s",
				  opt->symbol_src ? opt->symbol_src : "");
		else if (!nfound)
			error_set("no matches found for address 0x%llx",
				  (unsigned long long)address);
		else
			error_set("address 0x%llx found in binary, but the "
				  "corresponding symbols do not have samples "
				  "in the profile", (unsigned long long)address);
		goto cleanup;
	}
	qsort(syms, nsyms, sizeof(*syms), cmp_sym);

	for (size_t i = 0; i < nsyms; i++) {
		struct sym *s = &syms[i];
		if (decode(s->obj, opt->intel_syntax, s->s->start, s->s->end,
			   &v, &nv))
			goto cleanup;
		annotate(v, nv, s);
		print_symbol(rpt, s, v, nv, out);
		free_insns(v, nv);
		v = NULL;
		nv = 0;
	}
	ret = 0;
cleanup:
	free_insns(v, nv);
	strbuf_release(&name);
	free(syms);
	free(items);
	free(wanted);
	free(done);
	for (size_t k = 0; k < p->nmapping; k++)
		symbolize_object_free(os.obj[k]);
	free(os.obj);
	free(os.tried);
	graph_free(g);
	return ret;
}

/* A symbol disassembled once for disasm_cache_text. */
struct decoded {
	struct symbolize_object *obj;
	uint64_t start, end;
	struct insn *v;
	size_t n;
};

struct disasm_cache {
	struct profile *p;
	bool intel;
	struct objects os;
	struct decoded *d;
	size_t n, alloc;
};

struct disasm_cache *disasm_cache_new(struct profile *p, bool intel)
{
	struct disasm_cache *c = xcalloc(1, sizeof(*c));
	c->p = p;
	c->intel = intel;
	c->os.obj = xcalloc(p->nmapping + 1, sizeof(*c->os.obj));
	c->os.tried = xcalloc(p->nmapping + 1, sizeof(*c->os.tried));
	return c;
}

void disasm_cache_free(struct disasm_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free_insns(c->d[i].v, c->d[i].n);
	free(c->d);
	for (size_t k = 0; k < c->p->nmapping; k++)
		symbolize_object_free(c->os.obj[k]);
	free(c->os.obj);
	free(c->os.tried);
	free(c);
}

/* The mapping object of n, as node_objaddr finds it. */
static struct symbolize_object *node_object(struct disasm_cache *c,
					    const struct graph_node *n)
{
	for (size_t i = 0; i < c->p->nmapping; i++) {
		const struct profile_mapping *m = c->p->mapping[i];
		if (m->file == n->info.objfile)
			return object_for(&c->os, c->p, i);
	}
	return NULL;
}

const char *disasm_cache_text(struct disasm_cache *c, const struct graph_node *n,
			      uint64_t *objaddr)
{
	uint64_t oa;
	if (!*n->info.objfile || !node_objaddr(&c->os, c->p, n, &oa))
		return NULL;
	*objaddr = oa;
	struct symbolize_object *o = node_object(c, n);
	struct decoded *d = NULL;
	for (size_t i = 0; i < c->n && !d; i++)
		if (c->d[i].obj == o && c->d[i].start <= oa && oa < c->d[i].end)
			d = &c->d[i];
	if (!d) {
		const struct symbolize_symbol *s, *sym = NULL;
		size_t ns = o ? symbolize_object_symbols(o, NULL, true, oa, &s) : 0;
		for (size_t i = 0; i < ns && !sym; i++)
			if (s[i].start <= oa && oa < s[i].end)
				sym = &s[i];
		struct insn *v = NULL;
		size_t nv = 0;
		if (!sym || decode(o, c->intel, sym->start, sym->end, &v, &nv))
			return NULL;
		ALLOC_GROW(c->d, c->n + 1, c->alloc);
		d = &c->d[c->n++];
		*d = (struct decoded){ o, sym->start, sym->end, v, nv };
	}
	/* the instruction holding oa: the last that starts at or before it */
	const struct insn *hit = NULL;
	for (size_t i = 0; i < d->n && d->v[i].addr <= oa; i++)
		hit = &d->v[i];
	return hit ? hit->text : NULL;
}
