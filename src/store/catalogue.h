/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/* catalogue.h: loading courses/ into the store (catalogue.c). */
#ifndef YJ_CATALOGUE_H
#define YJ_CATALOGUE_H

typedef void	(*catalogue_report)(const char *, int, const char *, void *);

int	catalogue_sync(const char *, catalogue_report, void *, int *);

#endif
