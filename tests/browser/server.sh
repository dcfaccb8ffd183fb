# Start and stop one real Yujiang server for a test run (KORE.md §7).
# Sourced (POSIX sh) by tests/browser/run.sh and tests/bench/bench.sh;
# the caller must be in the project root and have run `make`.
#
#   yj_start DATA WORKERS [SETUP]
#                           fresh instance in DATA (must not hold a kore);
#                           SETUP is the yujiang-admin command run first:
#                           migrate (the default: schema only, no people)
#                           or init (also loads courses/ and, the database
#                           being new, the demo people and one run of each
#                           course; logins in DATA/demo-accounts.txt);
#                           sets YJ_PORT, YJ_BASE, YJ_LAUNCH; 0 when ready
#   yj_stop                 SIGTERM to the parent, SIGKILL of the group
#                           after 10 s; safe to call twice
#   yj_log_bad              prints crash lines of DATA/kore.log; 0 if any
#
# Kore exits 0 even after a worker crashed, so a caller must look at the
# log (yj_log_bad) after yj_stop, never trust the exit status.

YJ_DATA= YJ_PORT= YJ_BASE= YJ_LAUNCH=

# A port on 127.0.0.1 that is free right now (bind and release: a small
# race, which yj_start covers by trying another port when kore cannot bind).
yj_free_port() {
	python3 - <<'PY'
import random, socket
for _ in range(500):
    p = random.randint(20000, 29999)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); print(p); break
    except OSError:
        pass
    finally:
        s.close()
PY
}

yj_start() {
	YJ_DATA=$1
	_workers=${2:-2}
	_setup=${3:-migrate}
	case $_setup in
	migrate|init) ;;
	*) echo "yj_start: SETUP must be migrate or init, not $_setup" >&2
	   return 1 ;;
	esac
	mkdir -p "$YJ_DATA"
	YJ_DATA=$(cd "$YJ_DATA" && pwd)
	# The port before the setup: certificates (the demo's too) sign the
	# address their QR codes open.
	YJ_PORT=$(yj_free_port)
	[ -n "$YJ_PORT" ] || { echo "no free port" >&2; return 1; }
	YUJIANG_PUBLIC_URL="http://127.0.0.1:$YJ_PORT"
	export YUJIANG_PUBLIC_URL
	build/yujiang-admin -d "$YJ_DATA" "$_setup" >"$YJ_DATA/$_setup.log" 2>&1 || {
		echo "yujiang-admin $_setup failed:" >&2
		cat "$YJ_DATA/$_setup.log" >&2
		return 1
	}
	for _try in 1 2 3 4 5; do
		if [ "$_try" -gt 1 ]; then
			YJ_PORT=$(yj_free_port)
			[ -n "$YJ_PORT" ] || { echo "no free port" >&2; return 1; }
			YUJIANG_PUBLIC_URL="http://127.0.0.1:$YJ_PORT"
		fi
		_conf=$(conf/mkconf.sh "$YJ_DATA" "$YJ_PORT" "$_workers" terminate) ||
			return 1
		rm -f "$YJ_DATA/kore.pid"
		# Own process group (setsid), line-buffered log (stdbuf), -f
		# foreground so logs go to stdout, -n -r: no chroot, no setuid.
		setsid stdbuf -oL kore -c "$_conf" -fnr >"$YJ_DATA/kore.log" 2>&1 &
		YJ_LAUNCH=$!
		YJ_BASE="http://127.0.0.1:$YJ_PORT"
		# Ready means an HTTP answer from a worker, not a bare connect
		# (the parent binds before the workers exist).
		_i=0
		while [ $_i -lt 150 ]; do
			if [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' \
			    "$YJ_BASE/healthz" 2>/dev/null)" = 200 ]; then
				return 0
			fi
			kill -0 "$YJ_LAUNCH" 2>/dev/null || break
			sleep 0.1
			_i=$((_i + 1))
		done
		if kill -0 "$YJ_LAUNCH" 2>/dev/null; then
			echo "kore did not answer /healthz within 15 s" >&2
			yj_stop
			cat "$YJ_DATA/kore.log" >&2
			return 1
		fi
		wait "$YJ_LAUNCH" 2>/dev/null
		YJ_LAUNCH=
		if grep -qi 'address already in use' "$YJ_DATA/kore.log"; then
			echo "port $YJ_PORT taken, trying another" >&2
			continue
		fi
		echo "kore exited before it was ready:" >&2
		cat "$YJ_DATA/kore.log" >&2
		return 1
	done
	echo "could not find a port kore could bind" >&2
	return 1
}

yj_stop() {
	[ -n "$YJ_LAUNCH" ] || return 0
	_pid=$YJ_LAUNCH
	[ -f "$YJ_DATA/kore.pid" ] && _pid=$(cat "$YJ_DATA/kore.pid")
	kill -TERM "$_pid" 2>/dev/null
	_i=0
	while kill -0 "$_pid" 2>/dev/null && [ $_i -lt 100 ]; do
		# a zombie (exited, not yet reaped) counts as gone
		[ "$(ps -o stat= -p "$_pid" 2>/dev/null | cut -c1)" = Z ] && break
		sleep 0.1
		_i=$((_i + 1))
	done
	if [ $_i -ge 100 ]; then
		echo "kore did not stop after SIGTERM; SIGKILL to group $YJ_LAUNCH" >&2
		echo "yj_stop: SIGKILL after SIGTERM timeout" >>"$YJ_DATA/kore.log"
		# setsid made the launched kore the leader of its own group:
		# this reaches the parent and its workers, and nothing else.
		kill -KILL -- "-$YJ_LAUNCH" 2>/dev/null
	elif pgrep -g "$YJ_LAUNCH" >/dev/null 2>&1; then
		echo "kore workers outlived the parent; SIGKILL to group $YJ_LAUNCH" >&2
		echo "yj_stop: SIGKILL after SIGTERM timeout" >>"$YJ_DATA/kore.log"
		kill -KILL -- "-$YJ_LAUNCH" 2>/dev/null
	fi
	wait "$YJ_LAUNCH" 2>/dev/null
	YJ_LAUNCH=
	return 0
}

yj_log_bad() {
	grep -E 'sandbox violation|exited with status|hdlr: none|SIGKILL after SIGTERM' \
	    "$YJ_DATA/kore.log"
}
