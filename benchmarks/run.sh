#!/usr/bin/env bash
# Speed benchmarks: the kit against Debian's pandas on the same files, in this one script.
# Usage: benchmarks/run.sh [load|metrics|clv|engines|notebooks] [ROWS]   (ROWS: size of the generated file, default 10000000;
# for load and engines, SIZES="500000 2000000 10000000" runs several generated sizes;
# for notebooks, CELLS="500 1000" chooses the notebook sizes, default 500 to 10,000 cells)
# Needs: python3-pandas (apt-get install -y python3-pandas); for notebooks, ../shared/kernel as the peer.
# Output goes to benchmarks/out/.
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
[ "$what" = notebooks ] || [ "$what" = engines ] || [ -f "$gen" ] || $kit generate "$gen" "$rows" >/dev/null

ratio() { # kit_seconds pandas_seconds
  awk -v k="$1" -v p="$2" 'BEGIN { printf "%.2f", k / p }'
}
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }

case "$what" in
  load)
    # SIZES="500000 2000000 10000000" runs several generated sizes (default: ROWS alone).
    files=(data/online_retail/online_retail.csv.gz)
    for n in ${SIZES:-$rows}; do
      f="$out/generated-$n.csv.gz"
      [ -f "$f" ] || $kit generate "$f" "$n" >/dev/null
      files+=("$f")
    done
    for f in "${files[@]}"; do
      k=$($kit load "$f" 3)
      p=$($py benchmarks/peers/load_pandas.py "$f" 3)
      g=$($kit floor "$f" 3)
      printf '%-45s kit %6ss (peak %s MB)  pandas %6ss  ratio kit/pandas %s (target <= 0.3)  floor (gunzip + decode) %6ss, kit/floor %s\n' \
        "$(basename "$f") [$(field rows "$k") rows]" "$(field seconds "$k")" "$(field peak_mb "$k")" "$(field seconds "$p")" \
        "$(ratio "$(field seconds "$k")" "$(field seconds "$p")")" "$(field seconds "$g")" "$(ratio "$(field seconds "$k")" "$(field seconds "$g")")"
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
    k=$($kit paretonbd data/cdnow/CDNOW_master.txt 5)
    printf '%-45s kit %6ss  target <= 0.100 s\n' "Pareto/NBD fit, CDNOW master [$(field rows "$k") customers]" "$(field seconds "$k")"
    k=$($kit bgbb data/donations/donations.csv)
    printf '%-45s kit %6ss  target <= 0.100 s\n' "BG/BB fit, donations [$(field rows "$k") donors]" "$(field seconds "$k")"
    k=$($kit sbg)
    printf '%-45s kit %6ss  target <= 0.100 s\n' "sBG fit, the paper's regular cohort [$(field rows "$k")]" "$(field seconds "$k")"
    k=$($kit clv-simulated 1000000)
    printf '%-45s kit %6ss (peak %s MB)  target <= 3 s\n' "BG/NBD fit, simulated [$(field rows "$k") customers]" "$(field seconds "$k")" "$(field peak_mb "$k")"
    ;;
  engines)
    # Every metric plus the BG/NBD fit, in memory (where it fits) and through DuckDB, on generated gzip CSV and Parquet
    # folders of SIZES lines (default 1, 10 and 100 million); then the same monthly retention, cohort matrix and customer
    # summary by the kit on DuckDB against plain hand-written DuckDB SQL on the same Parquet. Peaks are the process's.
    sizes=${SIZES:-"1000000 10000000 100000000"}
    for n in $sizes; do
      csv="$out/generated-$n.csv.gz"; pq="$out/generated-$n.parquet"
      [ -f "$csv" ] || $kit generate "$csv" "$n" >/dev/null
      [ -d "$pq" ] || $kit to-parquet "$csv" "$pq"
      if [ "$n" -le 10000000 ]; then
        k=$($kit engine "$csv" memory 2>/dev/null)
        printf '%-12s %-28s %8ss  peak %6s MB\n' "$n" "in memory, gzip CSV" "$(field seconds "$k")" "$(field peak_mb "$k")"
      fi
      k=$($kit engine "$csv" duckdb 2>/dev/null)
      printf '%-12s %-28s %8ss  peak %6s MB\n' "$n" "DuckDB, gzip CSV" "$(field seconds "$k")" "$(field peak_mb "$k")"
      k=$($kit engine "$pq" duckdb 2>/dev/null)
      printf '%-12s %-28s %8ss  peak %6s MB  (target at 100 million: <= 60 s, <= 4096 MB)\n' "$n" "DuckDB, Parquet folder" "$(field seconds "$k")" "$(field peak_mb "$k")"
      kt=$($kit three "$pq" kit 2>/dev/null); ht=$($kit three "$pq" hand 2>/dev/null)
      printf '%-12s %-28s kit %8ss  hand SQL %8ss  ratio kit/hand %s (target <= 1.2)\n' "$n" "retention+cohorts+summary" \
        "$(field seconds "$kt")" "$(field seconds "$ht")" "$(ratio "$(field seconds "$kt")" "$(field seconds "$ht")")"
    done
    ;;
  notebooks)
    # Peak memory of a run of N one-line cells, our runner against the kernel (../shared/kernel): memory must grow in
    # proportion to the notebook. The kernel keeps one compilation chain, whose memory grows with the square of the
    # cell count, so it is run up to 2,000 cells; our runner alone goes on to 10,000.
    dotnet build -c Release src/RetentionKit.Cli -v q -nologo >/dev/null
    cli="dotnet src/RetentionKit.Cli/bin/Release/net10.0/retention.dll"
    export NUGET_PACKAGES="$out/kernel-packages"
    peak() { /usr/bin/time -f '%M %e' "$@" 2>&1 >/dev/null | tail -1; } # prints "KB seconds"
    for kind in distinct update; do
      for n in ${CELLS:-500 1000 2000 5000 10000}; do
        nb="$out/cells-$kind-$n.ipynb"
        $kit notebook "$nb" "$n" "$kind" >/dev/null
        read -r rk rs < <(peak $cli notebooks run "$nb" --out "$out/runner-$kind-$n")
        if [ "$n" -le 2000 ] && [ -x ../shared/kernel/run ]; then
          read -r kk ks < <(peak ../shared/kernel/run "$nb" "$out/kernel-$kind-$n.ipynb")
          printf '%-8s %6d cells  runner %5d MB %6.1f s   kernel %5d MB %6.1f s   ratio runner/kernel %s\n' \
            "$kind" "$n" $((rk / 1024)) "$rs" $((kk / 1024)) "$ks" "$(ratio "$rk" "$kk")"
        else
          printf '%-8s %6d cells  runner %5d MB %6.1f s   (%s KB a cell)\n' "$kind" "$n" $((rk / 1024)) "$rs" $((rk / n))
        fi
      done
    done
    ;;
  *) echo "unknown benchmark '$what'" >&2; exit 2 ;;
esac
