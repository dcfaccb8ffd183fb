/*
 * certimg.c: the certificate as a picture. Two halves:
 *
 * Templates. certs/<kind>.yaml says where everything goes, how big, in
 * which font and colour, and the wording in Chinese and English with
 * {placeholders}; certs/README.md documents the format. certs_load()
 * reads all four with libyaml, refuses any mistake as "FILE:LINE:
 * reason" and keeps them in static memory: loaded once, in the parent
 * before the workers fork, and only read after that.
 *
 * Drawing. Everything that does not depend on the holder — paper, the
 * double frame with its 回纹 corners, the wording without the holder's
 * details, the seal — is the template's background, drawn once per kind
 * and language in truecolor (antialiased in 256 levels, the seal
 * translucent over the words it is stamped on) and reduced to a palette
 * of BG_COLOURS. A certificate copies that background, draws the QR and
 * the holder's lines (FreeType through gd, which antialiases in 8 levels
 * on a palette image) and writes a palette PNG. Measured with
 * tests/bench/render.c on the 2-core build machine, per certificate at
 * scale 1:
 *
 *	truecolor, drawn whole, RGB PNG			~75 ms (155 KB)
 *	truecolor background cached, RGB PNG		~42 ms
 *	drawn whole, reduced to a palette		~40 ms (67 KB)
 *	truecolor background cached, reduced each time	~19 ms
 *	palette background cached (this)		 ~8 ms (64 KB)
 *
 * Half of the 8 ms is deflate (zlib level 3: level 1 saves nothing here
 * and writes 25 % more, level 6 takes 60 % longer for 20 % less). The
 * truecolor cache would also hold 8.7 MB a background against 2.2 MB.
 * The print variant (scale 2) is rare: it is drawn whole each time,
 * the holder's lines in 256 levels and the seal over them as on paper.
 *
 * Thread-safe once gdFontCacheSetup() was called: renders share only the
 * read-only templates and the background cache, which is filled under a
 * mutex and never changed after.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gd.h>
#include <qrencode.h>
#include <yaml.h>

#include "certimg.h"
#include "certtpl.h"
#include "utf8.h"

#define BG_COLOURS	200	/* of 256: the rest for the holder's lines */
#define PNG_LEVEL	3	/* zlib level: see the top of the file */

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
 * The backgrounds at scale 1, one per kind and language, drawn when first
 * asked for (26 MB if all twelve are) with the font directory of that
 * first call. Scale 2 is for printing, rare: drawn each time, not kept.
 */
static struct {
	pthread_mutex_t	 lock;
	gdImagePtr	 bg[KIND__COUNT][CLANG__COUNT];
	char		 fontdir[PATH_MAX];
} cache = { PTHREAD_MUTEX_INITIALIZER, { { NULL } }, "" };

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
certimg_frame_inside(const struct tpl *t)
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
	int	 f = certimg_frame_inside(r->tpl);
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
 * Read dir/<kind>.yaml for every kind. All or nothing: on any failure
 * the templates loaded before stay. Call it before any thread renders
 * (a second call drops the backgrounds drawn from the first).
 */
int
certs_load(const char *dir, char *err, size_t errsz)
{
	static struct tpl	 next[KIND__COUNT];
	char			 path[PATH_MAX], first[PATH_MAX];
	int			 k, l;

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
		/* cert_issuer() has one answer for all kinds. */
		if (strcmp(next[k].issuer_zh, next[0].issuer_zh) != 0 ||
		    strcmp(next[k].issuer_en, next[0].issuer_en) != 0) {
			(void)snprintf(err, errsz, "%s:%d: issuer: not the "
			    "one %s names", path, next[k].issuer_line, first);
			return (0);
		}
	}
	pthread_mutex_lock(&cache.lock);
	for (k = 0; k < KIND__COUNT; k++) {
		for (l = 0; l < CLANG__COUNT; l++) {
			if (cache.bg[k][l] != NULL)
				gdImageDestroy(cache.bg[k][l]);
			cache.bg[k][l] = NULL;
		}
	}
	memcpy(tpls, next, sizeof(tpls));
	loaded = 1;
	pthread_mutex_unlock(&cache.lock);
	return (1);
}

/* -1 before certs_load() succeeded, or for an unknown kind. */
int
cert_valid_years(enum cert_kind k)
{
	if (!loaded || (unsigned)k >= KIND__COUNT)
		return (-1);
	return (tpls[k].valid_years);
}

/* Chinese for CLANG_ZH and CLANG_BOTH; "" before certs_load(). */
const char *
cert_issuer(enum cert_lang l)
{
	if (!loaded)
		return ("");
	return (l == CLANG_EN ? tpls[0].issuer_en : tpls[0].issuer_zh);
}

const struct tpl *
certimg_tpl(enum cert_kind k)
{
	return (loaded && (unsigned)k < KIND__COUNT ? &tpls[k] : NULL);
}

/*
 * Drawing.
 */

/* One render's context. */
struct pen {
	gdImagePtr		 im;
	const struct tpl	*t;
	const struct cert_face	*face;
	enum cert_lang		 lang;
	int			 scale;
	char			 kai[PATH_MAX];
	char			 hei[PATH_MAX];
	char			*err;
	size_t			 errsz;
};

static int
rgb(const struct pen *p, int c)
{
	int	 v = COLOUR(p->t, c);

	return (gdImageColorResolve(p->im, (v >> 16) & 0xff, (v >> 8) & 0xff,
	    v & 0xff));
}

static int
ft_fail(struct pen *p, const char *font, const char *e)
{
	(void)snprintf(p->err, p->errsz, "%s: %s", font, e);
	return (0);
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

/* s as put() makes it, in buf: for the seal's words. */
static const char *
escaped(const char *s, char *buf, size_t bufsz)
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
certimg_fill(const struct tpl *t, const struct cert_face *f, const char *w,
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
certimg_has_cjk(const char *s)
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

/* The length of the character at s, an "&#38;" counting as one. */
static size_t
char_len(const char *s)
{
	size_t	 len;

	if (strncmp(s, "&#38;", 5) == 0)
		return (5);
	(void)utf8_next((const unsigned char *)s, &len);
	return (len);
}

/*
 * Draw s (or with im NULL only measure it) at pt points from the pen at
 * x, baseline y, with track px between characters: gd has no letter
 * spacing, so a tracked line goes a character at a time. *w is the
 * advance, *x0 the ink's left edge from x.
 */
static int
run(struct pen *p, gdImagePtr im, int colour, const char *font, double pt,
    int track, int x, int y, const char *s, int *w, int *x0)
{
	char	 one[8];
	int	 br[8], i = 0, pen;
	size_t	 n;
	char	*e;

	*w = *x0 = 0;
	if (track == 0) {
		if ((e = gdImageStringFT(im, br, colour, font, pt, 0.0, x, y,
		    s)) != NULL)
			return (ft_fail(p, font, e));
		*w = br[2] - br[0];
		*x0 = br[0] - x;
		return (1);
	}
	for (pen = x; *s != '\0'; s += n, i++) {
		n = char_len(s);
		memcpy(one, s, n);
		one[n] = '\0';
		if ((e = gdImageStringFT(im, br, colour, font, pt, 0.0, pen,
		    y, one)) != NULL)
			return (ft_fail(p, font, e));
		if (i == 0)
			*x0 = br[0] - x;
		pen = br[2] + track;	/* br[2]: the pen after the glyph */
	}
	*w = pen - track - (x + *x0);
	return (1);
}

/*
 * Draw one line of element e, its visual middle at y (page pixels), at
 * size px at scale 1, shrunk until it fits the element's width: a long
 * name gets smaller, never wider than the space the template gives.
 */
static int
line(struct pen *p, const struct text *e, const char *s, int px, double y)
{
	int		 cjk = certimg_has_cjk(s), colour, w, x0, x, maxw, i;
	int		 track = cjk ? e->tracking * p->scale : 0;
	const char	*font = (cjk ? e->font : e->font_en) == TF_KAI ?
			    p->kai : p->hei;
	double		 pt = px * p->scale * 0.75;	/* gd: 96 dpi */

	if (*s == '\0')
		return (1);
	maxw = e->width * p->scale;
	for (i = 0; ; i++) {
		if (!run(p, NULL, 0, font, pt, track, 0, 0, s, &w, &x0))
			return (0);
		if (w <= maxw || i == 8 || pt < 2.0)
			break;
		/* Glyphs are hinted: the width is not quite proportional. */
		pt *= (double)maxw / w * (i == 0 ? 1.0 : 0.97);
		track = (int)(track * (double)maxw / w);
	}
	x = e->x * p->scale;
	if (e->align == ALIGN_CENTRE)
		x -= w / 2;
	else if (e->align == ALIGN_RIGHT)
		x -= w;
	colour = rgb(p, e->colour);
	return (run(p, p->im, colour, font, pt, track, x - x0,
	    (int)(y + EM_MIDDLE * pt / 0.75 + 0.5), s, &w, &x0));
}

/*
 * Draw element e as the certificate's language has it: one line, or on
 * a bilingual certificate the Chinese with the English under it, smaller,
 * the pair centred on the element's y (one line when both say the same,
 * as a name does).
 */
static int
element(struct pen *p, const struct text *e)
{
	char	 zh[LINE_MAX_BYTES] = "", en[LINE_MAX_BYTES] = "";
	double	 y = e->y * p->scale, h, top;

	if (p->lang != CLANG_EN)
		certimg_fill(p->t, p->face, e->zh, 0, 1, zh, sizeof(zh));
	if (p->lang != CLANG_ZH)
		certimg_fill(p->t, p->face, e->en, 1, 1, en, sizeof(en));
	if (p->lang == CLANG_ZH || (p->lang == CLANG_BOTH &&
	    (strcmp(zh, en) == 0 || *en == '\0')))
		return (line(p, e, zh, e->size, y));
	if (p->lang == CLANG_EN || *zh == '\0')
		return (line(p, e, en, e->size_en, y));
	h = (EM_CJK_HEIGHT * e->size + (EM_SUB_GAP + EM_LATIN_HEIGHT) *
	    e->size_sub) * p->scale;
	top = y - h / 2;
	return (line(p, e, zh, e->size, top + EM_CJK_HEIGHT / 2 * e->size *
	    p->scale) && line(p, e, en, e->size_sub, top + h -
	    EM_LATIN_HEIGHT / 2 * e->size_sub * p->scale));
}

/* An axis-aligned stroke t thick from (x1,y1) to (x2,y2), square ends. */
static void
stroke(gdImagePtr im, int x1, int y1, int x2, int y2, int t, int colour)
{
	int	 lo = t / 2, hi = t - 1 - t / 2;

	gdImageFilledRectangle(im, (x1 < x2 ? x1 : x2) - lo,
	    (y1 < y2 ? y1 : y2) - lo, (x1 > x2 ? x1 : x2) + hi,
	    (y1 > y2 ? y1 : y2) + hi, colour);
}

/*
 * A 回纹 fret: a square spiral of size s turning inward, its outer corner
 * at (ox,oy), growing along (dx,dy) = (±1,±1) so that the four corners
 * mirror each other.
 */
static void
fret(gdImagePtr im, int ox, int oy, int dx, int dy, int s, int colour)
{
	static const int	 dir[4][2] = { { 0, -1 }, { 1, 0 }, { 0, 1 },
	    { -1, 0 } };
	int			 d = s / 5, t = d * 2 / 5, u = 0, v = s, len, k;

	if (t < 1)
		t = 1;
	for (k = 0; (len = s - (k / 2) * d) >= d && k < 10; k++) {
		stroke(im, ox + dx * u, oy + dy * v,
		    ox + dx * (u + dir[k % 4][0] * len),
		    oy + dy * (v + dir[k % 4][1] * len), t, colour);
		u += dir[k % 4][0] * len;
		v += dir[k % 4][1] * len;
	}
}

static void
frame(struct pen *p)
{
	const struct tpl	*t = p->t;
	int			 s = p->scale, w = CERT_W * s, h = CERT_H * s;
	int			 c = rgb(p, -1 - C_ACCENT), a, b, q, i;

	for (i = 0; i < 2; i++) {
		a = (i == 0 ? t->border.inset : t->border.inset +
		    t->border.outer + t->border.gap) * s;
		b = (i == 0 ? t->border.outer : t->border.inner) * s;
		gdImageFilledRectangle(p->im, a, a, w - 1 - a, a + b - 1, c);
		gdImageFilledRectangle(p->im, a, h - a - b, w - 1 - a,
		    h - 1 - a, c);
		gdImageFilledRectangle(p->im, a, a, a + b - 1, h - 1 - a, c);
		gdImageFilledRectangle(p->im, w - a - b, a, w - 1 - a,
		    h - 1 - a, c);
	}
	if (t->border.corner == 0)
		return;
	q = (certimg_frame_inside(t) + t->border.gap) * s;
	fret(p->im, q, q, 1, 1, t->border.corner * s, c);
	fret(p->im, w - 1 - q, q, -1, 1, t->border.corner * s, c);
	fret(p->im, q, h - 1 - q, 1, -1, t->border.corner * s, c);
	fret(p->im, w - 1 - q, h - 1 - q, -1, -1, t->border.corner * s, c);
}

/*
 * Draw ch (or, with im NULL, only measure it: *w) in font at pt points,
 * its middle at (x,y), turned a radians clockwise: upright to the
 * outside when it stands on the seal's ring at that angle.
 */
static int
glyph(struct pen *p, gdImagePtr im, int colour, const char *font,
    double pt, double x, double y, double a, const char *ch, int *w)
{
	int	 br[8];
	double	 vx, vy;
	char	*e;

	if ((e = gdImageStringFT(NULL, br, colour, font, pt, 0.0, 0, 0,
	    ch)) != NULL)
		return (ft_fail(p, font, e));
	if (w != NULL)
		*w = br[2] - br[0];
	if (im == NULL)
		return (1);
	/* From the pen to the glyph's middle, upright; then turned by a. */
	vx = (br[0] + br[2]) / 2.0;
	vy = -EM_MIDDLE * pt / 0.75;
	x -= vx * cos(a) - vy * sin(a);
	y -= vx * sin(a) + vy * cos(a);
	if ((e = gdImageStringFT(im, br, colour, font, pt, -a, (int)lround(x),
	    (int)lround(y), ch)) != NULL)
		return (ft_fail(p, font, e));
	return (1);
}

/*
 * The seal, 印章, as an official one looks: a red ring, the issuer's name
 * around its top in hei, upright to the outside, a five-pointed star (or
 * one character in kai) in the middle and a line of words under it.
 * Drawn SEAL_SS times finer on an image of its own, then reduced onto
 * the page so that its curves are as smooth as the text's; a little
 * translucent, so the words it is stamped over still show through.
 * Proportions are of the radius R.
 */
static int
seal(struct pen *p)
{
	const struct tpl	*t = p->t;
	double			 R = t->seal.radius * p->scale * SEAL_SS;
	double			 ring = 0.08 * R, g = 0.24 * R, step, r, a;
	int			 D = (int)(2 * R) + 4 * SEAL_SS, c = D / 2;
	int			 ink, clear, i, n, w, ok = 1;
	gdPoint			 pts[10];
	const char		*s, *name;
	char			 ch[8], buf[5 * WORDING_MAX], under[5 * 64];
	gdImagePtr		 im;

	if ((im = gdImageCreateTrueColor(D, D)) == NULL) {
		(void)snprintf(p->err, p->errsz, "out of memory");
		return (0);
	}
	/* Alpha 28 of 127: 78 % ink, as a stamp pressed once. */
	i = COLOUR(t, t->seal.colour);
	ink = gdTrueColorAlpha(i >> 16, (i >> 8) & 0xff, i & 0xff, 28);
	clear = gdTrueColorAlpha(i >> 16, (i >> 8) & 0xff, i & 0xff,
	    gdAlphaTransparent);
	gdImageAlphaBlending(im, 0);
	gdImageFilledRectangle(im, 0, 0, D - 1, D - 1, clear);
	gdImageFilledEllipse(im, c, c, (int)(2 * R), (int)(2 * R), ink);
	gdImageFilledEllipse(im, c, c, (int)(2 * (R - ring)),
	    (int)(2 * (R - ring)), clear);
	gdImageAlphaBlending(im, 1);

	/* The name, a glyph's width apart, over at most 260 degrees. */
	name = escaped(t->issuer_zh, buf, sizeof(buf));
	for (n = 0, s = name; *s != '\0'; s += char_len(s))
		n++;
	r = R - ring - 0.06 * R - g / 2;
	step = 1.1 * g / r;
	if (n > 1 && step * (n - 1) > 260.0 * M_PI / 180.0) {
		step = 260.0 * M_PI / 180.0 / (n - 1);
		g = step * r / 1.1;
	}
	for (i = 0, s = name; ok && *s != '\0'; i++) {
		memcpy(ch, s, char_len(s));
		ch[char_len(s)] = '\0';
		s += char_len(s);
		a = (i - (n - 1) / 2.0) * step;
		ok = glyph(p, im, ink, p->hei, g * 0.75, c + r * sin(a),
		    c - r * cos(a), a, ch, NULL);
	}

	if (ok && strcmp(t->seal.centre, "star") == 0) {
		for (i = 0; i < 10; i++) {
			r = (i % 2 == 0 ? 0.32 : 0.32 * 0.382) * R;
			pts[i].x = c + (int)lround(r * sin(i * M_PI / 5));
			pts[i].y = c - (int)lround(0.02 * R + r *
			    cos(i * M_PI / 5));
		}
		gdImageFilledPolygon(im, pts, 10, ink);
	} else if (ok)
		ok = glyph(p, im, ink, p->kai, 0.62 * R * 0.75, c, c, 0.0,
		    escaped(t->seal.centre, buf, sizeof(buf)), NULL);

	/* The words under the star, shrunk to the ring's chord there. */
	s = escaped(t->seal.under, under, sizeof(under));
	g = 0.15 * R;
	if (ok && *s != '\0' && (ok = glyph(p, NULL, ink, p->hei, g * 0.75,
	    0, 0, 0, s, &w)) && w > 1.1 * R)
		g *= 1.1 * R / w;
	if (ok && *s != '\0')
		ok = glyph(p, im, ink, p->hei, g * 0.75, c, c + 0.5 * R, 0.0,
		    s, NULL);
	if (ok)
		gdImageCopyResampled(p->im, im,
		    t->seal.x * p->scale - D / SEAL_SS / 2,
		    t->seal.y * p->scale - D / SEAL_SS / 2, 0, 0,
		    D / SEAL_SS, D / SEAL_SS, D, D);
	gdImageDestroy(im);
	return (ok);
}

/*
 * Nothing drawn after the frame reaches into it: lines are shrunk to fit
 * their width, checked inside, but this holds whatever the fonts do.
 */
static void
clip(struct pen *p)
{
	int	 f = certimg_frame_inside(p->t);

	gdImageSetClip(p->im, f * p->scale, f * p->scale,
	    (CERT_W - f) * p->scale - 1, (CERT_H - f) * p->scale - 1);
}

int
certimg_shown(const struct cert_face *face, const struct text *e, int whole)
{
	if (!(e->names & PH_DYNAMIC))
		return (1);
	if (!whole)
		return (0);
	/* A line about the expiry has nothing to say without one. */
	return (!(e->names & (1u << PH_EXPIRES)) ||
	    (face->expires != NULL && *face->expires != '\0'));
}

/*
 * Draw in truecolor and reduce to a palette image (gdImageDestroy() it):
 * the part of the certificate that is the same for every holder of this
 * kind and language, or (whole) all but the QR, the seal then stamped
 * over the holder's lines too.
 */
static gdImagePtr
background(struct pen *p, int whole)
{
	const struct tpl	*t = p->t;
	int			 k;

	if ((p->im = gdImageCreateTrueColor(CERT_W * p->scale,
	    CERT_H * p->scale)) == NULL) {
		(void)snprintf(p->err, p->errsz, "out of memory");
		return (NULL);
	}
	gdImageFilledRectangle(p->im, 0, 0, CERT_W * p->scale - 1,
	    CERT_H * p->scale - 1, rgb(p, -1 - C_PAPER));
	frame(p);
	clip(p);
	for (k = 0; k < t->ntexts; k++) {
		if (certimg_shown(p->face, &t->texts[k], whole) &&
		    !element(p, &t->texts[k]))
			goto fail;
	}
	if (!seal(p))
		goto fail;
	if (!gdImageTrueColorToPalette(p->im, 0, BG_COLOURS)) {
		(void)snprintf(p->err, p->errsz, "out of memory");
		goto fail;
	}
	return (p->im);
fail:
	gdImageDestroy(p->im);
	return (p->im = NULL);
}

/*
 * The QR of face->qr_text, black on white with its quiet zone, centred
 * at the foot of the template's box (the caption is under it). Modules
 * are QR_MODULE px at scale 1, whatever the text's length: every
 * certificate scans alike, and the box is what the longest text may take.
 * 0 when the text needs more than the box: drawn finer, a printed QR
 * would not scan reliably.
 */
static int
qr(struct pen *p)
{
	const struct tpl	*t = p->t;
	QRcode			*q;
	int			 m, side, x0, y0, x, y, black, white;

	if (p->face->qr_text == NULL || *p->face->qr_text == '\0') {
		(void)snprintf(p->err, p->errsz, "no QR text");
		return (0);
	}
	if ((q = QRcode_encodeString8bit(p->face->qr_text, 0,
	    QR_ECLEVEL_M)) == NULL) {
		(void)snprintf(p->err, p->errsz, "QR: %s (%zu bytes)",
		    errno == ERANGE ? "text too long for a QR code" :
		    strerror(errno), strlen(p->face->qr_text));
		return (0);
	}
	if ((q->width + 2 * QR_QUIET) * QR_MODULE > t->qr.size) {
		(void)snprintf(p->err, p->errsz, "QR: %zu bytes need %d "
		    "modules a side, more than the template's %d px box "
		    "holds at %d px a module", strlen(p->face->qr_text),
		    q->width, t->qr.size, QR_MODULE);
		QRcode_free(q);
		return (0);
	}
	m = QR_MODULE * p->scale;
	side = (q->width + 2 * QR_QUIET) * m;
	x0 = (t->qr.x + t->qr.size / 2) * p->scale - side / 2;
	y0 = (t->qr.y + t->qr.size) * p->scale - side;
	white = gdImageColorResolve(p->im, 0xff, 0xff, 0xff);
	black = gdImageColorResolve(p->im, 0, 0, 0);
	gdImageFilledRectangle(p->im, x0, y0, x0 + side - 1, y0 + side - 1,
	    white);
	x0 += QR_QUIET * m;
	y0 += QR_QUIET * m;
	for (y = 0; y < q->width; y++) {
		for (x = 0; x < q->width; x++) {
			if (q->data[y * q->width + x] & 1)
				gdImageFilledRectangle(p->im, x0 + x * m,
				    y0 + y * m, x0 + (x + 1) * m - 1,
				    y0 + (y + 1) * m - 1, black);
		}
	}
	QRcode_free(q);
	return (1);
}

/*
 * The cached background for p (borrowed: never changed or freed while
 * templates stay loaded), drawn on first use under the lock, so that a
 * second thread asking meanwhile waits for it rather than drawing its
 * own. The cache holds backgrounds drawn with one font directory, the
 * first that worked; *other when fontdir is another (the caller then
 * draws afresh). NULL with p->err set when it cannot be drawn.
 */
static gdImagePtr
background_cached(struct pen *p, const char *fontdir, int *other)
{
	gdImagePtr	 bg = NULL;

	pthread_mutex_lock(&cache.lock);
	*other = cache.fontdir[0] != '\0' && strcmp(cache.fontdir,
	    fontdir) != 0;
	if (!*other && (bg = cache.bg[p->face->kind][p->lang]) == NULL &&
	    (bg = background(p, 0)) != NULL) {
		cache.bg[p->face->kind][p->lang] = bg;
		if (strlen(fontdir) < sizeof(cache.fontdir))
			memcpy(cache.fontdir, fontdir, strlen(fontdir) + 1);
	}
	pthread_mutex_unlock(&cache.lock);
	return (bg);
}

/*
 * A copy of the palette image bg (gdImageDestroy() it). gdImageClone()
 * copies byte by byte and takes 1.8 ms for a page; a row at a time, 0.7.
 * The palette's entries are allocated in bg's order, so they keep their
 * indices: the quantizer leaves no unused entry among them.
 */
static gdImagePtr
bg_copy(gdImagePtr bg)
{
	gdImagePtr	 im;
	int		 i, y;

	if ((im = gdImageCreate(gdImageSX(bg), gdImageSY(bg))) == NULL)
		return (NULL);
	for (i = 0; i < gdImageColorsTotal(bg); i++) {
		if (gdImageColorAllocateAlpha(im, gdImageRed(bg, i),
		    gdImageGreen(bg, i), gdImageBlue(bg, i),
		    gdImageAlpha(bg, i)) != i) {
			gdImageDestroy(im);
			return (gdImageClone(bg));	/* not expected */
		}
	}
	for (y = 0; y < gdImageSY(bg); y++)
		memcpy(im->pixels[y], bg->pixels[y], (size_t)gdImageSX(bg));
	return (im);
}

/*
 * Draw face as its kind's template says. The caller's strings may be
 * anything (empty, NULL but for qr_text, very long, any script): lines
 * shrink to fit, characters the fonts cannot draw show as U+FFFD.
 */
int
cert_png(const struct cert_face *face, const char *fontdir, int scale,
    void **png, int *size, char *err, size_t errsz)
{
	struct pen		 p;
	const struct text	*e;
	gdImagePtr		 bg = NULL;
	int			 whole, k, ok = 1;

	*png = NULL;
	*size = 0;
	memset(&p, 0, sizeof(p));
	p.err = err;
	p.errsz = errsz;
	if (!loaded) {
		(void)snprintf(err, errsz, "certificate templates not loaded");
		return (0);
	}
	if (face == NULL || (unsigned)face->kind >= KIND__COUNT ||
	    (unsigned)face->lang >= CLANG__COUNT || (scale != 1 &&
	    scale != 2)) {
		(void)snprintf(err, errsz, "no such certificate kind, "
		    "language or scale");
		return (0);
	}
	/* gd reads ',' and ';' in a font name as a list of names. */
	if (strpbrk(fontdir, ",;") != NULL ||
	    (size_t)snprintf(p.kai, sizeof(p.kai), "%s/%s", fontdir,
	    FONT_KAI) >= sizeof(p.kai) ||
	    (size_t)snprintf(p.hei, sizeof(p.hei), "%s/%s", fontdir,
	    FONT_HEI) >= sizeof(p.hei)) {
		(void)snprintf(err, errsz, "%s: unusable font directory",
		    fontdir);
		return (0);
	}
	p.t = &tpls[face->kind];
	p.face = face;
	p.lang = face->lang;
	p.scale = scale;
	/* At scale 1 the certificate starts from its cached background. */
	whole = 1;
	if (scale == 1) {
		if ((bg = background_cached(&p, fontdir, &whole)) != NULL &&
		    (p.im = bg_copy(bg)) == NULL) {
			(void)snprintf(err, errsz, "out of memory");
			return (0);
		}
		if (bg == NULL && !whole)
			return (0);
	}
	if (whole && background(&p, 1) == NULL)
		return (0);
	clip(&p);
	/*
	 * The QR first: its black and white must get palette entries of
	 * their own before the lines' antialiasing shades fill the rest.
	 */
	ok = qr(&p);
	for (k = 0; ok && !whole && k < p.t->ntexts; k++) {
		e = &p.t->texts[k];
		if ((e->names & PH_DYNAMIC) && certimg_shown(p.face, e, 1))
			ok = element(&p, e);
	}
	if (ok && (*png = gdImagePngPtrEx(p.im, size, PNG_LEVEL)) == NULL) {
		(void)snprintf(err, errsz, "PNG encoding failed");
		ok = 0;
	}
	gdImageDestroy(p.im);
	return (ok);
}
