#!/bin/sh
# tests/valgrind.sh PROGRAM ARGS...: runs a lanchat program under valgrind
# for `make check-valgrind`, one log per process in $VG_LOGS. Errors and
# definite leaks are what count; tests/valgrind-report.sh reads the logs.
exec valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --track-fds=no --child-silent-after-fork=yes \
    --log-file="${VG_LOGS:-/tmp}/vg.%p.log" "$@"
