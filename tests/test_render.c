/* render: graphviz rendering in-process, pprof's SVG massaging, temp
 * files. The image checks look at each format's signature and the size
 * it declares. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "report/assets.h"
#include "report/render.h"
#include "lib/base/strbuf.h"
#include "lib/base/tempfile.h"
#include "cmd/pipeline/viewer.h"

static const char dot[] =
	"digraph \"t\" {\n"
	"node [style=filled fillcolor=\"#f8f8f8\"]\n"
	"N1 [label=\"main\\nmain\\n10s (50%)\" id=\"node1\" fontsize=20 shape=box]\n"
	"N2 [label=\"a & b\\n5s\" id=\"node2\" fontsize=8 shape=box tooltip=\"x < y\"]\n"
	"N1 -> N2 [label=\" 5s\" weight=51]\n"
	"}\n";

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void test_png(void)
{
	struct strbuf out = STRBUF_INIT;
	CHECK(render_graphviz(dot, "png", &out) == 0);
	const unsigned char *b = (const unsigned char *)out.buf;
	CHECK(out.len > 33);
	CHECK(!memcmp(b, "\x89PNG\r\n\x1a\n", 8));
	CHECK(!memcmp(b + 12, "IHDR", 4));
	/* two boxes one above the other: taller than wide, and not tiny */
	uint32_t w = be32(b + 16), h = be32(b + 20);
	CHECK(w > 50 && w < 2000);
	CHECK(h > 100 && h < 2000);
	CHECK(h > w);
	CHECK(!memcmp(b + out.len - 8, "IEND", 4));
	strbuf_release(&out);
}

static void test_gif(void)
{
	struct strbuf out = STRBUF_INIT;
	CHECK(render_graphviz(dot, "gif", &out) == 0);
	const unsigned char *b = (const unsigned char *)out.buf;
	CHECK(out.len > 13);
	CHECK(!memcmp(b, "GIF87a", 6) || !memcmp(b, "GIF89a", 6));
	unsigned w = b[6] | b[7] << 8, h = b[8] | b[9] << 8;
	CHECK(w > 50 && h > 100 && h > w);
	CHECK(b[out.len - 1] == 0x3b); /* the trailer */
	strbuf_release(&out);
}

static void test_pdf_ps(void)
{
	struct strbuf out = STRBUF_INIT;
	CHECK(render_graphviz(dot, "pdf", &out) == 0);
	CHECK(out.len > 500);
	CHECK(!strncmp(out.buf, "%PDF-1.", 7));
	CHECK(memmem(out.buf + (out.len > 64 ? out.len - 64 : 0),
		     out.len > 64 ? 64 : out.len, "%%EOF", 5) != NULL);
	CHECK(memmem(out.buf, out.len, "/MediaBox", 9) != NULL);

	CHECK(render_graphviz(dot, "ps", &out) == 0);
	CHECK(!strncmp(out.buf, "%!PS-Adobe-", 11));
	CHECK(strstr(out.buf, "%%BoundingBox: ") != NULL);
	CHECK(strstr(out.buf, "%%EOF") != NULL);
	CHECK(strstr(out.buf, "(main) alignedtext") != NULL);
	strbuf_release(&out);
}

static void test_svg(void)
{
	struct strbuf out = STRBUF_INIT;
	CHECK(render_graphviz(dot, "svg", &out) == 0);
	CHECK(strstr(out.buf, "<svg width=\"") != NULL);
	CHECK(strstr(out.buf, "viewBox=\"") != NULL);
	CHECK(strstr(out.buf, "<g id=\"graph0\"") != NULL);
	CHECK(strstr(out.buf, "<g id=\"node1\" class=\"node\">") != NULL);
	CHECK(strstr(out.buf, "<g id=\"node2\" class=\"node\">") != NULL);
	CHECK(strstr(out.buf, "a &amp; b") != NULL);

	render_massage_svg(&out);
	CHECK(strstr(out.buf, "viewBox=") == NULL);
	CHECK(strstr(out.buf, "<svg width=\"100%\" height=\"100%\"") != NULL);
	const char *script = strstr(out.buf, "<script type=\"text/ecmascript\"><![CDATA[");
	const char *view = strstr(out.buf, "]]></script><g id=\"viewport\" "
					   "transform=\"scale(0.5,0.5) translate(0,0)\">"
					   "<g id=\"graph0\"");
	CHECK(script && view && script < view);
	const char *end = strstr(out.buf, "</g>\n</g></svg>");
	CHECK(end && view < end);
	strbuf_release(&out);
}

static void test_massage_exact(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "<?xml?>\n<svg width=\"62pt\" height=\"44pt\"\n"
			 " viewBox=\"0.00 0.00 62.00 44.00\" xmlns=\"x\">\n"
			 "<g id=\"graph0\" class=\"graph\">&;</g>\n</svg>\n");
	render_massage_svg(&sb);
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want, "<?xml?>\n<svg width=\"100%%\" height=\"100%%\" xmlns=\"x\">\n"
			   "<script type=\"text/ecmascript\"><![CDATA[\n%s]]></script>"
			   "<g id=\"viewport\" transform=\"scale(0.5,0.5) translate(0,0)\">"
			   "<g id=\"graph0\" class=\"graph\">&amp;;</g>\n</g></svg>\n",
		    report_asset_find("panzoom.js")->data);
	CHECK_STR(sb.buf, want.buf);
	CHECK(strstr(report_asset_find("panzoom.js")->data, "]]>") == NULL);

	/* nothing to massage: left alone */
	strbuf_reset(&sb);
	strbuf_adds(&sb, "<svg><g id=\"graphX\"></g>");
	render_massage_svg(&sb);
	CHECK_STR(sb.buf, "<svg><g id=\"graphX\"></g>");
	strbuf_release(&sb);
	strbuf_release(&want);
}

static void test_errors(void)
{
	struct strbuf out = STRBUF_INIT;
	CHECK(render_graphviz("digraph { a -> ", "svg", &out) == -1);
	CHECK(render_graphviz(dot, "no-such-format", &out) == -1);
	strbuf_release(&out);
}

static void test_temp_file(void)
{
	char dir[] = "/tmp/cprof-render-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	struct strbuf data = STRBUF_INIT, p1 = STRBUF_INIT, p2 = STRBUF_INIT;
	strbuf_adds(&data, "hello");
	CHECK(tempfile_write(dir, "pprof", ".svg", data.buf, data.len, &p1) == 0);
	CHECK(tempfile_write(dir, "pprof", ".svg", data.buf, data.len, &p2) == 0);
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want, "%s/pprof001.svg", dir);
	CHECK_STR(p1.buf, want.buf);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/pprof002.svg", dir);
	CHECK_STR(p2.buf, want.buf);
	FILE *f = fopen(p1.buf, "rb");
	char buf[16] = "";
	CHECK(f && fread(buf, 1, sizeof(buf), f) == 5);
	if (f)
		fclose(f);
	CHECK_STR(buf, "hello");

	/* a viewer that does not exist: an error naming the kept file */
	setenv("TMPDIR", dir, 1);
	CHECK(viewer_show(&data, ".pdf", "cprof-no-such-viewer") == -1);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/pprof001.pdf", dir);
	CHECK(access(want.buf, R_OK) == 0);
	/* a viewer that exists and succeeds */
	CHECK(viewer_show(&data, ".pdf", "true") == 0);

	unlink(p1.buf);
	unlink(p2.buf);
	unlink(want.buf);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/pprof002.pdf", dir);
	unlink(want.buf);
	rmdir(dir);
	strbuf_release(&data);
	strbuf_release(&p1);
	strbuf_release(&p2);
	strbuf_release(&want);
}

int main(void)
{
	test_png();
	test_gif();
	test_pdf_ps();
	test_svg();
	test_massage_exact();
	test_errors();
	test_temp_file();
	return check_report();
}
