#!/bin/sh
# Browser tests: start a fresh real server (2 workers) on a data directory
# made by `yujiang-admin init` (the catalogue, the demo people and one run
# of each course; logins in $YJ_DATA/demo-accounts.txt), run every
# tests/browser/*.mjs against it in Debian's chromium, stop the server,
# check its log. Screenshots: tests/out/browser/. Arguments name the
# files to run instead (tests/browser/run.sh tests/browser/keyboard.mjs).
# The last line is always "N passed, N failed" (N counts browser test
# cases); the exit status is non-zero when anything failed.
#
# A missing chromium or playwright-core is a failure, not a skip: `make
# deps` installs both. Run from anywhere: tests/browser/run.sh
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/browser/server.sh

CHROMIUM=/usr/bin/chromium
FILES=${*:-$(echo tests/browser/*.mjs)}
passed=0 failed=0 total=0

# How many cases each file has (asked without a browser or a server).
for f in $FILES; do
	[ "$f" = tests/browser/phone.mjs ] && continue	# the shared harness
	n=$(node "$f" --count 2>/dev/null) || n=1
	total=$((total + n))
done

finish() {	# finish <passed> <failed>
	echo "$1 passed, $2 failed"
	[ "$2" -eq 0 ] && [ "$1" -gt 0 ] && exit 0
	exit 1
}

problem=
[ -x "$CHROMIUM" ] || problem="$CHROMIUM is missing (make deps installs Debian's chromium)"
[ -d tests/browser/node_modules/playwright-core ] ||
	problem="${problem:+$problem; }tests/browser/node_modules/playwright-core is missing (make deps runs npm ci)"
[ -x build/yujiang-admin ] && [ -f build/yujiang.so ] ||
	problem="${problem:+$problem; }build/ is not built (run make)"
if [ -n "$problem" ]; then
	echo "browser tests cannot run: $problem"
	finish 0 "$total"
fi

DATA=$(mktemp -d "${TMPDIR:-/tmp}/yj-browser.XXXXXX")
SMTP_PID=
cleanup() {
	yj_stop
	[ -n "$SMTP_PID" ] && kill "$SMTP_PID" 2>/dev/null
	rm -rf "$DATA"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The test mailbox: a real SMTP server (Debian's python3-aiosmtpd) that
# keeps what it receives in a Maildir; the server mails codes and
# messages for email accounts to it (phone numbers stay with the console
# adapter: the server log).
YJ_MAILDIR=$DATA/mail
mkdir -p "$YJ_MAILDIR/new" "$YJ_MAILDIR/cur" "$YJ_MAILDIR/tmp"
SMTP_PORT=$(yj_free_port)
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" \
    -c aiosmtpd.handlers.Mailbox "$YJ_MAILDIR" >"$DATA/smtp.log" 2>&1 &
SMTP_PID=$!
YUJIANG_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
YUJIANG_SMTP_FROM=noreply@yujiang.test
YUJIANG_SMTP_TLS=none
export YUJIANG_SMTP_URL YUJIANG_SMTP_FROM YUJIANG_SMTP_TLS

if ! yj_start "$DATA/data" 2 init; then
	echo "the server did not start"
	finish 0 "$total"
fi
echo "server on $YJ_BASE (data $YJ_DATA)"

rm -rf tests/out/browser
mkdir -p tests/out/browser
for f in $FILES; do
	[ "$f" = tests/browser/phone.mjs ] && continue
	echo "# $f"
	YJ_BASE=$YJ_BASE YJ_DATA=$YJ_DATA YJ_CHROMIUM=$CHROMIUM \
	    YJ_MAILDIR=$YJ_MAILDIR \
	    timeout 300 node "$f" >"$DATA/out" 2>&1
	rc=$?
	cat "$DATA/out"
	res=$(sed -n 's/^# result \([0-9][0-9]*\) \([0-9][0-9]*\)$/\1 \2/p' \
	    "$DATA/out" | tail -n 1)
	n=$(node "$f" --count 2>/dev/null) || n=1
	if [ -z "$res" ]; then
		echo "# $f ended without a result (exit $rc): all its cases fail"
		failed=$((failed + n))
		continue
	fi
	set -- $res
	if [ "$rc" -ne 0 ] && [ "$2" -eq 0 ]; then
		echo "# $f exited $rc with no failed case: counted as failed"
		failed=$((failed + n))
		continue
	fi
	passed=$((passed + $1)) failed=$((failed + $2))
done

yj_stop
if bad=$(yj_log_bad); then
	echo "# the server crashed or misbehaved during the run; kore.log says:"
	echo "$bad"
	echo "# ---- kore.log"
	cat "$YJ_DATA/kore.log"
	# Whatever the browser saw, the run is not trustworthy: all fail.
	passed=0 failed=$total
elif [ "$failed" -ne 0 ]; then
	echo "# ---- kore.log"
	cat "$YJ_DATA/kore.log"
fi
echo "# screenshots: tests/out/browser/"
finish "$passed" "$failed"
