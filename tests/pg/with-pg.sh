#!/bin/sh
# Run a command beside a throwaway PostgreSQL 15: initdb + pg_ctl into a
# temporary directory (as the unprivileged user postgres when run as
# root), listening on its own unix socket there and on 127.0.0.1 at a
# free port; YUJIANG_TEST_PG is its URI while the command runs. The
# cluster and its directory are removed after. Exit: the command's.
#   tests/pg/with-pg.sh build/test/test_db_pg
set -eu
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$bin/initdb" ] || { echo "with-pg.sh: no $bin/initdb" \
    "(apt-get install postgresql)" >&2; exit 1; }
dir=$(mktemp -d /tmp/yj-pg.XXXXXX)
chmod 755 "$dir"
as=""
if [ "$(id -u)" -eq 0 ]; then
	chown postgres:postgres "$dir"
	as="runuser -u postgres --"
fi
port=$(python3 -c 'import socket; s = socket.socket(); '\
's.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop() {
	$as "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || :
	rm -rf "$dir"
}
trap stop EXIT INT TERM
$as "$bin/initdb" -D "$dir/data" -U yujiang -A trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
$as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
    "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
YUJIANG_TEST_PG="postgresql:///postgres?host=$dir&port=$port&user=yujiang"
export YUJIANG_TEST_PG
set +e
"$@"
rc=$?
set -e
exit $rc
