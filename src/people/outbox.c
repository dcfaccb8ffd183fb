/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * outbox.c: delivery of every message to people — one-time codes and
 * notifications — from the outbox table (db_ident.c), off the event
 * loop. Each worker polls once a second (and whenever it queued a
 * message): it claims a few due messages under a lease, so two workers
 * never send one twice and a worker that dies mid-send only delays it;
 * the sending itself runs on a Kore task thread, which blocks on the
 * network while the worker's loop goes on. A failure is tried again
 * after back-off doubling from YUJIANG_OUTBOX_BACKOFF seconds; after
 * YUJIANG_OUTBOX_TRIES attempts the message is dead and staff see it on
 * /staff/outbox, where they can send it again.
 *
 * Adapters, chosen by the environment (read in the parent):
 *   email: `smtp` through libcurl (STARTTLS required / tried / off) when
 *          YUJIANG_SMTP_URL is set, else `console`;
 *   sms:   `webhook`, a JSON POST through libcurl, when YUJIANG_SMS_URL
 *          is set, else `console`.
 * `console` writes the message, code included, to the server log: for
 * `make run` and tests, never for production (README).
 *
 * Network from a sandboxed worker: Kore's own seccomp list already
 * allows socket and connect (its pgsql rules); app.c adds what libcurl
 * needs beyond. Names are resolved inside the worker's root, where
 * /etc/hosts and /etc/resolv.conf do not exist in production: configure
 * the relay and the gateway by IP address (README).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "outbox.h"
#include "web.h"

#define OUTBOX_BATCH	4	/* messages per task */
#define OUTBOX_LEASE	300	/* seconds a claimed message is ours */
#define NET_TIMEOUT	30	/* seconds, one message, all told */

enum tls_mode {
	TLS_REQUIRED,
	TLS_TRY,
	TLS_NONE,
};

/* The adapters' settings; read once in the parent, inherited. */
static struct {
	char		 smtp_url[256];
	char		 smtp_from[256];
	char		 smtp_user[128];
	char		 smtp_password[128];
	enum tls_mode	 smtp_tls;
	char		 smtp_cainfo[256];
	char		 sms_url[256];
	char		 sms_token[256];
	int64_t		 backoff;
	int		 tries;
} cfg;

struct delivery {
	struct outbox_msg	 msg;
	int			 ok;
	char			 error[256];
};

struct job {
	struct kore_task	 task;	/* first: the callback gets it */
	size_t			 n;
	struct delivery		 d[OUTBOX_BATCH];
};

static struct job	*inflight;	/* at most one per worker */

static void	env_copy(char *, size_t, const char *);
static int	env_int(const char *, int, int, int);
static int	is_console(const char *);
static void	console_deliver(const struct outbox_msg *);
static int	job_run(struct kore_task *);
static void	job_done(struct kore_task *);
static void	record(const struct outbox_msg *, int, const char *);
static void	pump(void);
static void	tick(void *, u_int64_t);
static void	purge_tick(void *, u_int64_t);
static int	smtp_send(const struct outbox_msg *, char *, size_t);
static int	sms_send(const struct outbox_msg *, char *, size_t);

static void
env_copy(char *dst, size_t sz, const char *name)
{
	const char	*v = getenv(name);

	(void)snprintf(dst, sz, "%s", v != NULL ? v : "");
}

static int
env_int(const char *name, int def, int min, int max)
{
	const char	*v = getenv(name);
	char		*end;
	long		 n;

	if (v == NULL || *v == '\0')
		return (def);
	n = strtol(v, &end, 10);
	if (*end != '\0' || n < min || n > max) {
		kore_log(LOG_ERR, "%s=%s: not a number from %d to %d; using "
		    "%d", name, v, min, max, def);
		return (def);
	}
	return ((int)n);
}

/*
 * Parent, before the fork: read the adapters' settings and the caps,
 * and start libcurl (its global set-up is not thread-safe and loads
 * the TLS library, so it happens once, here).
 */
void
outbox_configure(void)
{
	struct outbox_caps	 c;
	const char		*tls;

	env_copy(cfg.smtp_url, sizeof(cfg.smtp_url), "YUJIANG_SMTP_URL");
	env_copy(cfg.smtp_from, sizeof(cfg.smtp_from), "YUJIANG_SMTP_FROM");
	env_copy(cfg.smtp_user, sizeof(cfg.smtp_user), "YUJIANG_SMTP_USER");
	env_copy(cfg.smtp_password, sizeof(cfg.smtp_password),
	    "YUJIANG_SMTP_PASSWORD");
	env_copy(cfg.smtp_cainfo, sizeof(cfg.smtp_cainfo),
	    "YUJIANG_SMTP_CAINFO");
	env_copy(cfg.sms_url, sizeof(cfg.sms_url), "YUJIANG_SMS_URL");
	env_copy(cfg.sms_token, sizeof(cfg.sms_token), "YUJIANG_SMS_TOKEN");
	tls = getenv("YUJIANG_SMTP_TLS");
	if (tls == NULL || *tls == '\0' || strcmp(tls, "required") == 0)
		cfg.smtp_tls = TLS_REQUIRED;
	else if (strcmp(tls, "try") == 0)
		cfg.smtp_tls = TLS_TRY;
	else if (strcmp(tls, "none") == 0)
		cfg.smtp_tls = TLS_NONE;
	else
		fatalx("YUJIANG_SMTP_TLS=%s: required, try or none", tls);
	if (cfg.smtp_url[0] != '\0' && cfg.smtp_from[0] == '\0')
		fatalx("YUJIANG_SMTP_URL is set: YUJIANG_SMTP_FROM must "
		    "be too");
	cfg.backoff = env_int("YUJIANG_OUTBOX_BACKOFF", 30, 1, 86400);
	cfg.tries = env_int("YUJIANG_OUTBOX_TRIES", 6, 1, 30);
	db_outbox_get_caps(&c);
	c.per_number = env_int("YUJIANG_OUTBOX_CAP_NUMBER", c.per_number, 0,
	    1000000);
	c.per_address = env_int("YUJIANG_OUTBOX_CAP_ADDRESS", c.per_address,
	    0, 1000000);
	c.per_day = env_int("YUJIANG_OUTBOX_CAP_DAY", c.per_day, 0, 100000000);
	c.per_person = env_int("YUJIANG_OUTBOX_CAP_PERSON", c.per_person, 0,
	    1000000);
	db_outbox_caps(&c);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		fatalx("libcurl cannot start");
	kore_log(LOG_NOTICE, "outbox: email by %s, sms by %s; caps %d per "
	    "number, %d per address, %d per person, %d per day",
	    cfg.smtp_url[0] ? "smtp" : "console",
	    cfg.sms_url[0] ? "webhook" : "console",
	    c.per_number, c.per_address, c.per_person, c.per_day);
}

/* Each worker: poll the outbox, and run the daily removal. */
void
outbox_worker_start(void)
{
	kore_timer_add(tick, 1000, NULL, 0);
	purge_tick(NULL, 0);
	kore_timer_add(purge_tick, 24 * 3600 * 1000, NULL, 0);
}

/* 1 when messages on channel go to the log. */
static int
is_console(const char *channel)
{
	if (strcmp(channel, "email") == 0)
		return (cfg.smtp_url[0] == '\0');
	return (cfg.sms_url[0] == '\0');
}

/* 1 when messages on channel go to the log (pages say so to staff). */
int
outbox_console(const char *channel)
{
	return (is_console(channel));
}

/*
 * The console adapter: one log line per message. It holds the code in
 * clear — that is its purpose, for a demo without a gateway — so it
 * must not be used in production (README).
 */
static void
console_deliver(const struct outbox_msg *m)
{
	char	 body[sizeof(m->body)];
	size_t	 i;

	(void)snprintf(body, sizeof(body), "%s", m->body);
	for (i = 0; body[i] != '\0'; i++) {
		if ((unsigned char)body[i] < 0x20)
			body[i] = ' ';
	}
	kore_log(LOG_NOTICE, "outbox #%lld console %s to %s: %s%s%s",
	    (long long)m->id, m->channel, m->address, m->subject,
	    m->subject[0] ? " | " : "", body);
}

static void
record(const struct outbox_msg *m, int ok, const char *error)
{
	enum outbox_state	 s;

	/* Only the console's (development) keeps a sent message's text:
	 * a relay's or a gateway's is forgotten once delivered. */
	if (db_outbox_done(m->id, ok, is_console(m->channel), error,
	    (int64_t)time(NULL), cfg.backoff, cfg.tries, &s) != DB_OK) {
		kore_log(LOG_ERR, "outbox #%lld: result not saved (it is "
		    "sent again when its lease ends)", (long long)m->id);
		return;
	}
	if (!ok)
		kore_log(LOG_NOTICE, "outbox #%lld %s to %s failed (%s): %s",
		    (long long)m->id, m->channel, m->address, error,
		    s == OUTBOX_DEAD ? "dead" : "will retry");
}

/* Claim what is due; the console's now, the network's on a task. */
static void
pump(void)
{
	struct outbox_msg	*msgs;
	struct job		*j;
	size_t			 n, i;
	int64_t			 now = (int64_t)time(NULL);

	if (inflight != NULL)
		return;
	if ((msgs = calloc(OUTBOX_BATCH, sizeof(*msgs))) == NULL)
		return;
	if (db_outbox_claim(now, now + OUTBOX_LEASE, msgs, OUTBOX_BATCH,
	    &n) != DB_OK || n == 0) {
		free(msgs);
		return;
	}
	if ((j = calloc(1, sizeof(*j))) == NULL)
		abort();
	for (i = 0; i < n; i++) {
		if (is_console(msgs[i].channel)) {
			console_deliver(&msgs[i]);
			record(&msgs[i], 1, NULL);
		} else
			j->d[j->n++].msg = msgs[i];
	}
	free(msgs);
	if (j->n == 0) {
		free(j);
		return;
	}
	inflight = j;
	kore_task_create(&j->task, job_run);
	kore_task_bind_callback(&j->task, job_done);
	kore_task_run(&j->task);
}

/* Something was queued: send it now rather than at the next tick. */
void
outbox_kick(void)
{
	pump();
}

static void
tick(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;
	pump();
}

/* Unverified accounts older than UNVERIFIED_TTL go (db_ident.c). */
static void
purge_tick(void *arg, u_int64_t ms)
{
	int64_t	 now = (int64_t)time(NULL);
	int	 n;

	(void)arg;
	(void)ms;
	if (db_unverified_purge(now - UNVERIFIED_TTL, now, &n) != DB_OK)
		kore_log(LOG_ERR, "unverified accounts: purge failed");
	else if (n > 0)
		kore_log(LOG_NOTICE, "unverified accounts: %d removed", n);
}

/* On a task thread: only the job, libcurl and the settings. */
static int
job_run(struct kore_task *t)
{
	struct job	*j = (struct job *)t;
	size_t		 i;

	for (i = 0; i < j->n; i++) {
		if (strcmp(j->d[i].msg.channel, "email") == 0)
			j->d[i].ok = smtp_send(&j->d[i].msg, j->d[i].error,
			    sizeof(j->d[i].error));
		else
			j->d[i].ok = sms_send(&j->d[i].msg, j->d[i].error,
			    sizeof(j->d[i].error));
	}
	return (KORE_RESULT_OK);
}

/* On the event loop when the task has finished: record, go on. */
static void
job_done(struct kore_task *t)
{
	struct job	*j = (struct job *)t;
	size_t		 i;

	if (!kore_task_finished(t))
		return;
	for (i = 0; i < j->n; i++)
		record(&j->d[i].msg, j->d[i].ok, j->d[i].error);
	kore_task_destroy(t);
	inflight = NULL;
	free(j);
	pump();
}

/* The message as the relay receives it: headers, then a base64 body. */
struct mail {
	char	*data;
	size_t	 len;
	size_t	 off;
};

static size_t
mail_read(char *buf, size_t size, size_t nitems, void *arg)
{
	struct mail	*m = arg;
	size_t		 n = size * nitems;

	if (n > m->len - m->off)
		n = m->len - m->off;
	memcpy(buf, m->data + m->off, n);
	m->off += n;
	return (n);
}

/* Append base64 of s to b, in lines of 76 when wrap. */
static void
b64(struct buf *b, const char *s, int wrap)
{
	size_t	 len = strlen(s), enclen, i;
	char	*enc;

	enclen = sodium_base64_encoded_len(len,
	    sodium_base64_VARIANT_ORIGINAL);
	if ((enc = malloc(enclen)) == NULL)
		abort();
	sodium_bin2base64(enc, enclen, (const unsigned char *)s, len,
	    sodium_base64_VARIANT_ORIGINAL);
	for (i = 0; enc[i] != '\0'; i++) {
		buf_append(b, &enc[i], 1);
		if (wrap && (i + 1) % 76 == 0)
			buf_append(b, "\r\n", 2);
	}
	free(enc);
}

/*
 * Email through the relay with libcurl's SMTP. Header values are the
 * configured sender, an address identity_account() accepted (no CR,
 * LF, quotes or brackets) and the subject as an RFC 2047 word, so no
 * header can be injected. 1 when the relay accepted it; else 0 and why.
 */
static int
smtp_send(const struct outbox_msg *m, char *err, size_t errsz)
{
	CURL			*c;
	CURLcode		 rc;
	struct curl_slist	*rcpt = NULL;
	struct buf		 b;
	struct mail		 mail;
	struct tm		 tm;
	time_t			 now = time(NULL);
	char			 date[64], to[ACCOUNT_MAX + 3], id[64];

	if ((c = curl_easy_init()) == NULL) {
		(void)snprintf(err, errsz, "curl_easy_init");
		return (0);
	}
	gmtime_r(&now, &tm);
	(void)strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000",
	    &tm);
	(void)snprintf(id, sizeof(id), "%lld.%08x", (long long)m->id,
	    (unsigned)randombytes_random());
	buf_init(&b, 4096);
	buf_printf(&b, "Date: %s\r\nFrom: %s\r\nTo: %s\r\nMessage-ID: "
	    "<outbox-%s@yujiang>\r\nSubject: =?UTF-8?B?", date,
	    cfg.smtp_from, m->address, id);
	b64(&b, m->subject[0] ? m->subject : "Yujiang", 0);
	buf_printf(&b, "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; "
	    "charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
	b64(&b, m->body, 1);
	buf_append(&b, "\r\n", 2);
	mail.data = b.data;
	mail.len = b.len;
	mail.off = 0;
	(void)snprintf(to, sizeof(to), "<%s>", m->address);
	rcpt = curl_slist_append(rcpt, to);

	curl_easy_setopt(c, CURLOPT_URL, cfg.smtp_url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, cfg.smtp_from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, mail_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &mail);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_USE_SSL, cfg.smtp_tls == TLS_REQUIRED ?
	    (long)CURLUSESSL_ALL : cfg.smtp_tls == TLS_TRY ?
	    (long)CURLUSESSL_TRY : (long)CURLUSESSL_NONE);
	if (cfg.smtp_cainfo[0] != '\0')
		curl_easy_setopt(c, CURLOPT_CAINFO, cfg.smtp_cainfo);
	if (cfg.smtp_user[0] != '\0') {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg.smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg.smtp_password);
	}
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)NET_TIMEOUT);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		(void)snprintf(err, errsz, "smtp: %s", curl_easy_strerror(rc));
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	buf_free(&b);
	return (rc == CURLE_OK);
}

static size_t
discard(char *ptr, size_t size, size_t nmemb, void *arg)
{
	(void)ptr;
	(void)arg;
	return (size * nmemb);
}

/*
 * SMS through the generic webhook: POST {"id", "to", "text"} as JSON,
 * with "Authorization: Bearer <YUJIANG_SMS_TOKEN>" when one is set. Any
 * 2xx answer means the gateway took it. 1 when sent; else 0 and why.
 */
static int
sms_send(const struct outbox_msg *m, char *err, size_t errsz)
{
	CURL			*c;
	CURLcode		 rc;
	struct curl_slist	*h = NULL;
	json_t			*doc;
	char			*body, auth[300];
	long			 status = 0;

	if ((doc = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)m->id,
	    "to", m->address, "text", m->body)) == NULL ||
	    (body = json_dumps(doc, JSON_COMPACT)) == NULL) {
		json_decref(doc);
		(void)snprintf(err, errsz, "json");
		return (0);
	}
	json_decref(doc);
	if ((c = curl_easy_init()) == NULL) {
		free(body);
		(void)snprintf(err, errsz, "curl_easy_init");
		return (0);
	}
	h = curl_slist_append(h, "Content-Type: application/json");
	if (cfg.sms_token[0] != '\0') {
		(void)snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
		    cfg.sms_token);
		h = curl_slist_append(h, auth);
	}
	curl_easy_setopt(c, CURLOPT_URL, cfg.sms_url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)NET_TIMEOUT);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (rc != CURLE_OK)
		(void)snprintf(err, errsz, "sms: %s", curl_easy_strerror(rc));
	else if (status < 200 || status > 299)
		(void)snprintf(err, errsz, "sms: HTTP %ld", status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	secret_wipe(auth, sizeof(auth));
	free(body);
	return (rc == CURLE_OK && status >= 200 && status <= 299);
}
