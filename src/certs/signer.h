/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * signer.h: the signing process. The parent forks it before the workers
 * (kore_parent_configure); it alone reads keys/ and holds the private
 * keys, chrooted into keys/ under its own seccomp filter, and answers
 * the workers over one socketpair each: "the keys" (public halves and
 * states) and "sign these bytes with key kid" (64 bytes back). Workers
 * never open keys/ (root's, 0700, in production) nor hold a secret key:
 * their struct signer has remote set (see sign.h).
 *
 * If the signing process dies, the workers notice within a second and
 * stop the server, as Kore does when its own key manager dies: no
 * certificate can be issued without it, and a restart is the operator's
 * clear signal.
 */
#ifndef YJ_SIGNER_H
#define YJ_SIGNER_H

#include "keyring.h"

#define SIGNER_TIMEOUT_MS	2000	/* a worker waits at most this long */

/* Parent: load (or make) the keys under root, fork the signing process
 * with one socketpair per worker. Stops the server when it cannot. */
void	 signer_start(const char *root, const char *did);
/* Parent, at teardown: the signing process is stopped and reaped. */
void	 signer_stop(void);

/* Worker, in kore_worker_configure(): keep its own socket only. The
 * calls below block the caller for one round trip (tens of µs, at most
 * SIGNER_TIMEOUT_MS); they are made on the event loop. */
void	 signer_attach(void);
/* Worker, every second: 0 (and the server asked to stop) when the
 * signing process is gone. */
int	 signer_alive(void);

/*
 * Worker: the station's keys as the signing process has them now
 * (public keys, created and retired dates; file names blank). Reading
 * it also makes the signing process pick up a rotation. 0 when it does
 * not answer.
 */
int	 signer_keys(struct keyring *);
/* Worker: the active key as a remote signer (borrowed, valid until the
 * next call), after asking for the keys; NULL when there is no answer. */
const struct signer *signer_active(void);
/* Worker: every public key, for claims_check(); their number, 0 when
 * the signing process does not answer. */
size_t	 signer_pubkeys(struct pubkey [KEYRING_MAX]);
/* The station's did:web (both sides). */
const char *signer_did(void);

#endif
