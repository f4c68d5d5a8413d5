#!/usr/bin/env bash
# scripts/docs-assets.sh [DIR] — put the API reference (GET /docs) into
# DIR (default build/docs): its page and Redoc's bundle from npm
# (lib.sh: jb_docs_assets). make run and make test do this themselves;
# the Dockerfile and `make lint` call this script.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
jb_docs_assets "${1:-$JB_ROOT/build/docs}"
