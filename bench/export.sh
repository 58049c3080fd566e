#!/bin/sh
# Times `otpmigrate export --qr-dir` of 1000 accounts next to a loop of
# `qrencode -o`, one process per account (the URL on its standard input,
# as a script should pass secrets). otpmigrate also reads every code back
# before writing; qrencode does not. Usage:
#
#	bench/export.sh [binary]      # default: builds ./cmd/otpmigrate
#
# Best wall time of 3 runs each; on a shared machine the figures are noisy.
set -eu
cd "$(dirname "$0")/.."
dir=bench/perf
[ -f $dir/accounts1000.txt ] || go run ./bench/perfgen -o $dir
bin=${1:-}
if [ -z "$bin" ]; then
	bin=$dir/otpmigrate
	go build -o "$bin" ./cmd/otpmigrate
fi
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
best() {
	name=$1
	shift
	b=""
	for i in 1 2 3; do
		rm -rf "$out/q"
		mkdir -p "$out/q"
		/usr/bin/time -o "$out/time" -f '%e %U %S %M' "$@" >/dev/null 2>&1
		t=$(tail -1 "$out/time")
		if [ -z "$b" ] || [ "$(echo "$t $b" | awk '{print ($1 < $5)}')" = 1 ]; then b=$t; fi
	done
	echo "$b" | awk -v n="$name" '{printf "%-36s %6.2f s wall %6.2f s user %6.2f s sys %7.1f MiB peak RSS\n", n, $1, $2, $3, $4/1024}'
}
best "otpmigrate export --qr-dir (1000)" $bin export --force --qr-dir "$out/q" $dir/accounts1000.txt
best "qrencode -o loop (1000)" sh -c 'i=0; while IFS= read -r u; do i=$((i+1)); printf %s "$u" | qrencode -o "$1/q/$i.png"; done <"$2"' sh "$out" $dir/accounts1000.txt
