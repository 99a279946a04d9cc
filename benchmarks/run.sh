#!/usr/bin/env bash
# Speed benchmarks: the kit against Debian's pandas on the same files, in this one script.
# Usage: benchmarks/run.sh [load|metrics|clv] [ROWS]   (ROWS: size of the generated file, default 10000000)
# Needs: python3-pandas (apt-get install -y python3-pandas). Output goes to benchmarks/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-load}
rows=${2:-10000000}
out=benchmarks/out
mkdir -p "$out"
dotnet build -c Release benchmarks/RetentionKit.Benchmarks -v q -nologo >/dev/null
kit="dotnet benchmarks/RetentionKit.Benchmarks/bin/Release/net10.0/RetentionKit.Benchmarks.dll"
py=/usr/bin/python3
gen="$out/generated-$rows.csv.gz"
[ -f "$gen" ] || $kit generate "$gen" "$rows" >/dev/null

ratio() { # kit_seconds pandas_seconds
  awk -v k="$1" -v p="$2" 'BEGIN { printf "%.2f", k / p }'
}
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }

case "$what" in
  load)
    for f in data/online_retail/online_retail.csv.gz "$gen"; do
      k=$($kit load "$f" 3)
      p=$($py benchmarks/peers/load_pandas.py "$f" 3)
      printf '%-45s kit %6ss (peak %s MB)  pandas %6ss  ratio kit/pandas %s (target <= 0.5)\n' \
        "$(basename "$f") [$(field rows "$k") rows]" "$(field seconds "$k")" "$(field peak_mb "$k")" "$(field seconds "$p")" \
        "$(ratio "$(field seconds "$k")" "$(field seconds "$p")")"
    done
    ;;
  metrics)
    f=data/online_retail/online_retail.csv.gz
    k=$($kit metrics "$f" 5)
    p=$($py benchmarks/peers/metrics_pandas.py "$f" 3 | python3 -c "import json,sys; print('seconds=%.3f' % json.load(sys.stdin)['seconds'])")
    printf '%-45s kit %6ss  pandas %6ss  ratio kit/pandas %s (target <= 0.3, and kit < 0.5 s)\n' \
      "$(basename "$f") metric suite" "$(field seconds "$k")" "$(field seconds "$p")" "$(ratio "$(field seconds "$k")" "$(field seconds "$p")")"
    k=$($kit metrics "$gen" 3)
    printf '%-45s kit %6ss (peak %s MB, load included)  target < 5 s and < 3 GB\n' "$(basename "$gen") metric suite" "$(field seconds "$k")" "$(field peak_mb "$k")"
    ;;
  clv)
    k=$($kit clv data/cdnow/CDNOW_master.txt 11)
    printf '%-45s kit %6ss  target <= 0.050 s\n' "BG/NBD fit, CDNOW master [$(field rows "$k") customers]" "$(field seconds "$k")"
    k=$($kit clv-simulated 1000000)
    printf '%-45s kit %6ss (peak %s MB)  target <= 3 s\n' "BG/NBD fit, simulated [$(field rows "$k") customers]" "$(field seconds "$k")" "$(field peak_mb "$k")"
    ;;
  *) echo "unknown benchmark '$what'" >&2; exit 2 ;;
esac
