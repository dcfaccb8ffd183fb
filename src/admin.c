/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * admin.c: yujiang-admin, the station's command-line tool. It links the
 * same core and db.c as the server, without Kore, and works on the data
 * directory directly (SQLite's locking makes that safe while the server
 * runs).
 *
 *	yujiang-admin [-d DATA] init		create/migrate; demo data if new
 *	yujiang-admin [-d DATA] migrate
 *	yujiang-admin [-d DATA] courses sync [DIR]	load courses/ (or DIR)
 *	yujiang-admin [-d DATA] demo		add the demo people and runs
 *	yujiang-admin [-d DATA] user add --name N --account A --role R
 *	    [--track T] [--password-stdin]
 *	yujiang-admin [-d DATA] backup FILE	checked copy, server running
 *	yujiang-admin [-d DATA] keys		the signing keys and their states
 *	yujiang-admin [-d DATA] keys rotate	a new key signs from now on
 *	yujiang-admin [-d DATA] verify [--key KEY] TEXT	check a QR's text
 *	yujiang-admin [-d DATA] audit verify [--key KEY]...
 *	    check the score log's chain (and, with the key, its signed heads)
 *	yujiang-admin [-d DATA] status export DIR	the signed status lists
 *	    as DIR/status/revocation and DIR/status/suspension, for nginx
 *	yujiang-admin [-d DATA] migrate-to postgresql://...	copy the
 *	    database into an empty PostgreSQL database and verify the copy
 *	yujiang-admin [-d DATA] migrate-check postgresql://...	verify again
 *	yujiang-admin bench-data DIR [PEOPLE]	a new data directory at town
 *	    scale for make bench: the demo, then 100,000 people (or PEOPLE,
 *	    the rest in proportion) with their certificates (dbbench.h)
 *
 * keys and verify need no database; verify --key needs only the public
 * key, so it runs on any machine, offline.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "catalogue.h"
#include "certfile.h"
#include "db.h"
#include "db_migrate.h"
#include "dbbench.h"
#include "demo.h"
#include "identity.h"
#include "keyring.h"
#include "secret.h"
#include "sign.h"

#define ACCOUNTS_FILE	"demo-accounts.txt"

static const char	*data = "var";

static void	usage(void) __attribute__((noreturn));
static int	open_store(void);
static int	cmd_init(void);
static int	cmd_demo(void);
static int	demo_certificates(int (*)(const char *, struct cert_issuer *));
static int	cmd_user_add(int, char **);
static int	cmd_backup(int, char **);
static int	cmd_courses_sync(const char *);
static int	cmd_keys(void);
static int	cmd_keys_rotate(void);
static int	cmd_verify(int, char **);
static int	cmd_audit_verify(int, char **);
static int	cmd_purge_unverified(int, char **);
static int	cmd_status_export(const char *);
static int	cmd_bench_data(int);
static int	cmd_migrate_to(const char *, int);
static void	print_accounts(void);

static void
usage(void)
{
	fprintf(stderr,
	    "usage: yujiang-admin [-d DATA] init | migrate | demo\n"
	    "       yujiang-admin [-d DATA] user add --name NAME "
	    "--account PHONE|EMAIL\n"
	    "           --role master|staff|apprentice [--track carver|designer]"
	    " [--password-stdin]\n"
	    "       yujiang-admin [-d DATA] courses sync [DIR]\n"
	    "       yujiang-admin [-d DATA] backup FILE\n"
	    "       yujiang-admin [-d DATA] keys [rotate]\n"
	    "       yujiang-admin [-d DATA] verify [--key did:key:z6Mk...|"
	    "BASE64URL|FILE|did.json] 'SCANNED TEXT'\n"
	    "       yujiang-admin [-d DATA] audit verify [--key KEY]...\n"
	    "       yujiang-admin [-d DATA] purge-unverified [--days N]\n"
	    "       yujiang-admin [-d DATA] status export DIR\n"
	    "       yujiang-admin [-d DATA] migrate-to|migrate-check "
	    "postgresql://USER@HOST:PORT/DB\n"
	    "       yujiang-admin bench-data DIR [PEOPLE]\n");
	exit(2);
}

/* Create the data directory if needed, open and migrate the database. */
static int
open_store(void)
{
	char	 path[4096];
	int	 n;

	if (mkdir(data, 0700) == -1 && errno != EEXIST) {
		fprintf(stderr, "%s: %s\n", data, strerror(errno));
		return (0);
	}
	(void)snprintf(path, sizeof(path), "%s/%s", data, DB_FILE);
	if (!db_open(path) || !db_migrate()) {
		fprintf(stderr, "%s: cannot open or migrate\n", path);
		return (0);
	}
	if (!db_prepare()) {
		fprintf(stderr, "statement does not prepare: %s\n",
		    db_prepare_failed());
		return (0);
	}
	/* Certificates issued before the status lists: their positions. */
	if (db_status_backfill(&n) != DB_OK) {
		fprintf(stderr, "%s: cannot place certificates in the status "
		    "lists\n", path);
		return (0);
	}
	return (1);
}

static void
print_accounts(void)
{
	char	 path[4096], line[512];
	FILE	*f;

	(void)snprintf(path, sizeof(path), "%s/%s", data, ACCOUNTS_FILE);
	if ((f = fopen(path, "r")) == NULL)
		return;
	printf("Demo accounts (role, login, password, name), from %s:\n",
	    path);
	while (fgets(line, sizeof(line), f) != NULL)
		printf("  %s", line);
	fclose(f);
}

static int
cmd_demo(void)
{
	char	 path[4096];
	int	 n;

	(void)snprintf(path, sizeof(path), "%s/%s", data, ACCOUNTS_FILE);
	if ((n = demo_load(path)) < 0) {
		fprintf(stderr, "demo data could not be loaded\n");
		return (1);
	}
	printf("%d demo people added\n", n);
	if ((n = demo_runs()) < 0) {
		fprintf(stderr, "demo runs could not be scheduled\n");
		return (1);
	}
	printf("%d course runs scheduled\n", n);
	if (!demo_training()) {
		fprintf(stderr, "demo lineage could not be made\n");
		return (1);
	}
	if ((n = demo_certificates(demo_certs)) < 0) {
		fprintf(stderr, "demo certificates could not be issued\n");
		return (1);
	}
	printf("%d certificates issued\n", n);
	if (!demo_incubation(data)) {
		fprintf(stderr, "demo incubation could not be made\n");
		return (1);
	}
	if (!demo_heritage(data)) {
		fprintf(stderr, "demo heritage records could not be made\n");
		return (1);
	}
	if ((n = demo_certificates(demo_competitions)) < 0) {
		fprintf(stderr, "demo competitions could not be made\n");
		return (1);
	}
	printf("%d award and title certificates issued\n", n);
	if (!demo_jobs()) {
		fprintf(stderr, "demo employers and openings could not be "
		    "made\n");
		return (1);
	}
	if ((n = demo_certificates(demo_guides)) < 0) {
		fprintf(stderr, "demo guide selection could not be made\n");
		return (1);
	}
	printf("%d 金牌导购大师 certificates issued\n", n);
	return (0);
}

/* The demo's signer while it issues, for the status lists (db.h). */
static const struct signer	*demo_signer;

static const struct signer *
demo_signer_get(void)
{
	return (demo_signer);
}

/*
 * Run a demo step that issues certificates (demo_certs, demo_competitions)
 * with the data directory's key (made here on a first run, as the server
 * would make it); they are drawn into it.
 */
static int
demo_certificates(int (*step)(const char *, struct cert_issuer *))
{
	static struct signer	 secrets[KEYRING_MAX];
	static struct keyring	 ring;
	struct cert_issuer	 is;
	struct signer		*s;
	char			 path[4096], err[512], today[11];
	char			 origin[ORIGIN_MAX];
	unsigned char		 rk[32];
	int			 k, n;

	if (!certimg_load("certs", err, sizeof(err))) {
		fprintf(stderr, "certs/: %s\n", err);
		return (-1);
	}
	if (!certfile_origin(origin, sizeof(origin))) {
		fprintf(stderr, "YUJIANG_PUBLIC_URL must start with https:// "
		    "or http://\n");
		return (-1);
	}
	(void)snprintf(path, sizeof(path), "%s/" KEYS_DIR, data);
	if (!keyring_load(path, 1, &ring, secrets, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return (-1);
	}
	s = &secrets[ring.active];
	(void)sign_did_web(origin, s->did, sizeof(s->did));
	/* Demo people are identity-checked with the station's secret. */
	(void)snprintf(path, sizeof(path), "%s/%s", data, REALNAME_KEY_FILE);
	if (!sign_secret_open(path, 1, rk, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		sodium_memzero(secrets, sizeof(secrets));
		return (-1);
	}
	realname_key_set(rk);
	sodium_memzero(rk, sizeof(rk));
	if (!data_dirs(data, err, sizeof(err)) ||
	    !certfile_fonts(data, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		sodium_memzero(secrets, sizeof(secrets));
		return (-1);
	}
	memset(&is, 0, sizeof(is));
	is.signer = s;
	is.origin = origin;
	is.now = (int64_t)time(NULL);
	seat_today((time_t)is.now, today);
	is.today = today;
	for (k = 0; k < KIND__COUNT; k++)
		is.valid_years[k] = certtpl_valid_years((enum cert_kind)k);
	/* A revocation among them re-signs the status lists with it; the
	 * demo's locks and publications sign their log heads. */
	demo_signer = s;
	db_status_signer(demo_signer_get, origin);
	db_score_log_signer(demo_signer_get);
	n = step(data, &is);
	db_status_signer(NULL, NULL);
	db_score_log_signer(NULL);
	demo_signer = NULL;
	sodium_memzero(secrets, sizeof(secrets));
	return (n);
}

/* Report a refused course file as DIR/FILE:LINE: reason (arg is DIR). */
static void
sync_report(const char *file, int line, const char *msg, void *arg)
{
	const char	*dir = arg;

	if (line > 0)
		fprintf(stderr, "%s/%s:%d: %s\n", dir, file, line, msg);
	else
		fprintf(stderr, "%s/%s: %s\n", dir, file, msg);
}

/* Load the catalogue; exit status 1 when any file was refused. */
static int
cmd_courses_sync(const char *dir)
{
	int	 bad, loaded;

	if ((bad = catalogue_sync(dir, sync_report, (void *)(uintptr_t)dir,
	    &loaded)) < 0) {
		fprintf(stderr, "%s: cannot load the catalogue\n", dir);
		return (1);
	}
	printf("%d courses loaded from %s, %d files refused\n", loaded, dir,
	    bad);
	return (bad > 0);
}

/* `make run`: a new database gets the demo data; always show the logins. */
static int
cmd_init(void)
{
	int64_t	 n;
	int	 rc = 0;

	(void)cmd_courses_sync("courses");
	if (db_user_count(&n) != DB_OK)
		return (1);
	if (n == 0)
		rc = cmd_demo();
	printf("data directory %s, database schema %d\n", data,
	    db_schema_version());
	print_accounts();
	return (rc);
}

static int
cmd_user_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "account", required_argument, NULL, 'a' },
		{ "role", required_argument, NULL, 'r' },
		{ "track", required_argument, NULL, 't' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct user_new	 u;
	char		 name[NAME_MAX_CHARS * 4 + 1], account[ACCOUNT_MAX + 1];
	char		 pw[PASSWORD_MAX_CHARS * 4 + 2], hash[PWHASH_LEN];
	const char	*rname = NULL, *raccount = NULL, *rrole = NULL;
	const char	*rtrack = NULL;
	int		 c, from_stdin = 0, generated = 0;
	int64_t		 id;
	enum db_result	 r;
	size_t		 len;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			rname = optarg;
			break;
		case 'a':
			raccount = optarg;
			break;
		case 'r':
			rrole = optarg;
			break;
		case 't':
			rtrack = optarg;
			break;
		case 'p':
			from_stdin = 1;
			break;
		default:
			usage();
		}
	}
	memset(&u, 0, sizeof(u));
	if (!identity_name(rname, name, sizeof(name))) {
		fprintf(stderr, "--name: 1 to %d characters\n", NAME_MAX_CHARS);
		return (2);
	}
	if (!identity_account(raccount, account, sizeof(account))) {
		fprintf(stderr, "--account: a mobile number or email\n");
		return (2);
	}
	if (!role_parse(rrole, &u.role) || u.role == ROLE_EMPLOYER) {
		fprintf(stderr, "--role: apprentice, master or staff\n");
		return (2);
	}
	u.track = TRACK_NONE;
	if ((u.role != ROLE_STAFF || rtrack != NULL) &&
	    !track_parse(rtrack, &u.track)) {
		fprintf(stderr, "--track: carver or designer\n");
		return (2);
	}
	if (from_stdin) {
		if (fgets(pw, sizeof(pw), stdin) == NULL) {
			fprintf(stderr, "no password on standard input\n");
			return (2);
		}
		len = strcspn(pw, "\r\n");
		pw[len] = '\0';
		if (!identity_password(pw)) {
			fprintf(stderr, "password: %d to %d characters\n",
			    PASSWORD_MIN_CHARS, PASSWORD_MAX_CHARS);
			return (2);
		}
	} else {
		secret_password_new(pw, 13);
		generated = 1;
	}
	if (!secret_password_hash(pw, hash)) {
		fprintf(stderr, "out of memory hashing the password\n");
		return (1);
	}
	u.name = name;
	u.account = account;
	u.pwhash = hash;
	r = db_user_create(&u, &id);
	if (r == DB_CONFLICT) {
		fprintf(stderr, "%s is already registered\n", account);
		return (1);
	}
	if (r != DB_OK)
		return (1);
	printf("created %s %lld %s\n", role_code(u.role), (long long)id,
	    account);
	if (generated)
		printf("password: %s\n", pw);
	secret_wipe(pw, sizeof(pw));
	return (0);
}

/*
 * A checked copy of the database while the server runs (db_backup):
 * says what it copied and how long it took, or why there is no copy
 * (exit 1, nothing left behind).
 */
static int
cmd_backup(int argc, char **argv)
{
	struct db_backup_facts	 f;
	struct timespec		 t0, t1;
	char			 err[1024];

	if (argc != 2)
		usage();
	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!db_backup(argv[1], &f, err, sizeof(err))) {
		fprintf(stderr, "backup failed, no copy made: %s\n", err);
		return (1);
	}
	(void)clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("backed up to %s: %lld bytes, schema %d, %d tables, %lld rows,"
	    " integrity ok, %.1f s\n", argv[1], (long long)f.bytes, f.schema,
	    f.tables, (long long)f.rows, (double)(t1.tv_sec - t0.tv_sec) +
	    (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return (0);
}

/*
 * The station's public keys from DATA/keys/, never created here: a key
 * made by the admin tool would not be one the server signs with.
 * Reading needs the (private) key files; only the public halves stay.
 */
static int
station_keys(struct keyring *r)
{
	char	 path[4096], err[512];

	(void)snprintf(path, sizeof(path), "%s/" KEYS_DIR, data);
	if (!keyring_load(path, 0, r, NULL, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return (0);
	}
	return (1);
}

static void
key_print(const struct keyring_key *k)
{
	char	 b64[64], did[SIGN_DID_LEN + 1];

	sodium_bin2base64(b64, sizeof(b64), k->pub.pk, sizeof(k->pub.pk),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sign_did_key(k->pub.pk, did, sizeof(did));
	printf("kid      %s\n", k->pub.kid);
	printf("state    %s\n", k->retired[0] != '\0' ? "retired" : "active");
	printf("created  %s\n", k->created);
	if (k->retired[0] != '\0')
		printf("retired  %s\n", k->retired);
	printf("public   %s\n", b64);
	printf("did:key  %s\n", did);
}

/* Print every key, the active one first, then the retired ones newest
 * first, as the server lists them at /api/v1/keys. */
static int
cmd_keys(void)
{
	static struct keyring	 r;
	size_t			 i;

	if (!station_keys(&r))
		return (1);
	key_print(&r.key[r.active]);
	for (i = r.n; i > 0; i--) {
		if (i - 1 == r.active)
			continue;
		printf("\n");
		key_print(&r.key[i - 1]);
	}
	return (0);
}

/* Make a new key that signs from now on; the one before is retired. */
static int
cmd_keys_rotate(void)
{
	static struct keyring	 r;
	char			 path[4096], err[512];
	size_t			 i;

	(void)snprintf(path, sizeof(path), "%s/" KEYS_DIR, data);
	if (!keyring_rotate(path, (int64_t)time(NULL), &r, err,
	    sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return (1);
	}
	for (i = 0; i < r.n; i++) {
		if (i != r.active && strcmp(r.key[i].retired,
		    r.key[r.active].created) == 0)
			printf("retired  %s at %s\n", r.key[i].pub.kid,
			    r.key[i].retired);
	}
	printf("active   %s since %s\n", r.key[r.active].pub.kid,
	    r.key[r.active].created);
	printf("The running server signs with it from its next request; "
	    "what the retired keys signed still verifies.\n");
	return (0);
}

/* The public keys of a DID document (did.json): every verification
 * method's publicKeyMultibase. 0 when text is not one. */
static int
did_document_keys(const char *text, struct pubkey *keys, size_t *n)
{
	json_t		*doc, *vm;
	const char	*mb;
	char		 didkey[SIGN_DID_LEN + 1];
	size_t		 i;

	*n = 0;
	if ((doc = json_loads(text, 0, NULL)) == NULL)
		return (0);
	json_array_foreach(json_object_get(doc, "verificationMethod"), i, vm) {
		mb = json_string_value(json_object_get(vm, "publicKeyMultibase"));
		if (mb == NULL || *n == KEYRING_MAX)
			continue;
		(void)snprintf(didkey, sizeof(didkey), "did:key:%s", mb);
		if (sign_pubkey_parse(didkey, &keys[*n]))
			(*n)++;
	}
	json_decref(doc);
	return (*n > 0);
}

/*
 * --key's public keys: did:key or base64url as given, else a file that
 * holds a DID document (did.json: every key it lists) or one key (the
 * first word of it that is one: `keys > FILE` will do).
 */
static int
key_arg(const char *arg, struct pubkey *keys, size_t *n)
{
	char	 text[65536], *word, *last;
	size_t	 len;
	FILE	*f;

	*n = 0;
	if (sign_pubkey_parse(arg, &keys[0]))
		return ((*n = 1));
	if ((f = fopen(arg, "r")) == NULL) {
		fprintf(stderr, "--key %s: not a did:key, a base64url key or a "
		    "file: %s\n", arg, strerror(errno));
		return (0);
	}
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = '\0';
	if (did_document_keys(text, keys, n))
		return (1);
	for (word = strtok_r(text, " \t\r\n", &last); word != NULL;
	    word = strtok_r(NULL, " \t\r\n", &last)) {
		if (sign_pubkey_parse(word, &keys[0]))
			return ((*n = 1));
	}
	fprintf(stderr, "--key %s: no public key (did:key, base64url or a "
	    "DID document) in it\n", arg);
	return (0);
}

/*
 * Check a scanned QR text offline: the signature against the station's
 * keys, the retired ones too (or --key's), chosen by the kid the QR's
 * claims name, then that the URL is the signed one. The verdict is the
 * output, so both go to standard output; exit 0 only when valid.
 */
static int
cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	static struct keyring	 r;
	struct pubkey	 keys[KEYRING_MAX];
	struct claims	 c;
	const char	*key = NULL;
	enum scan	 res;
	size_t		 n = 0, i;
	int		 ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'k':
			key = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1)
		usage();
	if (key != NULL) {
		if (!key_arg(key, keys, &n))
			return (2);
	} else {
		if (!station_keys(&r))
			return (2);
		for (n = 0; n < r.n; n++)
			keys[n] = r.key[n].pub;
	}
	if ((res = claims_check(argv[optind], keys, n, &c)) != SCAN_OK) {
		printf("%s\n", scan_text(res));
		return (1);
	}
	printf("serial   %s\n", c.serial);
	printf("holder   %s\n", c.holder);
	printf("kind     %s\n", c.kind);
	printf("title    %s\n", c.title);
	printf("level    %d\n", c.level);
	printf("issued   %s\n", c.issued);
	printf("expires  %s\n", c.expires[0] != '\0' ? c.expires : "never");
	printf("URL      %s/v/%s\n", c.origin, c.code);
	printf("key      %s\n", c.kid);
	for (i = 0; key == NULL && i < r.n; i++) {
		if (strcmp(r.key[i].pub.kid, c.kid) == 0 &&
		    r.key[i].retired[0] != '\0')
			printf("         (retired %s; signed before)\n",
			    r.key[i].retired);
	}
	printf("valid signature\n");
	return (0);
}

/*
 * Walk the score log's hash chain and check the sheets and published
 * results against it (db_score_log_verify()): an edit made to the
 * database behind the application's back — a record altered, deleted
 * or cut off, a sheet's marks changed — is named. With --key (given once
 * per key the station has signed with), every lock's and publication's
 * record must also carry a signature by one of those keys over the log
 * head as it stands (db_score_log_verify_signed()): a log rewritten and
 * hashed again end to end, which the chain alone cannot tell, is named
 * by its signature. Exit 0 when intact, 1 when altered (the finding on
 * stdout), 2 when the store fails or a key is unusable.
 */
static int
cmd_audit_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct pubkey	 keys[4 * KEYRING_MAX];
	size_t		 nkeys = 0, got;
	int64_t		 bad, checked, nsig;
	char		 why[256];
	int		 ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'k':
			/* A DID document gives every key it lists. */
			if (nkeys + KEYRING_MAX > sizeof(keys) /
			    sizeof(keys[0])) {
				fprintf(stderr, "--key: at most %zu keys\n",
				    sizeof(keys) / sizeof(keys[0]) -
				    KEYRING_MAX);
				return (2);
			}
			if (!key_arg(optarg, &keys[nkeys], &got))
				return (2);
			nkeys += got;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (db_score_log_verify(&bad, &checked, why, sizeof(why)) != DB_OK ||
	    (bad == 0 && nkeys > 0 && db_score_log_verify_signed(keys, nkeys,
	    &bad, &nsig, why, sizeof(why)) != DB_OK)) {
		fprintf(stderr, "%s/%s: cannot read the score log\n", data,
		    DB_FILE);
		return (2);
	}
	if (bad != 0) {
		printf("%s\n", why);
		return (1);
	}
	if (nkeys > 0)
		printf("score log intact: %lld records checked, %lld signed "
		    "heads match the key\n", (long long)checked,
		    (long long)nsig);
	else
		printf("score log intact: %lld records checked (signatures "
		    "not checked: give --key)\n", (long long)checked);
	return (0);
}

/* Write body to path whole or not at all (a temporary file, renamed). */
static int
write_whole(const char *path, const char *body)
{
	char	 tmp[4200];
	FILE	*f;
	size_t	 n = strlen(body);

	(void)snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	if ((f = fopen(tmp, "w")) == NULL)
		return (0);
	if (fwrite(body, 1, n, f) != n || fclose(f) != 0) {
		(void)unlink(tmp);
		return (0);
	}
	if (rename(tmp, path) == -1) {
		(void)unlink(tmp);
		return (0);
	}
	return (1);
}

/*
 * Write the two signed status list credentials, byte for byte as the
 * server serves them, to DIR/status/revocation and DIR/status/suspension,
 * so nginx or a CDN can serve them at the same URLs with the server out
 * of the loop (conf/nginx-yujiang.conf). They are the server's: signed
 * by it on every change and daily; this tool signs nothing.
 */
static int
cmd_status_export(const char *dir)
{
	static const char *const purposes[] = { "revocation", "suspension" };
	char		 path[4096], etag[72], *body;
	enum db_result	 r;
	size_t		 i;

	/* Public files for nginx to serve, not the data directory's. */
	(void)umask(022);
	(void)snprintf(path, sizeof(path), "%s/status", dir);
	if ((mkdir(dir, 0755) == -1 && errno != EEXIST) ||
	    (mkdir(path, 0755) == -1 && errno != EEXIST)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return (1);
	}
	for (i = 0; i < sizeof(purposes) / sizeof(purposes[0]); i++) {
		if ((r = db_status_list(purposes[i], &body, etag,
		    sizeof(etag))) == DB_NOTFOUND) {
			fprintf(stderr, "no %s list yet: start the server "
			    "once, it signs the lists\n", purposes[i]);
			return (1);
		}
		if (r != DB_OK) {
			fprintf(stderr, "the database is busy; try again\n");
			return (1);
		}
		(void)snprintf(path, sizeof(path), "%s/status/%s", dir,
		    purposes[i]);
		if (!write_whole(path, body)) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			free(body);
			return (1);
		}
		free(body);
		printf("%s  %s\n", path, etag);
	}
	return (0);
}

int
main(int argc, char **argv)
{
	struct stat	 sb;
	char		 path[4096];
	int		 c, rc;

	/* What it makes in the data directory is the server's user's
	 * alone: folders 0700, files 0600 (as the server makes them). */
	(void)umask(077);
	while ((c = getopt(argc, argv, "+d:")) != -1) {
		switch (c) {
		case 'd':
			data = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	if (!secret_init()) {
		fprintf(stderr, "libsodium cannot start\n");
		return (1);
	}
	/* No database for these: they may run where there is none. */
	if (strcmp(argv[0], "keys") == 0) {
		if (argc == 2 && strcmp(argv[1], "rotate") == 0)
			return (cmd_keys_rotate());
		if (argc != 1)
			usage();
		return (cmd_keys());
	}
	if (strcmp(argv[0], "verify") == 0)
		return (cmd_verify(argc, argv));
	if (strcmp(argv[0], "audit") == 0) {
		if (argc < 2 || strcmp(argv[1], "verify") != 0)
			usage();
		/* 0 intact, 1 altered, 2 the database could not say (a
		 * check never creates the database it is to check). */
		(void)snprintf(path, sizeof(path), "%s/%s", data, DB_FILE);
		if (!db_engine_pg(path) && stat(path, &sb) == -1) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			return (2);
		}
		if (!open_store())
			return (2);
		rc = cmd_audit_verify(argc - 1, argv + 1);
		db_close();
		return (rc);
	}
	/* The SQLite file is only read: never opened by the store (which
	 * would migrate it). */
	if (strcmp(argv[0], "migrate-to") == 0 ||
	    strcmp(argv[0], "migrate-check") == 0) {
		if (argc != 2)
			usage();
		return (cmd_migrate_to(argv[1],
		    strcmp(argv[0], "migrate-check") == 0));
	}
	if (strcmp(argv[0], "bench-data") == 0) {
		if (argc < 2 || argc > 3)
			usage();
		data = argv[1];
		(void)snprintf(path, sizeof(path), "%s/%s", data, DB_FILE);
		if (stat(path, &sb) == 0) {
			fprintf(stderr, "%s exists: bench-data makes a new data "
			    "directory\n", path);
			return (1);
		}
		if (!open_store())
			return (1);
		/* It closes the store itself, to measure the file. */
		return (cmd_bench_data(argc == 3 ? atoi(argv[2]) : 100000));
	}
	if (!open_store())
		return (1);
	if (strcmp(argv[0], "init") == 0)
		rc = cmd_init();
	else if (strcmp(argv[0], "migrate") == 0)
		rc = 0;
	else if (strcmp(argv[0], "demo") == 0)
		rc = cmd_demo();
	else if (argc >= 2 && strcmp(argv[0], "user") == 0 &&
	    strcmp(argv[1], "add") == 0)
		rc = cmd_user_add(argc - 1, argv + 1);
	else if (argc >= 2 && strcmp(argv[0], "courses") == 0 &&
	    strcmp(argv[1], "sync") == 0)
		rc = cmd_courses_sync(argc >= 3 ? argv[2] : "courses");
	else if (strcmp(argv[0], "backup") == 0)
		rc = cmd_backup(argc, argv);
	else if (strcmp(argv[0], "purge-unverified") == 0)
		rc = cmd_purge_unverified(argc, argv);
	else if (argc == 3 && strcmp(argv[0], "status") == 0 &&
	    strcmp(argv[1], "export") == 0)
		rc = cmd_status_export(argv[2]);
	else
		usage();
	db_close();
	return (rc);
}

/*
 * purge-unverified [--days N]: what the server's daily timer does, now —
 * accounts still unverified N days (default 30) after they were made are
 * removed (db_unverified_purge()). Prints how many.
 */
static int
cmd_purge_unverified(int argc, char **argv)
{
	int64_t	 now = (int64_t)time(NULL);
	long	 days = UNVERIFIED_TTL / 86400;
	char	*end;
	int	 n, total = 0;

	if (argc == 3 && strcmp(argv[1], "--days") == 0) {
		days = strtol(argv[2], &end, 10);
		if (*end != '\0' || days < 0 || days > 3650)
			usage();
	} else if (argc != 1)
		usage();
	do {
		if (db_unverified_purge(now - days * 86400, now, &n) != DB_OK) {
			fprintf(stderr, "purge-unverified: the store failed\n");
			return (1);
		}
		total += n;
	} while (n > 0);
	printf("%d unverified accounts removed\n", total);
	return (0);
}

/* bench-data: the size asked for (100,000 people by default). */
static struct bench_size	 bench;
static int64_t			 bench_issued, bench_staff;

static double
bench_clock(void)
{
	struct timespec	 ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

static void
bench_progress(const char *step)
{
	printf("  %s...\n", step);
	(void)fflush(stdout);
}

static int
bench_code_out(const char *code, void *arg)
{
	return (fprintf(arg, "%s\n", code) > 0);
}

/*
 * The step demo_certificates() runs with the data directory's key: the
 * town, then each run's certificates by the real batch path (signed,
 * serialled and placed in the status lists like any batch; dated the day
 * each run ended), each batch marked drawn — its PNGs are drawn on demand,
 * as after a restore, so the server does not start by drawing 100,000.
 */
static int
bench_step(const char *root, struct cert_issuer *is)
{
	struct run		 run;
	enum cert_verdict	 v;
	int64_t			 first, last, id, batch;
	int			 issued, completers, unverified;
	char			 day[11];
	const char		*saved = is->today;

	(void)root;
	is->by = bench_staff;
	if (db_bench_fill(&bench, is->by, is->now, &first, &last,
	    bench_progress) != DB_OK)
		return (-1);
	bench_progress("certificates, a batch per run");
	for (id = first; id <= last; id++) {
		if (db_run_get(id, &run) != DB_OK)
			return (-1);
		(void)snprintf(day, sizeof(day), "%s", strcmp(run.ends,
		    saved) < 0 ? run.ends : saved);
		is->today = day;
		if (db_batch_issue_run(id, CLANG_ZH, is, &batch, &issued,
		    &completers, &unverified, &v) != DB_OK || v != CV_OK ||
		    issued != completers) {
			fprintf(stderr, "run %lld: %d of %d issued (verdict %d)"
			    "\n", (long long)id, issued, completers, (int)v);
			is->today = saved;
			return (-1);
		}
		if (db_batch_progress(batch, issued, 0, 1, is->now) != DB_OK) {
			is->today = saved;
			return (-1);
		}
		bench_issued += issued;
	}
	is->today = saved;
	return ((int)bench_issued);
}

static int
cmd_bench_data(int people)
{
	struct stat	 sb;
	char		 path[4096];
	double		 t0 = bench_clock(), t1;
	int64_t		 staff = 0;
	struct user	 u;
	FILE		*f;
	int		 rc, n = 0;

	if (people < 1000 || people > 1000000) {
		fprintf(stderr, "bench-data: PEOPLE must be 1000 to 1000000\n");
		return (1);
	}
	memset(&bench, 0, sizeof(bench));
	bench.people = people;
	bench.masters = people / 1000;
	bench.runs = people / 200;
	bench.trainees = people / 10;
	bench.training = people * 10;
	bench.entries = people / 50;
	bench.seed = 20261116;
	/* The demo first: its people log in, its routes are measured. */
	if ((rc = cmd_init()) != 0) {
		db_close();
		return (rc);
	}
	if (db_user_by_account("staff@pingzhou-jade.cn", &u, NULL, 0) ==
	    DB_OK)
		staff = u.id;
	if (staff == 0) {
		fprintf(stderr, "bench-data: no demo staff account\n");
		db_close();
		return (1);
	}
	bench_staff = staff;
	printf("bench-data: %d people (%d masters), %d runs, %d training "
	    "entries, a competition of %d entries\n", bench.people,
	    bench.masters, bench.runs, bench.training, bench.entries);
	if ((rc = demo_certificates(bench_step)) < 0) {
		fprintf(stderr, "bench-data: the data set could not be made\n");
		(void)db_bench_fast(0);
		return (1);
	}
	(void)db_bench_fast(0);
	t1 = bench_clock();
	/* A sample of the codes, for the benchmark's random picks. */
	(void)snprintf(path, sizeof(path), "%s/bench-codes.txt", data);
	if ((f = fopen(path, "w")) == NULL ||
	    db_bench_codes(bench_issued > 10000 ? (int)(bench_issued / 10000) :
	    1, bench_code_out, f) != DB_OK || fclose(f) != 0) {
		fprintf(stderr, "%s: cannot write the codes\n", path);
		return (1);
	}
	(void)snprintf(path, sizeof(path), "%s/bench-version", data);
	if ((f = fopen(path, "w")) == NULL ||
	    fprintf(f, "%d %d\n", BENCH_DATA_VERSION, people) < 0 ||
	    fclose(f) != 0) {
		fprintf(stderr, "%s: cannot write\n", path);
		return (1);
	}
	db_close();
	(void)snprintf(path, sizeof(path), "%s/%s", data, DB_FILE);
	if (stat(path, &sb) == 0)
		n = (int)(sb.st_size / (1024 * 1024));
	printf("bench-data: %lld certificates issued; made in %.1f s; "
	    "database %d MB (%s)\n", (long long)bench_issued, t1 - t0, n, path);
	return (0);
}

/* What data_file_walk() adds up for one entry of the data directory. */
static int64_t	walk_files, walk_bytes;

static int
data_file_walk(const char *path, const struct stat *sb, int type,
    struct FTW *ftw)
{
	if (type == FTW_F) {
		walk_files++;
		walk_bytes += (int64_t)sb->st_size;
	}
	return (0);
}

/*
 * The data directory's files that are not in the database, which every
 * front end on PostgreSQL must find in the shared data location
 * (docs/postgresql.md, "Moving a town"), with what each is.
 */
static void
print_data_files(void)
{
	static const struct {
		const char	*name;
		const char	*what;
	} known[] = {
		{ "certificates", "certificates' PNGs and PDFs" },
		{ "uploads", "photos of works, entries' copies" },
		{ "keys", "signing keys, realname.key: SECRET" },
		{ "code.key", "verify codes' key: SECRET" },
		{ "csrf.key", "forms' key: SECRET" },
		{ "fonts", "made again at start: no need to copy" },
		{ ACCOUNTS_FILE, "the demo's passwords" },
	};
	struct dirent	*e;
	struct stat	 sb;
	const char	*what;
	char		 path[4096];
	size_t		 i;
	DIR		*d;

	if ((d = opendir(data)) == NULL)
		return;
	printf("Not in the database: copy these from %s to the data "
	    "location every front end shares (keep modes 0700/0600):\n",
	    data);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' ||
		    strncmp(e->d_name, DB_FILE, strlen(DB_FILE)) == 0)
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", data, e->d_name);
		if (lstat(path, &sb) == -1)
			continue;
		walk_files = walk_bytes = 0;
		(void)nftw(path, data_file_walk, 16, FTW_PHYS);
		what = "not Yujiang's: check it";
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (strcmp(e->d_name, known[i].name) == 0)
				what = known[i].what;
		printf("  %-20s %6lld files %12lld bytes  %s\n", e->d_name,
		    (long long)walk_files, (long long)walk_bytes, what);
	}
	closedir(d);
}

/*
 * migrate-to DSN: copy DATA's database into the empty PostgreSQL
 * database DSN names, verified (db_migrate_to()), then list the files
 * to copy by hand. migrate-check DSN (check set): verify an earlier
 * move again, writing nothing. Exit status: enum migrate_result.
 */
static int
cmd_migrate_to(const char *dsn, int check)
{
	enum migrate_result	 r;
	char			 path[4096];

	(void)snprintf(path, sizeof(path), "%s/%s", data, DB_FILE);
	if (check)
		return (db_migrate_check(path, dsn, stdout, stderr));
	if ((r = db_migrate_to(path, dsn, stdout, stderr)) == MIGRATE_OK)
		print_data_files();
	return (r);
}
