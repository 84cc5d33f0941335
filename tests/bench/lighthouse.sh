#!/usr/bin/env bash
# Lighthouse scores (performance, accessibility, best practices, SEO) of the board, a model and a
# dialogue page, served by `build.py --serve` (gzip, like GitHub Pages). A benchmark, not a test:
#   bash tests/bench/lighthouse.sh            (installs Lighthouse 12.2.3 from tests/bench/package-lock.json)
# Needs Chromium (CHROME_PATH, default /usr/bin/chromium) and Node.js.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${PORT:-8731}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[ -x tests/bench/node_modules/.bin/lighthouse ] || npm ci --prefix tests/bench --no-audit --no-fund --loglevel=error

out=$(mktemp -d)
python3 build.py --serve --port "$PORT" --out "$out/site" -q &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$out"' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done

board=superclue-llama2-chinese
printf '%-52s %11s %13s %14s %5s\n' page performance accessibility best-practices SEO
for page in "$board/" "$board/models/openbuddy-llama2-13b/" "$board/dialogues/code-reverse-integers/" \
            "en/$board/" "en/$board/models/openbuddy-llama2-13b/" "en/$board/dialogues/code-reverse-integers/"; do
  tests/bench/node_modules/.bin/lighthouse "http://127.0.0.1:$PORT/$page" --quiet --output=json \
    --output-path="$out/report.json" --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run" \
    >/dev/null 2>&1 || { echo "lighthouse failed on $page" >&2; continue; }
  python3 - "$out/report.json" "$page" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
scores = [round(100 * report["categories"][c]["score"]) for c in ("performance", "accessibility", "best-practices", "seo")]
print(f"{sys.argv[2]:<52} {scores[0]:>11} {scores[1]:>13} {scores[2]:>14} {scores[3]:>5}")
for key in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"):
    audit = report["audits"][key]
    print(f"    {audit['title']}: {audit['displayValue']}")
for category in ("accessibility", "best-practices", "seo"):
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
            print(f"    below 100 in {category}: {audit['id']} - {audit['title']}")
PY
done
