#!/bin/sh
# The town-scale benchmark (issue #16): the same routes on the demo data
# and on the 100,000-person data set (build/bench-data, made by
# `yujiang-admin bench-data` once and reused while its generator version
# is unchanged), with wrk; prints, side by side, each route's requests/s
# divided by /hello's in the same run (the ratio: compare ratios, not
# requests/s, across machines), the single-request latency of the staff
# pages (median of BENCH_STAFF_N curl requests, ms), and each worker's
# RSS (VmRSS) idle, under the read load and during a certificate batch.
# Prints figures; never passes or fails on time. Exit 0 unless a server
# does not start, a route does not answer 200, or kore.log shows a crash.
#
#   tests/bench/scale.sh            (make bench runs it after bench.sh)
#   tests/bench/scale.sh --data-only     only make the data set (make bench-data)
#   BENCH_QUICK=1 tests/bench/scale.sh    a 5,000-person set, 2 s a route,
#                                         a batch of 100: to try it
#
# Knobs: BENCH_DURATION (seconds per route, 5), BENCH_CONNS (50),
# BENCH_THREADS (2), BENCH_WORKERS (2), BENCH_BATCH (1000),
# BENCH_STAFF_N (20), BENCH_PEOPLE (100000), BENCH_DATA (build/bench-data);
# BENCH_BATCH=0 leaves the batch out.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/browser/server.sh

if [ "${BENCH_QUICK:-0}" = 1 ]; then
	DUR=${BENCH_DURATION:-2} PEOPLE=${BENCH_PEOPLE:-5000}
	NBATCH=${BENCH_BATCH:-100} STAFF_N=${BENCH_STAFF_N:-5}
	SET=${BENCH_DATA:-build/bench-data-quick}
else
	DUR=${BENCH_DURATION:-5} PEOPLE=${BENCH_PEOPLE:-100000}
	NBATCH=${BENCH_BATCH:-1000} STAFF_N=${BENCH_STAFF_N:-20}
	SET=${BENCH_DATA:-build/bench-data}
fi
CONNS=${BENCH_CONNS:-50}
THREADS=${BENCH_THREADS:-2}
WORKERS=${BENCH_WORKERS:-2}
# The data set's origin: its QR codes' address (any: nothing here scans).
ORIGIN=http://127.0.0.1:8888

for tool in wrk curl kore python3 sqlite3; do
	command -v $tool >/dev/null 2>&1 ||
		{ echo "bench: $tool is missing (make deps installs it)"; exit 1; }
done
[ -x build/yujiang-admin ] && [ -f build/yujiang.so ] ||
	{ echo "bench: build/ is not built (run make)"; exit 1; }

# ---- the town's data set, made once -----------------------------------------
VERSION=$(sed -n 's/^#define BENCH_DATA_VERSION[[:space:]]*//p' src/store/dbbench.h)
if [ "$(cat "$SET/bench-version" 2>/dev/null)" != "$VERSION $PEOPLE" ]; then
	echo "bench: making $SET ($PEOPLE people; once, reused while generator version $VERSION)"
	rm -rf "$SET"
	YUJIANG_PUBLIC_URL=$ORIGIN build/yujiang-admin bench-data "$SET" "$PEOPLE" \
	    >"$SET.log" 2>&1 || { tail -20 "$SET.log"; echo "bench: bench-data failed"; exit 1; }
	grep '^bench-data:' "$SET.log"
else
	echo "bench: reusing $SET ($(cat "$SET/bench-version"))"
fi

[ "${1:-}" = --data-only ] && exit 0	# make bench-data

T=$(mktemp -d "${TMPDIR:-/tmp}/yj-scale.XXXXXX")
cleanup() {
	yj_stop
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
	echo "bench: $*"
	yj_stop
	[ -n "$YJ_DATA" ] && [ -f "$YJ_DATA/kore.log" ] && tail -n 40 "$YJ_DATA/kore.log"
	exit 1
}

# The staff client, from bench.sh (one copy).
for f in yj; do
	awk -v f="$f" '$0 == "cat >\"$T/" f ".py\" <<'"'"'PY'"'"'" { on = 1; next }
	    on && $0 == "PY" { exit } on { print }' tests/bench/bench.sh >"$T/$f.py"
	[ -s "$T/$f.py" ] || { echo "bench: no $f.py in tests/bench/bench.sh"; exit 1; }
done

# A run of N graduates (roster import, register, results: the server's
# own paths), their accounts proved and identities checked (written
# straight into the test's database: the benchmark's fixture, as a
# station's staff would have done one by one), then one POST issues
# their certificates and the server draws them; until done.
cat >"$T/batch.py" <<'PY'
import datetime, subprocess, sys, time
base, data, here, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, here)
from yj import Client, die
day = lambda o: (datetime.datetime.now(datetime.timezone(
    datetime.timedelta(hours=8))) + datetime.timedelta(days=o)).strftime("%Y-%m-%d")
c = Client(base).staff(data)
sessions = c.json("GET", "/api/v1/courses/JB101")["sessions"]
run = c.json("POST", "/api/v1/courses/JB101/runs", {
    "starts": day(4), "ends": day(65), "capacity": n}, want=(201,))["run"]["id"]
lines = ["姓名,手机号或邮箱,方向,学校"] + ["批量%s,136%08d,玉雕,平洲职业技术学校" % (
    "甲乙丙丁戊己庚辛壬癸"[i % 10] + "子丑寅卯辰巳午未申酉戌亥"[i // 10 % 12],
    60000000 + i) for i in range(n)]
r = c.json("POST", "/api/v1/roster", {"run": run, "mode": "all",
           "csv": "\r\n".join(lines) + "\r\n"}, want=(201,))
ids = [x["user"] for x in c.json("GET", "/api/v1/runs/%d" % run)["roster"]
       if x["status"] == "enrolled"]
if len(ids) != n:
    die("run %d has %d enrolled, not %d" % (run, len(ids), n))
sql = "BEGIN;" + "".join(
    "UPDATE users SET verified = 1 WHERE id = %d;"
    "INSERT INTO identity_checks (user, doc_type, last4, doc_hash, name, "
    "checked_by, checked) SELECT id, 'resident_id', '0000', printf('%%064x', "
    "%d + 7000000000), name, 1, 1 FROM users WHERE id = %d;" % (u, u, u)
    for u in ids) + "COMMIT;"
subprocess.run(["sqlite3", "-cmd", ".timeout 10000", data + "/yujiang.db"],
               input=sql.encode(), check=True)
for s in range(1, sessions + 1):
    c.json("POST", "/api/v1/runs/%d/attendance" % run, {"session": s, "present": ids})
for k, uid in enumerate(ids):
    c.json("POST", "/api/v1/runs/%d/result" % run, {"user": uid, "score": 60 + k % 41})
t0 = time.monotonic()
r = c.json("POST", "/api/v1/runs/%d/certificates" % run, {"lang": "zh"}, want=(202,))
b = r["batch"]
if r.get("issued") != n:
    die("the batch issued %r, not %d" % (r.get("issued"), n))
while b["status"] != "done":
    if time.monotonic() - t0 > 900:
        die("batch %d not done after 900 s" % b["id"])
    time.sleep(0.05)
    b = c.json("GET", "/api/v1/batches/%d" % b["id"])["batch"]
if not (b["done"] == n and b["failed"] == 0):
    die("batch %d: done %d, failed %d" % (b["id"], b["done"], b["failed"]))
print("  batch %d: %d certificates issued and drawn in %.2f s" % (
    b["id"], n, time.monotonic() - t0))
PY

# wrk: a random code of a file for each request.
cat >"$T/random.lua" <<'LUA'
local codes = {}
local prefix = os.getenv("YJ_PREFIX")
for line in io.lines(os.getenv("YJ_CODES")) do
	if #line > 0 then codes[#codes + 1] = line end
end
math.randomseed(16)
request = function()
	return wrk.format("GET", prefix .. codes[math.random(#codes)])
end
LUA

# wrk's summary as "req/s p50_ms p99_ms non2xx errors".
parse() {
	awk '
	function ms(v) {
		if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
		if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
		if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
		return v + 0
	}
	/^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
	/Requests\/sec:/ { rps = $2 }
	/Non-2xx or 3xx responses:/ { non = $5 }
	/Socket errors:/ { err = $4 + $6 + $8 + $10; gsub(/,/, "", err) }
	END { printf "%s %s %s %d %d\n", rps + 0, p50 + 0, p99 + 0, non + 0, err + 0 }' "$1"
}

# Each worker's VmRSS in MB: "wrk0=12.3 wrk1=14.0".
rss() {
	parent=$(cat "$YJ_DATA/kore.pid" 2>/dev/null) || return
	for p in $(ps -o pid= --ppid "$parent"); do
		name=$(tr '\0' ' ' </proc/$p/cmdline 2>/dev/null | sed 's/ *$//')
		case $name in *wrk*) ;; *) continue ;; esac
		kb=$(awk '/^VmRSS:/ { print $2 }' /proc/$p/status 2>/dev/null)
		printf '%s=%.1f ' "$(echo "$name" | tr -dc 'a-z0-9')" "$(awk -v k="${kb:-0}" 'BEGIN { print k / 1024 }')"
	done
}

# bench_set NAME DIR CODES: measure one data set; results in $T/NAME.*
bench_set() {
	name=$1 dir=$2 codes=$3
	yj_start "$dir" "$WORKERS" migrate || die "the server did not start on $name"
	B=$YJ_BASE
	echo "$(rss)" >"$T/$name.rss_idle"
	c1=$(head -1 "$codes")
	for p in /hello /v/$c1 /api/v1/verify/$c1 /courses /api/v1/courses \
	    /api/v1/competitions/1/results /competitions/1/results; do
		code=$(curl -s -o /dev/null -w '%{http_code}' "$B$p")
		[ "$code" = 200 ] || die "$name: GET $p answered $code"
	done
	run() {	# run KEY PATH [random-prefix]
		if [ $# -eq 3 ]; then
			YJ_CODES=$codes YJ_PREFIX=$3 wrk -t"$THREADS" -c"$CONNS" \
			    -d"${DUR}s" --latency -s "$T/random.lua" "$B" >"$T/$name.$1" 2>&1
		else
			wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --latency "$B$2" \
			    >"$T/$name.$1" 2>&1
		fi
	}
	run hello /hello
	run verify /v/ /v/ &
	w=$!
	sleep $((DUR / 2 + 1))
	echo "$(rss)" >"$T/$name.rss_load"
	wait $w
	run api_verify /api/v1/verify/ /api/v1/verify/
	run courses /courses
	run api_courses /api/v1/courses
	run results /competitions/1/results
	run api_results /api/v1/competitions/1/results
	run hello2 /hello
	# The staff pages, one request at a time (session of the demo's staff).
	python3 - "$B" "$dir" "$T" >"$T/$name.cookie" <<'PY' || die "$name: staff login failed"
import sys
sys.path.insert(0, sys.argv[3])
from yj import Client
c = Client(sys.argv[1]).staff(sys.argv[2])
print("yj_session=%s" % c.cookies["yj_session"])
PY
	: >"$T/$name.staff"
	for p in /certs /staff/dashboard /api/v1/dashboard \
	    /staff/dashboard/certificates.csv /staff/dashboard/certificates.png; do
		i=0
		: >"$T/times"
		while [ $i -lt "$STAFF_N" ]; do
			r=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' \
			    -H "Cookie: $(cat "$T/$name.cookie")" "$B$p")
			set -- $r
			[ "$1" = 200 ] || die "$name: GET $p (staff) answered $1"
			echo "$2" >>"$T/times"
			i=$((i + 1))
		done
		echo "$p $(sort -n "$T/times" | awk '{ t[NR] = $1 * 1000 }
		    END { printf "%.1f", t[int((NR + 1) / 2)] }')" >>"$T/$name.staff"
	done
	# A batch of NBATCH certificates; RSS sampled while it is drawn.
	if [ "$NBATCH" -eq 0 ]; then
		echo "(no batch: BENCH_BATCH=0)" >"$T/$name.rss_batch"
		: >"$T/$name.batch"
		yj_stop
		bad=$(yj_log_bad) && die "$name: kore.log: $bad"
		return 0
	fi
	python3 "$T/batch.py" "$B" "$dir" "$T" "$NBATCH" >"$T/$name.batch" 2>&1 &
	b=$!
	: >"$T/$name.rss_samples"
	while kill -0 $b 2>/dev/null; do
		echo "$(rss)" >>"$T/$name.rss_samples"
		sleep 0.5
	done
	wait $b || { cat "$T/$name.batch"; die "$name: the batch failed"; }
	# The peak of each worker over the samples (the roster, the
	# results, the issue and the drawing).
	tr ' ' '\n' <"$T/$name.rss_samples" | awk -F= 'NF == 2 {
		if (!($1 in m) || $2 > m[$1]) m[$1] = $2 }
		END { for (k in m) printf "%s=%.1f (peak) ", k, m[k] }' >"$T/$name.rss_batch"
	yj_stop
	bad=$(yj_log_bad) && die "$name: kore.log: $bad"
}

# ---- the demo data ----------------------------------------------------------
mkdir -p "$T/demo"
YUJIANG_PUBLIC_URL=$ORIGIN build/yujiang-admin -d "$T/demo" init >"$T/demo.init" 2>&1 ||
	{ cat "$T/demo.init"; die "init failed"; }
sqlite3 "$T/demo/yujiang.db" "SELECT code FROM certificates WHERE batch IS NOT NULL" >"$T/demo.codes"
bench_set demo "$T/demo" "$T/demo.codes"

# ---- the town (a copy: the server writes to it) ------------------------------
cp -a "$SET/." "$T/town"	# the files, even when SET is a link
bench_set town "$T/town" "$T/town/bench-codes.txt"

# ---- report ------------------------------------------------------------------
npeople=$(sqlite3 "$SET/yujiang.db" "SELECT count(*) FROM users")
ncerts=$(sqlite3 "$SET/yujiang.db" "SELECT count(*) FROM certificates")
echo
echo "Town scale (issue #16): demo data vs $npeople people, $ncerts certificates; wrk -t$THREADS -c$CONNS -d${DUR}s; x hello = req/s / /hello's (mean of its runs at the start and the end), same run"
printf '%-34s %9s %8s %9s %8s %8s\n' route 'demo r/s' 'x hello' 'town r/s' 'x hello' 'change'
for k in verify api_verify courses api_courses results api_results; do
	case $k in
	hello) l=/hello ;; verify) l="/v/<random code>" ;;
	api_verify) l="/api/v1/verify/<random code>" ;; courses) l=/courses ;;
	api_courses) l=/api/v1/courses ;; results) l=/competitions/1/results ;;
	api_results) l=/api/v1/competitions/1/results ;;
	esac
	# /hello at the start and the end, averaged: the machine's load moves.
	set -- $(parse "$T/demo.$k") ; d=$1 dn=$4
	set -- $(parse "$T/demo.hello") $(parse "$T/demo.hello2")
	dh=$(awk -v a="$1" -v b="$6" 'BEGIN { print (a + b) / 2 }')
	set -- $(parse "$T/town.$k") ; t=$1 tn=$4
	set -- $(parse "$T/town.hello") $(parse "$T/town.hello2")
	th=$(awk -v a="$1" -v b="$6" 'BEGIN { print (a + b) / 2 }')
	awk -v l="$l" -v d="$d" -v dh="$dh" -v t="$t" -v th="$th" -v n=$((dn + tn)) 'BEGIN {
		rd = dh > 0 ? d / dh : 0; rt = th > 0 ? t / th : 0
		printf "%-34s %9.0f %8.3f %9.0f %8.3f %+7.0f%%%s\n", l, d, rd, t, rt,
		    (rd > 0 ? (rt / rd - 1) * 100 : 0), (n > 0 ? "  (" n " non-2xx)" : "")
	}'
done
for s in demo town; do
	set -- $(parse "$T/$s.hello"); a=$1
	set -- $(parse "$T/$s.hello2")
	echo "  $s: /hello at the start $a req/s, at the end $1 req/s"
done
echo
echo "Twins (x hello of the JSON / x hello of the page; item 4: within 20 %):"
for s in demo town; do
	set -- $(parse "$T/$s.api_verify"); a=$1
	set -- $(parse "$T/$s.verify"); b=$1
	set -- $(parse "$T/$s.api_results"); c=$1
	set -- $(parse "$T/$s.results"); d=$1
	awk -v s=$s -v a="$a" -v b="$b" -v c="$c" -v d="$d" 'BEGIN {
		printf "  %-5s verify JSON/page %.2f, results JSON/page %.2f\n", s,
		    (b > 0 ? a / b : 0), (d > 0 ? c / d : 0) }'
done
echo
echo "Staff pages, one request at a time (median of $STAFF_N, ms):"
printf '  %-40s %8s %8s\n' page demo town
paste "$T/demo.staff" "$T/town.staff" | awk '{ printf "  %-40s %8s %8s\n", $1, $2, $4 }'
echo
echo "Worker RSS (VmRSS, MB):"
for s in demo town; do
	echo "  $s: idle: $(cat "$T/$s.rss_idle")"
	echo "  $s: under the /v/ read load: $(cat "$T/$s.rss_load")"
	echo "  $s: during a batch of $NBATCH certificates: $(cat "$T/$s.rss_batch")"
	sed -n 's/^  batch/    batch/p' "$T/$s.batch"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine skews the figures)"
echo "server logs clean (no sandbox violation, no worker exit)"
exit 0
