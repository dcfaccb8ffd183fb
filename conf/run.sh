#!/bin/sh
# Start a development server on DATA and PORT, in the foreground: what
# `make run` does (and tests/integration/test_files.py, the same way).
# Started as root, it runs like production: the workers as the system
# user yujiang (made if missing, no home, no shell), each chrooted into
# DATA; started as anyone else, as that user, unchrooted (kore -n -r).
# usage: conf/run.sh DATA PORT WORKERS
set -eu
[ $# -eq 3 ] || { echo "usage: $0 DATA PORT WORKERS" >&2; exit 2; }
data=$1 port=$2 workers=$3
cd "$(dirname "$0")/.."
build/yujiang-admin -d "$data" init
conf=$(conf/mkconf.sh "$data" "$port" "$workers")
flags=-fnr
if [ "$(id -u)" -eq 0 ]; then
	user=yujiang
	id -u "$user" >/dev/null 2>&1 || useradd --system --no-create-home \
	    --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
	printf 'runas\t\t\t%s\n' "$user" >> "$conf"
	flags=-f
fi
echo "serving http://127.0.0.1:$port/ (Ctrl-C stops)"
exec stdbuf -oL kore -c "$conf" $flags
