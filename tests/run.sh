#!/bin/sh
# Run every test layer and end with one line "N passed, N failed".
# Layers: unit + database tests (cmocka; plain and ASan/UBSan builds), a
# compile-time check of the escaping writer, each fuzz target for 10 s on
# its corpus, the house's rules (tests/tools/house.sh), integration tests
# against the real server (sandbox on, and chrooted as in production when
# root), and when PostgreSQL is installed the store's unit tests again
# with the store on it (tests/unit/tdb.c), its statements, moving a town
# onto it (tests/pg) and the integration tests again with the store on
# PostgreSQL, and the browser test in
# Debian's chromium. Run from the project root after
# `make all unit fuzz-build build/pg/pgprep` (make test does all four).
set -u
cd "$(dirname "$0")/.."
mkdir -p tests/out
passed=0
failed=0

count() {	# count LAYER PASSED FAILED [SKIPPED]
	printf '== %s: %s passed, %s failed%s\n' "$1" "$2" "$3" \
	    "${4:+, $4 skipped}"
	passed=$((passed + $2))
	failed=$((failed + $3))
}

# PostgreSQL (issue 18): Debian's postgresql package installed.
have_pg=0
if [ -x /usr/lib/postgresql/15/bin/pg_ctl ] || command -v pg_ctl >/dev/null
then
	have_pg=1
fi

# cmocka in TAP mode: one "ok"/"not ok" line per test; a skip() is
# "not ok N # SKIP", counted apart. A sanitizer report exits non-zero
# after the TAP lines: that counts as one more failure.
unit() {	# unit NAME OUT COMMAND...
	name=$1
	out=$2
	shift 2
	CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=detect_leaks=1 \
	    UBSAN_OPTIONS=print_stacktrace=1 "$@" > "$out" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$out")
	s=$(grep -c '^not ok .*# SKIP' "$out")
	f=$(($(grep -c '^not ok ' "$out") - s))
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	[ "$f" -ne 0 ] && cat "$out"
	[ "$s" -eq 0 ] && s=""
	count "$name" "$p" "$f" "$s"
}

for variant in test asan; do
	for t in $(make -s --no-print-directory unit-list); do
		# test_db_pg runs beside a throwaway PostgreSQL of its own.
		pg=""
		[ "$t" = test_db_pg ] && pg=tests/pg/with-pg.sh
		unit "unit $variant/$t" "tests/out/unit-$variant-$t.txt" \
		    $pg "build/$variant/$t"
	done
	# The store's tests again with the store on PostgreSQL, a
	# throwaway cluster each, a fresh database per test (tdb.c);
	# SQLite's own checks are skipped there, each saying why.
	[ $have_pg -eq 1 ] || continue
	for t in $(make -s --no-print-directory unit-pg-list); do
		unit "unit $variant/$t (postgresql)" \
		    "tests/out/unit-$variant-$t-pg.txt" tests/pg/with-pg.sh \
		    env YUJIANG_TEST_ENGINE=postgresql "build/$variant/$t"
	done
done

# html_lit() must refuse anything but a string literal.
# It must fail on the call itself, not on a header it could not find.
if ${CC:-cc} -fsyntax-only -Werror -Isrc/core tests/unit/html_lit_variable.c \
    > tests/out/html_lit.txt 2>&1; then
	echo "html_lit() accepted a variable"
	count "html_lit literal-only" 0 1
elif grep -q "html_lit(b, user_text)" tests/out/html_lit.txt; then
	count "html_lit literal-only" 1 0
else
	echo "html_lit_variable.c failed for another reason:"
	cat tests/out/html_lit.txt
	count "html_lit literal-only" 0 1
fi

layer() {	# layer NAME COMMAND...: its last "N passed, N failed" line
	name=$1
	shift
	out=tests/out/$(echo "$name" | tr ' /' '__').txt
	"$@" > "$out" 2>&1
	rc=$?
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
	if [ -z "$line" ]; then
		cat "$out"
		count "$name (no result line, exit $rc)" 0 1
		return
	fi
	p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	[ "$f" -ne 0 ] && cat "$out"
	count "$name" "$p" "$f"
}

layer house sh tests/tools/house.sh
layer fuzz tests/fuzz/run.sh 10
layer integration python3 tests/integration/run.py
# PostgreSQL (issue 18): the schema and every statement on a server the
# test starts itself, when Debian's postgresql package is installed.
if [ $have_pg -eq 1 ]; then
	layer "pg sql" python3 tests/pg/test_pg_sql.py
	layer "pg migrate" python3 tests/pg/test_migrate_to.py
	# The same integration tests with the store on PostgreSQL: one
	# cluster for the run, a database per test server (harness.py).
	layer "integration (postgresql)" env YUJIANG_TEST_ENGINE=postgresql \
	    python3 tests/integration/run.py
fi
layer upgrade python3 tests/upgrade/run.py
layer browser tests/browser/run.sh

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
