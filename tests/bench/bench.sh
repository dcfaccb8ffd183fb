#!/bin/sh
# Benchmark: Debian's wrk against the real server (2 workers, fresh data
# directory made by `yujiang-admin init`: the course catalogue, the demo
# people, their lineage and one run of each course; plus two apprentices
# to log in as). Prints figures; never passes or fails on time.
# Exit 0 unless the server fails to start or crashes (kore.log), or a
# route does not answer as it should before the load starts.
#
#   tests/bench/bench.sh            (make bench)
#
# Knobs (environment): BENCH_DURATION (seconds per route, default 5),
# BENCH_THREADS (2), BENCH_CONNS (32), BENCH_LOGIN_CONNS (4),
# BENCH_WORKERS (2). Total run time with the defaults: about 95 s.
#
# Every row of the table comes from the same run; "x hello" is the route's
# requests/s divided by /hello's (a constant answer that skips the
# dispatcher: the ceiling of kore + wrk on this machine). On a small
# machine wrk competes with the workers for the CPU, so compare ratios,
# not absolute numbers, across machines.
#
# The entry stage's target: the catalogue page (/courses, every course
# with its runs and seats) at >= CATALOGUE_TARGET x /hello's requests/s,
# printed as met or not (informative: it never changes the exit status).
#
# The training stage: the masters page (/masters), a master's page with
# their lineage (/masters/<id>, 王建平 of the demo data: three generations)
# and the lineage picture (/masters/<id>/lineage.png: drawn with libgd and
# FreeType on a task thread, then cached by each worker until the lineage
# changes; the row measures the cached answer, after a warm-up).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/browser/server.sh

DUR=${BENCH_DURATION:-5}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNS:-32}
# At most 4 logins of the one account in flight: the server counts every
# attempt as a failure until its password check succeeds, and refuses the
# 5th concurrent attempt on one account with 429 (the throttle).
LCONNS=${BENCH_LOGIN_CONNS:-4}
WORKERS=${BENCH_WORKERS:-2}
ACCOUNT=13900000000
ACCOUNT_BG=13900000001	# the login load behind /hello (see there)
CATALOGUE_TARGET=0.30

for tool in wrk curl kore python3; do
	command -v $tool >/dev/null 2>&1 ||
		{ echo "bench: $tool is missing (make deps installs it)"; exit 1; }
done
[ -x build/yujiang-admin ] && [ -f build/yujiang.so ] ||
	{ echo "bench: build/ is not built (run make)"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/yj-bench.XXXXXX")
bg=
cleanup() {
	[ -n "$bg" ] && kill "$bg" 2>/dev/null && wait "$bg" 2>/dev/null
	yj_stop
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
	echo "bench: $*"
	yj_stop
	if [ -n "$YJ_DATA" ] && [ -f "$YJ_DATA/kore.log" ]; then
		echo "---- kore.log (last 40 lines)"
		tail -n 40 "$YJ_DATA/kore.log"
	fi
	exit 1
}

# ---- server, user, session ------------------------------------------------
yj_start "$T/data" "$WORKERS" init || { echo "bench: the server did not start"; exit 1; }
B=$YJ_BASE
PASSWORD=$(python3 -c 'import secrets; print("bench-" + secrets.token_hex(8))')
for a in $ACCOUNT $ACCOUNT_BG; do
	printf '%s\n' "$PASSWORD" | build/yujiang-admin -d "$YJ_DATA" user add \
	    --name 测试 --account "$a" --role apprentice --track carver \
	    --password-stdin >"$T/useradd.log" 2>&1 ||
		{ cat "$T/useradd.log"; die "yujiang-admin user add failed"; }
done

# Anonymous CSRF (double submit): the yj_csrf cookie and the same value
# in X-CSRF-Token.
CSRF=$(curl -s -c "$T/jar" "$B/api/v1/csrf" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])') ||
	die "GET /api/v1/csrf did not answer JSON"
login_body() {	# login_body ACCOUNT: the JSON of a login with $PASSWORD
	python3 -c 'import json,sys; print(json.dumps({"account": sys.argv[1], "password": sys.argv[2]}))' \
	    "$1" "$PASSWORD"
}
BODY=$(login_body "$ACCOUNT")

login_curl() {	# one login; prints "status seconds", new session in $T/jar
	curl -s -o "$T/login.json" -b "$T/jar" -c "$T/jar" \
	    -w '%{http_code} %{time_total}\n' \
	    -H 'Content-Type: application/json' -H "X-CSRF-Token: $CSRF" \
	    --data-binary "$BODY" "$B/api/v1/login"
}
# Sequential logins, one at a time on an idle server: the cost of one.
# (Anonymous only: drop the session cookie before each one.)
: >"$T/single"
for i in 1 2 3 4 5; do
	sed -i '/yj_session/d' "$T/jar"
	r=$(login_curl)
	set -- $r
	[ "$1" = 200 ] || { cat "$T/login.json"; echo; die "login answered $1"; }
	echo "$2" >>"$T/single"
done
SESSION=$(awk '$6 == "yj_session" { print $7 }' "$T/jar")
[ -n "$SESSION" ] || die "login set no yj_session cookie"
COOKIE="yj_session=$SESSION"

# Every route must answer 200 (with the right content) before it is
# loaded: wrk counts a 303 to /login as a success.
check() {	# check PATH GREP [curl args]
	p=$1 want=$2; shift 2
	code=$(curl -s -o "$T/check" -w '%{http_code}' "$@" "$B$p")
	[ "$code" = 200 ] || die "GET $p answered $code, not 200"
	grep -q -- "$want" "$T/check" || die "GET $p does not contain $want"
}
check /hello '.'
check / '玉匠'
check /login 'login-submit'
check /healthz '"ok"'
check /api/v1/me "\"$ACCOUNT\"" -H "Cookie: $COOKIE"
check /me 'id="me-name"' -H "Cookie: $COOKIE"
check /assets/yujiang.css ':root'
# The entry stage: the catalogue must hold the courses and their demo runs
# (an empty catalogue would be fast and meaningless).
check /courses 'href="/courses/JB101"'
check /courses 'class="seats"'
check /courses/JB101 'id="course-title"'
check /courses/JB101 'id="run-[0-9]'
check /api/v1/courses '"code": *"JB101"'
check /api/v1/courses '"seats_left"'
curl -s -o "$T/check" "$B/courses"
NCOURSES=$(grep -o '<li class="card">' "$T/check" | wc -l)
[ "$NCOURSES" -ge 2 ] || die "/courses lists $NCOURSES courses"
# The training stage: the demo masters, 王建平's id (by name, from the
# JSON), his page with his lineage, and its picture: a real PNG, 720 px
# wide and a row per person of the page's list (src/tree.h).
MASTER_NAME=王建平
WANG=$(curl -s "$B/api/v1/masters" | python3 -c '
import json, sys
ids = [m["id"] for m in json.load(sys.stdin)["masters"] if m["name"] == sys.argv[1]]
print(ids[0] if len(ids) == 1 else "")' "$MASTER_NAME") ||
	die "GET /api/v1/masters did not answer JSON"
[ -n "$WANG" ] || die "/api/v1/masters does not list $MASTER_NAME once"
check /masters 'id="masters"'
check /masters "href=\"/masters/$WANG\"><strong>$MASTER_NAME</strong>"
NMASTERS=$(grep -o '<li class="card">' "$T/check" | wc -l)
[ "$NMASTERS" -ge 4 ] || die "/masters lists $NMASTERS masters"
check "/masters/$WANG" "id=\"master-name\">$MASTER_NAME<"
check "/masters/$WANG" "<img class=\"lineage\" alt=\"\" src=\"/masters/$WANG/lineage.png?v="
NLINEAGE=$(grep -o '<li class="gen"' "$T/check" | wc -l)
# The demo lineage: 王建平, 黄少明 and 陈国强, 何嘉欣 and 刘志远.
[ "$NLINEAGE" -ge 5 ] || die "/masters/$WANG lists $NLINEAGE people in the lineage"
check_png() {	# check_png PATH ROWS: a PNG 720 wide, a row per person
	r=$(curl -s -o "$T/check" -w '%{http_code} %{content_type} %{time_total}' "$B$1")
	set -- $r "$1" "$2"
	[ "$1" = 200 ] || die "GET $4 answered $1, not 200"
	[ "$2" = image/png ] || die "GET $4 is $2, not image/png"
	size=$(python3 -c '
import struct, sys
b = open(sys.argv[1], "rb").read()
if b[:8] != b"\x89PNG\r\n\x1a\n" or b[12:16] != b"IHDR":
    sys.exit(1)
w, h = struct.unpack(">II", b[16:24])
print(w, h, len(b))' "$T/check") || die "GET $4 is not a PNG"
	set -- $size "$3" "$4" "$5"
	[ "$1" = 720 ] && [ "$2" = $((72 + 52 * $6 + 24)) ] ||
		die "GET $5 is $1x$2, not 720x$((72 + 52 * $6 + 24)) ($6 rows)"
	PNG_BYTES=$3 PNG_SIZE="$1x$2" PNG_SECONDS=$4
}
# The first request draws the picture (a task thread) on the worker it
# reaches: its time is the cost of one drawing; the second is most likely
# a cached answer (the other worker draws its own on its first request).
check_png "/masters/$WANG/lineage.png" "$NLINEAGE"
PNG_FIRST=$PNG_SECONDS
check_png "/masters/$WANG/lineage.png" "$NLINEAGE"
PNG_SECOND=$PNG_SECONDS

# ---- wrk ------------------------------------------------------------------
# parse FILE -> "req/s p50_ms p99_ms non2xx3xx socket_errors requests"
parse() {
	awk '
	function ms(v) {
		if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
		if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
		if (v ~ /m$/)  return substr(v, 1, length(v) - 1) * 60000
		if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
		return v + 0
	}
	/^ +50%/ { p50 = ms($2) }
	/^ +99%/ { p99 = ms($2) }
	/requests in/ { n = $1 }
	/^Requests\/sec:/ { rps = $2 }
	/Non-2xx or 3xx responses:/ { bad = $NF }
	/Socket errors:/ {
		gsub(/,/, "")
		err = $4 + $6 + $8 + $10
	}
	END { printf "%s %.3f %.3f %d %d %d\n", rps + 0, p50, p99, bad, err, n }
	' "$1"
}

run() {	# run NAME PATH [wrk args]: wrk output in $T/wrk.NAME
	name=$1 p=$2; shift 2
	wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --latency "$@" "$B$p" \
	    >"$T/wrk.$name" 2>&1 || { cat "$T/wrk.$name"; die "wrk failed on $p"; }
	kill -0 "$YJ_LAUNCH" 2>/dev/null || die "the server died during $p"
}

echo "Yujiang bench: $(nproc) CPUs, $WORKERS workers, wrk -t$THREADS -c$CONNS -d${DUR}s, $B"
echo "$(kore -v 2>&1 | head -n 1); $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Warm up (page cache, SQLite caches, TCP) so the first row is not penalised.
wrk -t1 -c4 -d1s "$B/hello" >/dev/null 2>&1
wrk -t1 -c4 -d1s -H "Cookie: $COOKIE" "$B/me" >/dev/null 2>&1
# ... and every worker has drawn and cached the lineage picture.
wrk -t1 -c4 -d1s "$B/masters/$WANG/lineage.png" >/dev/null 2>&1

ROUTES="hello:/hello home:/ login_form:/login healthz:/healthz api_me:/api/v1/me me:/me css:/assets/yujiang.css courses:/courses course:/courses/JB101 api_courses:/api/v1/courses masters:/masters master:/masters/$WANG lineage_png:/masters/$WANG/lineage.png"
for r in $ROUTES; do
	name=${r%%:*} p=${r#*:}
	case $name in
	api_me|me) run "$name" "$p" -H "Cookie: $COOKIE" ;;
	*) run "$name" "$p" ;;
	esac
done

# ---- login: Argon2id on a Kore task thread ----------------------------------
# Each request is an anonymous JSON login with the right password; each
# one verifies an Argon2id hash (64 MiB, CPU-bound) and creates a session.
# A success clears the attempts counted for the account, so with fewer
# than 5 connections the throttle never trips. The Lua script counts the
# statuses (429 would mean it did).
#
# But when wrk stops it hangs up on the logins still in flight (up to
# one per connection): those attempts stay counted as failures for the
# throttle's window (15 minutes), their success never taken back. A second
# load on the same account right after would start with them and be
# refused with 429 at once, thousands of times a second. So the load
# behind /hello logs in to an account of its own ($ACCOUNT_BG).
login_lua() {	# login_lua FILE ACCOUNT
	cat >"$1" <<LUA
wrk.method = "POST"
wrk.body = [[$(login_body "$2")]]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = "yj_csrf=$CSRF"
wrk.headers["X-CSRF-Token"] = "$CSRF"
local threads = {}
function setup(thread) table.insert(threads, thread) end
s200 = 0; s429 = 0; s503 = 0; sother = 0
function response(status, headers, body)
	if status == 200 then s200 = s200 + 1
	elseif status == 429 then s429 = s429 + 1
	elseif status == 503 then s503 = s503 + 1
	else sother = sother + 1 end
end
function done(summary, latency, requests)
	local a, b, c, d = 0, 0, 0, 0
	for _, t in ipairs(threads) do
		a = a + t:get("s200"); b = b + t:get("s429")
		c = c + t:get("s503"); d = d + t:get("sother")
	end
	io.write(string.format("statuses: 200=%d 429=%d 503=%d other=%d\n", a, b, c, d))
end
LUA
}
login_lua "$T/login.lua" "$ACCOUNT"
login_lua "$T/login_bg.lua" "$ACCOUNT_BG"
LT=$THREADS
[ "$LCONNS" -lt "$LT" ] && LT=$LCONNS
wrk -t"$LT" -c"$LCONNS" -d"${DUR}s" --latency --timeout 10s -s "$T/login.lua" \
    "$B/api/v1/login" >"$T/wrk.login" 2>&1 || { cat "$T/wrk.login"; die "wrk failed on login"; }
kill -0 "$YJ_LAUNCH" 2>/dev/null || die "the server died during the login load"

# /hello while logins run: the login load starts first and outlasts it.
wrk -t"$LT" -c"$LCONNS" -d"$((DUR + 2))s" --latency --timeout 10s \
    -s "$T/login_bg.lua" "$B/api/v1/login" >"$T/wrk.login_bg" 2>&1 &
bg=$!
sleep 1
run hello_busy /hello
wait "$bg"
bg=

# A session made by the loads still works (the store kept up).
check /api/v1/me "\"$ACCOUNT\"" -H "Cookie: $COOKIE"

# ---- report ---------------------------------------------------------------
set -- $(parse "$T/wrk.hello")
BASE_RPS=$1
echo
printf '%-22s %11s %10s %10s %8s %8s %7s\n' route 'req/s' 'p50 ms' 'p99 ms' 'x hello' 'non-2xx' 'errors'
for r in $ROUTES; do
	name=${r%%:*} p=${r#*:}
	case $name in api_me|me) label="$p (cookie)" ;; *) label=$p ;; esac
	set -- $(parse "$T/wrk.$name")
	printf '%-22s %11.0f %10.3f %10.3f %8.3f %8d %7d\n' "$label" "$1" "$2" "$3" \
	    "$(awk -v a="$1" -v b="$BASE_RPS" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')" \
	    "$4" "$5"
done

# The entry stage's target (informative only).
set -- $(parse "$T/wrk.courses")
awk -v a="$1" -v b="$BASE_RPS" -v t="$CATALOGUE_TARGET" -v n="$NCOURSES" 'BEGIN {
	r = (b > 0 ? a / b : 0)
	printf "\nCatalogue page /courses (%d courses with their runs): %.0f req/s = %.3f x /hello (%.0f req/s); target >= %.2f x: %s\n",
	    n, a, r, b, t, (r >= t ? "met" : "NOT met")
}'

echo
echo "Training stage ($NMASTERS masters; $MASTER_NAME's lineage: $NLINEAGE people, picture $PNG_SIZE, $PNG_BYTES bytes):"
for r in masters:/masters master:/masters/$WANG lineage_png:/masters/$WANG/lineage.png; do
	name=${r%%:*} p=${r#*:}
	set -- $(parse "$T/wrk.$name")
	awk -v p="$p" -v a="$1" -v b="$BASE_RPS" -v p99="$3" 'BEGIN {
		printf "  %-24s %7.0f req/s = %.3f x /hello, p99 %.3f ms\n", p, a,
		    (b > 0 ? a / b : 0), p99
	}'
done
awk -v f="$PNG_FIRST" -v s="$PNG_SECOND" 'BEGIN {
	printf "  the picture by curl before the load: first request (drawn) %.1f ms, second %.1f ms\n",
	    f * 1000, s * 1000
}'

echo
echo "Login (POST /api/v1/login, Argon2id on a task thread):"
sort -n "$T/single" | awk '{ t[NR] = $1 * 1000 }
	END { printf "  one at a time (curl, %d logins): min %.1f ms, median %.1f ms, max %.1f ms\n",
	    NR, t[1], t[int((NR + 1) / 2)], t[NR] }'
set -- $(parse "$T/wrk.login")
printf '  under load (wrk -t%s -c%s -d%ss): %.1f logins/s, p50 %.1f ms, p99 %.1f ms, non-2xx %d, socket errors %d\n' \
    "$LT" "$LCONNS" "$DUR" "$1" "$2" "$3" "$4" "$5"
printf '  %s\n' "$(grep '^statuses:' "$T/wrk.login")"
set -- $(parse "$T/wrk.hello")
h_rps=$1 h_p50=$2 h_p99=$3
set -- $(parse "$T/wrk.hello_busy")
printf '\n/hello alone:              %9.0f req/s, p50 %7.3f ms, p99 %7.3f ms\n' "$h_rps" "$h_p50" "$h_p99"
printf '/hello during login load: %9.0f req/s, p50 %7.3f ms, p99 %7.3f ms (non-2xx %d, errors %d)\n' \
    "$1" "$2" "$3" "$4" "$5"
set -- $(parse "$T/wrk.login_bg")
printf '  (the login load meanwhile: %.1f logins/s, p99 %.1f ms; %s)\n' "$1" "$3" \
    "$(grep '^statuses:' "$T/wrk.login_bg" | sed 's/^statuses: //')"

echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine skews the figures)"

# ---- the server must still be healthy and have logged no crash ------------
yj_stop
if bad=$(yj_log_bad); then
	echo
	echo "bench: the server crashed or misbehaved; kore.log says:"
	echo "$bad"
	exit 1
fi
echo
echo "server log clean (no sandbox violation, no worker exit)"
exit 0
