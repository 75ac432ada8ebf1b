/* regex: Go's regexp (RE2 syntax) for pprof's filters, on RE2 itself
 * through re2_shim. A pattern is first read by Go's grammar here, which
 * rejects in Go's words what Go rejects (C++ RE2 takes a few more: \C,
 * and what its Unicode tables name differently) and writes it back in a
 * plain spelling; RE2 compiles that and matches in linear time. */
#include "lib/gocompat/regex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/error.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"
#include "lib/gocompat/re2_shim.h"

/* Immutable once compiled: one pattern may be matched from several
 * threads at once (the web UI's requests). */
struct regex {
	struct re2_shim *code;
	char *source;
};

/* Translation state: the pattern is read once, Go's grammar checked, and
 * an equivalent pattern written with every literal spelled as an escape.
 * (The translation began as one to PCRE2; what RE2 rejects as well, such
 * as a missing ')', is left to RE2 and worded as Go words it.) */
struct tr {
	const char *s;   /* whole pattern, for messages */
	const char *p;   /* read position */
	struct strbuf *out;
	bool operand;    /* a repetition operator has something to repeat */
	bool repeated;   /* the previous token was a repetition operator */
	const char *last_repeat; /* where it starts */
	int depth;       /* groups open */
};

static int tr_error(const char *what, const char *from, size_t len)
{
	return error_set("error parsing regexp: %s: `%.*s`", what, (int)len, from);
}

static bool is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Length of the UTF-8 sequence starting at p (1 for a stray byte). */
static size_t utf8_len(const char *p)
{
	unsigned char c = (unsigned char)*p;
	size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	for (size_t i = 1; i < n; i++)
		if (!p[i])
			return i;
	return n;
}

/* A code point as pattern text that means exactly that character, in a
 * class or outside one. */
static void put_char(struct strbuf *out, uint32_t c)
{
	if (c < 0x80 && is_alnum((int)c))
		strbuf_addch(out, (char)c);
	else
		strbuf_addf(out, "\\x{%x}", (unsigned)c);
}

/* Go's \pN / \p{Name}: a one-letter or exact category, "Any", or a script.
 * PCRE2 (the former engine) took loose spellings and extensions (Xan, L&,
 * Bidi_Class=…), which RE2 rejects. */
static bool unicode_name_ok(const char *name, size_t len)
{
	static const char *const cats[] = {
		"C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu",
		"M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No", "P", "Pc", "Pd",
		"Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z",
		"Zl", "Zp", "Zs", "Any",
	};
	if (len && name[0] == '^') {
		name++;
		len--;
	}
	if (!len)
		return false;
	for (size_t i = 0; i < sizeof(cats) / sizeof(cats[0]); i++)
		if (strlen(cats[i]) == len && !memcmp(cats[i], name, len))
			return true;
	if (len == 1 || (len == 3 && name[0] == 'X'))
		return false;
	/* scripts: Capitalised words joined by '_' */
	bool word_start = true;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (c == '_') {
			if (word_start)
				return false;
			word_start = true;
		} else if (word_start) {
			if (!(c >= 'A' && c <= 'Z'))
				return false;
			word_start = false;
		} else if (!is_alnum(c)) {
			return false;
		}
	}
	return !word_start;
}

/* \p or \P at t->p (pointing at the backslash); copies it through. */
static int tr_unicode_class(struct tr *t)
{
	const char *start = t->p;
	const char *name = t->p + 2;
	size_t len;
	const char *end;
	if (*name == '{') {
		const char *close = strchr(name, '}');
		if (!close)
			return tr_error("invalid character class range", start,
					strlen(start));
		name++;
		len = (size_t)(close - name);
		end = close + 1;
	} else {
		len = utf8_len(name);
		end = name + len;
		if (!*name)
			return tr_error("invalid character class range", start, 2);
	}
	if (!unicode_name_ok(name, len))
		return tr_error("invalid character class range", start,
				(size_t)(end - start));
	strbuf_add(t->out, start, (size_t)(end - start));
	t->p = end;
	return 0;
}

/* Perl classes: Go's \s is [\t\n\f\r ]; spelled out, whatever the engine's. */
static bool tr_perl_class(struct tr *t, bool in_class)
{
	char c = t->p[1];
	if (c == 's') {
		strbuf_adds(t->out, in_class ? "\\t\\n\\f\\r\\x20" : "[\\t\\n\\f\\r\\x20]");
	} else if (c == 'S') {
		strbuf_adds(t->out, in_class ?
			"\\x00-\\x08\\x0b\\x0e-\\x1f\\x{21}-\\x{10ffff}" :
			"[^\\t\\n\\f\\r\\x20]");
	} else if (c == 'd' || c == 'D' || c == 'w' || c == 'W') {
		strbuf_add(t->out, t->p, 2);
	} else {
		return false;
	}
	t->p += 2;
	return true;
}

/* A single-character escape at t->p (octal, hex, control, punctuation),
 * RE2's parseEscape. Stores the code point in *cp. */
static int tr_char_escape(struct tr *t, uint32_t *cp)
{
	const char *start = t->p;
	const char *p = t->p + 1;
	char c = *p;
	if (!c)
		return tr_error("trailing backslash at end of expression", "", 0);
	if (c >= '1' && c <= '7' && !(p[1] >= '0' && p[1] <= '7'))
		return tr_error("invalid escape sequence", start, 2);
	if (c >= '0' && c <= '7') {
		/* up to three octal digits; \1..\7 alone would be a backreference */
		uint32_t v = 0;
		int n = 0;
		while (n < 3 && *p >= '0' && *p <= '7')
			v = v * 8 + (uint32_t)(*p++ - '0'), n++;
		*cp = v;
		t->p = p;
		return 0;
	}
	if (c == 'x') {
		p++;
		uint32_t v = 0;
		if (*p == '{') {
			int n = 0;
			for (p++; hexval(*p) >= 0; p++, n++) {
				v = v * 16 + (uint32_t)hexval(*p);
				if (v > 0x10ffff)
					break;
			}
			if (!n || *p != '}' || v > 0x10ffff)
				return tr_error("invalid escape sequence", start,
						(size_t)(p - start + (*p != 0)));
			p++;
		} else {
			if (hexval(p[0]) < 0 || hexval(p[1]) < 0)
				return tr_error("invalid escape sequence", start,
						strnlen(start, 4));
			v = (uint32_t)(hexval(p[0]) * 16 + hexval(p[1]));
			p += 2;
		}
		*cp = v;
		t->p = p;
		return 0;
	}
	static const char ctl[] = "a\af\fn\nr\rt\tv\v";
	for (const char *k = ctl; *k; k += 2)
		if (c == k[0]) {
			*cp = (unsigned char)k[1];
			t->p = p + 1;
			return 0;
		}
	if ((unsigned char)c < 0x80 && !is_alnum(c)) {
		*cp = (unsigned char)c;
		t->p = p + 1;
		return 0;
	}
	return tr_error("invalid escape sequence", start, 1 + utf8_len(p));
}

/* One UTF-8 code point (an invalid byte is taken as itself). */
static uint32_t decode_utf8(const char **pp)
{
	const unsigned char *p = (const unsigned char *)*pp;
	size_t n = utf8_len(*pp);
	uint32_t c = p[0];
	if (n == 2)
		c = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
	else if (n == 3)
		c = (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 |
		    (p[2] & 0x3f);
	else if (n == 4)
		c = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12 |
		    (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
	*pp += n;
	return c;
}

static int tr_class_char(struct tr *t, uint32_t *cp)
{
	if (*t->p == '\\')
		return tr_char_escape(t, cp);
	*cp = decode_utf8(&t->p);
	return 0;
}

static bool posix_name_ok(const char *name, size_t len)
{
	static const char *const names[] = {
		"alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph",
		"lower", "print", "punct", "space", "upper", "word", "xdigit",
	};
	if (len && name[0] == '^')
		name++, len--;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == len && !memcmp(names[i], name, len))
			return true;
	return false;
}

/* A bracketed class at t->p ('['), item by item as RE2 reads it; every
 * literal is written as an escape so the engine cannot read [. or a stray '-'
 * differently. */
static int tr_class(struct tr *t)
{
	const char *start = t->p++;
	strbuf_addch(t->out, '[');
	if (*t->p == '^') {
		strbuf_addch(t->out, '^');
		t->p++;
	}
	bool first = true;
	while (*t->p && (first || *t->p != ']')) {
		first = false;
		if (t->p[0] == '[' && t->p[1] == ':') {
			const char *close = strstr(t->p + 2, ":]");
			if (close) {
				const char *name = t->p + 2;
				size_t len = (size_t)(close - name);
				if (!posix_name_ok(name, len))
					return tr_error("invalid character class range",
							t->p, len + 4);
				strbuf_add(t->out, t->p, len + 4);
				t->p = close + 2;
				continue;
			}
		}
		if (t->p[0] == '\\' && (t->p[1] == 'p' || t->p[1] == 'P')) {
			if (tr_unicode_class(t))
				return -1;
			continue;
		}
		if (t->p[0] == '\\' && tr_perl_class(t, true))
			continue;
		const char *item = t->p;
		uint32_t lo, hi;
		if (tr_class_char(t, &lo))
			return -1;
		hi = lo;
		if (t->p[0] == '-' && t->p[1] && t->p[1] != ']') {
			t->p++;
			if (tr_class_char(t, &hi))
				return -1;
			if (hi < lo)
				return tr_error("invalid character class range", item,
						(size_t)(t->p - item));
		}
		put_char(t->out, lo);
		if (hi != lo) {
			strbuf_addch(t->out, '-');
			put_char(t->out, hi);
		}
	}
	if (!*t->p)
		return tr_error("missing closing ]", start, strlen(start));
	t->p++;
	strbuf_addch(t->out, ']');
	return 0;
}

/* "{n}", "{n,}", "{n,m}" at p: its length, or 0 if RE2 takes '{' as a
 * literal. Counts over 1000 or min > max are errors (-1). */
static int repeat_len(const char *p, const char **bad)
{
	const char *q = p + 1;
	long lo = 0, hi;
	int nd = 0;
	for (; *q >= '0' && *q <= '9'; q++, nd++)
		lo = lo < 100000 ? lo * 10 + (*q - '0') : lo;
	if (!nd)
		return 0;
	hi = lo;
	if (*q == ',') {
		q++;
		hi = -1;
		if (*q >= '0' && *q <= '9') {
			hi = 0;
			for (; *q >= '0' && *q <= '9'; q++)
				hi = hi < 100000 ? hi * 10 + (*q - '0') : hi;
		}
	}
	if (*q != '}')
		return 0;
	q++;
	if (lo > 1000 || hi > 1000 || (hi >= 0 && hi < lo)) {
		*bad = q;
		return -1;
	}
	return (int)(q - p);
}

/* The bounds of a repeat repeat_len accepted; hi is -1 for "{n,}". */
static void repeat_bounds(const char *p, long *lo, long *hi)
{
	char *end;
	*lo = strtol(p + 1, &end, 10);
	*hi = *lo;
	if (*end == ',')
		*hi = end[1] == '}' ? -1 : strtol(end + 1, NULL, 10);
}

/* (?flags), (?flags:, (?P<name> or, since Go 1.22, (?<name> at t->p
 * (a name needs one more character after the '<', as in Go). */
static int tr_group(struct tr *t)
{
	const char *start = t->p;
	const char *p = t->p + 2;
	size_t rest = strlen(start);
	if ((p[0] == 'P' && p[1] == '<' && rest > 4) ||
	    (p[0] == '<' && rest > 3)) {
		const char *name = p + (p[0] == 'P' ? 2 : 1), *q = name;
		while (is_alnum(*q) || *q == '_')
			q++;
		if (*q != '>' || q == name)
			return tr_error("invalid named capture", start,
					strcspn(start, ">") + (strchr(start, '>') != NULL));
		/* names are never used for matching; a plain group avoids
		 * the engine's duplicate-name error, which Go 1.19 does not have */
		strbuf_addch(t->out, '(');
		t->depth++;
		t->p = q + 1;
		t->operand = false;
		return 0;
	}
	bool neg = false, saw = false;
	for (;; p++) {
		char c = *p;
		if (c == 'i' || c == 'm' || c == 's' || c == 'U') {
			saw = true;
		} else if (c == '-') {
			if (neg)
				break;
			neg = true;
			saw = false;
		} else if (c == ')' || c == ':') {
			if (neg && !saw)
				break;
			if (c == ')') {
				/* a bare flag group repeats nothing and clears nothing */
				if (p - start > 2)
					strbuf_add(t->out, start, (size_t)(p - start + 1));
			} else {
				strbuf_add(t->out, start, (size_t)(p - start + 1));
				t->operand = false;
				t->depth++;
			}
			t->p = p + 1;
			return 0;
		} else {
			break;
		}
	}
	size_t len = (size_t)(p - start) + (*p ? utf8_len(p) : 0);
	if (len > 3 && !*p)
		len = 3;
	return tr_error("invalid or unsupported Perl syntax", start,
			*p ? len : (size_t)(p - start));
}

static int translate(struct tr *t)
{
	while (*t->p) {
		const char *tok = t->p;
		char c = *tok;
		if (c == '*' || c == '+' || c == '?' || c == '{') {
			const char *bad = NULL;
			int n = c == '{' ? repeat_len(tok, &bad) : 1;
			if (n < 0)
				return tr_error("invalid repeat count", tok,
						(size_t)(bad - tok));
			if (n > 0) {
				size_t oplen = (size_t)n + (tok[n] == '?');
				if (t->repeated)
					return tr_error("invalid nested repetition operator",
							t->last_repeat,
							(size_t)(tok - t->last_repeat) + oplen);
				if (!t->operand)
					return tr_error("missing argument to repetition operator",
							tok, oplen);
				if (c == '{') {
					/* written without leading zeros, which
					 * RE2 (unlike Go) takes as a literal */
					long lo, hi;
					repeat_bounds(tok, &lo, &hi);
					strbuf_addf(t->out, "{%ld", lo);
					if (hi < 0)
						strbuf_addch(t->out, ',');
					else if (hi != lo)
						strbuf_addf(t->out, ",%ld", hi);
					strbuf_adds(t->out, tok[n] == '?' ? "}?" : "}");
				} else {
					strbuf_add(t->out, tok, oplen);
				}
				t->p += oplen;
				t->repeated = true;
				t->last_repeat = tok;
				continue;
			}
			/* a '{' that starts no repeat is a literal */
			strbuf_adds(t->out, "\\{");
			t->p++;
			t->operand = true;
		} else if (c == '(') {
			if (tok[1] == '?') {
				if (tr_group(t))
					return -1;
			} else {
				strbuf_addch(t->out, '(');
				t->depth++;
				t->p++;
				t->operand = false;
			}
		} else if (c == '|') {
			strbuf_addch(t->out, '|');
			t->p++;
			t->operand = false;
		} else if (c == ')') {
			/* Go names the whole expression for parenthesis errors */
			if (!t->depth)
				return tr_error("unexpected )", t->s, strlen(t->s));
			t->depth--;
			strbuf_addch(t->out, ')');
			t->p++;
			t->operand = true;
		} else if (c == '[') {
			if (tr_class(t))
				return -1;
			t->operand = true;
		} else if (c == '^' || c == '$' ||
			   (c == '\\' && tok[1] && strchr("AbBz", tok[1]))) {
			/* Go lets an assertion be repeated; a group is safe everywhere */
			size_t n = c == '\\' ? 2 : 1;
			char nx = tok[n];
			bool wrap = nx == '*' || nx == '+' || nx == '?' || nx == '{';
			if (wrap)
				strbuf_adds(t->out, "(?:");
			strbuf_add(t->out, tok, n);
			if (wrap)
				strbuf_addch(t->out, ')');
			t->p += n;
			t->operand = true;
		} else if (c == '\\' && tok[1] == 'Q') {
			const char *lit = tok + 2;
			const char *end = strstr(lit, "\\E");
			size_t len = end ? (size_t)(end - lit) : strlen(lit);
			for (const char *q = lit; q < lit + len;)
				put_char(t->out, decode_utf8(&q));
			t->p = end ? end + 2 : lit + len;
			if (len)
				t->operand = true;
		} else if (c == '\\' && (tok[1] == 'p' || tok[1] == 'P')) {
			if (tr_unicode_class(t))
				return -1;
			t->operand = true;
		} else if (c == '\\' && tr_perl_class(t, false)) {
			t->operand = true;
		} else if (c == '\\') {
			uint32_t cp;
			if (tr_char_escape(t, &cp))
				return -1;
			put_char(t->out, cp);
			t->operand = true;
		} else {
			/* literals and '.': the same in both */
			size_t n = utf8_len(tok);
			strbuf_add(t->out, tok, n);
			t->p += n;
			t->operand = true;
		}
		t->repeated = false;
	}
	if (t->depth)
		return tr_error("missing closing )", t->s, strlen(t->s));
	return 0;
}

int regex_translate(const char *pattern, struct strbuf *out)
{
	struct tr t = { pattern, pattern, out, false, false, NULL, 0 };
	return translate(&t);
}

/* Go's regexp/syntax wording for what RE2 itself refuses after the
 * translation (the rest was refused in Go's words above). */
static const char *go_words(enum re2_shim_error e)
{
	switch (e) {
	case RE2_SHIM_BAD_ESCAPE: return "invalid escape sequence";
	case RE2_SHIM_BAD_CHAR_CLASS: return "invalid character class";
	case RE2_SHIM_BAD_CHAR_RANGE: return "invalid character class range";
	case RE2_SHIM_MISSING_BRACKET: return "missing closing ]";
	case RE2_SHIM_MISSING_PAREN: return "missing closing )";
	case RE2_SHIM_UNEXPECTED_PAREN: return "unexpected )";
	case RE2_SHIM_TRAILING_BACKSLASH:
		return "trailing backslash at end of expression";
	case RE2_SHIM_REPEAT_ARGUMENT:
		return "missing argument to repetition operator";
	case RE2_SHIM_REPEAT_SIZE: return "invalid repeat count";
	case RE2_SHIM_REPEAT_OP: return "invalid nested repetition operator";
	case RE2_SHIM_BAD_PERL_OP: return "invalid or unsupported Perl syntax";
	case RE2_SHIM_BAD_UTF8: return "invalid UTF-8";
	case RE2_SHIM_BAD_NAMED_CAPTURE: return "invalid named capture";
	case RE2_SHIM_TOO_LARGE: return "expression too large";
	default: return "regexp/syntax: internal error";
	}
}

struct regex *regex_compile(const char *pattern)
{
	struct strbuf tr = STRBUF_INIT;
	struct regex *re = NULL;
	enum re2_shim_error err;

	if (regex_translate(pattern, &tr))
		goto out;
	struct re2_shim *code = re2_shim_compile(tr.buf, tr.len, &err);
	if (!code) {
		/* Go quotes the whole expression for these */
		error_set("error parsing regexp: %s: `%s`", go_words(err), pattern);
		goto out;
	}
	re = xcalloc(1, sizeof(*re));
	re->code = code;
	re->source = xstrdup(pattern);
out:
	strbuf_release(&tr);
	return re;
}

bool regex_matchn(const struct regex *re, const char *s, size_t len)
{
	return re2_shim_match(re->code, s, len, NULL, 0);
}

bool regex_submatch(const struct regex *re, const char *s, size_t len,
		    struct regex_span *sub, size_t nsub)
{
	size_t stack[2 * 8];
	size_t *spans = nsub <= 8 ? stack : xcalloc(nsub, 2 * sizeof(*spans));
	bool found = re2_shim_match(re->code, s, len, spans, nsub);
	for (size_t i = 0; found && i < nsub; i++) {
		sub[i].start = spans[2 * i];
		sub[i].end = spans[2 * i + 1];
	}
	if (spans != stack)
		free(spans);
	return found;
}

bool regex_match(const struct regex *re, const char *s)
{
	return regex_matchn(re, s, strlen(s));
}

const char *regex_source(const struct regex *re)
{
	return re->source;
}

void regex_free(struct regex *re)
{
	if (!re)
		return;
	re2_shim_free(re->code);
	free(re->source);
	free(re);
}
