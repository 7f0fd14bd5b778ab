#!/bin/sh
# tests/valgrind-report.sh DIR: reads the logs tests/valgrind.sh left in
# DIR; prints every error and definite leak, and a summary line. Exits 1
# if there was any (or no log at all: nothing ran under valgrind).
dir=${1:?usage: valgrind-report.sh DIR}
n=$(ls "$dir"/vg.*.log 2>/dev/null | wc -l)
bad=0
for f in "$dir"/vg.*.log; do
	[ -s "$f" ] || continue
	echo "--- $f"
	cat "$f"
	bad=$((bad + 1))
done
echo "valgrind: $n processes, $bad with errors or definite leaks"
[ "$n" -gt 0 ] && [ "$bad" -eq 0 ]
