#!/bin/sh
# Write DATA/kore.conf for one Yujiang instance and print its path.
# usage: conf/mkconf.sh DATA PORT WORKERS [restart|terminate]
# Run from the project directory; `make run` and the tests both use it.
set -eu
umask 077	# the data directory is the server's user's alone
[ $# -ge 3 ] || { echo "usage: $0 DATA PORT WORKERS [restart|terminate]" >&2; exit 2; }
data=$1 port=$2 workers=$3 policy=${4:-restart}
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$data"
data=$(cd "$data" && pwd)
cat > "$data/kore.conf" <<CONF
# Written by conf/mkconf.sh; edit that script, not this file.
server web {
	bind	127.0.0.1 $port
	tls	no
}
load			$top/build/yujiang.so
root			$data
workers			$workers
pidfile			$data/kore.pid
worker_death_policy	$policy
include			$top/conf/common.conf
CONF
echo "$data/kore.conf"
