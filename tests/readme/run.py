#!/usr/bin/python3
"""tests/readme/run.py — run README.md's examples against `make run`.

Convention (README.md, "Testing"):
  - Every fenced block of language sh, bash or shell is run; of a
    ```console block, the lines starting with `$ ` (and the lines that
    continue them after a trailing backslash). Other fences (python, json,
    text, none) and indented code blocks are only read.
  - The blocks run in README order, each as one bash script (`set -e -o
    pipefail`) in a directory laid out like the checkout after `make run`
    (`var/admin-password`, `var/demo-client-id`, ...). Every variable a
    block sets (TOKEN=..., JOB_ID=...) is there for the blocks after it.
  - The examples name the server as http://127.0.0.1:8080 (make run's
    default); the runner points that at the server under test.
  - Every HTTP answer a block gets must be below 400 and, for a GET of a
    list (`{"data": [...]}`, CSV, NDJSON), hold at least one row.
  - An HTML comment on the line right before the fence changes that:
      <!-- not-run -->      the block is not run (a fragment, docker, ...)
      <!-- expect 4xx -->   the block shows an error: at least one answer
                            is a 4xx, none is a 5xx
    (words after the marker are a comment: <!-- not-run: needs ... -->)
  - A `curl` line indented as code outside a fence is a failure: write
    examples as ```sh blocks so that they are run.
Each block is one test. Prints `ok - README.md:LINE` or `not ok -
README.md:LINE` with the command that failed, the status and body of each
bad answer and the block's output; last line `readme: N passed, N failed`.

Usage: run.py README BASE_URL DIR   (DIR: the blocks' working directory)
       run.py --self-test BASE_URL DIR   the runner's own test: runs
           tests/readme/selftest.md and compares what it says with the
           list in that file's `<!-- selftest: ... -->` comment
"""
import http.client
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import urllib.parse

README_URL = "http://127.0.0.1:8080"
RUN_LANGS = ("sh", "bash", "shell", "console")
MARKER = re.compile(r"^<!--\s*(not-run|expect 4xx)\b.*-->$")
BLOCK_TIMEOUT = 120
HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer",
       "transfer-encoding", "upgrade", "content-length"}


# ---------------------------------------------------------------------------
# README → blocks
# ---------------------------------------------------------------------------

class Block:
    def __init__(self, line, lang, marker, text):
        self.line = line        # 1-based line of the opening fence
        self.lang = lang
        self.marker = marker    # None, "not-run" or "expect 4xx"
        self.text = text


FENCE = re.compile(r"^( *)(`{3,}|~{3,})\s*([A-Za-z0-9_+-]*)")
CODE_CURL = re.compile(r"^ {4,}(\$ )?curl\s")


def parse(path):
    """The fenced blocks of a Markdown file, and the lines of curl
    examples outside them."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    blocks, strays = [], []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            if CODE_CURL.match(lines[i]):
                strays.append(i + 1)
            i += 1
            continue
        indent, fence, lang = len(m.group(1)), m.group(2), m.group(3)
        start = i
        body = []
        i += 1
        close = re.compile(r"^ *" + re.escape(fence[0]) + "{" +
                           str(len(fence)) + r",}\s*$")
        while i < len(lines) and not close.match(lines[i]):
            s = lines[i]
            body.append(s[min(indent, len(s) - len(s.lstrip(" "))):])
            i += 1
        i += 1
        marker = None
        j = start - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        if j >= 0 and MARKER.match(lines[j].strip()):
            marker = MARKER.match(lines[j].strip()).group(1)
        blocks.append(Block(start + 1, lang.lower(), marker,
                            "\n".join(body) + "\n"))
    return blocks, strays


def console_commands(text):
    """The commands of a ```console block: `$ ` lines and continuations."""
    out, more = [], False
    for s in text.split("\n"):
        if more or s.startswith("$ "):
            out.append(s[2:] if not more else s)
            more = s.endswith("\\")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# A recording proxy between the examples and the server
# ---------------------------------------------------------------------------

class Exchange:
    def __init__(self, method, path, status, ctype, body):
        self.method, self.path, self.status = method, path, status
        self.ctype, self.body = ctype, body

    def problem(self, expect_4xx):
        """Why this answer is not acceptable, or None."""
        if self.status >= 500 or (self.status >= 400 and not expect_4xx):
            return "status %d" % self.status
        if self.method != "GET" or self.status != 200:
            return None
        if self.ctype.startswith("application/json"):
            try:
                doc = json.loads(self.body)
            except ValueError:
                return "a body that is not JSON"
            if isinstance(doc, dict) and isinstance(doc.get("data"), list) \
                    and not doc["data"]:
                return "an empty list (data: [])"
        elif self.ctype.startswith("text/csv"):
            if len(self.body.strip().split(b"\n")) < 2:
                return "a CSV export without rows"
        elif self.ctype.startswith("application/x-ndjson"):
            if not self.body.strip():
                return "an NDJSON export without rows"
        return None

    def describe(self):
        body = self.body[:600].decode("utf-8", "replace")
        more = " …" if len(self.body) > 600 else ""
        return "%s %s → %d %s\n      %s%s" % (
            self.method, self.path, self.status, self.ctype, body, more)


class Recorder:
    def __init__(self, backend):
        self.backend = urllib.parse.urlsplit(backend)
        self.lock = threading.Lock()
        self.log = []

    def add(self, x):
        with self.lock:
            self.log.append(x)

    def since(self, n):
        with self.lock:
            return self.log[n:]

    def count(self):
        with self.lock:
            return len(self.log)


def make_handler(rec):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def forward(self):
            n = int(self.headers.get("Content-Length") or 0)
            data = self.rfile.read(n) if n else None
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() not in HOP}
            if data is not None:
                headers["Content-Length"] = str(len(data))
            conn = http.client.HTTPConnection(rec.backend.hostname,
                                              rec.backend.port, timeout=60)
            try:
                conn.request(self.command, self.path, body=data,
                             headers=headers)
                resp = conn.getresponse()
                body = resp.read()
            except OSError as e:
                body = ("proxy: %s\n" % e).encode()
                self.send_response(502)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                rec.add(Exchange(self.command, self.path, 502, "", body))
                return
            finally:
                conn.close()
            self.send_response(resp.status, resp.reason)
            for k, v in resp.getheaders():
                if k.lower() not in HOP:
                    self.send_header(k, v)
            if self.command == "HEAD":
                cl = resp.getheader("Content-Length")
                if cl is not None:
                    self.send_header("Content-Length", cl)
            elif resp.status not in (204, 304):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            rec.add(Exchange(self.command, self.path, resp.status,
                             resp.getheader("Content-Type") or "", body))

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = forward
        do_HEAD = do_OPTIONS = forward

    return Handler


# ---------------------------------------------------------------------------
# Running the blocks
# ---------------------------------------------------------------------------

PROLOGUE = """\
set -a
[ -f "$JB_README_ENV" ] && . "$JB_README_ENV"
set -e -o pipefail
trap 'echo "readme: failed (status $?) at $JB_README_NAME:$((LINENO + JB_README_LINE0)): $BASH_COMMAND" >&2' ERR
"""
EPILOGUE = """
trap - ERR
{ export -p | grep -Ev '^declare -[a-zA-Z]*r|^declare -x JB_README_'; declare -f; } >"$JB_README_ENV.new"
mv "$JB_README_ENV.new" "$JB_README_ENV"
"""


def run_block(name, block, text, rec, cwd, envfile):
    """Run one block; return a list of failure lines (empty: passed)."""
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False,
                                     encoding="utf-8") as f:
        f.write(PROLOGUE + text + EPILOGUE)
        script = f.name
    # The block's first line is line 5 of the script (after PROLOGUE).
    line0 = block.line + 1 - (PROLOGUE.count("\n") + 1)
    env = dict(os.environ, JB_README_ENV=envfile, JB_README_NAME=name,
               JB_README_LINE0=str(line0))
    first = rec.count()
    try:
        p = subprocess.run(["bash", "--noprofile", "--norc", script],
                           cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=BLOCK_TIMEOUT)
        rc, out = p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        rc, out = "timeout after %d s" % BLOCK_TIMEOUT, e.stdout or b""
    finally:
        os.unlink(script)
    expect_4xx = block.marker == "expect 4xx"
    seen = rec.since(first)
    why = []
    if rc != 0:
        why.append("the block exited with %s" % rc)
    for x in seen:
        p = x.problem(expect_4xx)
        if p:
            why.append("got %s: %s" % (p, x.describe()))
    if expect_4xx and not any(400 <= x.status < 500 for x in seen):
        why.append("marked `expect 4xx`, but no answer was a 4xx")
    if why:
        tail = out.decode("utf-8", "replace").strip().split("\n")[-15:]
        why.append("output:\n      " + "\n      ".join(tail))
    return why


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: run.py README|--self-test BASE_URL DIR")
    readme, base, cwd = sys.argv[1:]
    if readme == "--self-test":
        return self_test(base, cwd)
    return run(readme, base, cwd)


def self_test(base, cwd):
    fixture = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "selftest.md")
    with open(fixture, encoding="utf-8") as f:
        m = re.search(r"<!-- selftest: (.*?) -->", f.read())
    want = [w.strip() for w in m.group(1).split(",")]
    real = sys.stdout
    out = []

    class Tee:
        def write(self, s):
            out.append(s)

        def flush(self):
            pass

    sys.stdout = Tee()
    try:
        run(fixture, base, cwd)
    finally:
        sys.stdout = real
    text = "".join(out)
    got = [ln.split(" - ")[0] for ln in text.split("\n")
           if ln.startswith(("ok - ", "not ok - "))]
    if got == want:
        print("ok - the runner's self-test (tests/readme/selftest.md)")
        return 0
    print("not ok - the runner's self-test (tests/readme/selftest.md)")
    print("  - want: %s\n  - got:  %s" % (", ".join(want), ", ".join(got)))
    print("  " + text.replace("\n", "\n  "))
    return 1


def run(readme, base, cwd):
    name = os.path.basename(readme)
    blocks, strays = parse(readme)

    rec = Recorder(base)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             make_handler(rec))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    proxy = "http://127.0.0.1:%d" % server.server_address[1]
    envfile = os.path.join(cwd, ".readme-env")
    if os.path.exists(envfile):
        os.unlink(envfile)

    passed = failed = 0
    for line in strays:
        failed += 1
        print("not ok - %s:%d: a curl example outside a ```sh block "
              "(not run; see tests/readme/run.py)" % (name, line))
    for b in blocks:
        if b.lang not in RUN_LANGS or b.marker == "not-run":
            continue
        text = console_commands(b.text) if b.lang == "console" else b.text
        text = text.replace(README_URL, proxy)
        why = run_block(name, b, text, rec, cwd, envfile)
        if why:
            failed += 1
            print("not ok - %s:%d" % (name, b.line))
            for s in b.text.rstrip().split("\n"):
                print("    | " + s)
            for w in why:
                print("  - " + w)
        else:
            passed += 1
            print("ok - %s:%d" % (name, b.line))
    server.shutdown()
    print("readme: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
