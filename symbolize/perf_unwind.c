/* perf_unwind: DWARF call graphs of perf.data samples unwound with
 * libdwfl (see perf_unwind.h). Each process gets a Dwfl with its mapped
 * ELF files, rebuilt when its mappings change; its thread callbacks read
 * the registers and the stack copy of the sample being unwound (the
 * state's `cur`), and no other memory: a frame whose CFI needs more ends
 * the stack there, as in perf. */
#include "symbolize/perf_unwind.h"

#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/base/xalloc.h"

/* perf's x86_64 user register numbers (arch/x86/include/uapi/asm/perf_regs.h) */
enum {
	PR_AX, PR_BX, PR_CX, PR_DX, PR_SI, PR_DI, PR_BP, PR_SP, PR_IP,
	PR_R8 = 16,
};

struct proc_dwfl {
	uint32_t pid;
	uint64_t gen;
	Dwfl *dwfl; /* NULL when no module could be reported */
};

struct state {
	struct proc_dwfl *procs;
	size_t nprocs, alloc;
	const struct perf_data_stack *cur;
	uint64_t *pcs;
	size_t npc, max;
};

static const Dwfl_Callbacks offline = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

static bool reg(const struct perf_data_stack *s, unsigned idx, uint64_t *v)
{
	if (idx >= 64 || !(s->regs_mask >> idx & 1))
		return false;
	size_t k = (size_t)__builtin_popcountll(s->regs_mask &
						 ((1ULL << idx) - 1));
	if (k >= s->nregs)
		return false;
	*v = s->regs[k];
	return true;
}

static pid_t next_thread(Dwfl *dwfl, void *arg, void **thread_arg)
{
	(void)dwfl;
	struct state *st = arg;
	if (*thread_arg)
		return 0;
	*thread_arg = arg;
	return (pid_t)st->cur->tid;
}

static bool get_thread(Dwfl *dwfl, pid_t tid, void *arg, void **thread_arg)
{
	(void)dwfl;
	(void)tid;
	*thread_arg = arg;
	return true;
}

/* Only the stack copy: [sp, sp + stack_len). */
static bool memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *out,
			void *arg)
{
	(void)dwfl;
	const struct perf_data_stack *s = ((struct state *)arg)->cur;
	uint64_t sp;
	if (!reg(s, PR_SP, &sp) || addr < sp || addr - sp > s->stack_len ||
	    s->stack_len - (addr - sp) < 8)
		return false;
	uint64_t v;
	memcpy(&v, s->stack + (addr - sp), 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	*out = v;
	return true;
}

/* DWARF's x86_64 numbering: rax rdx rcx rbx rsi rdi rbp rsp r8..r15 rip. */
static bool set_initial_registers(Dwfl_Thread *thread, void *arg)
{
	const struct perf_data_stack *s = ((struct state *)arg)->cur;
	static const unsigned order[16] = {
		PR_AX, PR_DX, PR_CX, PR_BX, PR_SI, PR_DI, PR_BP, PR_SP,
		PR_R8, PR_R8 + 1, PR_R8 + 2, PR_R8 + 3, PR_R8 + 4, PR_R8 + 5,
		PR_R8 + 6, PR_R8 + 7,
	};
	Dwarf_Word regs[17];
	uint64_t ip, sp;
	if (!reg(s, PR_IP, &ip) || !reg(s, PR_SP, &sp))
		return false;
	for (size_t i = 0; i < 16; i++) {
		uint64_t v = 0;
		reg(s, order[i], &v);
		regs[i] = v;
	}
	regs[16] = ip;
	if (!dwfl_thread_state_registers(thread, 0, 17, regs))
		return false;
	dwfl_thread_state_register_pc(thread, ip);
	return true;
}

static const Dwfl_Thread_Callbacks thread_callbacks = {
	.next_thread = next_thread,
	.get_thread = get_thread,
	.memory_read = memory_read,
	.set_initial_registers = set_initial_registers,
};

/* The load bias of the ELF file mapped by m (runtime address minus ELF
 * address); false when the file cannot be read. */
static bool load_bias(const struct perf_data_map *m, uint64_t *bias)
{
	int fd = open(m->file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = false;
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	GElf_Ehdr eh;
	size_t nph;
	if (!elf || !gelf_getehdr(elf, &eh) || elf_getphdrnum(elf, &nph))
		goto out;
	if (eh.e_type == ET_EXEC) {
		*bias = 0;
		ok = true;
		goto out;
	}
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		uint64_t page_off = ph.p_offset & ~(uint64_t)0xfff;
		if (m->pgoff >= page_off && m->pgoff < ph.p_offset + ph.p_filesz) {
			*bias = m->start - m->pgoff + ph.p_offset - ph.p_vaddr;
			ok = true;
			break;
		}
	}
out:
	elf_end(elf);
	close(fd);
	return ok;
}

static Dwfl *make_dwfl(struct state *st, const struct perf_data_stack *s)
{
	Dwfl *d = dwfl_begin(&offline);
	if (!d)
		return NULL;
	dwfl_report_begin(d);
	size_t reported = 0;
	for (size_t i = 0; i < s->nmaps; i++) {
		const struct perf_data_map *m = &s->maps[i];
		bool seen = m->file[0] != '/';
		for (size_t j = 0; j < i && !seen; j++)
			seen = s->maps[j].file == m->file ||
			       !strcmp(s->maps[j].file, m->file);
		uint64_t bias;
		if (seen || !load_bias(m, &bias))
			continue;
		const char *base = strrchr(m->file, '/');
		/* an overlapping or unreadable file is left out */
		if (dwfl_report_elf(d, base + 1, m->file, -1, bias, true))
			reported++;
	}
	dwfl_report_end(d, NULL, NULL);
	if (!reported ||
	    !dwfl_attach_state(d, NULL, (pid_t)s->pid, &thread_callbacks, st)) {
		dwfl_end(d);
		return NULL;
	}
	return d;
}

static int frame_cb(Dwfl_Frame *f, void *arg)
{
	struct state *st = arg;
	Dwarf_Addr pc;
	bool activation;
	if (!dwfl_frame_pc(f, &pc, &activation) || !pc)
		return DWARF_CB_ABORT;
	st->pcs[st->npc++] = pc;
	return st->npc < st->max ? DWARF_CB_OK : DWARF_CB_ABORT;
}

static void *begin(void)
{
	elf_version(EV_CURRENT);
	return xcalloc(1, sizeof(struct state));
}

static size_t unwind(void *state, const struct perf_data_stack *s,
		     uint64_t *pcs, size_t max)
{
	struct state *st = state;
	if (s->abi != 2 || !s->arch || strcmp(s->arch, "x86_64") || !max)
		return 0;
	struct proc_dwfl *p = NULL;
	for (size_t i = 0; i < st->nprocs && !p; i++)
		if (st->procs[i].pid == s->pid)
			p = &st->procs[i];
	st->cur = s;
	if (!p) {
		ALLOC_GROW(st->procs, st->nprocs + 1, st->alloc);
		p = &st->procs[st->nprocs++];
		p->pid = s->pid;
		p->dwfl = make_dwfl(st, s);
		p->gen = s->maps_gen;
	} else if (p->gen != s->maps_gen) {
		if (p->dwfl)
			dwfl_end(p->dwfl);
		p->dwfl = make_dwfl(st, s);
		p->gen = s->maps_gen;
	}
	if (!p->dwfl)
		return 0;
	st->pcs = pcs;
	st->npc = 0;
	st->max = max;
	dwfl_getthread_frames(p->dwfl, (pid_t)s->tid, frame_cb, st);
	return st->npc;
}

static void end(void *state)
{
	struct state *st = state;
	for (size_t i = 0; i < st->nprocs; i++)
		if (st->procs[i].dwfl)
			dwfl_end(st->procs[i].dwfl);
	free(st->procs);
	free(st);
}

const struct perf_data_unwinder symbolize_perf_unwinder = {
	begin, unwind, end,
};
