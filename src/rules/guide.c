/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * guide.c: the pure rules of 十大金牌导购大师 (guide.h) — the voting day,
 * a vote's address range, and the combined score with its ranking.
 */
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guide.h"

void
guide_day(time_t now, char out[11])
{
	struct tm	 tm;
	time_t		 t = now + 8 * 3600;	/* Asia/Shanghai, no DST */

	gmtime_r(&t, &tm);
	(void)strftime(out, 11, "%Y-%m-%d", &tm);
}

void
guide_net(const char *addr, char out[GUIDE_NET_MAX])
{
	struct in_addr	 v4;
	struct in6_addr	 v6;
	const uint8_t	*b;

	(void)snprintf(out, GUIDE_NET_MAX, "?");
	if (addr == NULL)
		return;
	if (inet_pton(AF_INET, addr, &v4) == 1) {
		b = (const uint8_t *)&v4;
		(void)snprintf(out, GUIDE_NET_MAX, "%u.%u.%u.0/24", b[0], b[1],
		    b[2]);
		return;
	}
	if (inet_pton(AF_INET6, addr, &v6) != 1)
		return;
	b = v6.s6_addr;
	if (IN6_IS_ADDR_V4MAPPED(&v6)) {
		(void)snprintf(out, GUIDE_NET_MAX, "%u.%u.%u.0/24", b[12],
		    b[13], b[14]);
		return;
	}
	(void)snprintf(out, GUIDE_NET_MAX, "%x:%x:%x:%x::/64",
	    (unsigned)(b[0] << 8 | b[1]), (unsigned)(b[2] << 8 | b[3]),
	    (unsigned)(b[4] << 8 | b[5]), (unsigned)(b[6] << 8 | b[7]));
}

static int64_t
gcd64(int64_t a, int64_t b)
{
	int64_t	 t;

	if (a < 0)
		a = -a;
	while (b != 0) {
		t = a % b;
		a = b;
		b = t;
	}
	return (a == 0 ? 1 : a);
}

void
guide_combine(const struct guide_weights *w, int top, struct guide_score *s)
{
	int64_t	 pn = s->panel_num, pd = s->panel_den, vt, g;
	int	 off;

	if (pd <= 0 || pn < 0) {
		pn = 0;
		pd = 1;
	}
	g = gcd64(pn, pd);
	pn /= g;
	pd /= g;
	vt = top > 0 ? top : 1;
	s->public_pts_num = top > 0 ? 100 * (s->votes > 0 ? s->votes : 0) : 0;
	s->public_pts_den = (int)vt;
	off = w->deduction * (s->complaints > 0 ? s->complaints : 0);
	s->integrity = off >= 100 ? 0 : 100 - off;
	/*
	 * (w1 pn/pd + w2 · 100 v/vt + w3 I) / 100
	 *   = (w1 pn vt + w2 · 100 v pd + w3 I pd vt) / (100 pd vt)
	 */
	s->final_num = (int64_t)w->panel * pn * vt +
	    (int64_t)w->public * s->public_pts_num * pd +
	    (int64_t)w->integrity * s->integrity * pd * vt;
	s->final_den = 100 * pd * vt;
	g = gcd64(s->final_num, s->final_den);
	s->final_num /= g;
	s->final_den /= g;
}

/* a_num/a_den against b_num/b_den (dens > 0): -1, 0, 1. */
static int
frac_cmp(int64_t an, int64_t ad, int64_t bn, int64_t bd)
{
	__int128	 x = (__int128)an * bd, y = (__int128)bn * ad;

	return (x < y ? -1 : x > y);
}

int
guide_cmp(const struct guide_score *a, const struct guide_score *b)
{
	int64_t	 apn = a->panel_den > 0 ? a->panel_num : 0;
	int64_t	 apd = a->panel_den > 0 ? a->panel_den : 1;
	int64_t	 bpn = b->panel_den > 0 ? b->panel_num : 0;
	int64_t	 bpd = b->panel_den > 0 ? b->panel_den : 1;
	int	 c;

	if ((c = frac_cmp(a->final_num, a->final_den, b->final_num,
	    b->final_den)) != 0)
		return (-c);
	if ((c = frac_cmp(apn, apd, bpn, bpd)) != 0)
		return (-c);
	if (a->votes != b->votes)
		return (a->votes > b->votes ? -1 : 1);
	if (a->complaints != b->complaints)
		return (a->complaints < b->complaints ? -1 : 1);
	return (a->nominee < b->nominee ? -1 : a->nominee > b->nominee);
}

static int
cmp_qsort(const void *a, const void *b)
{
	return (guide_cmp(a, b));
}

void
guide_rank(struct guide_score *s, size_t n)
{
	size_t	 i;

	if (n > 1)
		qsort(s, n, sizeof(*s), cmp_qsort);
	for (i = 0; i < n; i++)
		s[i].rank = (int)i + 1;
}
