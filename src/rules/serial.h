/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * serial.h: what a certificate is called — its kind, the language it is
 * worded in, its human serial (a 22-character layout modelled on the
 * 人社部 skill-certificate numbers, documented in README; it does not claim
 * to be a national certificate) and its unguessable verification code.
 * Pure functions: no I/O but libsodium's random bytes.
 */
#ifndef YJ_SERIAL_H
#define YJ_SERIAL_H

#include <stddef.h>

#define SERIAL_LEN	22
#define CODE_LEN	16	/* 80 random bits in Crockford base32 */
#define SERIAL_SEQ_MAX	99999	/* certificates per year */

enum cert_kind {
	KIND_COURSE,		/* 结业证书: a course completed */
	KIND_LEVEL,		/* 技能等级证书: a skill level awarded */
	KIND_AWARD,		/* 获奖证书: a competition award */
	KIND_TITLE,		/* 荣誉称号证书: 平洲玉匠, 玉雕大师 */
	KIND_GUIDE,		/* 金牌导购大师: the sales guides' selection */
	KIND__COUNT
};

enum cert_lang {
	CLANG_ZH,
	CLANG_EN,
	CLANG_BOTH,
	CLANG__COUNT
};

const char	*cert_kind_code(enum cert_kind);	/* "course" … */
int		 cert_kind_parse(const char *, enum cert_kind *);
const char	*cert_lang_code(enum cert_lang);	/* "zh" "en" "both" */
int		 cert_lang_parse(const char *, enum cert_lang *);

/*
 * The serial: P 000001 440605 1 26 4 00017
 *   [1]      issuer type, P (Pingzhou town station; not the national S/Y)
 *   [2-7]    organisation code of the issuing station
 *   [8-13]   region (GB/T 2260: 440605 = 佛山市南海区)
 *   [14]     site (1 = 平洲玉器街)
 *   [15-16]  year of issue
 *   [17]     skill level 1-5 for level certificates, 0 otherwise
 *   [18-22]  sequence within the year, from 00001
 * year is 2000-2099 (or just its last two digits), level 0-5, seq
 * 1-SERIAL_SEQ_MAX; 0 when an argument is out of range.
 */
int	 serial_make(char [SERIAL_LEN + 1], int year, int level, long seq);
int	 serial_valid(const char *);

/* A fresh verification code; and whether s is one (exact shape). */
void	 serial_code_make(char [CODE_LEN + 1]);
int	 serial_code_valid(const char *);

#endif
