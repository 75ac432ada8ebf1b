/* Unit tests for fetch (pprof's URL rules, HTTP failure modes against a
 * scripted loopback server) and symbolz (URL rule, answer parsing).
 * Expected URLs and timeouts were produced by pprof's own adjustURL and
 * symbolz functions run under Go 1.19. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "lib/base/error.h"
#include "lib/fetch/fetch.h"
#include "lib/model/profile.h"
#include "lib/decode/source.h"
#include "lib/base/strbuf.h"
#include "symbolize/symbolz.h"

static const struct {
	const char *src;
	int seconds, timeout;
	const char *url; /* NULL: a file, not a URL */
	int64_t timeout_ms;
} adjust_cases[] = {
	{ "localhost:6060", 0, 0, "http://localhost:6060/debug/pprof/profile", 60000 },
	{ "localhost:6060", 5, 0, "http://localhost:6060/debug/pprof/profile?seconds=5", 7500 },
	{ "127.0.0.1:8080/debug/pprof/heap", 0, 0, "http://127.0.0.1:8080/debug/pprof/heap", 60000 },
	{ "http://host/", 0, 0, "http://host/debug/pprof/profile", 60000 },
	{ "HTTP://Host:1/x?b=2&a=1&a=0", 0, 0, "http://Host:1/x?a=1&a=0&b=2", 60000 },
	{ "http://h/debug/pprof/profile?seconds=10", 0, 0, "http://h/debug/pprof/profile?seconds=10", 15000 },
	{ "http://h/debug/pprof/profile?seconds=10", 3, 7, "http://h/debug/pprof/profile?seconds=3", 7000 },
	{ "http://h/debug/pprof/profile?seconds=x&q=a+b%21", 0, 0, "http://h/debug/pprof/profile?q=a+b%21&seconds=x", 60000 },
	{ "http://h/p?x;y=1&z=%zz&&=v&k", 0, 0, "http://h/p?=v&k=", 60000 },
	{ "https+insecure://h:443/debug/pprof/heap", 0, 0, "https+insecure://h:443/debug/pprof/heap", 60000 },
	{ "http://h/a b/c", 0, 0, "http://h/a%20b/c", 60000 },
	{ "http://u:p@h/x#frag", 0, 0, "http://u:p@h/x#frag", 60000 },
	{ "http://h?", 0, 0, "http://h/debug/pprof/profile?", 60000 },
	{ "profile.pb.gz", 0, 0, NULL, 0 },
	{ "/tmp/x.pb.gz", 0, 0, NULL, 0 },
	{ "file:///tmp/x", 0, 0, NULL, 0 },
	{ "a:b", 0, 0, NULL, 0 },
	{ "a:123", 0, 0, "http://a:123/debug/pprof/profile", 60000 },
	{ "dir/file:1", 0, 0, NULL, 0 },
	{ "http:///x", 0, 0, "http://http:///x", 60000 },
	{ "http://h/debug/pprof/profile?seconds=-4", 0, 0, "http://h/debug/pprof/profile?seconds=-4", 60000 },
	{ "http://h/x?seconds=99999999999", 0, 0, "http://h/x?seconds=99999999999", 60000 },
	{ "http://[::1]:80/debug/pprof/heap", 0, 0, "http://[::1]:80/debug/pprof/heap", 60000 },
	{ "http://h/%41b", 0, 0, "http://h/%41b", 60000 },
	{ "http://h:port/", 0, 0, "http://http://h:port/", 60000 },
};

static void test_adjust_url(void)
{
	for (size_t i = 0; i < sizeof(adjust_cases) / sizeof(*adjust_cases); i++) {
		int64_t t = -1;
		char *u = fetch_adjust_url(adjust_cases[i].src, adjust_cases[i].seconds,
					   adjust_cases[i].timeout, &t);
		if (!adjust_cases[i].url) {
			CHECK(u == NULL);
			CHECK(!fetch_is_url(adjust_cases[i].src));
		} else {
			CHECK_STR(u, adjust_cases[i].url);
			CHECK(t == adjust_cases[i].timeout_ms);
			CHECK(fetch_is_url(adjust_cases[i].src));
		}
		free(u);
	}
}

static void test_symbolz_url(void)
{
	static const char *const cases[][2] = {
		{ "http://h:1/debug/pprof/profile?seconds=1", "http://h:1/debug/pprof/symbol" },
		{ "http://h/debug/pprof/heap", "http://h/debug/pprof/symbol" },
		{ "https://h/pprof/x", "https://h/symbolz" },
		{ "http://h/other/heap?x=1", "http://h/symbolz" },
		{ "http://h/debug/pprof/", "http://h/debug/symbol" },
		{ "http://h/pprof/contention", "http://h/pprof/symbol" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *u = symbolz_url(cases[i][0]);
		CHECK_STR(u, cases[i][1]);
		free(u);
	}
}

/* A fake symbol service: checks the query, answers a fixed text. */
struct fake_service {
	const char *want_url, *want_query, *answer;
	int calls;
};

static int fake_post(void *ctx, const char *url, const char *data, size_t len,
		     struct strbuf *out)
{
	struct fake_service *s = ctx;
	s->calls++;
	CHECK_STR(url, s->want_url);
	CHECK(len == strlen(s->want_query) && !memcmp(data, s->want_query, len));
	strbuf_adds(out, s->answer);
	return 0;
}

static void test_symbolz_mapping(void)
{
	struct profile *p = profile_new();
	struct profile_mapping *m = profile_add_mapping(p);
	m->id = 1;
	m->start = 0x1000;
	uint64_t addrs[] = { 0x1010, 0, 0x1020, 0x1030, 0x1040 };
	for (size_t i = 0; i < 5; i++) {
		struct profile_location *l = profile_add_location(p, 0);
		l->id = i + 1;
		l->mapping = m;
		l->address = addrs[i];
	}
	/* With offset 0x100 the service sees addresses 0x100 higher. The
	 * answer names two addresses with one function, leaves 0x1130 out,
	 * carries a header line, and a last line without '\n' (dropped, as
	 * pprof drops it). */
	struct fake_service s = {
		.want_url = "http://h/debug/pprof/symbol",
		.want_query = "0x1110+0x1120+0x1130+0x1140",
		.answer = "num_symbols: 1\n"
			  "0x1110 main.f\n"
			  "0x1120\tmain.f\n"
			  "junk 0x1140 main.g\n"
			  "0x1130 main.never",
	};
	CHECK(symbolz_mapping(p, m, 0x100, s.want_url, fake_post, &s) == 0);
	CHECK(s.calls == 1);
	CHECK(p->nfunction == 2);
	CHECK_STR(p->location[0]->line[0].function->name, "main.f");
	CHECK(p->location[0]->line[0].function == p->location[2]->line[0].function);
	CHECK(p->location[0]->line[0].function->id == 1);
	CHECK(p->location[1]->nline == 0);
	CHECK(p->location[3]->nline == 0);
	CHECK(p->location[4]->nline == 1);
	CHECK_STR(p->location[4]->line[0].function->name, "main.g");
	CHECK_STR(p->location[4]->line[0].function->system_name, "main.g");
	CHECK(p->location[4]->line[0].function->id == 2);

	/* Nothing left to resolve: no query at all. */
	struct profile_location *l = p->location[3];
	l->address = 0;
	CHECK(symbolz_mapping(p, m, 0x100, s.want_url, fake_post, &s) == 0);
	CHECK(s.calls == 1);

	/* An address the offset would wrap is an error. */
	l->address = 0x10;
	CHECK(symbolz_mapping(p, m, -0x100, s.want_url, fake_post, &s) == -1);
	profile_free(p);
}

/* A one-shot HTTP server in a child process: accepts one connection per
 * canned reply, reads the request head, writes the reply (or stalls). */
static pid_t serve(int fd, const char *const *replies, size_t n)
{
	pid_t pid = fork();
	if (pid)
		return pid;
	for (size_t i = 0; i < n; i++) {
		int c = accept(fd, NULL, NULL);
		if (c < 0)
			_exit(1);
		char buf[4096];
		size_t got = 0;
		while (got < sizeof(buf) - 1) {
			ssize_t r = read(c, buf + got, sizeof(buf) - 1 - got);
			if (r <= 0)
				break;
			got += (size_t)r;
			buf[got] = '\0';
			if (strstr(buf, "\r\n\r\n"))
				break;
		}
		if (!replies[i]) {
			sleep(5); /* never answers */
		} else if (write(c, replies[i], strlen(replies[i])) < 0) {
			_exit(1);
		}
		close(c);
	}
	_exit(0);
}

static int listen_loopback(int *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(fd, 8) || getsockname(fd, (struct sockaddr *)&a, &len))
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

static void test_http_failures(void)
{
	static const char *const replies[] = {
		"HTTP/1.1 404 Not Found\r\nX-Go-Pprof: 1\r\n"
		"Content-Type: text/plain; charset=utf-8\r\nContent-Length: 16\r\n"
		"Connection: close\r\n\r\nUnknown profile\n",
		"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\n"
		"Content-Length: 6\r\nConnection: close\r\n\r\n<html>",
		"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot a pb\n",
		NULL,
	};
	int port;
	int fd = listen_loopback(&port);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	pid_t pid = serve(fd, replies, 5);
	close(fd);

	struct fetch_options o = { .seconds = -1, .timeout = -1 };
	struct fetch *f = fetch_new(&o);
	struct strbuf body = STRBUF_INIT, url = STRBUF_INIT, want = STRBUF_INIT;
	strbuf_addf(&url, "http://127.0.0.1:%d/debug/pprof/nothere", port);

	CHECK(fetch_get(f, url.buf, 1000, &body) == -1);
	CHECK_STR(error_get(), "server response: 404 Not Found - Unknown profile");
	CHECK(fetch_get(f, url.buf, 1000, &body) == -1);
	CHECK_STR(error_get(), "server response: 500 Internal Server Error");

	struct fetch_options small = o;
	small.max_body = 1000;
	struct fetch *fs = fetch_new(&small);
	CHECK(fetch_get(fs, url.buf, 1000, &body) == -1);
	strbuf_addf(&want, "Get \"%s\": response body larger than 1000 bytes "
		    "(see -max_decompressed)", url.buf);
	CHECK_STR(error_get(), want.buf);
	fetch_free(fs);

	/* A body that is no profile fails in the parser, naming the URL. */
	strbuf_reset(&url);
	strbuf_addf(&url, "127.0.0.1:%d/x", port);
	CHECK(fetch_profile(f, url.buf) == NULL);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s: parsing profile: unrecognized profile format",
		    url.buf);
	CHECK_STR(error_get(), want.buf);

	/* No headers within the timeout (lowered slack): a timeout. */
	strbuf_reset(&url);
	strbuf_addf(&url, "http://127.0.0.1:%d/slow", port);
	struct fetch_options fast = o;
	fast.timeout_slack_ms = 1;
	struct fetch *ff = fetch_new(&fast);
	CHECK(fetch_get(ff, url.buf, 300, &body) == -1);
	CHECK(strstr(error_get(), "timeout awaiting response headers") != NULL);
	fetch_free(ff);

	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);

	/* Nobody listens any more: connection refused. */
	CHECK(fetch_get(f, url.buf, 1000, &body) == -1);
	strbuf_reset(&want);
	strbuf_addf(&want, "Get \"%s\": connect: connection refused", url.buf);
	CHECK_STR(error_get(), want.buf);

	fetch_free(f);

	/* TLS flag pairing is checked before any request. */
	struct fetch_options bad = { .tls_key = "key.pem" };
	f = fetch_new(&bad);
	CHECK(fetch_get(f, url.buf, 1000, &body) == -1);
	CHECK_STR(error_get(), "-tls_key is specified, so -tls_cert must also be "
			       "specified");
	fetch_free(f);

	strbuf_release(&want);
	strbuf_release(&url);
	strbuf_release(&body);
}

static void test_unsource(void)
{
	struct profile *p = profile_new();
	const char *files[] = { "http://h/debug/pprof/heap", "/usr/bin/x",
				"http://h/y", "" };
	const char *ids[] = { "", "", "abc", "" };
	for (int i = 0; i < 4; i++) {
		struct profile_mapping *m = profile_add_mapping(p);
		m->file = profile_interns(p, files[i]);
		m->build_id = profile_interns(p, ids[i]);
	}
	fetch_unsource(p);
	CHECK_STR(p->mapping[0]->file, "");
	CHECK_STR(p->mapping[1]->file, "/usr/bin/x");
	CHECK_STR(p->mapping[2]->file, "http://h/y"); /* has a build id */
	CHECK_STR(p->mapping[3]->file, "");
	profile_free(p);
}

int main(void)
{
	test_adjust_url();
	test_symbolz_url();
	test_symbolz_mapping();
	test_http_failures();
	test_unsource();
	return check_report();
}
