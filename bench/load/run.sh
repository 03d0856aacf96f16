#!/usr/bin/env bash
# Load on real servers: see bench/load/run.py (arguments are passed on).
# Needs the bench extra: .venv/bin/pip install -e '.[test,bench]'
set -euo pipefail
cd "$(dirname "$0")/../.."
exec .venv/bin/python bench/load/run.py "$@"
