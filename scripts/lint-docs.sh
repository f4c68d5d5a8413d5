#!/usr/bin/env bash
# scripts/lint-docs.sh (make lint-docs) — does GET /docs render? Serves
# the reference as the server does (the same page, script, spec and
# Content-Security-Policy, from a throwaway python3 http.server), loads it
# in headless Chromium (Debian's chromium, installed on demand) and
# checks that
#   - Redoc rendered it: the DOM holds the summaries of operations,
#   - the browser refused nothing under the page's policy,
#   - the screenshot is not blank (build/docs-screenshot.png, to look at).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$JB_ROOT"

if ! command -v chromium >/dev/null 2>&1; then
	jb_log "installing chromium"
	jb_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends chromium </dev/null ||
		jb_die "cannot install chromium"
fi
jb_docs_assets "$JB_ROOT/build/docs" || jb_die "no API reference to check"
jb_openapi_json "$JB_ROOT/build/openapi.json" || jb_die "no spec"

T=$(mktemp -d)
server_pid=''
cleanup() {
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
	rm -rf "$T"
}
trap cleanup EXIT

mkdir -p "$T/www/docs" "$T/www/v1"
cp build/docs/index.html build/docs/redoc.standalone.js "$T/www/docs/"
cp build/openapi.json "$T/www/v1/openapi.json"
port=$(jb_free_port)
"$JB_PY" - "$T/www" "$port" src/endpoints/docs.c >"$T/server.log" 2>&1 <<'PY' &
import functools, http.server, re, sys
root, port, source = sys.argv[1], int(sys.argv[2]), sys.argv[3]
# The page's policy, as src/endpoints/docs.c sends it.
m = re.search(r"#define DOCS_CSP_PAGE(.*?)\n#define", open(source).read(), re.S)
csp = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
class H(http.server.SimpleHTTPRequestHandler):
    extensions_map = {".js": "application/javascript",
                      ".json": "application/json", ".html": "text/html"}
    def end_headers(self):
        if self.path.rstrip("/") == "/docs":
            self.send_header("Content-Security-Policy", csp)
        super().end_headers()
    def translate_path(self, path):
        if path.rstrip("/") == "/docs":
            path = "/docs/index.html"
        return super().translate_path(path)
http.server.ThreadingHTTPServer(("127.0.0.1", port),
    functools.partial(H, directory=root)).serve_forever()
PY
server_pid=$!
for _ in $(seq 1 50); do
	curl -fsS -o /dev/null "http://127.0.0.1:$port/docs" 2>/dev/null && break
	sleep 0.2
done

url=http://127.0.0.1:$port/docs
png=$JB_ROOT/build/docs-screenshot.png
chrome=(chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage
	--no-first-run --user-data-dir="$T/profile" --hide-scrollbars
	--window-size=1280,2000 --virtual-time-budget=20000
	--enable-logging=stderr --v=0)
rm -f "$png"
timeout 120 "${chrome[@]}" --screenshot="$png" "$url" >"$T/shot.log" 2>&1 || true
timeout 120 "${chrome[@]}" --dump-dom "$url" >"$T/dom.html" 2>"$T/dom.log" || true
cp "$T/dom.html" "$JB_ROOT/build/docs-dom.html"

"$JB_PY" - "$T/dom.html" "$png" api-spec/openapi.yaml "$T/shot.log" "$T/dom.log" <<'PY'
import re, struct, sys, zlib
import yaml
dom_path, png_path, spec_path, *logs = sys.argv[1:]
failed = []
dom = open(dom_path, encoding="utf-8", errors="replace").read()
spec = yaml.safe_load(open(spec_path, encoding="utf-8"))
summaries = [op["summary"] for item in spec["paths"].values()
             for op in item.values() if isinstance(op, dict) and "summary" in op]
shown = [s for s in summaries if s.replace("&", "&amp;") in dom]
if len(shown) < len(summaries) * 0.9 or len(shown) < 10:
    failed.append(f"Redoc shows {len(shown)} of {len(summaries)} operation "
                  f"summaries (DOM: {len(dom)} bytes)")
if "Jobbro" not in dom or "oauth2" not in dom:
    failed.append("the rendered page lacks the title or the oauth2 scheme")
text = "".join(open(p, encoding="utf-8", errors="replace").read() for p in logs)
# Redoc's sidebar footer shows a logo from cdn.redoc.ly: the policy
# blocks it (nothing is loaded from elsewhere) and Redoc then hides it.
refused = [l for l in text.splitlines() if ("Content Security Policy" in l
           or "Refused to" in l) and "cdn.redoc.ly/redoc/logo-mini.svg" not in l]
if refused:
    failed.append("the browser refused something:\n  " + "\n  ".join(refused[:5]))
try:
    data = open(png_path, "rb").read()
except OSError:
    data = b""
if data[:8] != b"\x89PNG\r\n\x1a\n":
    failed.append("no screenshot")
else:
    w, h = struct.unpack(">II", data[16:24])
    idat, i = b"", 8
    while i < len(data):
        n, kind = struct.unpack(">I4s", data[i:i + 8])
        if kind == b"IDAT":
            idat += data[i + 8:i + 8 + n]
        i += 12 + n
    raw = zlib.decompress(idat)
    # Filtered scanlines: a blank page is nearly all zero bytes.
    busy = sum(1 for b in raw if b) / len(raw)
    colours = len(set(raw[1:1 + w * 3]) | set(raw[len(raw) // 2:len(raw) // 2 + w * 3]))
    print(f"docs: screenshot {w}x{h}, {len(data)} bytes, {busy:.1%} busy")
    if (w, h) != (1280, 2000) or busy < 0.02 or len(data) < 40000:
        failed.append(f"the screenshot looks blank ({w}x{h}, {busy:.1%} busy)")
print(f"docs: {len(shown)} of {len(summaries)} operation summaries rendered")
sys.stdout.flush()
for f in failed:
    print("docs: FAILED: " + f, file=sys.stderr)
sys.exit(1 if failed else 0)
PY
jb_log "docs render: ok (screenshot: build/docs-screenshot.png)"
