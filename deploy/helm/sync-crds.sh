#!/usr/bin/env bash
# Copies the CRDs from deploy/crds/ (the single source of truth, owned by the kube module) into the
# chart's crds/ directory, removing copies whose source is gone. deploy-tests' ChartCrdsIT fails
# while the two directories differ, so run this after every CRD change.
#
# Usage: deploy/helm/sync-crds.sh [--check]
#   --check   copy nothing; exit 1 (listing the differences) when the chart's copies are stale
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SOURCE="$HERE/../crds"
TARGET="$HERE/arl-infra/crds"

if [[ "${1:-}" == --check ]]; then
  if diff -r "$SOURCE" "$TARGET" >&2; then exit 0; fi
  echo "sync-crds: $TARGET differs from $SOURCE; run deploy/helm/sync-crds.sh" >&2
  exit 1
fi

mkdir -p "$TARGET"
for stale in "$TARGET"/*.yaml; do
  [[ -e "$stale" && ! -e "$SOURCE/$(basename "$stale")" ]] && rm -f "$stale" && echo "Removed $stale" >&2
done
cp "$SOURCE"/*.yaml "$TARGET"/
echo "Copied $(ls "$SOURCE"/*.yaml | wc -l) CRDs into $TARGET" >&2
