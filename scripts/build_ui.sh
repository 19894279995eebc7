#!/usr/bin/env bash
# Build the analyst UI (web/ui/src) into web/static/dist with the locked npm packages.
# Needs Node 20 and npm. The built files are committed; CI rebuilds and runs
# `git diff --exit-code web/static/dist` to prove they match the sources.
set -euo pipefail
cd "$(dirname "$0")/../web/ui"
npm ci --no-audit --no-fund
npm run build
