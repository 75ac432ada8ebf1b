/* fetch: Go's net/url rules by hand (pprof users type URLs the way Go
 * parses them), then one libcurl easy handle per session for the GETs and
 * the symbolz POSTs. */
#include "lib/fetch/fetch.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "lib/base/diag.h"
#include "lib/base/error.h"
#include "lib/gocompat/gofmt.h"
#include "lib/model/profile.h"
#include "lib/decode/source.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"


/* ---- URLs, with Go's net/url rules where pprof depends on them ---- */

static bool is_hex(int c)
{
	return isxdigit((unsigned char)c) != 0;
}

static int unhex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return (c | 0x20) - 'a' + 10;
}

/* Go's shouldEscape for the modes we need. */
enum esc_mode { ESC_PATH, ESC_QUERY, ESC_HOST };

static bool should_escape(unsigned char c, enum esc_mode mode)
{
	if (isalnum(c))
		return false;
	if (mode == ESC_HOST && strchr("!$&'()*+,;=:[]<>\"", c) && c)
		return false;
	if (c && strchr("-_.~", c))
		return false;
	if (c && strchr("$&+,/:;=?@", c))
		return mode == ESC_PATH ? c == '?' : mode != ESC_HOST;
	return true;
}

/* Whether every %-escape in s[0..n) is complete. */
static bool escapes_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '%')
			continue;
		if (i + 2 >= n || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
			return false;
		i += 2;
	}
	return true;
}

/* Decodes %XX (and '+' as a space when plus is set). -1 on a bad escape. */
static int unescape(struct strbuf *out, const char *s, size_t n, bool plus)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
				return -1;
			strbuf_addch(out, (char)(unhex(s[i + 1]) * 16 + unhex(s[i + 2])));
			i += 2;
		} else if (plus && s[i] == '+') {
			strbuf_addch(out, ' ');
		} else {
			strbuf_addch(out, s[i]);
		}
	}
	return 0;
}

static void escape(struct strbuf *out, const char *s, size_t n,
		   enum esc_mode mode)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (mode == ESC_QUERY && c == ' ')
			strbuf_addch(out, '+');
		else if (should_escape(c, mode))
			strbuf_addf(out, "%%%02X", c);
		else
			strbuf_addch(out, (char)c);
	}
}

/* Go's url.getScheme: the scheme length, 0 when there is none, -1 when
 * the text starts with ':'. */
static ssize_t scheme_len(const char *s)
{
	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalpha(c))
			continue;
		if (isdigit(c) || c == '+' || c == '-' || c == '.') {
			if (i == 0)
				return 0;
			continue;
		}
		if (c == ':')
			return i == 0 ? -1 : (ssize_t)i;
		return 0;
	}
	return 0;
}

/* Go's parseHost checks: a [v6] literal or a name, then an optional
 * numeric port; no character that must be escaped in a host. */
static bool host_ok(const char *h, size_t n)
{
	const char *port;
	if (n && h[0] == '[') {
		const char *end = memchr(h, ']', n);
		if (!end)
			return false;
		port = end + 1;
		if (port < h + n && *port != ':')
			return false;
	} else {
		port = NULL;
		for (size_t i = n; i > 0; i--) {
			if (h[i - 1] == ':') {
				port = h + i - 1;
				break;
			}
		}
		if (!port)
			port = h + n;
	}
	for (const char *p = port + (port < h + n); p < h + n; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	if (!escapes_ok(h, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if (h[i] != '%' && (unsigned char)h[i] < 0x80 &&
		    should_escape((unsigned char)h[i], ESC_HOST))
			return false;
	return true;
}

void fetch_url_release(struct fetch_url *u)
{
	if (!u)
		return;
	free(u->scheme);
	free(u->userinfo);
	free(u->host);
	free(u->path);
	free(u->query);
	free(u->fragment);
	memset(u, 0, sizeof(*u));
}

/* One url.Parse. Returns 0 and fills u (host may be ""), or -1. */
static int url_parse_once(const char *s, struct fetch_url *u)
{
	memset(u, 0, sizeof(*u));
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return -1;

	const char *hash = strchr(s, '#');
	size_t n = hash ? (size_t)(hash - s) : strlen(s);
	if (hash && !escapes_ok(hash + 1, strlen(hash + 1)))
		return -1;

	ssize_t sl = scheme_len(s);
	if (sl < 0 || (size_t)sl > n)
		return -1;
	const char *rest = s + (sl ? sl + 1 : 0);
	const char *end = s + n;

	const char *q = memchr(rest, '?', (size_t)(end - rest));
	const char *pend = q ? q : end;
	bool force_query = q && q + 1 == end;

	const char *host = "", *user = "", *path = rest;
	size_t hostn = 0, usern = 0;
	if (rest == pend || *rest != '/') {
		if (sl) {
			/* opaque ("localhost:6060"): no host */
			u->scheme = xstrndup(s, (size_t)sl);
			for (char *c = u->scheme; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			u->userinfo = xstrdup("");
			u->host = xstrdup("");
			u->path = xstrdup("");
			u->query = xstrdup("");
			u->fragment = xstrdup("");
			return 0;
		}
		const char *slash = memchr(rest, '/', (size_t)(pend - rest));
		const char *seg = slash ? slash : pend;
		if (memchr(rest, ':', (size_t)(seg - rest)))
			return -1; /* colon in the first path segment */
	}
	if ((sl || (size_t)(pend - rest) < 3 || strncmp(rest, "///", 3)) &&
	    pend - rest >= 2 && rest[0] == '/' && rest[1] == '/') {
		const char *a = rest + 2;
		const char *ae = a;
		while (ae < pend && *ae != '/')
			ae++;
		const char *at = NULL;
		for (const char *c = a; c < ae; c++)
			if (*c == '@')
				at = c;
		if (at) {
			user = a;
			usern = (size_t)(at - a);
			if (!escapes_ok(user, usern))
				return -1;
			a = at + 1;
		}
		host = a;
		hostn = (size_t)(ae - a);
		if (hostn && !host_ok(host, hostn))
			return -1;
		path = ae;
	}
	if (!escapes_ok(path, (size_t)(pend - path)))
		return -1;
	/* A query with bad escapes is kept raw; Query() drops its bad pairs. */
	u->scheme = xstrndup(s, sl > 0 ? (size_t)sl : 0);
	for (char *c = u->scheme; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	u->userinfo = xstrndup(user, usern);
	u->host = xstrndup(host, hostn);
	u->path = xstrndup(path, (size_t)(pend - path));
	u->query = q ? xstrndup(q + 1, (size_t)(end - q - 1)) : xstrdup("");
	u->fragment = xstrdup(hash ? hash + 1 : "");
	u->force_query = force_query;
	return 0;
}

int fetch_url_parse(const char *s, struct fetch_url *u)
{
	/* url.Parse, and again with "http://" in front when that found no
	 * host: "localhost:6060" parses as scheme "localhost". */
	int r = url_parse_once(s, u);
	if (r || (!*u->host && *u->scheme && strcmp(u->scheme, "file"))) {
		if (!r)
			fetch_url_release(u);
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "http://%s", s);
		r = url_parse_once(sb.buf, u);
		strbuf_release(&sb);
	}
	if (r)
		return -1;
	if (!*u->host) {
		fetch_url_release(u);
		return -1;
	}
	return 0;
}

/* Go's validEncoded(s, encodePath): whether s can be written as is. */
static bool path_valid_encoded(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (strchr("!$&'()*+,;=:@[]%", c))
			continue;
		if (should_escape(c, ESC_PATH))
			return false;
	}
	return true;
}

void fetch_url_format(const struct fetch_url *u, struct strbuf *sb)
{
	if (*u->scheme)
		strbuf_addf(sb, "%s:", u->scheme);
	strbuf_adds(sb, "//");
	if (*u->userinfo)
		strbuf_addf(sb, "%s@", u->userinfo);
	strbuf_adds(sb, u->host);
	if (*u->path && u->path[0] != '/')
		strbuf_addch(sb, '/');
	if (path_valid_encoded(u->path)) {
		strbuf_adds(sb, u->path);
	} else {
		struct strbuf dec = STRBUF_INIT;
		unescape(&dec, u->path, strlen(u->path), false);
		escape(sb, dec.buf, dec.len, ESC_PATH);
		strbuf_release(&dec);
	}
	if (*u->query || u->force_query)
		strbuf_addf(sb, "?%s", u->query);
	if (*u->fragment)
		strbuf_addf(sb, "#%s", u->fragment);
}

struct query_pair {
	char *key, *value;
	size_t order;
};

static int pair_cmp(const void *a, const void *b)
{
	const struct query_pair *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	/* Values of one key keep their order, as url.Values does. */
	return x->order < y->order ? -1 : x->order > y->order;
}

/* url.Values round trip: parse (dropping malformed pairs), optionally
 * set seconds, then encode sorted by key. *url_seconds gets the first
 * seconds= value when it parses as a 32-bit integer. */
static void normalise_query(struct fetch_url *u, int seconds,
			    bool *has_url_seconds, int64_t *url_seconds)
{
	struct query_pair *pairs = NULL;
	size_t npairs = 0, alloc = 0;
	const char *s = u->query;

	*has_url_seconds = false;
	while (*s) {
		const char *amp = strchr(s, '&');
		size_t n = amp ? (size_t)(amp - s) : strlen(s);
		const char *eq = memchr(s, '=', n);
		size_t kn = eq ? (size_t)(eq - s) : n;
		struct strbuf k = STRBUF_INIT, v = STRBUF_INIT;
		bool bad = memchr(s, ';', n) != NULL || n == 0 ||
			   unescape(&k, s, kn, true) ||
			   (eq && unescape(&v, eq + 1, n - kn - 1, true));
		if (!bad && !(seconds > 0 && !strcmp(k.buf, "seconds"))) {
			ALLOC_GROW(pairs, npairs + 1, alloc);
			pairs[npairs].key = strbuf_detach(&k, NULL);
			pairs[npairs].value = strbuf_detach(&v, NULL);
			pairs[npairs].order = npairs;
			npairs++;
		}
		strbuf_release(&k);
		strbuf_release(&v);
		s += n + (amp != NULL);
	}
	if (seconds > 0) {
		ALLOC_GROW(pairs, npairs + 1, alloc);
		pairs[npairs].key = xstrdup("seconds");
		pairs[npairs].value = xmalloc(24);
		snprintf(pairs[npairs].value, 24, "%d", seconds);
		pairs[npairs].order = npairs;
		npairs++;
	}
	for (size_t i = 0; i < npairs; i++) {
		if (strcmp(pairs[i].key, "seconds"))
			continue;
		/* strconv.ParseInt(v, 10, 32) */
		const char *v = pairs[i].value;
		char *endp;
		errno = 0;
		long long x = strtoll(v, &endp, 10);
		if (*v && !isspace((unsigned char)*v) && !*endp && !errno &&
		    x >= INT32_MIN && x <= INT32_MAX) {
			*has_url_seconds = true;
			*url_seconds = x;
		}
		break;
	}
	if (npairs)
		qsort(pairs, npairs, sizeof(*pairs), pair_cmp);

	struct strbuf out = STRBUF_INIT;
	for (size_t i = 0; i < npairs; i++) {
		if (i)
			strbuf_addch(&out, '&');
		escape(&out, pairs[i].key, strlen(pairs[i].key), ESC_QUERY);
		strbuf_addch(&out, '=');
		escape(&out, pairs[i].value, strlen(pairs[i].value), ESC_QUERY);
		free(pairs[i].key);
		free(pairs[i].value);
	}
	free(pairs);
	free(u->query);
	u->query = strbuf_detach(&out, NULL);
}

char *fetch_adjust_url(const char *source, int seconds, int timeout,
		       int64_t *timeout_ms)
{
	struct fetch_url u;
	if (fetch_url_parse(source, &u))
		return NULL;

	struct strbuf dec = STRBUF_INIT;
	unescape(&dec, u.path, strlen(u.path), false);
	if (!dec.len || !strcmp(dec.buf, "/")) {
		free(u.path);
		u.path = xstrdup("/debug/pprof/profile");
	}
	strbuf_release(&dec);

	bool has_url_seconds;
	int64_t url_seconds = 0;
	normalise_query(&u, seconds, &has_url_seconds, &url_seconds);
	int64_t duration_ms = seconds > 0 ? (int64_t)seconds * 1000
			      : has_url_seconds ? url_seconds * 1000 : 0;
	int64_t t = (int64_t)timeout * 1000;
	if (t <= 0)
		t = duration_ms > 0 ? duration_ms + duration_ms / 2 : 60000;
	if (timeout_ms)
		*timeout_ms = t;

	struct strbuf sb = STRBUF_INIT;
	fetch_url_format(&u, &sb);
	fetch_url_release(&u);
	return strbuf_detach(&sb, NULL);
}

bool fetch_is_url(const char *source)
{
	struct fetch_url u;
	if (fetch_url_parse(source, &u))
		return false;
	fetch_url_release(&u);
	return true;
}

/* ---- the session ---- */

struct fetch {
	struct fetch_options o;
	CURL *curl;
	struct fetch_source *src;
	size_t nsrc, src_alloc;
	size_t nfetched;
	char *last_url; /* of the last profile fetched */
};

static const char *nonnull(const char *s)
{
	return s ? s : "";
}

struct fetch *fetch_new(const struct fetch_options *o)
{
	struct fetch *f = xcalloc(1, sizeof(*f));
	f->o = *o;
	f->o.tls_cert = nonnull(o->tls_cert);
	f->o.tls_key = nonnull(o->tls_key);
	f->o.tls_ca = nonnull(o->tls_ca);
	return f;
}

void fetch_free(struct fetch *f)
{
	if (!f)
		return;
	if (f->curl) {
		curl_easy_cleanup(f->curl);
		curl_global_cleanup();
	}
	for (size_t i = 0; i < f->nsrc; i++) {
		free((char *)f->src[i].key);
		free((char *)f->src[i].url);
	}
	free(f->src);
	free(f->last_url);
	free(f);
}

/* pprof's transport: -tls_cert and -tls_key go together; files must be
 * readable. Checked once, before the first request. */
static int check_tls(struct fetch *f)
{
	const struct fetch_options *o = &f->o;
	if (*o->tls_key && !*o->tls_cert)
		return error_set("-tls_key is specified, so -tls_cert must also "
				 "be specified");
	if (*o->tls_cert && !*o->tls_key)
		return error_set("-tls_cert is specified, so -tls_key must also "
				 "be specified");
	const char *what[] = { "certificate/key pair specified by -tls_cert and "
			       "-tls_key",
			       "certificate/key pair specified by -tls_cert and "
			       "-tls_key",
			       "CA specified by -tls_ca" };
	const char *files[] = { o->tls_cert, o->tls_key, o->tls_ca };
	for (int i = 0; i < 3; i++) {
		if (!*files[i])
			continue;
		FILE *fp = fopen(files[i], "r");
		if (!fp)
			return error_set("could not load %s: open %s: %s", what[i],
					 files[i], strerror(errno));
		fclose(fp);
	}
	return 0;
}

static int session_init(struct fetch *f)
{
	if (f->curl)
		return 0;
	if (check_tls(f))
		return -1;
	/* Reference counted by libcurl; fetch_free undoes it. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT))
		return error_set("curl_global_init failed");
	f->curl = curl_easy_init();
	if (!f->curl) {
		curl_global_cleanup();
		return error_set("curl_easy_init failed");
	}
	return 0;
}

/* What one transfer collects. */
struct transfer {
	struct strbuf *body;
	uint64_t limit;
	bool too_big;
	bool got_headers; /* the final response's header block ended */
	struct strbuf status; /* "404 Not Found" */
	bool go_pprof;        /* X-Go-Pprof present */
	bool text_plain;      /* Content-Type contains text/plain */
};

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct transfer *t = ctx;
	size_t len = size * n;
	if (t->body->len + len > t->limit) {
		t->too_big = true;
		return 0;
	}
	strbuf_add(t->body, data, len);
	return len;
}

static bool header_is(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);
	return len > n && line[n] == ':' && !strncasecmp(line, name, n);
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
	struct transfer *t = ctx;
	size_t len = size * n;
	size_t l = len;
	while (l && (data[l - 1] == '\n' || data[l - 1] == '\r'))
		l--;
	if (l >= 5 && !strncmp(data, "HTTP/", 5)) {
		/* A new response (redirects, 100 Continue): start over. */
		t->go_pprof = t->text_plain = false;
		t->got_headers = false;
		strbuf_reset(&t->status);
		const char *sp = memchr(data, ' ', l);
		if (sp)
			strbuf_add(&t->status, sp + 1, l - (size_t)(sp + 1 - data));
	} else if (l == 0) {
		t->got_headers = true;
	} else if (header_is(data, l, "X-Go-Pprof")) {
		t->go_pprof = true;
	} else if (header_is(data, l, "Content-Type")) {
		struct strbuf v = STRBUF_INIT;
		strbuf_add(&v, data, l);
		t->text_plain = strstr(v.buf, "text/plain") != NULL;
		strbuf_release(&v);
	}
	return len;
}

/* Go's http.StatusText for answers without a reason phrase (HTTP/2). */
static const char *status_text(long code)
{
	switch (code) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "";
	}
}

/* Whether url's host is a loopback name, which Go never proxies. */
static bool is_loopback(const char *url)
{
	struct fetch_url u;
	if (fetch_url_parse(url, &u))
		return false;
	const char *h = u.host;
	bool r = !strncmp(h, "localhost", 9) || !strncmp(h, "127.", 4) ||
		 !strncmp(h, "[::1]", 5);
	fetch_url_release(&u);
	return r;
}

static int transfer(struct fetch *f, const char *method, const char *url,
		    const char *data, size_t len, int64_t timeout_ms,
		    struct strbuf *body)
{
	struct transfer t;
	char errbuf[CURL_ERROR_SIZE] = "";
	struct strbuf real = STRBUF_INIT;
	int ret = -1;

	if (session_init(f))
		return -1;
	memset(&t, 0, sizeof(t));
	t.body = body;
	uint64_t max_body = f->o.max_body ? f->o.max_body : 1ULL << 30;
	uint64_t limit = source_limit(&f->o.source);
	t.limit = max_body < limit ? max_body : limit;
	strbuf_init(&t.status);

	/* https+insecure:// is https without certificate checks. */
	bool insecure = !strncasecmp(url, "https+insecure://", 17);
	if (insecure)
		strbuf_addf(&real, "https://%s", url + 17);
	else
		strbuf_adds(&real, url);

	CURL *c = f->curl;
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, real.buf);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
	/* Go's client speaks only HTTP(S), also where a redirect points: a
	 * server must not send us to ftp:// or file://. */
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "cprof");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t.limit);
	if (timeout_ms > 0) {
		/* pprof's http.Client.Timeout: connecting, the headers and
		 * the whole body, so a body that stalls is cut off too. */
		curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
	} else {
		/* pprof waits forever (symbolz posts); we give up on a
		 * server that sends nothing for a minute. */
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	}
	if (is_loopback(url))
		curl_easy_setopt(c, CURLOPT_PROXY, "");
	if (insecure) {
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (*f->o.tls_cert) {
		curl_easy_setopt(c, CURLOPT_SSLCERT, f->o.tls_cert);
		curl_easy_setopt(c, CURLOPT_SSLKEY, f->o.tls_key);
	}
	if (*f->o.tls_ca) {
		/* Only this CA, as Go's RootCAs replaces the system pool. */
		curl_easy_setopt(c, CURLOPT_CAINFO, f->o.tls_ca);
		curl_easy_setopt(c, CURLOPT_CAPATH, NULL);
	}
	if (!strcmp(method, "POST")) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, data);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	}
	struct curl_slist *hdr = NULL;
	if (!strcmp(method, "POST"))
		hdr = curl_slist_append(hdr, "Content-Type: application/octet-stream");
	hdr = curl_slist_append(hdr, "Expect:");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);

	strbuf_reset(body);
	CURLcode rc = curl_easy_perform(c);
	curl_slist_free_all(hdr);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);

	const char *verb = !strcmp(method, "POST") ? "Post" : "Get";
	if (t.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		error_set("%s \"%s\": response body larger than %llu bytes (see "
			  "-max_decompressed)", verb, url,
			  (unsigned long long)t.limit);
		goto out;
	}
	if (rc == CURLE_OPERATION_TIMEDOUT) {
		if (t.got_headers)
			error_set("%s \"%s\": timeout reading response body "
				  "(%lld ms)", verb, url, (long long)timeout_ms);
		else
			error_set("%s \"%s\": timeout awaiting response headers "
				  "(%lld ms)", verb, url, (long long)timeout_ms);
		goto out;
	}
	if (rc == CURLE_UNSUPPORTED_PROTOCOL) {
		/* Go names the URL it refused, which after a redirect is
		 * the target. */
		char *where = NULL;
		curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &where);
		struct strbuf scheme = STRBUF_INIT;
		if (!where)
			where = real.buf;
		const char *colon = strchr(where, ':');
		strbuf_add(&scheme, where, colon ? (size_t)(colon - where) : 0);
		error_set("%s \"%s\": unsupported protocol scheme \"%s\"", verb,
			  where, scheme.buf);
		strbuf_release(&scheme);
		goto out;
	}
	if (rc == CURLE_COULDNT_CONNECT) {
		long oserr = 0;
		curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &oserr);
		if (oserr) {
			char msg[256];
			snprintf(msg, sizeof(msg), "%s", strerror((int)oserr));
			msg[0] = (char)tolower((unsigned char)msg[0]);
			error_set("%s \"%s\": connect: %s", verb, url, msg);
			goto out;
		}
	}
	if (rc != CURLE_OK) {
		const char *why = *errbuf ? errbuf : curl_easy_strerror(rc);
		size_t wl = strlen(why);
		while (wl && why[wl - 1] == '\n')
			wl--;
		/* "Could not resolve host" reads better lowercased, as Go
		 * words its errors; "SSL certificate problem" must stay. */
		char first = why[0];
		if (wl > 1 && islower((unsigned char)why[1]))
			first = (char)tolower((unsigned char)first);
		error_set("%s \"%s\": %c%.*s", verb, url, first,
			  (int)(wl ? wl - 1 : 0), why + 1);
		goto out;
	}
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (code != 200) {
		struct strbuf st = STRBUF_INIT;
		const char *sp = strchr(t.status.buf, ' ');
		if (sp && sp[1])
			strbuf_adds(&st, t.status.buf);
		else
			strbuf_addf(&st, "%ld %s", code, status_text(code));
		/* Go's pprof handlers explain themselves in a text body:
		 * "Unknown profile", "profiling already in use", … */
		if (t.go_pprof && t.text_plain && body->len) {
			size_t l = strcspn(body->buf, "\r\n");
			if (l > 300)
				l = 300;
			strbuf_addf(&st, " - %.*s", (int)l, body->buf);
		}
		if (!strcmp(method, "POST"))
			error_set("http post %s: server response: %s", url, st.buf);
		else
			error_set("server response: %s", st.buf);
		strbuf_release(&st);
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&t.status);
	strbuf_release(&real);
	return ret;
}

int fetch_get(struct fetch *f, const char *url, int64_t timeout_ms,
	      struct strbuf *body)
{
	return transfer(f, "GET", url, NULL, 0,
			timeout_ms + (f->o.timeout_slack_ms ?
					      f->o.timeout_slack_ms : 5000),
			body);
}

int fetch_post(struct fetch *f, const char *url, const char *data,
	       size_t len, struct strbuf *body)
{
	return transfer(f, "POST", url, data, len, 0, body);
}

static void add_source(struct fetch *f, const char *key, const char *url,
		       uint64_t start)
{
	ALLOC_GROW(f->src, f->nsrc + 1, f->src_alloc);
	f->src[f->nsrc].key = xstrdup(key);
	f->src[f->nsrc].url = xstrdup(url);
	f->src[f->nsrc].start = start;
	f->nsrc++;
}

struct profile *fetch_profile(struct fetch *f, const char *source)
{
	int64_t timeout_ms;
	struct strbuf body = STRBUF_INIT;
	struct profile *p = NULL;
	char *url = fetch_adjust_url(source, f->o.seconds, f->o.timeout,
				     &timeout_ms);
	if (!url) {
		error_set("not a URL");
		return NULL;
	}
	diag_note("Fetching profile over HTTP from %s", url);
	if (f->o.seconds > 0) {
		struct strbuf d = STRBUF_INIT;
		gofmt_duration(&d, (int64_t)f->o.seconds * 1000000000);
		diag_note("Please wait... (%s)", d.buf);
		strbuf_release(&d);
	}
	if (fetch_get(f, url, timeout_ms, &body))
		goto out;
	p = source_parse((const uint8_t *)body.buf, body.len, &f->o.source);
	if (!p)
		goto out;
	if (profile_check(p)) {
		profile_free(p);
		p = NULL;
		goto out;
	}

	f->nfetched++;
	free(f->last_url);
	f->last_url = xstrdup(url);
out:
	if (!p)
		error_prefix("%s", source);
	strbuf_release(&body);
	free(url);
	return p;
}

void fetch_collect_sources(struct fetch *f, struct profile *p)
{
	if (!f->last_url)
		return;
	/* Anonymous mappings borrow the URL as their file meanwhile, so that
	 * merging keeps them apart and symbolz can find their service. */
	for (size_t i = 0; i < p->nmapping; i++) {
		struct profile_mapping *m = p->mapping[i];
		const char *key = *m->build_id ? m->build_id : m->file;
		if (!*key) {
			m->file = profile_interns(p, f->last_url);
			key = m->file;
		}
		add_source(f, key, f->last_url, m->start);
	}
}

const struct fetch_source *fetch_sources(const struct fetch *f, size_t *n)
{
	*n = f ? f->nsrc : 0;
	return f ? f->src : NULL;
}

bool fetch_remote(const struct fetch *f)
{
	return f && f->nfetched > 0;
}

void fetch_unsource(struct profile *p)
{
	for (size_t i = 0; i < p->nmapping; i++) {
		struct profile_mapping *m = p->mapping[i];
		if (*m->build_id)
			continue;
		/* url.Parse(file) succeeds with a scheme: IsAbs. */
		struct fetch_url u;
		if (scheme_len(m->file) > 0 && !url_parse_once(m->file, &u)) {
			m->file = profile_interns(p, "");
			fetch_url_release(&u);
		}
	}
}
