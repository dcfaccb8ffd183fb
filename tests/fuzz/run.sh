#!/bin/sh
# Run each libFuzzer target for SECONDS on its seed corpus and print a
# table: target, execs, execs/s, findings (crash, leak, timeout or oom
# files). The seeds (tests/fuzz/corpus/<target>/) are only read; new
# inputs go to build/fuzz/corpus/<target>/, findings to
# build/fuzz/findings/<target>/. Ends with "N passed, N failed": a target
# passes when it ran and found nothing. From the project root, after
# `make fuzz-build`:  tests/fuzz/run.sh SECONDS TARGET...
set -u
cd "$(dirname "$0")/../.."
secs=${1:-10}
shift
[ $# -eq 0 ] && set -- $(make -s --no-print-directory fuzz-list)
passed=0
failed=0
printf '%-14s %12s %9s %8s\n' target execs execs/s findings
for t in "$@"; do
	bin=build/fuzz/fuzz_$t
	work=build/fuzz/corpus/$t
	found=build/fuzz/findings/$t
	log=build/fuzz/$t.log
	rm -rf "$found"
	mkdir -p "$work" "$found"
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	    UBSAN_OPTIONS=print_stacktrace=1 \
	    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$found/" \
	    "$work" "tests/fuzz/corpus/$t" > "$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	n=$(find "$found" -type f | wc -l)
	if [ $rc -ne 0 ] && [ "$n" -eq 0 ]; then
		n=1	# it stopped without leaving an input: still a finding
	fi
	printf '%-14s %12s %9s %8s\n' "$t" "${execs:-?}" "${rate:-?}" "$n"
	if [ "$n" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		grep -E 'ERROR|runtime error|SUMMARY|^    #[0-9]' "$log" | head -20
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
