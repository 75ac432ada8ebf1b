/* symbolize: one libdwfl session per profile; each mapping's binary is
 * found as pprof finds it (build id, PPROF_BINARY_PATH, the path in the
 * profile), opened once, and its addresses resolved with inline frames. */
#include "symbolize/symbolize.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <glob.h>
#include <inttypes.h>
#include <libiberty/demangle.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/base/diag.h"
#include "lib/base/error.h"
#include "lib/gocompat/gofmt.h"
#include "lib/gocompat/gopath.h"
#include "lib/base/hashmap.h"
#include "lib/model/profile.h"
#include "lib/base/strbuf.h"
#include "symbolize/symbolize_internal.h"
#include "lib/base/xalloc.h"

#define PAGE_SIZE 4096

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* ---- ELF files, one Dwfl session each ---- */

/* An opened binary. Its module is reported at bias 0, so it answers for
 * ELF (link-time) addresses; each mapping subtracts its own load bias
 * first. One session per file serves every mapping of that file. */
struct objfile {
	const char *path; /* interned in the profile */
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Elf *elf; /* the main file, owned by dwfl */
	GElf_Ehdr ehdr;
	char build_id[129]; /* lowercase hex, "" if none */
	bool warned_nodebug;
	bool is_go; /* built by the Go toolchain */
	/* Go binaries only: each compile unit's address ranges, sorted by
	 * start, gathered on first use (go_line) */
	struct cu_range *cu_ranges;
	size_t ncu_ranges;
	bool cu_ranges_done;
};

struct cu_range {
	Dwarf_Addr lo, hi; /* [lo, hi) in DWARF addresses */
	Dwarf_Off cu; /* offset of the unit's DIE */
};

static const Dwfl_Callbacks offline_callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

static void objfile_free(struct objfile *f)
{
	if (!f)
		return;
	if (f->dwfl)
		dwfl_end(f->dwfl);
	free(f->cu_ranges);
	free(f);
}

static void hex_build_id(const unsigned char *bits, int len, char *out)
{
	static const char hex[] = "0123456789abcdef";
	if (len > 64)
		len = 64;
	for (int i = 0; i < len; i++) {
		out[2 * i] = hex[bits[i] >> 4];
		out[2 * i + 1] = hex[bits[i] & 15];
	}
	out[2 * (len > 0 ? len : 0)] = '\0';
}

static bool has_section(Elf *elf, const char *want)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(elf, &shstrndx))
		return false;
	for (Elf_Scn *scn = elf_nextscn(elf, NULL); scn;
	     scn = elf_nextscn(elf, scn)) {
		GElf_Shdr sh;
		const char *name;
		if (gelf_getshdr(scn, &sh) &&
		    (name = elf_strptr(elf, shstrndx, sh.sh_name)) &&
		    !strcmp(name, want))
			return true;
	}
	return false;
}

/* Opens path as an ELF file. NULL with error_set when it is missing or
 * not a usable ELF file. */
static struct objfile *objfile_open(const char *path)
{
	struct objfile *f = xcalloc(1, sizeof(*f));
	struct stat st;
	f->path = path;
	if (stat(path, &st)) {
		/* Go's words, as pprof reports them: "open PATH: no such
		 * file or directory" */
		error_set("open %s: %s", path, gofmt_errno(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		error_set("'%s': not a regular file", path);
		goto fail;
	}
	f->dwfl = dwfl_begin(&offline_callbacks);
	if (!f->dwfl) {
		error_set("dwfl_begin: %s", dwfl_errmsg(-1));
		goto fail;
	}
	dwfl_report_begin(f->dwfl);
	f->mod = dwfl_report_elf(f->dwfl, base_name(path), path, -1, 0, true);
	if (dwfl_report_end(f->dwfl, NULL, NULL) || !f->mod) {
		error_set("'%s': %s", path, dwfl_errmsg(-1));
		goto fail;
	}
	GElf_Addr bias;
	f->elf = dwfl_module_getelf(f->mod, &bias);
	if (!f->elf || !gelf_getehdr(f->elf, &f->ehdr)) {
		error_set("'%s': %s", path, dwfl_errmsg(-1));
		goto fail;
	}
	const unsigned char *bits;
	GElf_Addr vaddr;
	int n = dwfl_module_build_id(f->mod, &bits, &vaddr);
	if (n > 0)
		hex_build_id(bits, n, f->build_id);
	f->is_go = has_section(f->elf, ".go.buildinfo") ||
		   has_section(f->elf, ".gopclntab");
	return f;
fail:
	objfile_free(f);
	return NULL;
}

/* The PT_LOAD segment holding .text, as pprof's FindTextProgHeader. */
static bool text_segment(Elf *elf, GElf_Phdr *out)
{
	size_t shstrndx, nph;
	if (elf_getshdrstrndx(elf, &shstrndx) || elf_getphdrnum(elf, &nph))
		return false;
	for (Elf_Scn *scn = elf_nextscn(elf, NULL); scn;
	     scn = elf_nextscn(elf, scn)) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh))
			continue;
		const char *name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!name || strcmp(name, ".text"))
			continue;
		for (size_t i = 0; i < nph; i++) {
			GElf_Phdr ph;
			if (gelf_getphdr(elf, i, &ph) && ph.p_type == PT_LOAD &&
			    (ph.p_flags & PF_X) && sh.sh_addr >= ph.p_vaddr &&
			    sh.sh_addr < ph.p_vaddr + ph.p_memsz) {
				*out = ph;
				return true;
			}
		}
	}
	return false;
}

/* Value of the symbol called name, for the kernel relocation symbol. */
static bool symbol_value(struct objfile *f, const char *name, uint64_t *out)
{
	int n = dwfl_module_getsymtab(f->mod);
	for (int i = 0; i < n; i++) {
		GElf_Sym sym;
		GElf_Addr addr;
		const char *s = dwfl_module_getsym_info(f->mod, i, &sym, &addr,
							NULL, NULL, NULL);
		if (s && !strcmp(s, name)) {
			*out = sym.st_value;
			return true;
		}
	}
	return false;
}

/* ---- load bias: pprof's elfexec.GetBase and its segment choice ---- */

struct seg {
	struct objfile *obj;
	const struct profile_mapping *m;
	bool has_koff;
	uint64_t koff; /* kernel relocation symbol's value */
	bool base_done, base_ok;
	uint64_t base;
};

static bool kernel_base(const GElf_Phdr *ph, const struct seg *s,
			uint64_t *base)
{
	const uint64_t ppc64_page_offset = 0xc000000000000000ULL;
	uint64_t start = s->m->start, limit = s->m->limit, off = s->m->offset;

	if (ph->p_vaddr == start - off) {
		*base = off;
		return true;
	}
	if (start == 0 && limit != 0 && s->has_koff) {
		*base = start - s->koff;
		return true;
	}
	if (start >= ph->p_vaddr && limit > start &&
	    (off == 0 || off == ppc64_page_offset || off == start)) {
		if (s->has_koff && start % PAGE_SIZE == s->koff % PAGE_SIZE)
			*base = start - s->koff;
		else
			*base = start - ph->p_vaddr;
		return true;
	}
	if (start % PAGE_SIZE && s->has_koff &&
	    s->koff % PAGE_SIZE == start % PAGE_SIZE) {
		*base = start - s->koff;
		return true;
	}
	return false;
}

/* The load bias (runtime address minus ELF address) for the segment ph
 * (NULL when unknown). -1 with error_set when it cannot be determined. */
static int get_base(const struct seg *s, const GElf_Phdr *ph, uint64_t *base)
{
	uint64_t start = s->m->start, limit = s->m->limit, off = s->m->offset;

	/* a fake mapping over the whole address space: already ELF addresses */
	if (start == 0 && off == 0 && (limit == UINT64_MAX || limit == 0)) {
		*base = 0;
		return 0;
	}
	switch (s->obj->ehdr.e_type) {
	case ET_EXEC:
		if (!ph) {
			*base = 0;
			return 0;
		}
		if (!s->has_koff && start > 0 && start < (1ULL << 63)) {
			*base = start - off + ph->p_offset - ph->p_vaddr;
			return 0;
		}
		if (kernel_base(ph, s, base))
			return 0;
		if (start == 0 && limit != 0 && !s->has_koff) {
			*base = start - ph->p_vaddr;
			return 0;
		}
		return error_set("don't know how to handle EXEC segment");
	case ET_REL:
		if (off)
			return error_set("don't know how to handle mapping.Offset");
		*base = start;
		return 0;
	case ET_DYN:
		if (!ph) {
			*base = start - off;
			return 0;
		}
		if (kernel_base(ph, s, base))
			return 0;
		*base = start - off + ph->p_offset - ph->p_vaddr;
		return 0;
	default:
		return error_set("unknown ELF type %d", s->obj->ehdr.e_type);
	}
}

/* The PT_LOAD segment the mapping maps and addr falls in (pprof's
 * ProgramHeadersForMapping and HeaderForFileOffset). *found is false when
 * the file has no loadable segment, which is not an error. */
static int find_segment(const struct seg *s, uint64_t addr, GElf_Phdr *out,
			bool *found)
{
	const struct profile_mapping *m = s->m;
	Elf *elf = s->obj->elf;
	size_t nph;

	*found = false;
	if (s->has_koff || m->start >= m->limit || m->limit >= (1ULL << 63)) {
		*found = text_segment(elf, out);
		return 0;
	}
	if (elf_getphdrnum(elf, &nph))
		return error_set("reading program headers: %s", elf_errmsg(-1));

	uint64_t map_off = m->offset, map_lim = m->offset + (m->limit - m->start);
	uint64_t file_off = addr - m->start + m->offset;
	size_t nmatch = 0, nload = 0, nhit = 0;
	GElf_Phdr only = { 0 };
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_LOAD)
			continue;
		nload++;
		/* zero-sized file images have meaningless offsets */
		if (ph.p_filesz == 0)
			continue;
		uint64_t seg_lim = ph.p_offset + ph.p_memsz;
		if (!(map_off < seg_lim && ph.p_offset < map_lim))
			continue;
		uint64_t aligned = 0;
		if (ph.p_offset > (ph.p_vaddr & (PAGE_SIZE - 1)))
			aligned = ph.p_offset - (ph.p_vaddr & (PAGE_SIZE - 1));
		if (map_off < aligned)
			continue; /* belongs to an earlier segment */
		if (map_off > ph.p_offset && seg_lim < map_off + PAGE_SIZE &&
		    map_lim >= seg_lim + PAGE_SIZE)
			continue; /* only the segment's last page, then more */
		nmatch++;
		if (nmatch == 1)
			only = ph;
		if (file_off >= ph.p_offset && file_off < ph.p_offset + ph.p_memsz) {
			if (nhit++ == 0)
				*out = ph;
		}
	}
	if (nload == 0)
		return 0;
	if (nmatch == 0)
		return error_set("no program header matches mapping info");
	if (nmatch == 1) {
		*out = only;
		*found = true;
		return 0;
	}
	if (nhit != 1)
		return error_set(nhit ? "more than one program header matches "
					"file offset %#" PRIx64
				      : "no program header matches file offset %#" PRIx64,
				 file_off);
	*found = true;
	return 0;
}

/* Runtime address → ELF address, computing the bias on first use from
 * that address, as pprof does. */
static int objaddr(struct seg *s, uint64_t addr, uint64_t *out)
{
	if (!s->base_done) {
		const struct profile_mapping *m = s->m;
		GElf_Phdr ph;
		bool found;
		s->base_done = true;
		if (addr < m->start || addr >= m->limit) {
			/* pprof skips this check only for the whole-space fake */
			if (!(m->start == 0 && m->offset == 0 &&
			      (m->limit == 0 || m->limit == UINT64_MAX)))
				return error_set("address %#" PRIx64 " is outside "
						 "the mapping", addr);
		}
		if (find_segment(s, addr, &ph, &found) ||
		    get_base(s, found ? &ph : NULL, &s->base))
			return -1;
		s->base_ok = true;
	}
	if (!s->base_ok)
		return -1;
	*out = addr - s->base;
	return 0;
}

/* ---- frames of one address, as eu-addr2line -f -i prints them ---- */

struct frame {
	const char *func; /* NULL when unknown */
	const char *file; /* NULL when unknown */
	int line;
};

struct frames {
	struct frame *v;
	size_t n, alloc;
	struct strbuf name; /* a rewritten symbol name a frame points to */
};

static void frames_add(struct frames *fr, const char *func, const char *file,
		       int line)
{
	ALLOC_GROW(fr->v, fr->n + 1, fr->alloc);
	fr->v[fr->n++] = (struct frame){ func, file, line };
}

/* The name eu-addr2line shows for a DIE: the linkage (mangled) name when
 * there is one, demangling comes later, else DW_AT_name. */
static const char *die_name(Dwarf_Die *die)
{
	Dwarf_Attribute a;
	const char *s = NULL;
	if (dwarf_attr_integrate(die, DW_AT_linkage_name, &a) ||
	    dwarf_attr_integrate(die, DW_AT_MIPS_linkage_name, &a))
		s = dwarf_formstring(&a);
	return s ? s : dwarf_diename(die);
}

static bool is_function_scope(int tag)
{
	return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine ||
	       tag == DW_TAG_entry_point;
}

/* The caller frames of the inlined scopes around a (ELF address), each
 * at its DW_AT_call_file:DW_AT_call_line, outermost last. */
static void inline_callers(Dwfl_Module *mod, Dwarf_Die *cudie,
			   Dwarf_Addr bias, Dwarf_Addr a, struct frames *fr)
{
	Dwarf_Die *scopes = NULL, *chain = NULL;
	int n = dwarf_getscopes(cudie, a - bias, &scopes);
	if (n <= 0)
		goto out;
	/* re-root at the innermost scope: getscopes_die also walks out of
	 * abstract origins, as eu-addr2line's print_inline_frames does */
	Dwarf_Addr dbias;
	Dwarf *dw = dwfl_module_getdwarf(mod, &dbias);
	Dwarf_Die inner;
	if (!dw || !dwarf_offdie(dw, dwarf_dieoffset(&scopes[0]), &inner))
		goto out;
	int nchain = dwarf_getscopes_die(&inner, &chain);
	Dwarf_Files *files;
	size_t nfiles;
	if (nchain <= 1 || dwarf_getsrcfiles(cudie, &files, &nfiles))
		goto out;
	for (int i = 0; i < nchain - 1; i++) {
		if (dwarf_tag(&chain[i]) != DW_TAG_inlined_subroutine)
			continue;
		const char *caller = NULL;
		for (int j = i + 1; j < nchain; j++) {
			if (is_function_scope(dwarf_tag(&chain[j]))) {
				caller = die_name(&chain[j]);
				if (!caller)
					caller = "";
				break;
			}
		}
		Dwarf_Attribute at;
		Dwarf_Word fileidx = 0, line = 0;
		const char *file = NULL;
		if (dwarf_formudata(dwarf_attr(&chain[i], DW_AT_call_file, &at),
				    &fileidx) == 0)
			file = dwarf_filesrc(files, fileidx, NULL, NULL);
		if (dwarf_formudata(dwarf_attr(&chain[i], DW_AT_call_line, &at),
				    &line))
			line = 0;
		frames_add(fr, caller, file, (int)line);
	}
out:
	free(chain);
	free(scopes);
}

/* Innermost function name from the DWARF scopes (eu-addr2line's
 * print_dwarf_function): the first subprogram or inlined subroutine, ""
 * when it has no name; NULL when there is none, and the symbol table
 * answers instead. */
static const char *dwarf_function(Dwarf_Die *cudie, Dwarf_Addr bias,
				  Dwarf_Addr a)
{
	Dwarf_Die *scopes = NULL;
	const char *name = NULL;
	int n = dwarf_getscopes(cudie, a - bias, &scopes);
	for (int i = 0; i < n; i++) {
		int tag = dwarf_tag(&scopes[i]);
		if (tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine) {
			name = die_name(&scopes[i]);
			if (!name)
				name = "";
			break;
		}
	}
	free(scopes);
	return name;
}

/* Go's linker marks assembly and wrapper symbols with their ABI
 * (".abi0"); the Go symbol table pprof reads names them without it. */
static const char *go_symbol(const struct objfile *f, const char *name,
			     struct strbuf *buf)
{
	static const char *const suffix[] = { ".abi0", ".abiinternal" };
	if (!name || !f->is_go)
		return name;
	size_t len = strlen(name);
	for (size_t i = 0; i < 2; i++) {
		size_t sl = strlen(suffix[i]);
		if (len > sl && !strcmp(name + len - sl, suffix[i])) {
			strbuf_reset(buf);
			strbuf_add(buf, name, len - sl);
			return buf->buf;
		}
	}
	return name;
}

static int cmp_cu_range(const void *a, const void *b)
{
	const struct cu_range *x = a, *y = b;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	return x->cu < y->cu ? -1 : x->cu > y->cu;
}

static void build_cu_ranges(struct objfile *f, Dwarf *dw)
{
	size_t alloc = 0;
	Dwarf_Off off = 0, next;
	size_t hsize;
	f->cu_ranges_done = true;
	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;
		if (dwarf_offdie(dw, off + hsize, &cu)) {
			Dwarf_Addr base, lo, hi;
			ptrdiff_t r = 0;
			while ((r = dwarf_ranges(&cu, r, &base, &lo, &hi)) > 0) {
				if (lo >= hi)
					continue;
				ALLOC_GROW(f->cu_ranges, f->ncu_ranges + 1, alloc);
				f->cu_ranges[f->ncu_ranges++] =
					(struct cu_range){ lo, hi, off + hsize };
			}
		}
		off = next;
	}
	if (f->ncu_ranges)
		qsort(f->cu_ranges, f->ncu_ranges, sizeof(*f->cu_ranges),
		      cmp_cu_range);
}

/* File and line of ELF address a from the DWARF line table of a Go
 * binary. Go's linker writes no .debug_aranges, so libdw cannot find
 * the unit of an address by itself: look it up among the units' ranges
 * (which do not overlap). *file stays NULL when nothing is known. */
static void go_line(struct objfile *f, uint64_t a, const char **file,
		    int *line)
{
	Dwarf_Addr bias;
	Dwarf *dw = dwfl_module_getdwarf(f->mod, &bias);
	*file = NULL;
	*line = 0;
	if (!dw)
		return;
	if (!f->cu_ranges_done)
		build_cu_ranges(f, dw);
	Dwarf_Addr da = a - bias;
	size_t lo = 0, hi = f->ncu_ranges;
	while (lo < hi) { /* first range starting after da */
		size_t mid = lo + (hi - lo) / 2;
		if (f->cu_ranges[mid].lo <= da)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || da >= f->cu_ranges[lo - 1].hi)
		return;
	Dwarf_Die cu;
	if (!dwarf_offdie(dw, f->cu_ranges[lo - 1].cu, &cu))
		return;
	Dwarf_Line *l = dwarf_getsrc_die(&cu, da);
	if (!l || !(*file = dwarf_linesrc(l, NULL, NULL)))
		return;
	if (dwarf_lineno(l, line))
		*line = 0;
}

/* Frames for ELF address a, innermost first. fast: symbol table only. */
static void resolve(struct objfile *f, uint64_t a, bool fast, struct frames *fr)
{
	fr->n = 0;
	const char *func = NULL;
	GElf_Off off;
	GElf_Sym sym;

	if (fast) {
		func = dwfl_module_addrinfo(f->mod, a, &off, &sym, NULL, NULL, NULL);
		func = go_symbol(f, func, &fr->name);
		if (func)
			frames_add(fr, func, NULL, 0);
		return;
	}
	if (f->is_go) {
		/* go tool pprof reads Go binaries with Go's own tables, not
		 * addr2line: one frame per address, named after the function
		 * that holds it (inlined calls are not expanded), at the file
		 * and line the line table gives for the address */
		func = dwfl_module_addrinfo(f->mod, a, &off, &sym, NULL, NULL,
					    NULL);
		func = go_symbol(f, func, &fr->name);
		if (func) {
			const char *file;
			int line;
			go_line(f, a, &file, &line);
			frames_add(fr, func, file, line);
			return;
		}
	}
	Dwarf_Addr bias = 0;
	Dwarf_Die *cudie = dwfl_module_addrdie(f->mod, a, &bias);
	if (cudie)
		func = dwarf_function(cudie, bias, a);
	if (!func) {
		func = dwfl_module_addrinfo(f->mod, a, &off, &sym, NULL, NULL, NULL);
		func = go_symbol(f, func, &fr->name);
	}

	const char *file = NULL;
	int line = 0;
	Dwarf_Addr row = a;
	Dwfl_Line *l = dwfl_module_getsrc(f->mod, a);
	if (l)
		file = dwfl_lineinfo(l, &row, &line, NULL, NULL, NULL);
	if (!file)
		row = a;
	if (!func && !file)
		return; /* nothing known: leave the location as it is */
	frames_add(fr, func, file, file ? line : 0);
	/* eu-addr2line walks the inline chain at the start of the line-table
	 * row, not at the address itself: do the same to agree with it */
	cudie = dwfl_module_addrdie(f->mod, row, &bias);
	if (cudie)
		inline_callers(f->mod, cudie, bias, row, fr);
}

/* ---- the profile side ---- */

struct fn_key {
	const char *name, *file;
};

static bool fn_eq(const void *item, const void *key)
{
	const struct profile_function *f = item;
	const struct fn_key *k = key;
	return f->name == k->name && f->filename == k->file;
}

static uint64_t fn_hash(const struct fn_key *k)
{
	return hash_combine(hash_u64((uintptr_t)k->name), (uintptr_t)k->file);
}

static bool unsymbolizable(const struct profile_mapping *m)
{
	const char *b = base_name(m->file);
	return b[0] == '[' || !strncmp(b, "linux-vdso", 10) ||
	       !strncmp(m->file, "/dev/dri/", 9) ||
	       !strcmp(m->file, "//anon"); /* since pprof 1.23 */
}

static bool is_http_url(const char *s)
{
	const char *colon = strchr(s, ':');
	if (!colon || colon == s)
		return false;
	for (const char *c = s; c < colon; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (c > s && ((*c >= '0' && *c <= '9') || *c == '+' ||
				 *c == '-' || *c == '.'))))
			return false;
	for (const char *c = s; c < colon - 3; c++)
		if (!strncasecmp(c, "http", 4))
			return true;
	return false;
}

static struct objfile *cache_get(struct objfile ***files, size_t *n,
				 size_t *alloc, const char *path,
				 bool *failed)
{
	for (size_t i = 0; i < *n; i++)
		if ((*files)[i]->path == path)
			return (*files)[i];
	*failed = false;
	struct objfile *f = objfile_open(path);
	if (!f) {
		*failed = true;
		return NULL;
	}
	ALLOC_GROW(*files, *n + 1, *alloc);
	(*files)[(*n)++] = f;
	return f;
}

/* Warns once per file that has no DWARF: names come from the symbol
 * table alone, files and lines are unknown. */
static void check_debug_info(struct objfile *f)
{
	Dwarf_Addr bias;
	if (f->warned_nodebug || dwfl_module_getdwarf(f->mod, &bias))
		return;
	f->warned_nodebug = true;
	if (dwfl_module_getsymtab(f->mod) > 0)
		diag_warning("no debug info for '%s': function names only",
			f->path);
	else
		diag_warning("'%s' is stripped: no debug info or symbols", f->path);
}

/* pprof's doLocalSymbolize. */
static void symbolize_local(struct profile *p, bool fast, bool force)
{
	struct objfile **files = NULL;
	size_t nfiles = 0, files_alloc = 0;
	struct seg *segs = xcalloc(p->nmapping ? p->nmapping : 1, sizeof(*segs));
	bool *used = xcalloc(p->nmapping ? p->nmapping : 1, sizeof(*used));
	bool missing = false;
	struct hashmap fns;
	struct frames fr = { .name = STRBUF_INIT };

	elf_version(EV_CURRENT);
	hashmap_init(&fns, 64);
	for (size_t i = 0; i < p->nlocation; i++) {
		struct profile_mapping *m = p->location[i]->mapping;
		for (size_t j = 0; m && j < p->nmapping; j++)
			if (p->mapping[j] == m)
				used[j] = true;
	}
	for (size_t i = 0; i < p->nmapping; i++) {
		struct profile_mapping *m = p->mapping[i];
		if (!used[i])
			continue;
		if (!force && (m->has_functions || m->has_filenames ||
			       m->has_line_numbers))
			continue;
		if (!*m->file) {
			if (i == 0)
				diag_note("Main binary filename not available.");
			else
				missing = true;
			continue;
		}
		if (unsymbolizable(m))
			continue;
		if (!*m->build_id && is_http_url(m->file))
			continue;

		struct strbuf name = STRBUF_INIT;
		strbuf_adds(&name, base_name(m->file));
		if (*m->build_id)
			strbuf_addf(&name, " (build ID %s)", m->build_id);
		bool failed;
		struct objfile *f = cache_get(&files, &nfiles, &files_alloc,
					      m->file, &failed);
		if (!f) {
			diag_note("Local symbolization failed for %s: %s",
				  name.buf, error_get());
			missing = true;
		} else if (*m->build_id && *f->build_id &&
			   strcmp(f->build_id, m->build_id)) {
			diag_note("Local symbolization failed for %s: build ID "
				  "mismatch", name.buf);
		} else {
			segs[i].obj = f;
			segs[i].m = m;
			if (strstr(m->file, "vmlinux") || m->start % PAGE_SIZE ||
			    m->limit % PAGE_SIZE || m->offset % PAGE_SIZE) {
				const char *rs = m->kernel_reloc_symbol &&
							 *m->kernel_reloc_symbol
							 ? m->kernel_reloc_symbol
							 : "_stext";
				segs[i].has_koff = symbol_value(f, rs, &segs[i].koff);
			}
			if (!fast)
				check_debug_info(f);
		}
		strbuf_release(&name);
	}
	if (missing)
		diag_note("Some binary filenames not available. Symbolization "
			  "may be incomplete.\nTry setting PPROF_BINARY_PATH "
			  "to the search path for local binaries.");

	for (size_t i = 0; i < p->nlocation; i++) {
		struct profile_location *l = p->location[i];
		struct seg *s = NULL;
		for (size_t j = 0; l->mapping && j < p->nmapping; j++)
			if (p->mapping[j] == l->mapping) {
				s = segs[j].obj ? &segs[j] : NULL;
				break;
			}
		uint64_t a = 0;
		if (!s)
			continue;
		if (objaddr(s, l->address, &a)) {
			/* one warning per mapping, when its bias fails */
			if (s->base_done && !s->base_ok && s->obj) {
				diag_warning("local symbolization failed for %s: %s",
					base_name(s->m->file), error_get());
				s->obj = NULL;
			}
			continue;
		}
		resolve(s->obj, a, fast, &fr);
		if (!fr.n)
			continue;

		struct profile_mapping *m = l->mapping;
		l->line = arena_zalloc(&p->arena, fr.n * sizeof(*l->line));
		l->nline = fr.n;
		l->is_folded = false;
		for (size_t k = 0; k < fr.n; k++) {
			struct fn_key key = {
				profile_interns(p, fr.v[k].func ? fr.v[k].func : ""),
				profile_interns(p, fr.v[k].file ? fr.v[k].file : ""),
			};
			if (*key.name)
				m->has_functions = true;
			if (*key.file)
				m->has_filenames = true;
			if (fr.v[k].line)
				m->has_line_numbers = true;
			uint64_t h = fn_hash(&key);
			struct profile_function *fn = hashmap_get(&fns, h, &key, fn_eq);
			if (!fn) {
				fn = profile_add_function(p);
				fn->id = p->nfunction;
				fn->name = key.name;
				fn->system_name = key.name;
				fn->filename = key.file;
				hashmap_add(&fns, h, fn);
			}
			l->line[k].function = fn;
			l->line[k].line = fr.v[k].line;
		}
		m->has_inline_frames = true;
	}

	free(fr.v);
	strbuf_release(&fr.name);
	hashmap_release(&fns);
	for (size_t i = 0; i < nfiles; i++)
		objfile_free(files[i]);
	free(files);
	free(used);
	free(segs);
}

int symbolize_profile(struct profile *p, const struct symbolize_options *o)
{
	bool remote = true, local = true, fast = false, force = false;
	const char *dmode = "";
	char *mode = xstrdup(o && o->mode ? o->mode : "");
	int ret = 0;

	for (char *c = mode; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c += 'a' - 'A';
	for (char *save = NULL, *opt = strtok_r(mode, ":", &save); opt;
	     opt = strtok_r(NULL, ":", &save)) {
		if (!strcmp(opt, "none") || !strcmp(opt, "no"))
			goto out;
		if (!strcmp(opt, "local")) {
			remote = false, local = true;
		} else if (!strcmp(opt, "fastlocal")) {
			remote = false, local = true, fast = true;
		} else if (!strcmp(opt, "remote")) {
			remote = true, local = false;
		} else if (!strcmp(opt, "force")) {
			force = true;
		} else if (!strncmp(opt, "demangle=", 9) &&
			   (!strcmp(opt + 9, "full") || !strcmp(opt + 9, "none") ||
			    !strcmp(opt + 9, "templates"))) {
			dmode = o->mode + (opt - mode) + 9;
			force = true;
		} else if (strcmp(opt, "demangle=default")) {
			diag_note("ignoring unrecognized symbolization option: %s",
				  o->mode);
			diag_note("expecting -symbolize=[local|fastlocal|remote|none]"
				  "[:force][:demangle=[none|full|templates|default]");
		}
	}
	/* dmode points into the caller's string: lowercase it the same way */
	char dbuf[16] = "";
	for (size_t i = 0; dmode[i] && dmode[i] != ':' && i < sizeof(dbuf) - 1; i++)
		dbuf[i] = (char)(dmode[i] | 0x20);

	if (local)
		symbolize_local(p, fast, force);
	if (remote && o && o->remote && o->remote(p, force, o->remote_ctx)) {
		ret = -1;
		goto out;
	}
	symbolize_demangle(p, force, dbuf);
out:
	free(mode);
	return ret;
}

/* ---- binary search: pprof's locateBinaries ---- */

/* Whether path opens as a binary pprof could use; its build id in *id. */
static bool probe(const char *path, char *id, size_t idlen)
{
	struct stat st;
	bool ok = false;
	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	elf_version(EV_CURRENT);
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (elf && elf_kind(elf) == ELF_K_ELF) {
		const void *bits;
		ssize_t n = dwelf_elf_gnu_build_id(elf, &bits);
		id[0] = '\0';
		if (n > 0 && (size_t)n * 2 < idlen)
			hex_build_id(bits, (int)n, id);
		ok = true;
	}
	elf_end(elf);
	close(fd);
	return ok;
}

/* Go's filepath.Join of two elements: empty ones dropped, then Clean
 * (sb may not be a or b). */
static void path_join(struct strbuf *sb, const char *a, const char *b)
{
	struct strbuf joined = STRBUF_INIT;
	strbuf_adds(&joined, a);
	if (*a && *b)
		strbuf_addch(&joined, '/');
	strbuf_adds(&joined, b);
	strbuf_reset(sb);
	if (joined.len)
		gopath_clean(sb, joined.buf, joined.len);
	strbuf_release(&joined);
}

/* Go's filepath.Dir: what precedes the last '/', cleaned ("." when
 * there is none). */
static void path_dir(struct strbuf *sb, const char *path)
{
	const char *slash = strrchr(path, '/');
	strbuf_reset(sb);
	if (!slash) {
		strbuf_adds(sb, ".");
		return;
	}
	gopath_clean(sb, path, (size_t)(slash - path) + 1);
}

/* Tries one candidate; true when the mapping now points at it. */
static bool try_candidate(struct profile *p, struct profile_mapping *m,
			  const char *name)
{
	char id[129];
	if (!probe(name, id, sizeof(id)))
		return false;
	if (*m->build_id && strcmp(m->build_id, id)) {
		diag_warning("ignoring local file %s: build-id mismatch (%s != %s)",
			name, m->build_id, id);
		return false;
	}
	m->file = profile_interns(p, name);
	return true;
}

static bool search_dir(struct profile *p, struct profile_mapping *m,
		       const char *dir)
{
	struct strbuf sb = STRBUF_INIT, sub = STRBUF_INIT;
	const char *base = *m->file ? base_name(m->file) : "";
	bool found = false;

	if (*m->build_id) {
		path_join(&sub, dir, m->build_id);
		path_join(&sb, sub.buf, base);
		if ((found = try_candidate(p, m, sb.buf)))
			goto out;
		glob_t g;
		path_join(&sb, sub.buf, "*");
		if (glob(sb.buf, 0, NULL, &g) == 0) {
			for (size_t i = 0; !found && i < g.gl_pathc; i++)
				found = try_candidate(p, m, g.gl_pathv[i]);
			globfree(&g);
			if (found)
				goto out;
		}
		path_join(&sub, dir, m->file);
		path_join(&sb, sub.buf, m->build_id);
		if ((found = try_candidate(p, m, sb.buf)))
			goto out;
		/* LLVM's layout: ab/cdef....debug (pprof 1.23) */
		if (strlen(m->build_id) >= 2) {
			strbuf_reset(&sub);
			strbuf_add(&sub, m->build_id, 2);
			path_join(&sb, dir, sub.buf);
			strbuf_addch(&sb, '/');
			strbuf_adds(&sb, m->build_id + 2);
			strbuf_adds(&sb, ".debug");
			if ((found = try_candidate(p, m, sb.buf)))
				goto out;
		}
	}
	if (*m->file) {
		if (*base) {
			path_join(&sb, dir, base);
			if ((found = try_candidate(p, m, sb.buf)))
				goto out;
		}
		path_join(&sb, dir, m->file);
		if ((found = try_candidate(p, m, sb.buf)))
			goto out;
		/* GDB's separate debug files, as pprof 1.23 looks for them:
		 * $path.debug, $dir/.debug/$name.debug,
		 * usr/lib/debug/$dir/$name.debug */
		strbuf_reset(&sub);
		strbuf_adds(&sub, m->file);
		strbuf_adds(&sub, ".debug");
		path_join(&sb, dir, sub.buf);
		if ((found = try_candidate(p, m, sb.buf)))
			goto out;
		struct strbuf d = STRBUF_INIT;
		path_dir(&d, m->file);
		path_join(&sub, dir, d.buf);
		path_join(&sb, sub.buf, ".debug");
		path_join(&sub, sb.buf, base);
		strbuf_adds(&sub, ".debug");
		found = try_candidate(p, m, sub.buf);
		if (!found) {
			path_join(&sub, dir, "usr/lib/debug");
			path_join(&sb, sub.buf, d.buf);
			path_join(&sub, sb.buf, base);
			strbuf_adds(&sub, ".debug");
			found = try_candidate(p, m, sub.buf);
		}
		strbuf_release(&d);
	}
out:
	strbuf_release(&sub);
	strbuf_release(&sb);
	return found;
}

void symbolize_locate_binaries(struct profile *p, const char *exec_name,
			       const char *build_id)
{
	struct strbuf def = STRBUF_INIT;
	const char *path = getenv("PPROF_BINARY_PATH");
	if (!path || !*path) {
		const char *home = getenv("HOME");
		path_join(&def, home ? home : "", "pprof/binaries");
		path = def.buf;
	}
	for (size_t i = 0; i < p->nmapping; i++) {
		struct profile_mapping *m = p->mapping[i];
		const char *s = path;
		while (1) {
			const char *e = strchr(s, ':');
			size_t len = e ? (size_t)(e - s) : strlen(s);
			char *dir = xstrndup(s, len);
			/* Go's filepath.Join drops an empty element */
			bool found = search_dir(p, m, *dir ? dir : "");
			free(dir);
			if (found || !e)
				break;
			s = e + 1;
		}
	}
	strbuf_release(&def);

	if (!p->nmapping) {
		struct profile_mapping *m = profile_add_mapping(p);
		m->id = 1;
		for (size_t i = 0; i < p->nlocation; i++)
			p->location[i]->mapping = m;
	}
	if (exec_name && *exec_name)
		p->mapping[0]->file = profile_interns(p, exec_name);
	/* pprof 1.23 overrides only a missing build id */
	if (build_id && *build_id && !*p->mapping[0]->build_id)
		p->mapping[0]->build_id = profile_interns(p, build_id);
}

/* ---- demangling: pprof's Demangle with libiberty's demangler ---- */

/* Removes every outermost open..close group; the name unchanged when they
 * do not balance (pprof's removeMatching). */
static void remove_matching(char *s, char open, char close)
{
	int depth = 0;
	char *first = NULL;
	for (char *c = s; *c; c++) {
		if (*c == open) {
			if (depth++ == 0)
				first = c;
		} else if (*c == close) {
			if (--depth < 0)
				return;
			if (depth == 0) {
				memmove(first, c + 1, strlen(c + 1) + 1);
				c = first - 1;
			}
		}
	}
}

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* pprof 1.23's NoEnclosingParams: the parameters of the functions a
 * local entity sits in are left out, their parentheses kept
 * ("foo(int)::bar" reads "foo()::bar", "A::f(int) const::x" reads
 * "A::f() const::x"). Only lists outside template arguments and braces
 * ({lambda(int)#1} stays), after which qualifiers and "::" follow; the
 * "()" of operator() is a name. In place. */
static void empty_enclosing_params(char *s)
{
	int angle = 0, brace = 0;
	for (char *c = s; *c; c++) {
		if (!strncmp(c, "operator", 8) && (c == s || !is_ident(c[-1])) &&
		    !is_ident(c[8])) {
			c += 8;
			if (c[0] == '(' && c[1] == ')')
				c += 2;
			while (*c && strchr("<>=!+-*/%^&|~,[]", *c))
				c++;
			c--;
			continue;
		}
		if (*c == '<')
			angle++;
		else if (*c == '>' && angle)
			angle--;
		else if (*c == '{')
			brace++;
		else if (*c == '}' && brace)
			brace--;
		/* a parameter list follows a name; "(anonymous namespace)"
		 * is a name itself */
		if (*c != '(' || angle || brace || c == s ||
		    !(is_ident(c[-1]) || c[-1] == '>'))
			continue;
		int depth = 0;
		char *e = c;
		for (; *e; e++) {
			if (*e == '(')
				depth++;
			else if (*e == ')' && --depth == 0)
				break;
		}
		if (!*e)
			return;
		const char *q = e + 1;
		for (;;) {
			if (!strncmp(q, " const", 6) && !is_ident(q[6]))
				q += 6;
			else if (!strncmp(q, " volatile", 9) && !is_ident(q[9]))
				q += 9;
			else if (!strncmp(q, " &&", 3))
				q += 3;
			else if (!strncmp(q, " &", 2))
				q += 2;
			else
				break;
		}
		if (strncmp(q, "::", 2)) {
			c = e;
			continue;
		}
		memmove(c + 1, e, strlen(e) + 1);
		c++;
	}
}

static bool looks_demangled(const char *s)
{
	if (strstr(s, ".<") || strstr(s, "])."))
		return false; /* Java "class.<init>", Go "pkg.(*T[...]).M" */
	return strpbrk(s, "<>[]") || strstr(s, "::");
}

char *symbolize_demangle_name(const char *name, const char *mode)
{
	/* only Itanium C++ (and Rust's legacy form of it) and Rust v0
	 * names: libiberty's other styles would rewrite plain C names such
	 * as GNAT's "pkg__fn" */
	bool rust_v0 = !strncmp(name, "_R", 2);
	if (strncmp(name, "_Z", 2) && !rust_v0)
		return NULL;
	/* pprof's modes: "" and "templates" drop parameters, "" template
	 * arguments too; all but "none" (which, despite its name, is pprof's
	 * demangler without options) drop clone suffixes such as ".isra.0" */
	bool none = !strcmp(mode, "none");
	char *base = xstrdup(name);
	if (!rust_v0 && !none) {
		char *dot = strchr(base, '.');
		if (dot)
			*dot = '\0';
	}
	int opts = DMGL_AUTO | DMGL_ANSI;
	if (none || !strcmp(mode, "full"))
		opts |= DMGL_PARAMS;
	char *out = cplus_demangle(base, opts);
	free(base);
	if (out && !*mode)
		remove_matching(out, '<', '>');
	if (out && (!*mode || !strcmp(mode, "templates")))
		empty_enclosing_params(out);
	return out;
}

void symbolize_demangle(struct profile *p, bool force, const char *mode)
{
	if (force)
		for (size_t i = 0; i < p->nfunction; i++) {
			struct profile_function *f = p->function[i];
			if (*f->name && *f->system_name)
				f->name = f->system_name;
		}
	for (size_t i = 0; i < p->nfunction; i++) {
		struct profile_function *f = p->function[i];
		if (*f->name && f->system_name != f->name)
			continue; /* already demangled */
		char *d = symbolize_demangle_name(f->system_name, mode);
		if (d && strcmp(d, f->system_name)) {
			f->name = profile_interns(p, d);
			free(d);
			continue;
		}
		free(d);
		/* not mangled: maybe already demangled C++ to simplify */
		if (looks_demangled(f->system_name) && strcmp(mode, "full") &&
		    strcmp(mode, "none")) {
			char *s = xstrdup(f->system_name);
			remove_matching(s, '(', ')');
			if (!strcmp(mode, ""))
				remove_matching(s, '<', '>');
			f->name = profile_interns(p, s);
			free(s);
		} else {
			f->name = f->system_name;
		}
	}
}

/* ---- one binary for -disasm (symbolize_internal.h) ---- */

struct symbolize_int_file {
	struct objfile *obj;
	struct seg seg;
	struct frames fr;
};

struct symbolize_int_file *symbolize_int_open(const struct profile_mapping *m)
{
	elf_version(EV_CURRENT);
	struct objfile *f = objfile_open(m->file);
	if (!f)
		return NULL;
	struct symbolize_int_file *h = xcalloc(1, sizeof(*h));
	h->obj = f;
	h->seg.obj = f;
	h->seg.m = m;
	strbuf_init(&h->fr.name);
	/* the kernel relocation symbol, as symbolize_local looks it up */
	if (strstr(m->file, "vmlinux") || m->start % PAGE_SIZE ||
	    m->limit % PAGE_SIZE || m->offset % PAGE_SIZE) {
		const char *rs = m->kernel_reloc_symbol && *m->kernel_reloc_symbol
					 ? m->kernel_reloc_symbol : "_stext";
		h->seg.has_koff = symbol_value(f, rs, &h->seg.koff);
	}
	return h;
}

void symbolize_int_close(struct symbolize_int_file *h)
{
	if (!h)
		return;
	free(h->fr.v);
	strbuf_release(&h->fr.name);
	objfile_free(h->obj);
	free(h);
}

Elf *symbolize_int_elf(struct symbolize_int_file *h)
{
	return h->obj->elf;
}

int symbolize_int_objaddr(struct symbolize_int_file *h, uint64_t addr,
			  uint64_t *out)
{
	return objaddr(&h->seg, addr, out);
}

bool symbolize_int_frame(struct symbolize_int_file *h, uint64_t a,
			 const char **func, const char **file, int *line)
{
	resolve(h->obj, a, false, &h->fr);
	if (!h->fr.n)
		return false;
	*func = h->fr.v[0].func;
	*file = h->fr.v[0].file;
	*line = h->fr.v[0].line;
	return true;
}
