#!/usr/bin/env bash
# Re-creates the KaTeX assets embedded in RetentionKit.Charts (maintainers only; needs npm): katex.min.js, and
# katex.min.css with its woff2 fonts inlined as data URIs (the woff/ttf fallbacks dropped: every browser that runs
# KaTeX reads woff2), both gzipped. Pages then render formulas with no network and no font files beside them.
set -euo pipefail
version=${1:-0.19.1}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --quiet "katex@$version" >/dev/null 2>&1 && tar xzf "katex-$version.tgz")
dist="$work/package/dist"
python3 - "$dist" "$here/katex-$version.min.css.gz" <<'PY'
import base64, gzip, re, sys
dist, out = sys.argv[1], sys.argv[2]
css = open(f"{dist}/katex.min.css", encoding="utf-8").read()
def inline(m):
    font = m.group(1)
    data = base64.b64encode(open(f"{dist}/fonts/{font}.woff2", "rb").read()).decode()
    return f'src:url(data:font/woff2;base64,{data}) format("woff2")'
css, n = re.subn(r'src:url\(fonts/([A-Za-z0-9_-]+)\.woff2\) format\("woff2"\)(?:,url\([^)]*\) format\("[a-z]+"\))*', inline, css)
assert n == 20, n
with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as f: f.write(css)
PY
gzip -9 -c "$dist/katex.min.js" > "$here/katex-$version.min.js.gz"
cp "$work/package/LICENSE" "$here/katex.LICENSE.txt"
ls -l "$here"/katex-*
