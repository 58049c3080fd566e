#!/bin/sh
# Regenerates the benchmark corpus for one seed and runs every measurement
# in bench/README.md. Usage: bench/run.sh [seed [n]]
#   seed  the corpus seed (default 2026, the report seed; 1 is the tuning one)
#   n     images per class, account count and encoder (default 3)
# Needs zbarimg (zbar-tools) and /usr/bin/python3 with cv2 (python3-opencv)
# for the zbar and WeChat columns; without them those columns show "-".
set -eu
cd "$(dirname "$0")/.."
seed=${1:-2026}
n=${2:-3}
dir=bench/corpus/seed-$seed
mkdir -p bench/corpus
go build -o bench/corpus/gen ./bench/gen
go build -tags qrscanablate -o bench/corpus/run ./bench/run
bench/corpus/gen -n "$n" -seed "$seed" -o "$dir"
echo "== seed $seed: otpmigrate, zbar and OpenCV WeChat"
bench/corpus/run -corpus "$dir" -shared ../shared/testdata-public -v
# What each step of the cascade gains and costs: the same corpus with the
# step left out (zbar's and WeChat's answers come from the cache).
for step in upright wide,wide-global wide-probe wide-grey up4 grey grey-scan perspective version aligncheck meanrings mid; do
	echo "== seed $seed without $step"
	OTPMIGRATE_QRSCAN_SKIP=$step bench/corpus/run -corpus "$dir" -shared ../shared/testdata-public -nozbar -nowechat
done
bench/corpus/run -urls 3000
go build -o bench/corpus/otpmigrate ./cmd/otpmigrate
for i in 1 2 3; do
	/usr/bin/time -f '12 MP photo, whole command: %e s wall, %U s user, %M KiB peak RSS' \
		bench/corpus/otpmigrate decode "$dir/photo12mp.jpg" >/dev/null
done
