#!/usr/bin/env bash
# Packages the jars and builds the gateway, operator and sidecar images with Docker BuildKit.
# Pushes nothing. Usage: deploy/docker/build-images.sh [REGISTRY] [TAG]
#   REGISTRY  default ghcr.io/arl-infra     TAG  default: the project version (0.1.0-SNAPSHOT -> 0.1.0)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
REGISTRY=${1:-ghcr.io/arl-infra}
cd "$ROOT"
VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)
TAG=${2:-${VERSION%-SNAPSHOT}}

./mvnw -B -q -pl gateway,operator,sidecar -am package -DskipTests
for component in gateway operator sidecar; do
  DOCKER_BUILDKIT=1 docker build -f "deploy/docker/$component.Dockerfile" \
    -t "$REGISTRY/$component:$TAG" .
  echo "Built image=$REGISTRY/$component:$TAG" >&2
done
