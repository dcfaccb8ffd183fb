/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/* demo.h: the demo data set (demo.c). */
#ifndef YJ_DEMO_H
#define YJ_DEMO_H

int	demo_load(const char *);
int	demo_runs(void);
int	demo_training(void);

struct cert_issuer;
int	demo_certs(const char *, struct cert_issuer *);
int	demo_incubation(const char *);
int	demo_heritage(const char *);
int	demo_competitions(const char *, struct cert_issuer *);
int	demo_jobs(void);
int	demo_guides(const char *, struct cert_issuer *);

#endif
