/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * keyring.h: the station's signing keys over time. keys/ (under the data
 * directory, 0700) holds one file per key (the seed in hex, 0600) and
 * keys/state, one line per key in the order they were made:
 *
 *	# kid file created retired
 *	<kid> ed25519.key 2026-01-05T08:00:00Z 2026-03-01T10:00:00Z
 *	<kid> ed25519-<kid>.key 2026-03-01T10:00:00Z -
 *
 * The one line whose retired is "-" is the active key: it signs from then
 * on. Retired keys sign nothing more but stay, and are published with
 * their retirement date, so that what they signed still verifies. A
 * directory from before rotation existed (ed25519.key and no state) reads
 * as that one key, active. Pure but for the files.
 */
#ifndef YJ_KEYRING_H
#define YJ_KEYRING_H

#include <stddef.h>
#include <stdint.h>

#include "sign.h"

#define KEYS_DIR	"keys"		/* under the data directory */
#define KEYS_STATE	"state"		/* under keys/ */
#define KEYS_FIRST	"ed25519.key"	/* the first key's file */
#define KEYRING_MAX	32
#define KEY_TIME_LEN	20		/* 2026-01-05T08:00:00Z */
#define KEY_FILE_LEN	40

struct keyring_key {
	struct pubkey	 pub;
	char		 file[KEY_FILE_LEN];	/* a name under keys/ */
	char		 created[KEY_TIME_LEN + 1];
	char		 retired[KEY_TIME_LEN + 1];	/* "" while active */
};

struct keyring {
	struct keyring_key	 key[KEYRING_MAX];
	size_t			 n;
	size_t			 active;	/* key[active] signs */
};

/*
 * Read the keys of directory dir (its state and every key file, so it
 * needs the private keys' read access) into *r; with secrets (an array
 * of KEYRING_MAX), each key's secret goes to secrets[i] too, else it is
 * wiped at once. With create, a directory without any key gets its first
 * (made 0700, the key 0600) and a state file. 0 with err set when a key
 * file or the state is missing, malformed, too open, or they disagree
 * (a state line's kid is not its file's key).
 */
int	 keyring_load(const char *dir, int create, struct keyring *,
	    struct signer *secrets, char *err, size_t errsz);

/*
 * Make a new key in dir and make it the active one, the one before it
 * retired at now (seconds since the epoch): the key file first, then the
 * state written whole and renamed into place. *r is the keyring after.
 */
int	 keyring_rotate(const char *dir, int64_t now, struct keyring *,
	    char *err, size_t errsz);

/* The key named kid, or NULL. */
const struct keyring_key *keyring_find(const struct keyring *,
	    const char *kid);

/* Seconds since the epoch as RFC 3339 UTC, "2026-01-05T08:00:00Z". */
void	 keyring_time(int64_t, char [KEY_TIME_LEN + 1]);

#endif
