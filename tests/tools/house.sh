#!/bin/sh
# The house's rules (issue 17), checked on the built tree: no two objects
# call each other (mutual.py), every exported function's prefix follows its
# file (prefixes.py), no source file over 1,200 lines, and no wrapper of the
# store names the engine (only db.c, schema.c, db_backup.c, db_bench.c and
# db_sqlite.h may say sqlite3). Run after `make all`. Ends with one line
# "N passed, N failed".
cd "$(dirname "$0")/../.."
passed=0
failed=0

check() {	# check NAME COMMAND...: passes when COMMAND exits 0
	name=$1
	shift
	if out=$("$@" 2>&1); then
		echo "ok   $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name"
		echo "$out" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

long_files() {
	find src -name '*.[ch]' -exec wc -l {} + | awk \
	    '$2 != "total" && $1 > 1200 { print; bad = 1 } END { exit bad }'
}

engine_names() {
	grep -ln 'sqlite3\|SQLITE_' src/store/*.c src/store/*.h src/*/*.c \
	    src/*.c | grep -v -e '^src/store/db\.c$' -e '^src/store/schema\.c$' \
	    -e '^src/store/db_backup\.c$' -e '^src/store/db_bench\.c$' \
	    -e '^src/store/db_sqlite\.h$' -e '^src/store/schema_pg\.c$' \
	    -e '^src/store/db_migrate\.c$' \
	    -e '^src/store/db_migrate_copy\.c$' -e '^src/store/db_migrate_int\.h$'
	[ $? -ne 0 ]
}

check "no two objects call each other" python3 tests/tools/mutual.py build
check "function prefixes follow their file" python3 tests/tools/prefixes.py build
check "no source file over 1,200 lines" long_files
check "only the engine's files name SQLite" engine_names

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
