/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * signer.c: the signing process and the workers' side of it (see
 * signer.h).
 *
 * One SOCK_SEQPACKET socketpair per worker, made before the fork: only
 * processes that inherited an end can ask for a signature (no path, no
 * abstract name another local user could connect to). The parent keeps
 * the workers' ends so that a restarted worker finds its own again; each
 * request carries a sequence number, starting from a random one in each
 * worker's life, so a reply meant for a worker that died is never taken
 * for an answer. A request is a small fixed header and at most
 * SIGN_MSG_MAX bytes; a worker waits for the answer with poll() for at
 * most SIGNER_TIMEOUT_MS (a signature takes some 50 µs).
 *
 * The signing process chroots into keys/ (when started as root), sets
 * no_new_privs and installs its own seccomp filter, written here as raw
 * BPF: it may read files (open for reading only), poll, receive and send
 * on its sockets, manage memory and exit; anything else kills it.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <kore/kore.h>

#include <sodium.h>

#include "metrics.h"
#include "signer.h"

#define SIGNER_MAGIC	0x594a5331u	/* "YJS1" */
#define SIGNER_WORKERS	64		/* socketpairs at most */

enum signer_op {
	OP_KEYS = 1,
	OP_SIGN = 2,
};

enum signer_status {
	ST_OK,
	ST_BAD,			/* not a request */
	ST_UNKNOWN_KEY,		/* no such kid */
	ST_RETIRED,		/* a retired key signs nothing more */
};

struct signer_req {
	uint32_t	 magic;
	uint32_t	 op;
	uint64_t	 seq;
	char		 kid[KID_HEX + 1];
	uint32_t	 len;
	unsigned char	 msg[SIGN_MSG_MAX];
};

struct signer_rep {
	uint32_t	 magic;
	uint32_t	 status;
	uint64_t	 seq;
	unsigned char	 sig[crypto_sign_BYTES];
	struct keyring	 ring;		/* OP_KEYS only */
};

#define REQ_HEAD	offsetof(struct signer_req, msg)
#define REP_SIGN	offsetof(struct signer_rep, ring)

/* Both sides: the workers' ends (parent, workers), the process. */
static int		 ends[SIGNER_WORKERS];
static size_t		 nends;
static pid_t		 signer_pid = -1;
static char		 did_web[SIGN_DID_WEB_LEN + 1];

/* A worker's side. */
static int		 sock = -1;
static uint64_t		 seq;
static int		 gone;
static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
static struct signer	 active;

static void	signer_main(const char *, int *, size_t, int)
		    __attribute__((noreturn));
static void	report(int, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

const char *
signer_did(void)
{
	return (did_web);
}

/* ---- the signing process ---------------------------------------------- */

/* What the signing process holds: the keys, their secrets, the state
 * file's identity (to notice a rotation). */
static struct keyring	 ring;
static struct signer	 secrets[KEYRING_MAX];
static struct stat	 state_st;

static void
say(const char *msg)
{
	(void)write(STDERR_FILENO, msg, strlen(msg));
}

/*
 * The signing process's seccomp filter. Everything it does after start
 * is on this list; the default kills the whole process (and the workers
 * then stop the server, loudly).
 */
static int
sandbox(void)
{
#define ALLOW(nr)	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
	struct sock_filter	 prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, arch)),
#if defined(__x86_64__)
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
#elif defined(__aarch64__)
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_AARCH64, 1, 0),
#else
#error "the signing process's seccomp filter knows x86_64 and aarch64"
#endif
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		/* openat: for reading only (the key files, the state). */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, args[2])),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, O_WRONLY | O_RDWR |
		    O_CREAT | O_TRUNC | O_APPEND),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
		ALLOW(__NR_read),
		ALLOW(__NR_write),
		ALLOW(__NR_close),
		ALLOW(__NR_fstat),
		ALLOW(__NR_newfstatat),
		ALLOW(__NR_lseek),
		ALLOW(__NR_fcntl),
		ALLOW(__NR_ppoll),
#if defined(__NR_poll)
		ALLOW(__NR_poll),
#endif
		ALLOW(__NR_recvfrom),
		ALLOW(__NR_sendto),
		ALLOW(__NR_brk),
		ALLOW(__NR_mmap),
		ALLOW(__NR_munmap),
		ALLOW(__NR_mremap),
		ALLOW(__NR_clock_gettime),
		ALLOW(__NR_geteuid),	/* key files must be its own (sign.c) */
		ALLOW(__NR_rt_sigreturn),
		ALLOW(__NR_restart_syscall),
		ALLOW(__NR_exit),
		ALLOW(__NR_exit_group),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	};
#undef ALLOW
	struct sock_fprog	 fprog = {
		.len = sizeof(prog) / sizeof(prog[0]),
		.filter = prog,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return (0);
	return (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) == 0);
}

/* Read the keys again when keys/state changed (a rotation). */
static void
reload(void)
{
	static struct keyring	 fresh;
	static struct signer	 fresh_secrets[KEYRING_MAX];
	struct stat		 st;
	char			 err[256];

	if (stat(KEYS_STATE, &st) == -1 || (st.st_ino == state_st.st_ino &&
	    st.st_size == state_st.st_size &&
	    st.st_mtim.tv_sec == state_st.st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == state_st.st_mtim.tv_nsec))
		return;
	if (!keyring_load(".", 0, &fresh, fresh_secrets, err, sizeof(err))) {
		/* Keep signing with what was good; say why once per change. */
		say("yujiang signer: keys not reloaded: ");
		say(err);
		say("\n");
		state_st = st;
		return;
	}
	sodium_memzero(secrets, sizeof(secrets));
	ring = fresh;
	memcpy(secrets, fresh_secrets, sizeof(secrets));
	sodium_memzero(fresh_secrets, sizeof(fresh_secrets));
	state_st = st;
}

/* Answer one request into rep; the length to send. */
static size_t
answer(const struct signer_req *req, size_t n, struct signer_rep *rep)
{
	const struct keyring_key	*k;
	size_t				 i;

	memset(rep, 0, REP_SIGN);
	rep->magic = SIGNER_MAGIC;
	rep->status = ST_BAD;
	if (n < REQ_HEAD || req->magic != SIGNER_MAGIC)
		return (REP_SIGN);
	rep->seq = req->seq;
	if (req->op == OP_KEYS && n == REQ_HEAD) {
		reload();
		rep->ring = ring;
		for (i = 0; i < rep->ring.n; i++)
			memset(rep->ring.key[i].file, 0, KEY_FILE_LEN);
		rep->status = ST_OK;
		return (sizeof(*rep));
	}
	if (req->op != OP_SIGN || req->len > SIGN_MSG_MAX ||
	    n != REQ_HEAD + req->len ||
	    memchr(req->kid, '\0', sizeof(req->kid)) == NULL)
		return (REP_SIGN);
	if ((k = keyring_find(&ring, req->kid)) == NULL) {
		reload();
		k = keyring_find(&ring, req->kid);
	}
	if (k == NULL) {
		rep->status = ST_UNKNOWN_KEY;
		return (REP_SIGN);
	}
	if (k->retired[0] != '\0') {
		rep->status = ST_RETIRED;
		return (REP_SIGN);
	}
	crypto_sign_detached(rep->sig, NULL, req->msg, req->len,
	    secrets[k - ring.key].sk);
	rep->status = ST_OK;
	return (REP_SIGN);
}

/* Tell the parent how the start went (one line), then close the pipe. */
static void
report(int fd, const char *fmt, ...)
{
	char	 line[512];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		(void)write(fd, line, (size_t)n < sizeof(line) ? (size_t)n :
		    sizeof(line) - 1);
	(void)close(fd);
}

/*
 * The signing process: its own title, no signals but the parent's death,
 * no descriptors but its sockets, stderr and the report pipe; keys/ made
 * (0700, root's) if new, chrooted into it, the keys read (the first one
 * made if there is none), the result reported, the sandbox on; then
 * answer requests until killed. The parent never reads a secret key, so
 * the workers it forks cannot inherit one, not even on its stack.
 */
static void
signer_main(const char *keydir, int *mine, size_t n, int rep_fd)
{
	static struct signer_req	 req;
	static struct signer_rep	 rep;
	struct pollfd			 pfd[SIGNER_WORKERS];
	struct sigaction		 sa;
	struct rlimit			 rl;
	char				 err[256];
	size_t				 i, len;
	ssize_t				 r;
	int				 fd, sig, keep;

	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(1);
	kore_platform_proctitle("[signer]");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	for (sig = 1; sig < NSIG; sig++) {
		if (sig != SIGKILL && sig != SIGSTOP && sig != SIGSEGV &&
		    sig != SIGSYS && sig != SIGABRT && sig != SIGBUS)
			(void)sigaction(sig, &sa, NULL);
	}
	/* Nothing of Kore's (listeners, message channels) stays open. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur > 65536)
		rl.rlim_cur = 65536;
	for (fd = STDERR_FILENO + 1; fd < (int)rl.rlim_cur; fd++) {
		for (keep = fd == rep_fd, i = 0; i < n && !keep; i++)
			keep = mine[i] == fd;
		if (!keep)
			(void)close(fd);
	}
	/* keys/ is the signing process's alone: root's (in production the
	 * workers run as another user and cannot even list it), 0700. */
	if ((mkdir(keydir, 0700) == -1 && errno != EEXIST) ||
	    (geteuid() == 0 && chown(keydir, 0, 0) == -1) ||
	    chmod(keydir, 0700) == -1 || chdir(keydir) == -1) {
		report(rep_fd, "%s: %s", keydir, strerror(errno));
		_exit(1);
	}
	if (geteuid() == 0 && (chroot(".") == -1 || chdir("/") == -1)) {
		report(rep_fd, "chroot %s: %s", keydir, strerror(errno));
		_exit(1);
	}
	if (!keyring_load(".", 1, &ring, secrets, err, sizeof(err)) ||
	    stat(KEYS_STATE, &state_st) == -1) {
		report(rep_fd, "%s", err);
		_exit(1);
	}
	(void)sodium_mlock(secrets, sizeof(secrets));
	if (!sandbox()) {
		report(rep_fd, "seccomp: %s", strerror(errno));
		_exit(1);
	}
	report(rep_fd, "ok %zu, %s", ring.n, ring.key[ring.active].pub.kid);
	for (i = 0; i < n; i++) {
		pfd[i].fd = mine[i];
		pfd[i].events = POLLIN;
	}
	for (;;) {
		if (poll(pfd, n, -1) == -1) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		for (i = 0; i < n; i++) {
			if (pfd[i].revents & (POLLHUP | POLLERR | POLLNVAL))
				pfd[i].fd = -1;		/* its worker end is gone */
			if (!(pfd[i].revents & POLLIN))
				continue;
			/* MSG_TRUNC: the datagram's whole length, so one
			 * longer than a request is refused, never signed
			 * cut short. */
			r = recv(pfd[i].fd, &req, sizeof(req),
			    MSG_DONTWAIT | MSG_TRUNC);
			if (r <= 0 || (size_t)r > sizeof(req)) {
				sodium_memzero(&req, sizeof(req));
				continue;
			}
			len = answer(&req, (size_t)r, &rep);
			/* A worker that no longer reads loses the answer. */
			(void)send(pfd[i].fd, &rep, len,
			    MSG_DONTWAIT | MSG_NOSIGNAL);
			sodium_memzero(&req, sizeof(req));
		}
	}
}

void
signer_start(const char *root, const char *did)
{
	char		 keydir[1024], line[512];
	int		 pair[2], mine[SIGNER_WORKERS], status[2];
	size_t		 i, n, got = 0;
	ssize_t		 r;
	pid_t		 pid;

	(void)snprintf(did_web, sizeof(did_web), "%s", did);
	(void)snprintf(keydir, sizeof(keydir), "%s/" KEYS_DIR, root);
	n = worker_count != 0 ? worker_count : cpu_count;
	if (n == 0 || n > SIGNER_WORKERS)
		fatalx("the signing process serves 1 to %d workers, not %zu",
		    SIGNER_WORKERS, n);
	for (i = 0; i < n; i++) {
		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0,
		    pair) == -1)
			fatalx("socketpair: %s", strerror(errno));
		ends[i] = pair[0];
		mine[i] = pair[1];
	}
	nends = n;
	if (pipe2(status, O_CLOEXEC) == -1)
		fatalx("pipe: %s", strerror(errno));
	(void)fflush(NULL);	/* else the child writes it out again */
	if ((pid = fork()) == -1)
		fatalx("fork: %s", strerror(errno));
	if (pid == 0) {
		(void)close(status[0]);
		signer_main(keydir, mine, n, status[1]);
	}
	signer_pid = pid;
	(void)close(status[1]);
	for (i = 0; i < n; i++)
		(void)close(mine[i]);
	/* Its report: "ok <keys> <kid>", or why it could not start. */
	while (got < sizeof(line) - 1 &&
	    (r = read(status[0], line + got, sizeof(line) - 1 - got)) != 0) {
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			break;
		got += (size_t)r;
	}
	(void)close(status[0]);
	line[got] = '\0';
	if (strncmp(line, "ok ", 3) != 0) {
		signer_stop();
		fatalx("signing keys: %s", got > 0 ? line :
		    "the signing process died at start");
	}
	kore_log(LOG_NOTICE, "yujiang: signing process %d ready (keys held, "
	    "active key: %s), for %s", (int)pid, line + 3, did_web);
}

void
signer_stop(void)
{
	if (signer_pid <= 0)
		return;
	(void)kill(signer_pid, SIGKILL);
	(void)waitpid(signer_pid, NULL, 0);
	signer_pid = -1;
}

/* ---- a worker's side -------------------------------------------------- */

void
signer_attach(void)
{
	size_t	 i, me;

	if (worker == NULL || worker->id < 1 || (size_t)worker->id > nends)
		fatalx("worker %d: no socket to the signing process",
		    worker != NULL ? worker->id : -1);
	me = (size_t)worker->id - 1;
	for (i = 0; i < nends; i++) {
		if (i != me)
			(void)close(ends[i]);
	}
	sock = ends[me];
	randombytes_buf(&seq, sizeof(seq));
	gone = 0;
}

/* The signing process is gone: say so and stop the server, once. */
static void
signer_gone(void)
{
	if (gone)
		return;
	gone = 1;
	kore_log(LOG_CRIT, "yujiang: the signing process is gone; stopping "
	    "the server (no certificate can be signed without it)");
	kore_shutdown();
}

int
signer_alive(void)
{
	struct pollfd	 p;

	if (sock == -1)
		return (1);
	p.fd = sock;
	p.events = 0;
	if (gone || (poll(&p, 1, 0) == 1 &&
	    (p.revents & (POLLHUP | POLLERR | POLLNVAL)))) {
		signer_gone();
		return (0);
	}
	return (1);
}

static int64_t
now_ms(void)
{
	struct timespec	 ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/*
 * One request and its answer (a reply to an earlier request, whose
 * worker died waiting, is skipped by its sequence number). 1 with rep
 * filled (its length at least REP_SIGN), 0 on no answer in time.
 */
static int
call(struct signer_req *req, size_t n, struct signer_rep *rep)
{
	struct pollfd	 p;
	int64_t		 deadline;
	uint64_t	 t0;
	ssize_t		 r;
	int		 ok = 0, wait;

	if (sock == -1 || gone) {
		metrics_signer(0, 0);
		return (0);
	}
	(void)pthread_mutex_lock(&lock);
	t0 = metrics_now_us();
	req->magic = SIGNER_MAGIC;
	req->seq = ++seq;
	if (send(sock, req, n, MSG_NOSIGNAL) != (ssize_t)n) {
		if (errno == EPIPE || errno == ECONNRESET)
			signer_gone();
		else
			kore_log(LOG_ERR, "yujiang: signing process: send: %s",
			    strerror(errno));
		goto out;
	}
	deadline = now_ms() + SIGNER_TIMEOUT_MS;
	for (;;) {
		if ((wait = (int)(deadline - now_ms())) <= 0) {
			kore_log(LOG_ERR, "yujiang: the signing process did "
			    "not answer within %d ms", SIGNER_TIMEOUT_MS);
			goto out;
		}
		p.fd = sock;
		p.events = POLLIN;
		if (poll(&p, 1, wait) == -1) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (!(p.revents & POLLIN)) {
			if (p.revents & (POLLHUP | POLLERR)) {
				signer_gone();
				goto out;
			}
			continue;
		}
		if ((r = recv(sock, rep, sizeof(*rep), MSG_DONTWAIT)) == 0) {
			signer_gone();
			goto out;
		}
		if (r < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			signer_gone();
			goto out;
		}
		if ((size_t)r >= REP_SIGN && rep->magic == SIGNER_MAGIC &&
		    rep->seq == req->seq)
			break;
	}
	ok = rep->status == ST_OK;
	if (!ok)
		kore_log(LOG_ERR, "yujiang: the signing process refused "
		    "(status %u)", rep->status);
out:
	/* The round trip, once this thread holds the socket. */
	metrics_signer(ok, metrics_now_us() - t0);
	(void)pthread_mutex_unlock(&lock);
	return (ok);
}

/* struct signer's remote: the signature of m by key kid. */
static int
remote_sign(const char *kid, const unsigned char *m, size_t n,
    unsigned char sig[crypto_sign_BYTES])
{
	struct signer_req	 req;
	struct signer_rep	 rep;
	int			 ok;

	if (n > SIGN_MSG_MAX)
		return (0);
	memset(&req, 0, REQ_HEAD);
	req.op = OP_SIGN;
	(void)snprintf(req.kid, sizeof(req.kid), "%s", kid);
	req.len = (uint32_t)n;
	memcpy(req.msg, m, n);
	if ((ok = call(&req, REQ_HEAD + n, &rep)))
		memcpy(sig, rep.sig, crypto_sign_BYTES);
	return (ok);
}

int
signer_keys(struct keyring *r)
{
	struct signer_req	 req;
	struct signer_rep	 rep;

	memset(&req, 0, REQ_HEAD);
	req.op = OP_KEYS;
	if (!call(&req, REQ_HEAD, &rep) || rep.ring.n == 0 ||
	    rep.ring.n > KEYRING_MAX || rep.ring.active >= rep.ring.n)
		return (0);
	*r = rep.ring;
	return (1);
}

const struct signer *
signer_active(void)
{
	static struct keyring	 r;

	if (!signer_keys(&r))
		return (NULL);
	memset(&active, 0, sizeof(active));
	active.pub = r.key[r.active].pub;
	(void)snprintf(active.did, sizeof(active.did), "%s", did_web);
	active.remote = remote_sign;
	return (&active);
}

size_t
signer_pubkeys(struct pubkey out[KEYRING_MAX])
{
	static struct keyring	 r;
	size_t			 i;

	if (!signer_keys(&r))
		return (0);
	for (i = 0; i < r.n; i++)
		out[i] = r.key[i].pub;
	return (r.n);
}
