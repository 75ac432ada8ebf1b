/* object: a binary's function symbols and code for -disasm. The
 * load bias and source lines come from symbolize.c (symbolize_internal.h), so
 * -disasm places samples exactly where the symbolizer did. */
#include "symbolize/object.h"

#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/arena.h"
#include "lib/base/error.h"
#include "lib/gocompat/regex.h"
#include "lib/base/strbuf.h"
#include "symbolize/symbolize.h"
#include "symbolize/symbolize_internal.h"
#include "lib/base/xalloc.h"

struct raw_sym {
	const char *name; /* in the object's arena */
	uint64_t start, end;
	uint64_t limit; /* end of the symbol's section */
};

struct symbolize_object {
	struct symbolize_int_file *h;
	struct arena arena;
	struct raw_sym *raw; /* function symbols by start, then name */
	size_t nraw;
	bool loaded;
	struct symbolize_symbol *sym; /* the last query's answer */
	size_t nsym, sym_alloc;
	struct strbuf func; /* symbolize_object_line's demangled name */
};

struct symbolize_object *symbolize_object_open(const struct profile_mapping *m)
{
	struct symbolize_int_file *h = symbolize_int_open(m);
	if (!h)
		return NULL;
	struct symbolize_object *o = xcalloc(1, sizeof(*o));
	o->h = h;
	arena_init(&o->arena);
	strbuf_init(&o->func);
	return o;
}

void symbolize_object_free(struct symbolize_object *o)
{
	if (!o)
		return;
	free(o->raw);
	free(o->sym);
	strbuf_release(&o->func);
	arena_release(&o->arena);
	symbolize_int_close(o->h);
	free(o);
}

enum symbolize_arch symbolize_object_arch(const struct symbolize_object *o)
{
	GElf_Ehdr eh;
	if (!gelf_getehdr(symbolize_int_elf(o->h), &eh))
		return SYMBOLIZE_ARCH_OTHER;
	switch (eh.e_machine) {
	case EM_X86_64:
		return SYMBOLIZE_ARCH_X86_64;
	case EM_386:
		return SYMBOLIZE_ARCH_X86;
	case EM_AARCH64:
		return SYMBOLIZE_ARCH_ARM64;
	case EM_ARM:
		return SYMBOLIZE_ARCH_ARM;
	default:
		return SYMBOLIZE_ARCH_OTHER;
	}
}

int symbolize_object_addr(struct symbolize_object *o, uint64_t addr,
			  uint64_t *objaddr)
{
	return symbolize_int_objaddr(o->h, addr, objaddr);
}

static int cmp_raw(const void *a, const void *b)
{
	const struct raw_sym *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->end < y->end ? -1 : x->end > y->end;
}

/* The defined function symbols of one symbol table section. */
static void read_symtab(struct symbolize_object *o, Elf *elf, Elf_Scn *scn,
			const GElf_Shdr *sh, size_t *alloc)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || !sh->sh_entsize)
		return;
	size_t n = sh->sh_size / sh->sh_entsize;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym s;
		if (!gelf_getsym(d, (int)i, &s))
			continue;
		int type = GELF_ST_TYPE(s.st_info);
		if ((type != STT_FUNC && type != STT_GNU_IFUNC) ||
		    s.st_shndx == SHN_UNDEF || !s.st_value)
			continue;
		const char *name = elf_strptr(elf, sh->sh_link, s.st_name);
		if (!name || !*name)
			continue;
		GElf_Shdr ssh;
		Elf_Scn *sscn = s.st_shndx < SHN_LORESERVE ?
					elf_getscn(elf, s.st_shndx) : NULL;
		uint64_t limit = UINT64_MAX;
		if (sscn && gelf_getshdr(sscn, &ssh))
			limit = ssh.sh_addr + ssh.sh_size;
		ALLOC_GROW(o->raw, o->nraw + 1, *alloc);
		o->raw[o->nraw++] = (struct raw_sym){
			arena_strdup(&o->arena, name), s.st_value,
			s.st_value + s.st_size, limit };
	}
}

/* Reads .symtab, or .dynsym when there is none. A symbol without a size
 * runs to the next symbol, as nm-based tools take it, but not past the
 * end of its section. */
static void load_symbols(struct symbolize_object *o)
{
	Elf *elf = symbolize_int_elf(o->h);
	size_t alloc = 0;
	o->loaded = true;
	for (int pass = 0; pass < 2 && !o->nraw; pass++) {
		Elf64_Word want = pass ? SHT_DYNSYM : SHT_SYMTAB;
		for (Elf_Scn *scn = elf_nextscn(elf, NULL); scn;
		     scn = elf_nextscn(elf, scn)) {
			GElf_Shdr sh;
			if (gelf_getshdr(scn, &sh) && sh.sh_type == want)
				read_symtab(o, elf, scn, &sh, &alloc);
		}
	}
	if (!o->nraw) /* no function symbols: o->raw is NULL */
		return;
	qsort(o->raw, o->nraw, sizeof(*o->raw), cmp_raw);
	for (size_t i = 0; i < o->nraw; i++) {
		if (o->raw[i].end > o->raw[i].start)
			continue;
		size_t j = i + 1;
		while (j < o->nraw && o->raw[j].start == o->raw[i].start)
			j++;
		uint64_t end = j < o->nraw ? o->raw[j].start : UINT64_MAX;
		if (end > o->raw[i].limit)
			end = o->raw[i].limit;
		o->raw[i].end = end > o->raw[i].start ? end : o->raw[i].start + 1;
	}
}

/* pprof's matchSymbol for one name: the name itself, or the first of its
 * demangled forms (whole, without parameters, without templates) rx
 * matches; NULL when none does. */
static const char *match_name(struct symbolize_object *o, const char *name,
			      const struct regex *rx)
{
	if (!rx || regex_match(rx, name))
		return name;
	static const char *const modes[] = { "full", "templates", "" };
	for (size_t i = 0; i < 3; i++) {
		char *d = symbolize_demangle_name(name, modes[i]);
		if (d && regex_match(rx, d)) {
			const char *r = arena_strdup(&o->arena, d);
			free(d);
			return r;
		}
		free(d);
	}
	return NULL;
}

size_t symbolize_object_symbols(struct symbolize_object *o,
				const struct regex *rx, bool has_addr,
				uint64_t addr,
				const struct symbolize_symbol **out)
{
	if (!o->loaded)
		load_symbols(o);
	o->nsym = 0;
	for (size_t i = 0; i < o->nraw;) {
		size_t j = i + 1;
		uint64_t end = o->raw[i].end;
		for (; j < o->nraw && o->raw[j].start == o->raw[i].start; j++)
			if (o->raw[j].end > end)
				end = o->raw[j].end;
		struct symbolize_symbol s = { .start = o->raw[i].start,
					      .end = end };
		if (has_addr && addr >= s.start && addr < end) {
			s.name = o->raw[i].name;
			s.nalias = j - i;
			s.alias = arena_alloc(&o->arena,
					      s.nalias * sizeof(*s.alias));
			for (size_t k = i; k < j; k++)
				s.alias[k - i] = o->raw[k].name;
		} else {
			for (size_t k = i; k < j && !s.name; k++)
				s.name = match_name(o, o->raw[k].name, rx);
		}
		if (s.name) {
			ALLOC_GROW(o->sym, o->nsym + 1, o->sym_alloc);
			o->sym[o->nsym++] = s;
		}
		i = j;
	}
	*out = o->sym;
	return o->nsym;
}

const char *symbolize_object_symbol_at(struct symbolize_object *o, uint64_t a,
				       uint64_t *off)
{
	if (!o->loaded)
		load_symbols(o);
	/* the last symbol starting at or below a */
	size_t lo = 0, hi = o->nraw;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (o->raw[mid].start <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	size_t i = lo - 1;
	while (i > 0 && o->raw[i - 1].start == o->raw[i].start)
		i--;
	/* aliases may differ in size: any of them covering a will do */
	for (size_t k = i; k < o->nraw && o->raw[k].start == o->raw[i].start; k++)
		if (a < o->raw[k].end) {
			*off = a - o->raw[i].start;
			return o->raw[i].name;
		}
	return NULL;
}

const unsigned char *symbolize_object_code(struct symbolize_object *o,
					   uint64_t start, uint64_t end,
					   size_t *len)
{
	Elf *elf = symbolize_int_elf(o->h);
	for (Elf_Scn *scn = elf_nextscn(elf, NULL); scn;
	     scn = elf_nextscn(elf, scn)) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) ||
		    sh.sh_type == SHT_NOBITS || start < sh.sh_addr ||
		    start >= sh.sh_addr + sh.sh_size)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		if (!d || !d->d_buf || d->d_size < sh.sh_size)
			return NULL;
		uint64_t stop = sh.sh_addr + sh.sh_size;
		if (end < stop)
			stop = end;
		*len = (size_t)(stop - start);
		return (const unsigned char *)d->d_buf + (start - sh.sh_addr);
	}
	return NULL;
}

bool symbolize_object_line(struct symbolize_object *o, uint64_t a,
			   const char **func, const char **file, int *line)
{
	const char *fn = NULL;
	if (!symbolize_int_frame(o->h, a, &fn, file, line))
		return false;
	*func = fn;
	if (fn) {
		char *d = symbolize_demangle_name(fn, "full");
		if (d) {
			strbuf_reset(&o->func);
			strbuf_adds(&o->func, d);
			free(d);
			*func = o->func.buf;
		}
	}
	return true;
}

/* ---- recognising object files ---- */

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

bool symbolize_is_object_file(const char *path)
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
