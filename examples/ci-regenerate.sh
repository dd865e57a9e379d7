#!/bin/sh
# ci-regenerate.sh - what a CI job runs to rebuild documents from the
# workspace.  Reproducible: the same workspace and SOURCE_DATE_EPOCH give
# byte-identical output, so an unchanged input creates no diff.
set -eu
: "${WA_WORKSPACE:?set WA_WORKSPACE to the shared workspace}"
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
export SOURCE_DATE_EPOCH
# each engine adds itself: wa dossier --all | wa-price | wa-proposal -o out/
wa dossier --all | wa import -q > dossiers.ndjson
