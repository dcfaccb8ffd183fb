/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * coursefile.c: parse one course file. The front matter between the
 * first two "---" lines is YAML, read with libyaml's document API (a
 * mapping of scalars, plus a sequence for prerequisites); the rest is the
 * Markdown body. Every refusal names the line and what is wrong, so the
 * station can fix the file; a file is either wholly valid or refused.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <md4c.h>
#include <yaml.h>

#include "coursefile.h"

enum key {
	K_CODE, K_TITLE_ZH, K_TITLE_EN, K_TRACK, K_STAGE, K_HOURS, K_SESSIONS,
	K_CAPACITY, K_PREREQS, K_OPENS, K_CLOSES, K_PASS_MARK, K_ATTENDANCE,
	K_INSTRUCTOR, K__COUNT
};

static const char *const keys[K__COUNT] = {
	[K_CODE] = "code",
	[K_TITLE_ZH] = "title_zh",
	[K_TITLE_EN] = "title_en",
	[K_TRACK] = "track",
	[K_STAGE] = "stage",
	[K_HOURS] = "hours",
	[K_SESSIONS] = "sessions",
	[K_CAPACITY] = "capacity",
	[K_PREREQS] = "prerequisites",
	[K_OPENS] = "enrol_opens",
	[K_CLOSES] = "enrol_closes",
	[K_PASS_MARK] = "pass_mark",
	[K_ATTENDANCE] = "attendance",
	[K_INSTRUCTOR] = "instructor",
};

/* Integer keys and their ranges. */
static const struct {
	enum key	 key;
	int		 min, max;
	size_t		 off;
} ints[] = {
	{ K_HOURS, 1, 2000, offsetof(struct course, hours) },
	{ K_SESSIONS, 1, 200, offsetof(struct course, sessions) },
	{ K_CAPACITY, 1, 500, offsetof(struct course, capacity) },
	{ K_PASS_MARK, 0, 100, offsetof(struct course, pass_mark) },
	{ K_ATTENDANCE, 0, 100, offsetof(struct course, attendance) },
};

static int	 body_links_safe(const char *, size_t, char *, size_t);
static int	 fail(struct course_error *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	 set_scalar(struct course *, enum key, const char *, int,
		    struct course_error *);
static int	 set_prereqs(struct course *, yaml_document_t *,
		    yaml_node_t *, int, struct course_error *);

static int
fail(struct course_error *err, int line, const char *fmt, ...)
{
	va_list	 ap;

	err->line = line;
	va_start(ap, fmt);
	(void)vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return (0);
}

/*
 * 1 when a link target is relative, #fragment, http(s): or mailto:. The
 * text is md4c's raw attribute, before entities and backslash escapes
 * are decoded by the renderer, so any '&' or '\\' is refused outright:
 * "javascript&#58;…" must not slip past as a scheme-less relative link.
 */
static int
url_safe(const char *u, size_t n)
{
	size_t	 i;

	if (memchr(u, '&', n) != NULL || memchr(u, '\\', n) != NULL)
		return (0);
	for (i = 0; i < n && u[i] != ':' && u[i] != '/' && u[i] != '?' &&
	    u[i] != '#'; i++)
		;
	if (i == n || u[i] != ':')
		return (1);		/* no scheme: a relative link */
	return ((i == 4 && strncasecmp(u, "http", 4) == 0) ||
	    (i == 5 && strncasecmp(u, "https", 5) == 0) ||
	    (i == 6 && strncasecmp(u, "mailto", 6) == 0));
}

struct link_check {
	char	*bad;
	size_t	 badsz;
	int	 found;
};

static int
link_span(MD_SPANTYPE type, void *detail, void *arg)
{
	struct link_check	*lc = arg;
	const MD_ATTRIBUTE	*a;

	if (type == MD_SPAN_A)
		a = &((MD_SPAN_A_DETAIL *)detail)->href;
	else if (type == MD_SPAN_IMG)
		a = &((MD_SPAN_IMG_DETAIL *)detail)->src;
	else
		return (0);
	if (url_safe(a->text, a->size) || lc->found)
		return (0);
	(void)snprintf(lc->bad, lc->badsz, "%.*s", a->size > 60 ? 60 :
	    (int)a->size, a->text);
	/* md4c 0.4.8 ignores a span callback's request to stop: note it. */
	lc->found = 1;
	return (1);
}

static int
md_nop_block(MD_BLOCKTYPE t, void *d, void *u)
{
	(void)t;
	(void)d;
	(void)u;
	return (0);
}

static int
md_nop_span(MD_SPANTYPE t, void *d, void *u)
{
	(void)t;
	(void)d;
	(void)u;
	return (0);
}

static int
md_nop_text(MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *u)
{
	(void)t;
	(void)s;
	(void)n;
	(void)u;
	return (0);
}

/*
 * 1 when every link and image of the Markdown body points somewhere a
 * browser may go (no javascript:, data: or other schemes); else the first
 * offending target goes to bad. Parsed with md4c itself, so what is
 * checked is exactly what md4c will render.
 */
static int
body_links_safe(const char *md, size_t len, char *bad, size_t badsz)
{
	struct link_check	 lc = { bad, badsz, 0 };
	MD_PARSER		 p;

	memset(&p, 0, sizeof(p));
	p.flags = MD_DIALECT_COMMONMARK | MD_FLAG_NOHTML;
	p.enter_block = md_nop_block;
	p.leave_block = md_nop_block;
	p.enter_span = link_span;
	p.leave_span = md_nop_span;
	p.text = md_nop_text;
	return (md_parse(md, (MD_SIZE)len, &p, &lc) == 0 && !lc.found);
}

/* 1 when s is a course code: 2-4 capital letters and 3 digits. */
int
course_code_valid(const char *s)
{
	size_t	 i, letters = 0;

	for (i = 0; s[i] >= 'A' && s[i] <= 'Z'; i++)
		letters++;
	if (letters < 2 || letters > 4)
		return (0);
	if (!isdigit((unsigned char)s[i]) ||
	    !isdigit((unsigned char)s[i + 1]) ||
	    !isdigit((unsigned char)s[i + 2]))
		return (0);
	return (s[i + 3] == '\0');
}

/* 1 when s is a real calendar date written YYYY-MM-DD. */
int
coursefile_date_valid(const char *s)
{
	static const int	 mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };
	int			 y, m, d, i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return (0);
		} else if (!isdigit((unsigned char)s[i]))
			return (0);
	}
	if (s[10] != '\0')
		return (0);
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 2000 || y > 2200 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1])
		return (0);
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) ||
	    y % 400 == 0))
		return (0);
	return (1);
}

static const char *const ctrack_codes[] = {
	[CTRACK_CARVER] = "carver",
	[CTRACK_DESIGNER] = "designer",
	[CTRACK_BOTH] = "both",
};

const char *
course_track_code(enum course_track t)
{
	return ((unsigned)t <= CTRACK_BOTH ? ctrack_codes[t] : "both");
}

int
course_track_parse(const char *s, enum course_track *out)
{
	int	 i;

	for (i = CTRACK_CARVER; s != NULL && i <= CTRACK_BOTH; i++) {
		if (strcmp(s, ctrack_codes[i]) == 0) {
			*out = (enum course_track)i;
			return (1);
		}
	}
	return (0);
}

/* 1 when a person of track t may take a course of track ct. */
int
course_track_admits(enum course_track ct, enum track t)
{
	if (ct == CTRACK_BOTH)
		return (1);
	if (ct == CTRACK_CARVER)
		return (t == TRACK_CARVER);
	return (t == TRACK_DESIGNER);
}

static int
copy_text(char *dst, size_t dstsz, size_t maxchars, const char *v, int line,
    const char *key, struct course_error *err)
{
	size_t	 n;

	if (!utf8_chars(v, &n) || n == 0)
		return (fail(err, line, "%s: must be non-empty text without "
		    "control characters", key));
	if (n > maxchars || strlen(v) >= dstsz)
		return (fail(err, line, "%s: at most %zu characters", key,
		    maxchars));
	memcpy(dst, v, strlen(v) + 1);
	return (1);
}

static int
set_scalar(struct course *c, enum key k, const char *v, int line,
    struct course_error *err)
{
	size_t	 i;
	long	 n;
	char	*end;

	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		if (ints[i].key != k)
			continue;
		errno = 0;
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || errno != 0 ||
		    n < ints[i].min || n > ints[i].max)
			return (fail(err, line, "%s: must be a whole number "
			    "from %d to %d, not \"%.40s\"", keys[k],
			    ints[i].min, ints[i].max, v));
		*(int *)(void *)((char *)c + ints[i].off) = (int)n;
		return (1);
	}
	switch (k) {
	case K_CODE:
		if (!course_code_valid(v))
			return (fail(err, line, "code: \"%.40s\" is not 2-4 "
			    "capital letters and 3 digits (e.g. JC101)", v));
		memcpy(c->code, v, strlen(v) + 1);
		return (1);
	case K_TITLE_ZH:
		return (copy_text(c->title_zh, sizeof(c->title_zh), 30, v,
		    line, keys[k], err));
	case K_TITLE_EN:
		return (copy_text(c->title_en, sizeof(c->title_en), 80, v,
		    line, keys[k], err));
	case K_TRACK:
		if (!course_track_parse(v, &c->track))
			return (fail(err, line, "track: must be carver, "
			    "designer or both, not \"%.40s\"", v));
		return (1);
	case K_STAGE:
		if (!stage_parse(v, &c->stage) || c->stage == STAGE_SELECTION)
			return (fail(err, line, "stage: must be entry, "
			    "training or incubation, not \"%.40s\"", v));
		return (1);
	case K_OPENS:
	case K_CLOSES:
		if (!coursefile_date_valid(v))
			return (fail(err, line, "%s: \"%.40s\" is not a date "
			    "written YYYY-MM-DD", keys[k], v));
		memcpy(k == K_OPENS ? c->opens : c->closes, v, 11);
		return (1);
	case K_INSTRUCTOR:
		if (!role_parse(v, &c->instructor) ||
		    c->instructor == ROLE_APPRENTICE)
			return (fail(err, line, "instructor: must be master "
			    "or staff, not \"%.40s\"", v));
		return (1);
	default:
		return (fail(err, line, "%s: expected a list", keys[k]));
	}
}

static int
set_prereqs(struct course *c, yaml_document_t *doc, yaml_node_t *seq,
    int line, struct course_error *err)
{
	yaml_node_item_t	*it;
	yaml_node_t		*n;
	const char		*v;
	int			 i;

	if (seq->type != YAML_SEQUENCE_NODE)
		return (fail(err, line, "prerequisites: expected a list of "
		    "course codes, e.g. [JC101] or []"));
	for (it = seq->data.sequence.items.start;
	    it < seq->data.sequence.items.top; it++) {
		n = yaml_document_get_node(doc, *it);
		line = (int)n->start_mark.line + 2;
		if (n->type != YAML_SCALAR_NODE)
			return (fail(err, line, "prerequisites: each item "
			    "must be a course code"));
		v = (const char *)n->data.scalar.value;
		if (!course_code_valid(v))
			return (fail(err, line, "prerequisites: \"%.40s\" is "
			    "not a course code", v));
		for (i = 0; i < c->nprereqs; i++) {
			if (strcmp(c->prereqs[i], v) == 0)
				return (fail(err, line, "prerequisites: %s "
				    "is listed twice", v));
		}
		if (c->nprereqs == COURSE_PREREQ_MAX)
			return (fail(err, line, "prerequisites: at most %d",
			    COURSE_PREREQ_MAX));
		memcpy(c->prereqs[c->nprereqs++], v, strlen(v) + 1);
	}
	return (1);
}

/* coursefile_parse() of a text whose lines end in LF only. */
static int
parse_lf(const char *text, size_t len, struct course *c,
    struct course_error *err)
{
	yaml_parser_t	 parser;
	yaml_document_t	 doc;
	yaml_node_t	*root, *kn, *vn;
	yaml_node_pair_t *pair;
	const char	*fm, *end, *body;
	unsigned int	 seen = 0;
	const char	*p;
	size_t		 fmlen, off;
	int		 k, line, closing, ok = 0;

	memset(c, 0, sizeof(*c));
	memset(err, 0, sizeof(*err));
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;	/* a BOM, as some Windows editors write */
		len -= 3;
	}
	if (memchr(text, '\0', len) != NULL)
		return (fail(err, 0, "the file contains a NUL byte"));
	if (len < 4 || strncmp(text, "---\n", 4) != 0)
		return (fail(err, 1, "the file must start with a \"---\" line "
		    "opening the front matter"));
	fm = text + 4;
	for (end = fm; ; end++) {
		off = (size_t)(end - text);
		if (off + 3 > len)
			return (fail(err, 1, "the front matter is not closed "
			    "by a \"---\" line"));
		if ((end == fm || end[-1] == '\n') &&
		    memcmp(end, "---", 3) == 0 &&
		    (off + 3 == len || end[3] == '\n'))
			break;
	}
	fmlen = (size_t)(end - fm);
	for (closing = 1, p = text; p < end; p++)
		closing += *p == '\n';
	body = end + 3 + ((size_t)(end - text) + 3 < len ? 1 : 0);

	if (!yaml_parser_initialize(&parser))
		return (fail(err, 0, "out of memory"));
	yaml_parser_set_input_string(&parser, (const unsigned char *)fm,
	    fmlen);
	if (!yaml_parser_load(&parser, &doc)) {
		fail(err, (int)parser.problem_mark.line + 2,
		    "front matter is not valid YAML: %s",
		    parser.problem ? parser.problem : "?");
		yaml_parser_delete(&parser);
		return (0);
	}
	root = yaml_document_get_root_node(&doc);
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		fail(err, 2, "the front matter must be \"key: value\" lines");
		goto out;
	}
	for (pair = root->data.mapping.pairs.start;
	    pair < root->data.mapping.pairs.top; pair++) {
		kn = yaml_document_get_node(&doc, pair->key);
		vn = yaml_document_get_node(&doc, pair->value);
		line = (int)kn->start_mark.line + 2;
		if (kn->type != YAML_SCALAR_NODE) {
			fail(err, line, "a key must be a plain word");
			goto out;
		}
		for (k = 0; k < K__COUNT; k++) {
			if (strcmp((const char *)kn->data.scalar.value,
			    keys[k]) == 0)
				break;
		}
		if (k == K__COUNT) {
			fail(err, line, "unknown key \"%.40s\"",
			    (const char *)kn->data.scalar.value);
			goto out;
		}
		if (seen & (1u << k)) {
			fail(err, line, "%s is given twice", keys[k]);
			goto out;
		}
		seen |= 1u << k;
		if (k == K_CODE)
			c->code_line = line;
		if (k == K_PREREQS) {
			c->prereq_line = line;
			if (!set_prereqs(c, &doc, vn, line, err))
				goto out;
			continue;
		}
		if (vn->type != YAML_SCALAR_NODE) {
			fail(err, line, "%s: expected a single value",
			    keys[k]);
			goto out;
		}
		if (!set_scalar(c, (enum key)k,
		    (const char *)vn->data.scalar.value, line, err))
			goto out;
	}
	for (k = 0; k < K__COUNT; k++) {
		if (!(seen & (1u << k))) {
			fail(err, closing, "%s is missing from the front "
			    "matter", keys[k]);
			goto out;
		}
	}
	if (strcmp(c->opens, c->closes) > 0) {
		fail(err, closing, "enrol_opens %s is after enrol_closes %s",
		    c->opens, c->closes);
		goto out;
	}
	for (k = 0; k < c->nprereqs; k++) {
		if (strcmp(c->prereqs[k], c->code) == 0) {
			fail(err, c->prereq_line, "prerequisites: the course "
			    "cannot require itself");
			goto out;
		}
	}
	len -= (size_t)(body - text);
	while (len > 0 && isspace((unsigned char)*body)) {
		body++;
		len--;
	}
	if (len == 0) {
		fail(err, closing + 1, "the Markdown body after the front "
		    "matter is empty");
		goto out;
	}
	if (len > COURSE_BODY_MAX) {
		fail(err, closing + 1, "the body is over %d bytes",
		    COURSE_BODY_MAX);
		goto out;
	}
	{
		char	 bad[64];

		if (!body_links_safe(body, len, bad, sizeof(bad))) {
			for (line = closing, p = end; p < body; p++)
				line += *p == '\n';
			fail(err, line, "the body links to \"%s\": only "
			    "http, https, mailto and relative links are "
			    "allowed", bad);
			goto out;
		}
	}
	if ((c->body = malloc(len + 1)) == NULL) {
		fail(err, 0, "out of memory");
		goto out;
	}
	memcpy(c->body, body, len);
	c->body[len] = '\0';
	ok = 1;
out:
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (!ok)
		course_free(c);
	return (ok);
}

/*
 * Parse a course file of len bytes into c. Returns 1, or 0 with err set
 * (c is then freed). On success free c->body with course_free(). Files
 * saved with Windows line ends (CRLF) read like any other.
 */
int
coursefile_parse(const char *text, size_t len, struct course *c,
    struct course_error *err)
{
	char	*lf;
	size_t	 i, n = 0;
	int	 ok;

	if (memchr(text, '\r', len) == NULL)
		return (parse_lf(text, len, c, err));
	if ((lf = malloc(len + 1)) == NULL)
		return (fail(err, 0, "out of memory"));
	for (i = 0; i < len; i++) {
		if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
			continue;
		lf[n++] = text[i];
	}
	lf[n] = '\0';
	ok = parse_lf(lf, n, c, err);
	free(lf);
	return (ok);
}

void
course_free(struct course *c)
{
	free(c->body);
	c->body = NULL;
}
