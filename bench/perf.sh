#!/bin/sh
# Times the whole otpmigrate command on big inputs and reports peak memory
# (GNU time's maximum resident set size), next to zbarimg where it reads the
# same file. Usage:
#
#	bench/perf.sh [binary]        # default: builds ./cmd/otpmigrate
#
# The files come from bench/perfgen (made once, in bench/perf/, git-ignored).
# Each timing is the best of 3 runs: on a shared machine the other runs
# measure the neighbours. Run it on a quiet machine for figures to quote.
set -eu
cd "$(dirname "$0")/.."
dir=bench/perf
[ -f $dir/png16/7.png ] || go run ./bench/perfgen -o $dir
bin=${1:-}
if [ -z "$bin" ]; then
	bin=$dir/otpmigrate
	go build -o "$bin" ./cmd/otpmigrate
fi
nproc=$(nproc)
echo "machine: $nproc cores, load $(cut -d' ' -f1-3 /proc/loadavg); binary $bin"

# best NAME CMD...: best wall time and its peak RSS of 3 runs.
best() {
	name=$1
	shift
	b=""
	for i in 1 2 3; do
		/usr/bin/time -o $dir/.time -f '%e %U %M' "$@" >/dev/null 2>&1 || true
		t=$(tail -1 $dir/.time)
		if [ -z "$b" ] || [ "$(echo "$t $b" | awk '{print ($1 < $4)}')" = 1 ]; then b=$t; fi
	done
	echo "$b" | awk -v n="$name" '{printf "%-44s %6.2f s wall %6.2f s user %7.1f MiB peak RSS\n", n, $1, $2, $3/1024}'
}

best "12 MP photo (EXIF 6), otpmigrate" $bin decode $dir/photo12mp.jpg
best "12 MP photo (EXIF 6), zbarimg" zbarimg -q --raw $dir/photo12mp.jpg
best "1080x2400 screenshot, otpmigrate" $bin decode $dir/screenshot.png
best "1080x2400 screenshot, zbarimg" zbarimg -q --raw $dir/screenshot.png
for f in nocode-noise.jpg nocode-desk.jpg; do
	best "give up on $f, otpmigrate" $bin decode $dir/$f
	best "give up on $f, zbarimg" zbarimg -q --raw $dir/$f
done
best "folder of $(ls $dir/screens | wc -l) screenshots, otpmigrate" $bin decode $dir/screens
for p in 2 8; do
	best "eight 7000x7000 16-bit PNGs, GOMAXPROCS=$p" env GOMAXPROCS=$p $bin decode $dir/png16
done

# Check the reads, so that a fast wrong answer does not pass unnoticed.
$bin decode --format urls $dir/photo12mp.jpg >$dir/.out 2>/dev/null && echo "12 MP photo: read ($(wc -l <$dir/.out) accounts)" || echo "12 MP photo: NOT READ"
$bin decode --format urls $dir/screens >$dir/.out 2>/dev/null && echo "screens: $(wc -l <$dir/.out) accounts" || echo "screens: FAILED"
