#!/bin/sh
# Build yujiang-admin of the last tree at each earlier schema version.
# Usage: tests/upgrade/build-old.sh  (from the project root). Prints, one
# a line, "N COMMIT STATUS" where STATUS is ok or skip:REASON. Sources
# are taken with git archive (no worktree metadata) into
# tests/out/upgrade/COMMIT/src-tree and built there once; a later run
# reuses the binary.
#
# The tree at version N is the first-parent predecessor of the commit
# that first had N + 1 migrations (the newest tree still at N), found by
# counting the entries of migrations[] along --first-parent (in src/db.c
# until the tree was put in folders, then src/store/db.c, then
# src/store/schema.c: MIGRATION_FILES, newest first; since schema.c was
# split by era, its entries are in the schema_v*.h files it includes
# inside migrations[]: MIGRATION_PARTS).
set -u
cd "$(dirname "$0")/../.."
out=tests/out/upgrade
mkdir -p "$out"

MIGRATION_FILES="src/store/schema.c src/store/db.c src/db.c"
MIGRATION_PARTS="src/store/schema_v*.h"

show() {	# show FILE [COMMIT]: the file, of the work tree or of COMMIT
	if [ $# -eq 1 ]; then
		cat "$1" 2>/dev/null
	else
		git show "$2:$1" 2>/dev/null
	fi
}

# migrations_text [COMMIT]: the file with migrations[], each of its
# #include "schema_*.h" lines replaced by that file (of the same folder).
migrations_text() {
	for f in $MIGRATION_FILES; do
		show "$f" "$@" | grep -q 'migrations\[\] = {' || continue
		show "$f" "$@" | while IFS= read -r line; do
			case $line in
			'#include "schema_'*'.h"'*)
				part=${line#*\"}
				show "${f%/*}/${part%%\"*}" "$@"
				;;
			*)
				printf '%s\n' "$line"
				;;
			esac
		done
		return
	done
}

count_migrations() {	# count_migrations [COMMIT]: of the work tree if none
	migrations_text "$@" |
	    awk '/migrations\[\] = \{/ { f = 1; next } f && /^\};/ { f = 0 } f' |
	    grep -cE '",[[:space:]]*$'
}

# Oldest first: "COMMIT N" for every first-parent commit that touched
# the migrations.
git log --first-parent --reverse --format=%H -- $MIGRATION_FILES \
    "$MIGRATION_PARTS" |
while read -r c; do
	echo "$c $(count_migrations "$c")"
done > "$out/history.txt"

build() {	# build COMMIT: 0 when its yujiang-admin exists or was built
	dir=$out/$1
	[ -x "$dir/src-tree/build/yujiang-admin" ] && return 0
	[ -f "$dir/build.failed" ] && return 1
	rm -rf "$dir"
	mkdir -p "$dir/src-tree"
	git archive "$1" | tar -x -C "$dir/src-tree"
	# -O0 and no -Werror: the old code as it was, compiled quickly.
	flags="-std=c11 -D_GNU_SOURCE -fPIC -O0 -g \
	    $(cat /usr/share/kore/features 2>/dev/null) \
	    $(pkg-config --cflags pangocairo pangoft2 fontconfig 2>/dev/null |
	    sed 's/-I/-isystem /g')"
	if (cd "$dir/src-tree" && make -j2 CFLAGS="$flags" build/yujiang-admin) \
	    > "$dir/build.log" 2>&1; then
		return 0
	fi
	touch "$dir/build.failed"
	return 1
}

# Today's version is the work tree's: a migration being written makes
# HEAD's tree (committed, at today's - 1) one of the versions tested.
cur=$(count_migrations)
# For N from 1 to cur - 1: the first commit with more than N migrations.
n=1
while [ "$n" -lt "$cur" ]; do
	bump=$(awk -v n="$n" '$2 > n { print $1; exit }' "$out/history.txt")
	if [ -z "$bump" ] && [ "$(count_migrations HEAD)" = "$n" ]; then
		bump=HEAD~0	# HEAD^1 below would be HEAD's parent
	fi
	if [ -z "$bump" ]; then
		echo "$n - skip:no-commit-found"
		n=$((n + 1))
		continue
	fi
	# The newest tree at N first; when a commit of the time does not
	# build (a file left out of it), the next older one at N.
	if [ "$bump" = HEAD~0 ]; then
		first=$(git rev-parse HEAD)
	else
		first=$(git rev-parse "$bump^1")
	fi
	cands="$first $(awk -v n="$n" '$2 == n { print $1 }' \
	    "$out/history.txt" | tac)"
	why=""
	ok=""
	for c in $cands; do
		have=$(count_migrations "$c")
		if [ "$have" != "$n" ]; then
			why="$why ${c%${c#????????}}:has-$have-migrations"
			continue
		fi
		if build "$c"; then
			ok=$c
			break
		fi
		why="$why ${c%${c#????????}}:$(grep -m1 -E 'error:|\*\*\*' \
		    "$out/$c/build.log" | tr ' ' '_' | cut -c1-60)"
	done
	if [ -z "$ok" ]; then
		echo "$n - skip:$why"
	else
		echo "$n $ok ok${why:+ (not built:$why)}"
	fi
	n=$((n + 1))
done
