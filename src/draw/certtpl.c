/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * certtpl.c: certificate templates. certs/<kind>.yaml says where
 * everything goes, how big, in which font and colour, and the wording in
 * Chinese and English with {placeholders}; certs/README.md documents the
 * format. certtpl_read() reads all four with libyaml and refuses any
 * mistake as "FILE:LINE: reason"; certimg_load() publishes them into
 * static memory: loaded once, in the parent before the workers fork, and
 * only read after that. Also the wording with its placeholders filled,
 * which the PNG (certimg.c) and the PDF (certpdf.c) both draw.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "certimg.h"
#include "certtpl.h"
#include "utf8.h"

static const char *const colour_names[C__COUNT] = {
	[C_PAPER] = "paper",
	[C_INK] = "ink",
	[C_ACCENT] = "accent",
	[C_MUTED] = "muted",
	[C_SEAL] = "seal",
};

static const char *const ph_names[PH__COUNT] = {
	[PH_HOLDER] = "holder",
	[PH_TITLE] = "title",
	[PH_ISSUED] = "issued",
	[PH_EXPIRES] = "expires",
	[PH_SERIAL] = "serial",
	[PH_ISSUER] = "issuer",
};

static struct tpl	 tpls[KIND__COUNT];
static int		 loaded;

/*
 * Reading templates.
 */

enum ftype {
	F_INT,		/* a whole number from min to max */
	F_HEX,		/* "#rrggbb" */
	F_COLOUR,	/* "#rrggbb" or a name of colours: */
	F_ALIGN,
	F_FONT,
	F_NAME,		/* [a-z][a-z0-9_]* */
	F_PLAIN,	/* text without placeholders */
	F_WORDING,	/* text with placeholders */
	F_MAP,		/* a nested mapping */
	F_LIST,		/* the list of text elements */
};

/*
 * A key of a mapping: its type, where its value goes (an offset into the
 * structure being filled: struct tpl, or struct text for the elements; a
 * nested mapping fills the same structure) and its limits.
 */
struct field {
	const char		*key;
	enum ftype		 type;
	size_t			 off;
	size_t			 len;		/* of a text's buffer */
	int			 min, max;	/* F_INT */
	int			 optional;
	const struct field	*sub;		/* F_MAP */
	size_t			 nsub;
};

#define INT(s, k, m, lo, hi) \
	{ #k, F_INT, offsetof(s, m), 0, lo, hi, 0, NULL, 0 }
#define INT_OPT(s, k, m, lo, hi) \
	{ #k, F_INT, offsetof(s, m), 0, lo, hi, 1, NULL, 0 }
#define TYPED(s, k, t, m, opt) \
	{ #k, t, offsetof(s, m), sizeof(((s *)0)->m), 0, 0, opt, NULL, 0 }
#define MAP(k, tab) \
	{ #k, F_MAP, 0, 0, 0, 0, 0, tab, sizeof(tab) / sizeof(tab[0]) }

/* A position: anywhere for now; check_tpl() wants it inside the frame. */
#define POS(s, k, m)	INT(s, k, m, 0, 2 * CERT_W)

static const struct field issuer_fields[] = {
	TYPED(struct tpl, zh, F_PLAIN, issuer_zh, 0),
	TYPED(struct tpl, en, F_PLAIN, issuer_en, 0),
};

static const struct field colour_fields[] = {
	TYPED(struct tpl, paper, F_HEX, colours[C_PAPER], 0),
	TYPED(struct tpl, ink, F_HEX, colours[C_INK], 0),
	TYPED(struct tpl, accent, F_HEX, colours[C_ACCENT], 0),
	TYPED(struct tpl, muted, F_HEX, colours[C_MUTED], 0),
	TYPED(struct tpl, seal, F_HEX, colours[C_SEAL], 0),
};

static const struct field border_fields[] = {
	INT(struct tpl, inset, border.inset, 0, 200),
	INT(struct tpl, outer, border.outer, 1, 40),
	INT(struct tpl, gap, border.gap, 0, 100),
	INT(struct tpl, inner, border.inner, 1, 40),
	INT(struct tpl, corner, border.corner, 0, 200),
};

static const struct field seal_fields[] = {
	POS(struct tpl, x, seal.x),
	POS(struct tpl, y, seal.y),
	INT(struct tpl, radius, seal.radius, 40, 300),
	TYPED(struct tpl, colour, F_COLOUR, seal.colour, 0),
	TYPED(struct tpl, centre, F_PLAIN, seal.centre, 0),
	TYPED(struct tpl, under, F_PLAIN, seal.under, 1),
};

static const struct field qr_fields[] = {
	POS(struct tpl, x, qr.x),
	POS(struct tpl, y, qr.y),
	/* The smallest QR (21 modules) with its quiet zone, at 4 px. */
	INT(struct tpl, size, qr.size, (21 + 2 * QR_QUIET) * QR_MODULE,
	    CERT_H),
};

static const struct field text_fields[] = {
	TYPED(struct text, name, F_NAME, name, 0),
	POS(struct text, x, x),
	POS(struct text, y, y),
	TYPED(struct text, align, F_ALIGN, align, 1),
	TYPED(struct text, font, F_FONT, font, 1),
	TYPED(struct text, font_en, F_FONT, font_en, 1),
	INT(struct text, size, size, 8, 300),
	INT_OPT(struct text, size_en, size_en, 8, 300),
	INT_OPT(struct text, size_sub, size_sub, 8, 300),
	INT_OPT(struct text, tracking, tracking, 0, 200),
	INT(struct text, width, width, 20, CERT_W),
	TYPED(struct text, colour, F_COLOUR, colour, 0),
	TYPED(struct text, zh, F_WORDING, zh, 0),
	TYPED(struct text, en, F_WORDING, en, 0),
};

static const struct field tpl_fields[] = {
	INT(struct tpl, valid_years, valid_years, 0, 50),
	MAP(issuer, issuer_fields),
	MAP(colours, colour_fields),
	MAP(border, border_fields),
	MAP(seal, seal_fields),
	MAP(qr, qr_fields),
	{ "text", F_LIST, 0, 0, 0, 0, 0, NULL, 0 },
};

/* One file being read. */
struct reader {
	const char	*path;
	yaml_document_t	*doc;
	struct tpl	*tpl;
	char		*err;
	size_t		 errsz;
};

static int	 fail(struct reader *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	 read_map(struct reader *, yaml_node_t *, const struct field *,
		    size_t, void *);

static int
fail(struct reader *r, int line, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (line > 0)
		n = snprintf(r->err, r->errsz, "%s:%d: ", r->path, line);
	else
		n = snprintf(r->err, r->errsz, "%s: ", r->path);
	if (n < 0 || (size_t)n >= r->errsz)
		return (0);
	va_start(ap, fmt);
	(void)vsnprintf(r->err + n, r->errsz - (size_t)n, fmt, ap);
	va_end(ap);
	return (0);
}

static int
node_line(const yaml_node_t *n)
{
	return ((int)n->start_mark.line + 1);
}

/*
 * The code point at s (NUL-terminated) and its length in *len, by
 * utf8_seq(); -1 (len 1) for a malformed, overlong or surrogate sequence,
 * which the callers draw as U+FFFD or refuse in a template.
 */
static long
utf8_next(const unsigned char *s, size_t *len)
{
	unsigned int	 cp;

	if ((*len = utf8_seq((const char *)s, 4, &cp)) == 0) {
		*len = 1;
		return (-1);
	}
	return ((long)cp);
}

/* Characters gd can draw: it decodes UTF-8 only up to U+FFFF. */
static int
drawable(long cp)
{
	return (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) &&
	    cp <= 0xffff);
}

/* A placeholder's index for the name at s (up to '}'), or -1. */
static int
ph_find(const char *s, size_t n)
{
	int	 i;

	for (i = 0; i < PH__COUNT; i++) {
		if (strlen(ph_names[i]) == n && strncmp(s, ph_names[i], n) == 0)
			return (i);
	}
	return (-1);
}

/*
 * Check a template's text: UTF-8 that gd can draw, and for a wording
 * only known placeholders (their bits into *names); a plain text has
 * none at all.
 */
static int
check_text(struct reader *r, int line, const char *key, const char *v,
    int wording, unsigned int *names)
{
	const char	*p, *end;
	size_t		 len;
	long		 cp;
	int		 i;

	*names = 0;
	for (p = v; *p != '\0'; p += len) {
		cp = utf8_next((const unsigned char *)p, &len);
		if (!drawable(cp))
			return (fail(r, line, "%s: not UTF-8 text that the "
			    "fonts can draw (control character, or beyond "
			    "U+FFFF)", key));
		if (*p == '}' && wording)
			return (fail(r, line, "%s: a '}' without its '{'",
			    key));
		if (*p != '{')
			continue;
		if (!wording)
			return (fail(r, line, "%s: placeholders such as {%s} "
			    "are not allowed here", key, ph_names[0]));
		if ((end = strchr(p, '}')) == NULL)
			return (fail(r, line, "%s: a '{' without its '}'",
			    key));
		if ((i = ph_find(p + 1, (size_t)(end - p - 1))) < 0)
			return (fail(r, line, "%s: unknown placeholder "
			    "%.*s (known: {holder} {title} {issued} "
			    "{expires} {serial} {issuer})", key,
			    (int)(end - p + 1 > 40 ? 40 : end - p + 1), p));
		*names |= 1u << i;
		len = (size_t)(end - p) + 1;
	}
	return (1);
}

static int
parse_hex(const char *v, int *out)
{
	int	 i;

	if (strlen(v) != 7 || v[0] != '#')
		return (0);
	for (i = 1; i < 7; i++) {
		if (!isxdigit((unsigned char)v[i]))
			return (0);
	}
	*out = (int)strtol(v + 1, NULL, 16);
	return (1);
}

/* One scalar value v of field f into the structure at base. */
static int
read_scalar(struct reader *r, const struct field *f, const char *v,
    int line, void *base)
{
	static const char *const aligns[] = { "left", "centre", "right" };
	char		*dst = (char *)base + f->off, *end;
	unsigned int	 names;
	long		 n;
	size_t		 i;
	int		 c;

	switch (f->type) {
	case F_INT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (!isdigit((unsigned char)*v) || *end != '\0' ||
		    errno != 0 || n < f->min || n > f->max)
			return (fail(r, line, "%s: must be a whole number "
			    "from %d to %d, not \"%.40s\"", f->key, f->min,
			    f->max, v));
		*(int *)(void *)dst = (int)n;
		return (1);
	case F_HEX:
	case F_COLOUR:
		if (parse_hex(v, &c)) {
			*(int *)(void *)dst = c;
			return (1);
		}
		for (i = 0; f->type == F_COLOUR && i < C__COUNT; i++) {
			if (strcmp(v, colour_names[i]) == 0) {
				*(int *)(void *)dst = -1 - (int)i;
				return (1);
			}
		}
		if (*v == '\0')
			return (fail(r, line, "%s: no colour (write it in "
			    "quotes, \"#rrggbb\": a bare # starts a YAML "
			    "comment)", f->key));
		return (fail(r, line, "%s: \"%.40s\" is not a colour "
		    "\"#rrggbb\"%s", f->key, v, f->type == F_COLOUR ?
		    " or one of paper, ink, accent, muted, seal" : ""));
	case F_ALIGN:
		for (i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
			if (strcmp(v, aligns[i]) == 0) {
				*(enum align *)(void *)dst = (enum align)i;
				return (1);
			}
		}
		return (fail(r, line, "%s: must be left, centre or right, "
		    "not \"%.40s\"", f->key, v));
	case F_FONT:
		if (strcmp(v, "hei") != 0 && strcmp(v, "kai") != 0)
			return (fail(r, line, "%s: must be kai (%s) or hei "
			    "(%s), not \"%.40s\"", f->key, FONT_KAI, FONT_HEI,
			    v));
		*(enum typeface *)(void *)dst = *v == 'k' ? TF_KAI : TF_HEI;
		return (1);
	case F_NAME:
		for (i = 0; v[i] != '\0'; i++) {
			if (!(islower((unsigned char)v[i]) || v[i] == '_' ||
			    (i > 0 && isdigit((unsigned char)v[i]))))
				break;
		}
		if (i == 0 || v[i] != '\0' || i >= f->len)
			return (fail(r, line, "%s: \"%.40s\" is not a name "
			    "of lower-case letters, digits and _", f->key, v));
		memcpy(dst, v, i + 1);
		return (1);
	case F_PLAIN:
	case F_WORDING:
		if (*v == '\0' && !(f->optional && f->type == F_PLAIN))
			return (fail(r, line, "%s: must not be empty", f->key));
		if (strlen(v) >= f->len)
			return (fail(r, line, "%s: longer than %zu bytes",
			    f->key, f->len - 1));
		if (!check_text(r, line, f->key, v, f->type == F_WORDING,
		    &names))
			return (0);
		memcpy(dst, v, strlen(v) + 1);
		if (f->type == F_WORDING)
			((struct text *)base)->names |= names;
		return (1);
	default:
		return (fail(r, line, "%s: expected a list or mapping",
		    f->key));
	}
}

/* Defaults for a text element's optional keys. */
static void
text_defaults(struct text *t)
{
	memset(t, 0, sizeof(*t));
	t->align = ALIGN_CENTRE;
	t->font = t->font_en = TF_HEI;
	t->size_en = t->size_sub = -1;
}

static int
read_texts(struct reader *r, yaml_node_t *seq, int line)
{
	yaml_node_item_t	*it;
	yaml_node_t		*n;
	struct text		*t;
	int			 i;

	if (seq->type != YAML_SEQUENCE_NODE)
		return (fail(r, line, "text: expected a list of elements, "
		    "each starting \"- name: ...\""));
	r->tpl->text_line = line;
	for (it = seq->data.sequence.items.start;
	    it < seq->data.sequence.items.top; it++) {
		n = yaml_document_get_node(r->doc, *it);
		if (r->tpl->ntexts == TEXTS_MAX)
			return (fail(r, node_line(n), "text: at most %d "
			    "elements", TEXTS_MAX));
		t = &r->tpl->texts[r->tpl->ntexts];
		text_defaults(t);
		t->line = node_line(n);
		if (!read_map(r, n, text_fields, sizeof(text_fields) /
		    sizeof(text_fields[0]), t))
			return (0);
		if (t->size_en < 0)
			t->size_en = t->size;
		if (t->size_sub < 0)
			t->size_sub = (t->size + 1) / 2;
		for (i = 0; i < r->tpl->ntexts; i++) {
			if (strcmp(r->tpl->texts[i].name, t->name) == 0)
				return (fail(r, t->line, "text: two elements "
				    "are named %s", t->name));
		}
		r->tpl->ntexts++;
	}
	return (1);
}

/*
 * Read the mapping n into base by the table fields: every key known,
 * none twice, none required missing.
 */
static int
read_map(struct reader *r, yaml_node_t *n, const struct field *fields,
    size_t nfields, void *base)
{
	yaml_node_pair_t	*p;
	yaml_node_t		*kn, *vn;
	const char		*k;
	unsigned int		 seen = 0;
	size_t			 i;
	int			 line;

	if (n->type != YAML_MAPPING_NODE)
		return (fail(r, node_line(n), "expected \"key: value\" lines"));
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		kn = yaml_document_get_node(r->doc, p->key);
		vn = yaml_document_get_node(r->doc, p->value);
		line = node_line(kn);
		if (kn->type != YAML_SCALAR_NODE)
			return (fail(r, line, "a key must be a plain word"));
		k = (const char *)kn->data.scalar.value;
		for (i = 0; i < nfields; i++) {
			if (strcmp(k, fields[i].key) == 0)
				break;
		}
		if (i == nfields)
			return (fail(r, line, "unknown key \"%.40s\"", k));
		if (seen & (1u << i))
			return (fail(r, line, "%s is given twice", k));
		seen |= 1u << i;
		if (fields[i].type == F_MAP) {
			if (strcmp(k, "issuer") == 0)
				r->tpl->issuer_line = line;
			else if (strcmp(k, "seal") == 0)
				r->tpl->seal_line = line;
			else if (strcmp(k, "qr") == 0)
				r->tpl->qr_line = line;
			if (vn->type != YAML_MAPPING_NODE)
				return (fail(r, line, "%s: expected indented "
				    "\"key: value\" lines", k));
			if (!read_map(r, vn, fields[i].sub, fields[i].nsub,
			    base))
				return (0);
			continue;
		}
		if (fields[i].type == F_LIST) {
			if (!read_texts(r, vn, line))
				return (0);
			continue;
		}
		if (vn->type != YAML_SCALAR_NODE)
			return (fail(r, line, "%s: expected a single value",
			    k));
		if (!read_scalar(r, &fields[i],
		    (const char *)vn->data.scalar.value, node_line(vn), base))
			return (0);
	}
	for (i = 0; i < nfields; i++) {
		if (!(seen & (1u << i)) && !fields[i].optional)
			return (fail(r, node_line(n), "%s is missing",
			    fields[i].key));
	}
	return (1);
}

int
certtpl_frame_inside(const struct tpl *t)
{
	return (t->border.inset + t->border.outer + t->border.gap +
	    t->border.inner);
}

/*
 * 1 when the box lies inside the frame, clear of the corners' frets;
 * else a message naming what.
 */
static int
check_box(struct reader *r, int line, const char *what, int x1, int y1,
    int x2, int y2)
{
	int	 f = certtpl_frame_inside(r->tpl);
	int	 c = f + r->tpl->border.gap + r->tpl->border.corner;

	if (x1 < f || y1 < f || x2 > CERT_W - f || y2 > CERT_H - f)
		return (fail(r, line, "%s (%d,%d)-(%d,%d) is outside the "
		    "page's frame (%d,%d)-(%d,%d)", what, x1, y1, x2, y2, f,
		    f, CERT_W - f, CERT_H - f));
	if ((x1 < c || x2 > CERT_W - c) && (y1 < c || y2 > CERT_H - c))
		return (fail(r, line, "%s (%d,%d)-(%d,%d) overlaps a corner's "
		    "fret (they reach %d px in from the page's edges)", what,
		    x1, y1, x2, y2, c));
	return (1);
}

/* The checks that need the whole file: geometry, and what is said. */
static int
check_tpl(struct reader *r)
{
	static const enum ph	 needed[] = { PH_HOLDER, PH_TITLE, PH_ISSUED,
	    PH_SERIAL, PH_EXPIRES };
	struct tpl		*t = r->tpl;
	struct text		*e;
	unsigned int		 all = 0;
	size_t			 i;
	int			 k, x1, h;
	char			 what[64];

	if (!check_box(r, t->seal_line, "seal", t->seal.x - t->seal.radius,
	    t->seal.y - t->seal.radius, t->seal.x + t->seal.radius,
	    t->seal.y + t->seal.radius))
		return (0);
	(void)utf8_next((const unsigned char *)t->seal.centre, &i);
	if (strcmp(t->seal.centre, "star") != 0 && t->seal.centre[i] != '\0')
		return (fail(r, t->seal_line, "seal: centre must be star or "
		    "one character, not \"%s\"", t->seal.centre));
	if (!check_box(r, t->qr_line, "qr", t->qr.x, t->qr.y,
	    t->qr.x + t->qr.size, t->qr.y + t->qr.size))
		return (0);
	for (k = 0; k < t->ntexts; k++) {
		e = &t->texts[k];
		x1 = e->align == ALIGN_LEFT ? e->x : e->align == ALIGN_RIGHT ?
		    e->x - e->width : e->x - e->width / 2;
		/* The bilingual block is the tallest the element gets. */
		h = (int)(EM_CJK_HEIGHT * e->size + (EM_SUB_GAP +
		    EM_LATIN_HEIGHT) * e->size_sub + 0.5);
		if (h < e->size_en)
			h = e->size_en;
		(void)snprintf(what, sizeof(what), "text %s", e->name);
		if (!check_box(r, e->line, what, x1, e->y - h / 2,
		    x1 + e->width, e->y + h - h / 2))
			return (0);
		all |= e->names;
	}
	for (i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		if (needed[i] == PH_EXPIRES && t->valid_years == 0)
			continue;
		if (!(all & (1u << needed[i])))
			return (fail(r, t->text_line, "text: no element shows "
			    "{%s}%s", ph_names[needed[i]], needed[i] ==
			    PH_EXPIRES ? ", yet valid_years is not 0" : ""));
	}
	return (1);
}

/* Read one template file into t; 0 with err "FILE:LINE: reason". */
static int
read_tpl(const char *path, struct tpl *t, char *err, size_t errsz)
{
	struct reader	 r = { path, NULL, t, err, errsz };
	yaml_parser_t	 parser;
	yaml_document_t	 doc;
	yaml_node_t	*root;
	FILE		*f;
	int		 ok = 0;

	memset(t, 0, sizeof(*t));
	if ((f = fopen(path, "rb")) == NULL)
		return (fail(&r, 0, "cannot read: %s", strerror(errno)));
	if (!yaml_parser_initialize(&parser)) {
		fclose(f);
		return (fail(&r, 0, "out of memory"));
	}
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		fail(&r, (int)parser.problem_mark.line + 1, "not valid YAML: "
		    "%s", parser.problem != NULL ? parser.problem : "?");
		yaml_parser_delete(&parser);
		fclose(f);
		return (0);
	}
	r.doc = &doc;
	if ((root = yaml_document_get_root_node(&doc)) == NULL)
		fail(&r, 1, "the file is empty");
	else if (read_map(&r, root, tpl_fields, sizeof(tpl_fields) /
	    sizeof(tpl_fields[0]), t))
		ok = check_tpl(&r);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(f);
	return (ok);
}

/*
 * Read dir/<kind>.yaml for every kind into next (KIND__COUNT of them).
 * 0 with err "FILE:LINE: reason" at the first mistake, next then
 * half-filled: certimg_load() publishes it only whole.
 */
int
certtpl_read(const char *dir, struct tpl *next, char *err, size_t errsz)
{
	char	 path[PATH_MAX], first[PATH_MAX];
	int	 k;

	for (k = 0; k < KIND__COUNT; k++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s.yaml", dir,
		    cert_kind_code((enum cert_kind)k)) >= sizeof(path)) {
			(void)snprintf(err, errsz, "%s: path too long", dir);
			return (0);
		}
		if (!read_tpl(path, &next[k], err, errsz))
			return (0);
		if (k == 0) {
			memcpy(first, path, sizeof(path));
			continue;
		}
		/* certtpl_issuer() has one answer for all kinds. */
		if (strcmp(next[k].issuer_zh, next[0].issuer_zh) != 0 ||
		    strcmp(next[k].issuer_en, next[0].issuer_en) != 0) {
			(void)snprintf(err, errsz, "%s:%d: issuer: not the "
			    "one %s names", path, next[k].issuer_line, first);
			return (0);
		}
	}
	return (1);
}

/* Make next (KIND__COUNT of them, read whole) the templates in use. */
void
certtpl_publish(const struct tpl *next)
{
	memcpy(tpls, next, sizeof(tpls));
	loaded = 1;
}

/* -1 before certimg_load() succeeded, or for an unknown kind. */
int
certtpl_valid_years(enum cert_kind k)
{
	if (!loaded || (unsigned)k >= KIND__COUNT)
		return (-1);
	return (tpls[k].valid_years);
}

/* Chinese for CLANG_ZH and CLANG_BOTH; "" before certimg_load(). */
const char *
certtpl_issuer(enum cert_lang l)
{
	if (!loaded)
		return ("");
	return (l == CLANG_EN ? tpls[0].issuer_en : tpls[0].issuer_zh);
}

const struct tpl *
certtpl_get(enum cert_kind k)
{
	return (loaded && (unsigned)k < KIND__COUNT ? &tpls[k] : NULL);
}

/*
 * A filled line: its bytes, and where they run out. Placeholders are
 * filled by this small function because nothing in Debian does {name}
 * templating for C that would be worth a dependency.
 */
struct out {
	char	*s;
	size_t	 n, sz;
	int	 gd;		/* '&' as "&#38;" */
};

/*
 * Append caller's text as gd must be given it: UTF-8 gd can draw (a
 * malformed byte, a control character or an emoji beyond U+FFFF becomes
 * U+FFFD, which the fonts draw as a visible mark, rather than being lost
 * in silence), and '&' as "&#38;": gd reads &name; and &#N; entities, so a
 * name typed "A&amp;B" would otherwise show "A&B". Stops at a whole
 * character when the line is full.
 */
static void
put(struct out *o, const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	const unsigned char	*end = u + n;
	size_t			 len;
	long			 cp;

	for (; u < end; u += len) {
		cp = utf8_next(u, &len);
		if (cp == '&' && o->gd) {
			if (o->n + 6 > o->sz)
				return;
			memcpy(o->s + o->n, "&#38;", 5);
			o->n += 5;
		} else if (!drawable(cp)) {
			if (o->n + 4 > o->sz)
				return;
			memcpy(o->s + o->n, "\xef\xbf\xbd", 3);
			o->n += 3;
		} else {
			if (o->n + len + 1 > o->sz)
				return;
			memcpy(o->s + o->n, u, len);
			o->n += len;
		}
		o->s[o->n] = '\0';
	}
}

/* A date YYYY-MM-DD in words: 2026年11月27日, 27 November 2026. */
static void
put_date(struct out *o, const char *d, int en)
{
	static const char *const months[] = { "January", "February",
	    "March", "April", "May", "June", "July", "August", "September",
	    "October", "November", "December" };
	char	 w[64];
	int	 i, y, m, dd;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7 ? d[i] != '-' :
		    !isdigit((unsigned char)d[i]))
			break;
	}
	y = i == 10 ? atoi(d) : 0;
	m = i == 10 ? atoi(d + 5) : 0;
	dd = i == 10 ? atoi(d + 8) : 0;
	if (i < 10 || d[10] != '\0' || m < 1 || m > 12 || dd < 1 ||
	    dd > 31) {
		put(o, d, strlen(d));	/* not a date: shown as given */
		return;
	}
	if (en)
		(void)snprintf(w, sizeof(w), "%d %s %d", dd, months[m - 1], y);
	else
		(void)snprintf(w, sizeof(w), "%d年%d月%d日", y, m, dd);
	put(o, w, strlen(w));
}

/* s as gd must be given it (put(): U+FFFD for what it cannot draw, '&'
 * as "&#38;"), in buf, which is returned: for the seal's words. */
const char *
certtpl_gd_text(const char *s, char *buf, size_t bufsz)
{
	struct out	 o = { buf, 0, bufsz, 1 };

	buf[0] = '\0';
	put(&o, s, strlen(s));
	return (buf);
}

static const char *
nz(const char *s)
{
	return (s != NULL ? s : "");
}

void
certtpl_fill(const struct tpl *t, const struct cert_face *f, const char *w,
    int en, int gd, char *buf, size_t bufsz)
{
	struct out		 o = { buf, 0, bufsz, gd };
	const char		*end, *v;
	size_t			 n;

	buf[0] = '\0';
	while (*w != '\0') {
		if ((n = strcspn(w, "{")) > 0) {
			put(&o, w, n);
			w += n;
			continue;
		}
		end = strchr(w, '}');	/* checked when loaded */
		switch (ph_find(w + 1, (size_t)(end - w - 1))) {
		case PH_HOLDER:
			v = nz(f->holder);
			break;
		case PH_TITLE:
			v = en ? nz(f->title_en) : nz(f->title_zh);
			if (*v == '\0')	/* one language given: use it */
				v = en ? nz(f->title_zh) : nz(f->title_en);
			break;
		case PH_ISSUED:
			put_date(&o, nz(f->issued), en);
			v = "";
			break;
		case PH_EXPIRES:
			put_date(&o, nz(f->expires), en);
			v = "";
			break;
		case PH_SERIAL:
			v = nz(f->serial);
			break;
		default:
			v = en ? t->issuer_en : t->issuer_zh;
			break;
		}
		put(&o, v, strlen(v));
		w = end + 1;
	}
}

int
certtpl_has_cjk(const char *s)
{
	size_t	 len;
	long	 cp;

	for (; *s != '\0'; s += len) {
		cp = utf8_next((const unsigned char *)s, &len);
		if ((cp >= 0x2e80 && cp <= 0x9fff) || (cp >= 0xf900 &&
		    cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
		    (cp >= 0xff00 && cp <= 0xffef))
			return (1);
	}
	return (0);
}

int
certtpl_shown(const struct cert_face *face, const struct text *e, int whole)
{
	if (!(e->names & PH_DYNAMIC))
		return (1);
	if (!whole)
		return (0);
	/* A line about the expiry has nothing to say without one. */
	return (!(e->names & (1u << PH_EXPIRES)) ||
	    (face->expires != NULL && *face->expires != '\0'));
}
