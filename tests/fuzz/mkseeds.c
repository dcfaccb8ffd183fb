/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * mkseeds.c: writes the seeds that need the core to be made (a signed
 * QR text and credential under the harnesses' fixed key, serials, codes,
 * a status list) into the corpus directories under DIR. Run once by hand
 * (make fuzz-seeds); its output is committed.
 */
#include <sodium.h>
#include <stdio.h>

#include "fuzz.h"
#include "serial.h"
#include "sign.h"
#include "status.h"
#include "vc.h"

static void
put(const char *dir, const char *name, const void *p, size_t n)
{
	char	 path[512];
	FILE	*f;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL || fwrite(p, 1, n, f) != n ||
	    fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

int	main(int, char **);

int
main(int argc, char **argv)
{
	static unsigned char	 bits[STATUS_BYTES];
	unsigned char		 seed[32];
	struct signer		 key;
	struct claims		 c;
	struct vc_input		 in;
	json_t			*doc;
	char			 dir[256], text[QR_TEXT_MAX], *s;

	if (argc != 2 || sodium_init() < 0)
		return (1);
	memset(seed, FUZZ_SEED, sizeof(seed));
	sign_key_seed(seed, &key);
	memset(&c, 0, sizeof(c));
	(void)snprintf(c.origin, sizeof(c.origin), "https://yj.example.cn");
	(void)snprintf(c.code, sizeof(c.code), "7k2m9x4q0a8r5t3v");
	(void)serial_make(c.serial, 2026, 3, 17);
	(void)snprintf(c.holder, sizeof(c.holder), "陈玉明");
	(void)snprintf(c.kind, sizeof(c.kind), "level");
	(void)snprintf(c.title, sizeof(c.title), "玉雕工（三级/高级工）");
	c.level = 3;
	(void)snprintf(c.issued, sizeof(c.issued), "2026-01-05");
	(void)snprintf(c.expires, sizeof(c.expires), "2029-01-05");
	if (!claims_seal(&c, &key, text, sizeof(text)))
		return (1);
	(void)snprintf(dir, sizeof(dir), "%s/claims", argv[1]);
	put(dir, "level3", text, strlen(text));
	put(dir, "did_key", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", 56);
	c.level = 0;
	c.expires[0] = '\0';
	(void)snprintf(c.kind, sizeof(c.kind), "course");
	if (!claims_seal(&c, &key, text, sizeof(text)))
		return (1);
	put(dir, "course", text, strlen(text));

	(void)snprintf(dir, sizeof(dir), "%s/codes", argv[1]);
	put(dir, "serial", c.serial, strlen(c.serial));
	put(dir, "code", c.code, strlen(c.code));

	(void)snprintf(dir, sizeof(dir), "%s/status", argv[1]);
	status_bit_set(bits, 7);
	status_bit_set(bits, STATUS_ENTRIES - 1);
	if ((s = status_encode(bits, sizeof(bits))) == NULL)
		return (1);
	put(dir, "two_bits", s, strlen(s));
	free(s);
	put(dir, "purpose", "revocation", 10);

	memset(&in, 0, sizeof(in));
	in.claims = &c;
	in.title_zh = "结业";
	in.title_en = "Course completed";
	in.issuer_zh = "玉雕培训站";
	in.issuer_en = "Jade carving station";
	in.created = "2026-01-05T02:30:00Z";
	in.status_origin = "https://yj.example.cn";
	in.status_index = 7;
	if ((doc = vc_credential(&in, &key)) == NULL ||
	    (s = json_dumps(doc, JSON_COMPACT)) == NULL)
		return (1);
	(void)snprintf(dir, sizeof(dir), "%s/rdfc", argv[1]);
	put(dir, "credential", s, strlen(s));
	free(s);
	/* Without its proofs: what rdfc_canonical() is given to sign. */
	json_object_del(doc, "proof");
	s = json_dumps(doc, JSON_COMPACT);
	put(dir, "unsecured", s, strlen(s));
	free(s);
	json_decref(doc);
	return (0);
}
