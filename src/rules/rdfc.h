/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * rdfc.h: RDF Dataset Canonicalization (W3C RDFC-1.0) of a Yujiang
 * credential and of a Data Integrity proof configuration, the
 * transformation the eddsa-rdfc-2022 cryptosuite signs. Not a JSON-LD
 * processor: it knows the one shape our credentials take, with the
 * term definitions of the contexts they name (assets/contexts/), and
 * refuses everything else.
 */
#ifndef YJ_RDFC_H
#define YJ_RDFC_H

#include <stddef.h>

#include <jansson.h>

#define RDFC_MAX_NQUADS	(64 * 1024)	/* bytes of N-Quads */

/*
 * The canonical N-Quads of doc (a credential without its proof, or a
 * proof configuration with the credential's @context): malloc'ed, free()
 * it; its length without the NUL to *len. NULL when doc has a key, a
 * type, a context or a value outside the shape rdfc.c knows, an IRI
 * that is not absolute, blank nodes RDFC-1.0 would need its n-degree
 * step to tell apart, or more than RDFC_MAX_NQUADS of output.
 */
char	*rdfc_canonical(json_t *doc, size_t *len);

#endif
