#!/usr/bin/env bash
# Speed benchmarks: the kit against Debian's pandas on the same files, in this one script.
# Usage: benchmarks/run.sh [load] [ROWS]   (ROWS: size of the generated file, default 10000000)
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
  *) echo "unknown benchmark '$what'" >&2; exit 2 ;;
esac
