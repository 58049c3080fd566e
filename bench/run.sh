#!/bin/sh
# Regenerates the benchmark corpus and runs every measurement in
# bench/README.md. Usage: bench/run.sh [images per class, account count and encoder]
set -eu
cd "$(dirname "$0")/.."
n=${1:-3}
go run ./bench/gen -n "$n" -o bench/corpus
go run ./bench/run -corpus bench/corpus -shared ../shared/testdata-public
go run ./bench/run -urls 3000
go build -o bench/corpus/otpmigrate ./cmd/otpmigrate
for i in 1 2 3; do
	/usr/bin/time -f '12 MP photo, whole command: %e s wall, %U s user, %M KiB peak RSS' \
		bench/corpus/otpmigrate decode bench/corpus/photo12mp.jpg >/dev/null
done
