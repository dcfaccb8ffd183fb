/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * vc.c: a certificate as an Open Badges 3.0 OpenBadgeCredential (a W3C
 * Verifiable Credential 2.0), secured with a Data Integrity proof of the
 * eddsa-jcs-2022 cryptosuite ("Data Integrity EdDSA Cryptosuites v1.0",
 * W3C Recommendation 2025):
 *
 *	proofConfig = the proof without proofValue, with the document's
 *	              @context copied in
 *	hashData    = SHA-256(JCS(proofConfig)) || SHA-256(JCS(document))
 *	proofValue  = "z" base58btc(Ed25519(hashData))
 *
 * and beside it a second proof of the eddsa-rdfc-2022 cryptosuite, the
 * one digitalbazaar's verifiers and the wallets built on them check:
 * the same steps with RDFC-1.0 canonical N-Quads (rdfc.c) in place of
 * JCS. The two form a proof set: "proof" is an array, and each proof is
 * computed over the document without any proof (VC Data Integrity 1.0,
 * 4.1 Add Proof, proof sets).
 *
 * JCS (RFC 8785) is written here rather than taken from jansson's
 * JSON_SORT_KEYS: jansson sorts keys by UTF-8 bytes where JCS sorts by
 * UTF-16 code units (they differ for characters above U+FFFF against
 * those from U+E000), and escapes control characters as \u001F where
 * JCS wants \u001f. Numbers are the one part left out: our documents
 * hold only strings, integers and booleans, and an ECMAScript double
 * printer is not worth its risk, so a real number is refused.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "buf.h"
#include "identity.h"
#include "jsonw.h"
#include "rdfc.h"
#include "status.h"
#include "vc.h"

#define JCS_DEPTH	64
#define JCS_INT_MAX	9007199254740991LL	/* 2^53 - 1: doubles hold it */
#define PROOF_B58	(1 + 90)	/* "z" and 64 bytes in base58, NUL */

static const char *const vc_context[] = {
	"https://www.w3.org/ns/credentials/v2",
	"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
};

/* OB 3.0 AchievementType for each kind of certificate. */
static const char *const achievement_types[KIND__COUNT] = {
	[KIND_COURSE] = "CertificateOfCompletion",
	[KIND_LEVEL] = "Certification",
	[KIND_AWARD] = "Award",
	[KIND_TITLE] = "MasterCertificate",
	[KIND_GUIDE] = "Award",
};

/* What was done to earn it (OB 3.0 Criteria.narrative), both ways. */
static const char *const narratives[KIND__COUNT] = {
	[KIND_COURSE] = "完成课程学习并通过结业考核。"
	    "Completed the course and passed its final assessment.",
	[KIND_LEVEL] = NULL,	/* LEVEL_NARRATIVE, with the level */
	[KIND_AWARD] = "在竞赛评选中获奖。"
	    "Received an award in a competition.",
	[KIND_TITLE] = "经评选授予荣誉称号。"
	    "Conferred an honorary title after selection.",
	[KIND_GUIDE] = "经十大金牌导购大师诚信评选（专家评审、公众投票、"
	    "诚信记录）授予。Conferred by the Gold Sales Guide Master "
	    "integrity selection (expert panel, public vote, integrity "
	    "record).",
};

#define LEVEL_NARRATIVE	"通过职业技能等级评定，获%s级。" \
	"Passed the occupational skill-level assessment at level %d."

static const char *const level_zh[6] = {
	"", "一", "二", "三", "四", "五",
};

struct jcs_member {
	const char	*key;
	size_t		 len;
	json_t		*value;
};

static int	jcs_value(struct buf *, json_t *, int);

/*
 * The next UTF-16 code unit of the UTF-8 text at *p (n bytes left in
 * *n), or -1 at its end. *pending carries a surrogate pair's second
 * half. The text is valid UTF-8: jansson checks every string it makes.
 */
static long
utf16_next(const unsigned char **p, size_t *n, long *pending)
{
	unsigned int	 cp;
	size_t		 len;
	long		 u;

	if (*pending >= 0) {
		u = *pending;
		*pending = -1;
		return (u);
	}
	if (*n == 0)
		return (-1);
	/* The text is valid (jansson's check); a byte that is not is taken
	 * as it is rather than read past. */
	if ((len = utf8_seq((const char *)*p, *n, &cp)) == 0) {
		len = 1;
		cp = **p;
	}
	*p += len;
	*n -= len;
	if (cp < 0x10000)
		return ((long)cp);
	cp -= 0x10000;
	*pending = (long)(0xdc00 + (cp & 0x3ff));
	return ((long)(0xd800 + (cp >> 10)));
}

/* RFC 8785 3.2.3: members sorted by their names' UTF-16 code units. */
static int
jcs_member_cmp(const void *a, const void *b)
{
	const struct jcs_member	*ma = a, *mb = b;
	const unsigned char	*pa = (const unsigned char *)ma->key;
	const unsigned char	*pb = (const unsigned char *)mb->key;
	size_t			 na = ma->len, nb = mb->len;
	long			 ua, ub, qa = -1, qb = -1;

	for (;;) {
		ua = utf16_next(&pa, &na, &qa);
		ub = utf16_next(&pb, &nb, &qb);
		if (ua != ub)
			return (ua < ub ? -1 : 1);
		if (ua == -1)
			return (0);
	}
}

static int
jcs_object(struct buf *b, json_t *o, int depth)
{
	struct jcs_member	*m;
	void			*it;
	size_t			 n, i;
	int			 ok = 1;

	if ((n = json_object_size(o)) == 0) {
		buf_puts(b, "{}");
		return (1);
	}
	if ((m = calloc(n, sizeof(*m))) == NULL)
		return (0);
	for (i = 0, it = json_object_iter(o); it != NULL && i < n;
	    it = json_object_iter_next(o, it), i++) {
		m[i].key = json_object_iter_key(it);
		m[i].len = json_object_iter_key_len(it);
		m[i].value = json_object_iter_value(it);
	}
	qsort(m, n, sizeof(*m), jcs_member_cmp);
	buf_append(b, "{", 1);
	for (i = 0; i < n && ok; i++) {
		if (i > 0)
			buf_append(b, ",", 1);
		jsonw_stringn(b, m[i].key, m[i].len);
		buf_append(b, ":", 1);
		ok = jcs_value(b, m[i].value, depth + 1);
	}
	buf_append(b, "}", 1);
	free(m);
	return (ok);
}

static int
jcs_value(struct buf *b, json_t *v, int depth)
{
	json_int_t	 i;
	size_t		 k;

	if (depth > JCS_DEPTH)
		return (0);
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return (jcs_object(b, v, depth));
	case JSON_ARRAY:
		buf_append(b, "[", 1);
		for (k = 0; k < json_array_size(v); k++) {
			if (k > 0)
				buf_append(b, ",", 1);
			if (!jcs_value(b, json_array_get(v, k), depth + 1))
				return (0);
		}
		buf_append(b, "]", 1);
		return (1);
	case JSON_STRING:
		jsonw_stringn(b, json_string_value(v), json_string_length(v));
		return (1);
	case JSON_INTEGER:
		/* Beyond 2^53 ECMAScript would round or write 1e+21. */
		i = json_integer_value(v);
		if (i > JCS_INT_MAX || i < -JCS_INT_MAX)
			return (0);
		buf_printf(b, "%" JSON_INTEGER_FORMAT, i);
		return (1);
	case JSON_TRUE:
		buf_puts(b, "true");
		return (1);
	case JSON_FALSE:
		buf_puts(b, "false");
		return (1);
	case JSON_NULL:
		buf_puts(b, "null");
		return (1);
	default:
		return (0);	/* a real number */
	}
}

char *
vc_jcs(json_t *v, size_t *len)
{
	struct buf	 b;

	if (v == NULL)
		return (NULL);
	buf_init(&b, 1024);
	if (!jcs_value(&b, v, 0)) {
		buf_free(&b);
		return (NULL);
	}
	if (len != NULL)
		*len = b.len;
	return (buf_release(&b));
}

/* SHA-256 of v's JCS form into h; 0 when v has no JCS form here. */
static int
jcs_sha256(json_t *v, unsigned char h[crypto_hash_sha256_BYTES])
{
	char	*c;
	size_t	 n;

	if ((c = vc_jcs(v, &n)) == NULL)
		return (0);
	crypto_hash_sha256(h, (const unsigned char *)c, n);
	free(c);
	return (1);
}

static int
two_digits(const char *s, int max)
{
	return (s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' &&
	    (s[0] - '0') * 10 + (s[1] - '0') <= max);
}

/*
 * 1 when s is an XML Schema dateTime with its zone, as VC 2.0 wants:
 * YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm); utc_only wants plain Z.
 */
static int
datetime_valid(const char *s, int utc_only)
{
	char		 date[11];
	const char	*p;

	if (s == NULL || strlen(s) < 20 || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':')
		return (0);
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!claims_date_valid(date) || !two_digits(s + 11, 23) ||
	    !two_digits(s + 14, 59) || !two_digits(s + 17, 59))
		return (0);
	p = s + 19;
	if (*p == 'Z' && p[1] == '\0')
		return (1);
	if (utc_only)
		return (0);
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return (0);
		for (p++; *p >= '0' && *p <= '9'; p++)
			continue;
	}
	if (*p == 'Z')
		return (p[1] == '\0');
	return ((*p == '+' || *p == '-') && two_digits(p + 1, 14) &&
	    p[3] == ':' && two_digits(p + 4, 59) && p[6] == '\0');
}

/*
 * The verificationMethod that names pk: did#kid under a did:web did,
 * did:key:z6Mk…#z6Mk… when did is NULL or "".
 */
static void
verification_method(const unsigned char pk[32], const char *did, char *out,
    size_t outsz)
{
	struct signer	 k;

	memset(&k, 0, sizeof(k));
	memcpy(k.pub.pk, pk, 32);
	sign_kid(pk, k.pub.kid);
	if (did != NULL)
		(void)snprintf(k.did, sizeof(k.did), "%s", did);
	sign_vm(&k, out, outsz);
}

static int
string_is(json_t *o, const char *key, const char *want)
{
	const char	*s;

	return ((s = json_string_value(json_object_get(o, key))) != NULL &&
	    strcmp(s, want) == 0);
}

/* SHA-256 of v's RDFC-1.0 canonical N-Quads into h; 0 when rdfc.c
 * cannot canonicalise v. */
static int
rdfc_sha256(json_t *v, unsigned char h[crypto_hash_sha256_BYTES])
{
	char	*c;
	size_t	 n;

	if ((c = rdfc_canonical(v, &n)) == NULL)
		return (0);
	crypto_hash_sha256(h, (const unsigned char *)c, n);
	free(c);
	return (1);
}

static const char *const suite_names[VC_SUITE__COUNT] = {
	[VC_EDDSA_JCS_2022] = "eddsa-jcs-2022",
	[VC_EDDSA_RDFC_2022] = "eddsa-rdfc-2022",
};

/* The cryptosuite a proof (configuration) names; 0 when none of ours. */
static int
suite_of(json_t *proof, enum vc_suite *suite)
{
	int	 i;

	for (i = 0; i < VC_SUITE__COUNT; i++)
		if (string_is(proof, "cryptosuite", suite_names[i])) {
			*suite = (enum vc_suite)i;
			return (1);
		}
	return (0);
}

/*
 * The spec's hashing step: SHA-256 of the proof configuration's
 * canonical form, then SHA-256 of the unsecured document's, 64 bytes
 * together; canonical is JCS or RDFC-1.0 as the cryptosuite says.
 */
static int
hash_data(json_t *unsecured, json_t *config, unsigned char h[64])
{
	enum vc_suite	 suite;

	if (!string_is(config, "type", "DataIntegrityProof") ||
	    !suite_of(config, &suite) ||
	    !datetime_valid(json_string_value(json_object_get(config,
	    "created")), 0))
		return (0);
	if (suite == VC_EDDSA_RDFC_2022)
		return (rdfc_sha256(config, h) &&
		    rdfc_sha256(unsecured, h + 32));
	return (jcs_sha256(config, h) && jcs_sha256(unsecured, h + 32));
}

/*
 * A proof of suite made with s at created (RFC 3339, UTC) over doc
 * without its proof; a new object, or NULL.
 */
static json_t *
proof_make(json_t *doc, enum vc_suite suite, const struct signer *s,
    const char *created)
{
	unsigned char	 h[64], sig[crypto_sign_BYTES];
	char		 vm[SIGN_VM_LEN + 1], pv[PROOF_B58];
	json_t		*proof, *ctx, *unsecured;
	int		 ok;

	if (!datetime_valid(created, 1) || (unsecured = json_copy(doc)) ==
	    NULL)
		return (NULL);
	(void)json_object_del(unsecured, "proof");
	sign_vm(s, vm, sizeof(vm));
	if ((proof = json_pack("{s:s, s:s, s:s, s:s, s:s}",
	    "type", "DataIntegrityProof", "cryptosuite", suite_names[suite],
	    "created", created, "verificationMethod", vm,
	    "proofPurpose", "assertionMethod")) == NULL)
		goto fail;
	/* The spec's step 2: the proof is bound to the document's context. */
	if ((ctx = json_object_get(doc, "@context")) != NULL &&
	    json_object_set_new(proof, "@context", json_deep_copy(ctx)) != 0)
		goto fail;
	ok = hash_data(unsecured, proof, h);
	/* The proof carries no @context of its own: the document's
	 * applies (both verifiers put it back before hashing). */
	if (suite == VC_EDDSA_RDFC_2022)
		(void)json_object_del(proof, "@context");
	if (!ok || !sign_detached(s, h, sizeof(h), sig))
		goto fail;
	pv[0] = 'z';
	if (!sign_b58_encode(sig, sizeof(sig), pv + 1, sizeof(pv) - 1) ||
	    json_object_set_new(proof, "proofValue", json_string(pv)) != 0)
		goto fail;
	json_decref(unsecured);
	return (proof);
fail:
	json_decref(proof);
	json_decref(unsecured);
	return (NULL);
}

/*
 * Add an eddsa-jcs-2022 proof made with s at created (RFC 3339, UTC) to
 * the unsecured document doc. 0, doc unchanged, when doc already has a
 * proof or holds what JCS cannot express.
 */
int
vc_prove(json_t *doc, const struct signer *s, const char *created)
{
	json_t	*proof;

	if (!json_is_object(doc) || json_object_get(doc, "proof") != NULL ||
	    (proof = proof_make(doc, VC_EDDSA_JCS_2022, s, created)) == NULL)
		return (0);
	/* set_new takes proof over even when it fails. */
	return (json_object_set_new(doc, "proof", proof) == 0);
}

int
vc_prove_set(json_t *doc, enum vc_suite suite, const struct signer *s,
    const char *created)
{
	json_t	*proof, *old, *set;

	if (!json_is_object(doc) || (int)suite < 0 ||
	    suite >= VC_SUITE__COUNT)
		return (0);
	old = json_object_get(doc, "proof");
	if ((old != NULL && !json_is_object(old) && !json_is_array(old)) ||
	    (proof = proof_make(doc, suite, s, created)) == NULL)
		return (0);
	if (old == NULL)
		return (json_object_set_new(doc, "proof", proof) == 0);
	if (json_is_array(old))
		return (json_array_append_new(old, proof) == 0);
	if ((set = json_pack("[O]", old)) == NULL ||
	    json_array_append_new(set, proof) != 0) {
		json_decref(set);
		return (0);
	}
	return (json_object_set_new(doc, "proof", set) == 0);
}

/*
 * The verifier's side of the spec for one proof over unsecured. One
 * deliberate narrowing: where the proof carries an @context, the
 * document's must be exactly it, not merely start with it as the spec
 * allows, so nothing can be added to a credential we signed.
 */
static int
proof_verify(json_t *unsecured, json_t *proof, const unsigned char pk[32],
    const char *did)
{
	unsigned char	 h[64], sig[crypto_sign_BYTES];
	char		 vm[SIGN_VM_LEN + 1];
	const char	*pv;
	json_t		*config, *ctx;
	size_t		 n;
	int		 ok = 0;

	if (!json_is_object(proof) ||
	    (pv = json_string_value(json_object_get(proof, "proofValue"))) ==
	    NULL || pv[0] != 'z' ||
	    !sign_b58_decode(pv + 1, sig, sizeof(sig), &n) || n != sizeof(sig))
		return (0);
	verification_method(pk, did, vm, sizeof(vm));
	if (!string_is(proof, "verificationMethod", vm) ||
	    !string_is(proof, "proofPurpose", "assertionMethod"))
		return (0);
	if ((config = json_deep_copy(proof)) == NULL ||
	    json_object_del(config, "proofValue") != 0)
		goto out;
	/* Our eddsa-jcs-2022 proofs carry the @context they were made
	 * with; eddsa-rdfc-2022 ones, as digitalbazaar's, take the
	 * document's. */
	ctx = json_object_get(unsecured, "@context");
	if (json_object_get(config, "@context") != NULL) {
		if (!json_equal(json_object_get(config, "@context"), ctx))
			goto out;
	} else if (ctx != NULL && string_is(config, "cryptosuite",
	    suite_names[VC_EDDSA_RDFC_2022]) && json_object_set_new(config,
	    "@context", json_deep_copy(ctx)) != 0)
		goto out;
	if (hash_data(unsecured, config, h))
		ok = crypto_sign_verify_detached(sig, h, sizeof(h), pk) == 0;
out:
	json_decref(config);
	return (ok);
}

/*
 * A proof set is checked whole: every proof in it must be one of our
 * cryptosuites and verify over the document without any proof, so a
 * proof added by someone else, or one that fails, fails the document.
 */
int
vc_verify(json_t *doc, const unsigned char pk[32], const char *did)
{
	json_t	*proof, *unsecured, *p;
	size_t	 i;
	int	 ok;

	if (!json_is_object(doc) || (proof = json_object_get(doc,
	    "proof")) == NULL || (json_is_array(proof) &&
	    json_array_size(proof) == 0) ||
	    (unsecured = json_copy(doc)) == NULL)
		return (0);
	(void)json_object_del(unsecured, "proof");
	if (!json_is_array(proof))
		ok = proof_verify(unsecured, proof, pk, did);
	else {
		ok = 1;
		json_array_foreach(proof, i, p)
			if (!proof_verify(unsecured, p, pk, did))
				ok = 0;
	}
	json_decref(unsecured);
	return (ok);
}

static json_t *
context_array(void)
{
	json_t	*a;
	size_t	 i;

	if ((a = json_array()) == NULL)
		return (NULL);
	for (i = 0; i < sizeof(vc_context) / sizeof(vc_context[0]); i++)
		json_array_append_new(a, json_string(vc_context[i]));
	return (a);
}

static int
text_valid(const char *s)
{
	size_t	 n;

	/* As the QR's claims (sign.c): what was signed before the format
	 * characters rule still exports. */
	return (s != NULL && s[0] != '\0' && strlen(s) < CLAIM_TEXT &&
	    utf8_clean(s, &n));
}

/*
 * The issuer, an OB 3.0 Profile: the station's did:web (whose document
 * lists every key it signed with), or the key's did:key without one.
 */
static json_t *
issuer_profile(const struct vc_input *in, const struct signer *s)
{
	char	 did[SIGN_DID_WEB_LEN + 1];
	json_t	*p;

	if (s->did[0] != '\0')
		(void)snprintf(did, sizeof(did), "%s", s->did);
	else
		sign_did_key(s->pub.pk, did, sizeof(did));
	if ((p = json_pack("{s:s, s:[s], s:s}", "id", did, "type", "Profile",
	    "name", in->issuer_zh)) == NULL)
		return (NULL);
	if (in->issuer_en != NULL && in->issuer_en[0] != '\0')
		json_object_set_new(p, "description",
		    json_string(in->issuer_en));
	return (p);
}

/*
 * Who earned what: an OB 3.0 AchievementSubject. The holder has no
 * identifier a wallet could check (no DID, no email is published), so
 * they are named by an IdentityObject of type "name", unhashed, which is
 * what the printed certificate shows anyway; the serial goes in
 * licenseNumber.
 */
static json_t *
subject(const struct vc_input *in, enum cert_kind k, const char *id)
{
	const struct claims	*c = in->claims;
	struct buf		 narrative, aid;
	const char		*desc;
	json_t			*j;

	desc = in->title_en != NULL && in->title_en[0] != '\0' ?
	    in->title_en : in->title_zh;
	buf_init(&narrative, 256);
	if (k == KIND_LEVEL)
		buf_printf(&narrative, LEVEL_NARRATIVE, level_zh[c->level],
		    c->level);
	else
		buf_puts(&narrative, narratives[k]);
	buf_init(&aid, 128);
	buf_printf(&aid, "%s#achievement", id);
	j = json_pack("{s:[s], s:[{s:s, s:s, s:s, s:b}], s:s, "
	    "s:{s:s, s:[s], s:s, s:s, s:s, s:{s:s}}}",
	    "type", "AchievementSubject",
	    "identifier", "type", "IdentityObject", "identityHash", c->holder,
	    "identityType", "name", "hashed", 0,
	    "licenseNumber", c->serial,
	    "achievement", "id", aid.data, "type", "Achievement",
	    "achievementType", achievement_types[k], "name", in->title_zh,
	    "description", desc, "criteria", "narrative", narrative.data);
	buf_free(&narrative);
	buf_free(&aid);
	return (j);
}

json_t *
vc_credential(const struct vc_input *in, const struct signer *s)
{
	const struct claims	*c;
	enum cert_kind		 k;
	struct buf		 id, from, until;
	json_t			*doc;

	if (in == NULL || (c = in->claims) == NULL || !claims_valid(c) ||
	    !cert_kind_parse(c->kind, &k) || !text_valid(in->title_zh) ||
	    (in->title_en != NULL && in->title_en[0] != '\0' &&
	    !text_valid(in->title_en)) || !text_valid(in->issuer_zh) ||
	    (in->issuer_en != NULL && in->issuer_en[0] != '\0' &&
	    !text_valid(in->issuer_en)) || !datetime_valid(in->created, 1))
		return (NULL);
	buf_init(&id, 128);
	buf_printf(&id, "%s/v/%s", c->origin, c->code);
	/* Dates are the station's, in China time (UTC+8, no summer time). */
	buf_init(&from, 32);
	buf_printf(&from, "%sT00:00:00+08:00", c->issued);
	buf_init(&until, 32);
	if (c->expires[0] != '\0')
		buf_printf(&until, "%sT23:59:59+08:00", c->expires);
	doc = json_pack("{s:o, s:s, s:[s,s], s:o, s:s}",
	    "@context", context_array(), "id", id.data,
	    "type", "VerifiableCredential", "OpenBadgeCredential",
	    "issuer", issuer_profile(in, s), "validFrom", from.data);
	if (doc != NULL && (until.len > 0 && json_object_set_new(doc,
	    "validUntil", json_string(until.data)) != 0))
		goto fail;
	if (doc == NULL ||
	    json_object_set_new(doc, "name", json_string(in->title_zh)) != 0 ||
	    json_object_set_new(doc, "credentialSubject",
	    subject(in, k, id.data)) != 0)
		goto fail;
	/* W3C Bitstring Status List entries: revocation and suspension. */
	if (in->status_origin != NULL && json_object_set_new(doc,
	    "credentialStatus", status_entries(in->status_origin,
	    in->status_index)) != 0)
		goto fail;
	if (!vc_prove_set(doc, VC_EDDSA_JCS_2022, s, in->created) ||
	    !vc_prove_set(doc, VC_EDDSA_RDFC_2022, s, in->created))
		goto fail;
	buf_free(&id);
	buf_free(&from);
	buf_free(&until);
	return (doc);
fail:
	json_decref(doc);
	buf_free(&id);
	buf_free(&from);
	buf_free(&until);
	return (NULL);
}
