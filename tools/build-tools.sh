#!/usr/bin/env bash
# Builds the pinned kube-apiserver, etcd, grpcurl, ghz, k6, helm and kubectl from Go modules into a
# cache keyed by version, and skips every binary that is already there (idempotent, fast when cached).
#
# Usage: tools/build-tools.sh [--env | --check | --paths] [TOOL...]
#   TOOL      one or more of: kube-apiserver etcd grpcurl ghz k6 helm kubectl (default: all)
#   --env     build what is missing, then print `export ...` lines on stdout:
#               eval "$(tools/build-tools.sh --env)"
#   --check   build nothing; exit 0 when every requested binary is cached, 1 otherwise
#   --paths   build nothing; print "name path" for every requested binary
# Environment: ARL_TOOLS_CACHE (default ~/.cache/arl-infra), GO (default: go on PATH, then
# /usr/local/go/bin/go). Logs go to stderr so stdout stays machine-readable.
# Versions: tools/versions.env (the same file the Java tests read).
set -euo pipefail

TOOLS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ALL_TOOLS=(kube-apiserver etcd grpcurl ghz k6 helm kubectl)

log() { printf '%s\n' "$*" >&2; }
die() { log "build-tools: $*"; exit 1; }

load_versions() {
  local key value
  while IFS='=' read -r key value; do
    [[ -z "$key" || "$key" == \#* ]] && continue
    [[ "$key" =~ ^[A-Z0-9_]+$ ]] || die "bad key in versions.env: $key"
    printf -v "$key" '%s' "$value"
  done <"$TOOLS_DIR/versions.env"
}

# Prints the cached path of one tool; the Java class ToolBinaries computes exactly the same paths.
tool_path() {
  case "$1" in
    kube-apiserver) echo "$CACHE/k8s/$KUBERNETES_VERSION/kube-apiserver" ;;
    etcd) echo "$CACHE/etcd/$ETCD_VERSION/etcd" ;;
    grpcurl) echo "$CACHE/tools/grpcurl-$GRPCURL_VERSION/grpcurl" ;;
    ghz) echo "$CACHE/tools/ghz-$GHZ_VERSION/ghz" ;;
    k6) echo "$CACHE/tools/k6-$K6_VERSION/k6" ;;
    helm) echo "$CACHE/tools/helm-$HELM_VERSION/helm" ;;
    # kubectl comes from the same Kubernetes release as the apiserver, so it sits next to it.
    kubectl) echo "$CACHE/k8s/$KUBERNETES_VERSION/kubectl" ;;
    *) die "unknown tool: $1 (expected one of: ${ALL_TOOLS[*]})" ;;
  esac
}

find_go() {
  GO=${GO:-$(command -v go || true)}
  [[ -z "$GO" && -x /usr/local/go/bin/go ]] && GO=/usr/local/go/bin/go
  [[ -n "$GO" && -x "$GO" ]] || die "Go is required to build the tools (install Go >= 1.25 or set GO=/path/to/go)"
  # Local toolchain only: these machines cannot download another Go, and builds must be reproducible.
  export GOTOOLCHAIN=local CGO_ENABLED=0
}

# Runs a command, adding its wall time and peak RSS (largest single process, KiB) to the totals.
timed() {
  local stats="$WORK/time.txt"
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f '%e %M' -o "$stats" "$@"
    local secs kib
    read -r secs kib <"$stats"
    STEP_SECONDS=$(awk -v a="$STEP_SECONDS" -v b="$secs" 'BEGIN { printf "%.1f", a + b }')
    if ((kib > STEP_PEAK_KIB)); then STEP_PEAK_KIB=$kib; fi
  else
    local start=$SECONDS
    "$@"
    STEP_SECONDS=$((${STEP_SECONDS%.*} + SECONDS - start))
  fi
}

# Prints "req MODULE VERSION" and "rep OLD NEW [NEWVERSION]" lines for a go.mod file.
parse_go_mod() {
  awk '
    /^require \(/ { block = "req"; next }
    /^replace \(/ { block = "rep"; next }
    /^\)/ { block = ""; next }
    /^require / { print "req", $2, $3; next }
    /^replace / { sub(/^replace /, ""); rep(); next }
    block == "req" && NF >= 2 { print "req", $1, $2 }
    block == "rep" && NF >= 3 { rep() }
    function rep(   i) {
      for (i = 1; i <= NF; i++) if ($i == "=>") break
      print "rep", $1, $(i + 1), $(i + 2)
    }
  ' "$1"
}

# Builds PACKAGE of MODULE@VERSION from a throw-away wrapper module. The wrapper requires the module
# and turns each of its local-path replaces (which `go install m@v` refuses) into the published
# version: the version the module itself requires, or, for Kubernetes staging modules required as
# v0.0.0, v0.MINOR.PATCH of the Kubernetes release. Other replaces are copied unchanged.
wrapper_build() {
  local module=$1 version=$2 package=$3 output=$4 ldflags=$5 staging_version=${6:-}
  local wrapper="$WORK/wrapper" gomod
  mkdir -p "$wrapper"
  gomod=$("$GO" -C "$wrapper" mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"GoMod": "\([^"]*\)".*/\1/p')
  [[ -f "$gomod" ]] || die "could not download go.mod of $module@$version"
  "$GO" -C "$wrapper" mod init arl-infra.local/build-wrapper 2>/dev/null
  "$GO" -C "$wrapper" mod edit -require="$module@$version"
  declare -A required=()
  local kind a b c edits=()
  while read -r kind a b c; do
    [[ "$kind" == req ]] && required[$a]=$b
  done < <(parse_go_mod "$gomod")
  while read -r kind a b c; do
    [[ "$kind" == rep ]] || continue
    if [[ "$b" != ./* && "$b" != ../* ]]; then
      edits+=("-replace=$a=$b${c:+@$c}")
    elif [[ -n "${required[$a]:-}" && "${required[$a]}" != v0.0.0 ]]; then
      edits+=("-replace=$a=$a@${required[$a]}")
    elif [[ -n "$staging_version" && "$b" == ./staging/src/* ]]; then
      edits+=("-replace=$a=$a@$staging_version")
    fi # else: a local module nothing requires (e.g. etcd's FORBIDDEN_DEPENDENCY guards): drop it
  done < <(parse_go_mod "$gomod")
  if ((${#edits[@]} > 0)); then "$GO" -C "$wrapper" mod edit "${edits[@]}"; fi
  log "Resolved $module@$version replaces=${#edits[@]}"
  timed "$GO" -C "$wrapper" get "$package@$version"
  timed "$GO" -C "$wrapper" build -trimpath -ldflags "$ldflags" -o "$output" "$package"
}

# Builds with plain `go install module/pkg@version` into a private GOBIN (modules without replaces).
install_build() {
  local package=$1 version=$2 output=$3 ldflags=$4
  mkdir -p "$WORK/gobin"
  timed env GOBIN="$WORK/gobin" "$GO" install -trimpath -ldflags "$ldflags" "$package@$version"
  mv "$WORK/gobin/$(basename "$package")" "$output"
}

kube_ldflags() {
  local v=$KUBERNETES_VERSION major minor date
  major=${v#v}; major=${major%%.*}
  minor=${v#v*.}; minor=${minor%%.*}
  # The module's publication time, not "now", so two builds of one version are byte-identical.
  date=$("$GO" -C "$WORK" list -m -json "k8s.io/kubernetes@$v" | sed -n 's/^[[:space:]]*"Time": "\([^"]*\)".*/\1/p')
  local flags="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=${date:-1970-01-01T00:00:00Z}"
  done
  echo "$flags"
}

build_one() {
  local tool=$1 output=$2
  local staging="v0.${KUBERNETES_VERSION#v1.}"
  case "$tool" in
    kube-apiserver)
      wrapper_build k8s.io/kubernetes "$KUBERNETES_VERSION" k8s.io/kubernetes/cmd/kube-apiserver \
        "$output" "$(kube_ldflags)" "$staging" ;;
    etcd)
      wrapper_build go.etcd.io/etcd/server/v3 "$ETCD_VERSION" go.etcd.io/etcd/server/v3 "$output" \
        "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=$ETCD_VERSION" ;;
    grpcurl)
      install_build github.com/fullstorydev/grpcurl/cmd/grpcurl "$GRPCURL_VERSION" "$output" \
        "-s -w -X main.version=$GRPCURL_VERSION" ;;
    ghz)
      install_build github.com/bojand/ghz/cmd/ghz "$GHZ_VERSION" "$output" \
        "-s -w -X main.version=$GHZ_VERSION" ;;
    k6)
      install_build go.k6.io/k6 "$K6_VERSION" "$output" "-s -w" ;;
    helm)
      install_build helm.sh/helm/v3/cmd/helm "$HELM_VERSION" "$output" \
        "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean" ;;
    kubectl)
      wrapper_build k8s.io/kubernetes "$KUBERNETES_VERSION" k8s.io/kubernetes/cmd/kubectl \
        "$output" "$(kube_ldflags)" "$staging" ;;
  esac
}

ensure() {
  local tool=$1 target
  target=$(tool_path "$tool")
  if [[ -x "$target" ]]; then
    log "Reused $tool path=$target"
    return
  fi
  find_go
  WORK=$(mktemp -d "$CACHE/.work.XXXXXX")
  STEP_SECONDS=0 STEP_PEAK_KIB=0
  log "Building $tool (cold builds take minutes; kube-apiserver the longest) go=$("$GO" env GOVERSION)"
  build_one "$tool" "$WORK/$tool"
  mkdir -p "$(dirname "$target")"
  # Rename into place last so an interrupted build never leaves a half-written binary behind.
  mv -f "$WORK/$tool" "$target.partial" && mv -f "$target.partial" "$target"
  printf 'tool=%s\nseconds=%s\npeak_rss_kib=%s\ngo=%s\n' "$tool" "$STEP_SECONDS" "$STEP_PEAK_KIB" \
    "$("$GO" env GOVERSION)" >"$(dirname "$target")/$tool.build-info"
  rm -rf "$WORK"
  log "Built $tool path=$target seconds=$STEP_SECONDS peak_rss_kib=$STEP_PEAK_KIB"
}

link_bin() {
  mkdir -p "$CACHE/bin"
  local tool
  for tool in "$@"; do ln -sfn "$(tool_path "$tool")" "$CACHE/bin/$tool"; done
}

main() {
  local mode=build tools=()
  for arg in "$@"; do
    case "$arg" in
      --env | --check | --paths) mode=${arg#--} ;;
      -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
      -*) die "unknown option: $arg" ;;
      *) tools+=("$arg") ;;
    esac
  done
  ((${#tools[@]} > 0)) || tools=("${ALL_TOOLS[@]}")
  load_versions
  CACHE=${ARL_TOOLS_CACHE:-$HOME/.cache/arl-infra}
  local tool missing=0
  case "$mode" in
    check)
      for tool in "${tools[@]}"; do [[ -x "$(tool_path "$tool")" ]] || { log "Missing $tool path=$(tool_path "$tool")"; missing=1; }; done
      exit "$missing" ;;
    paths)
      for tool in "${tools[@]}"; do echo "$tool $(tool_path "$tool")"; done
      exit 0 ;;
  esac
  mkdir -p "$CACHE"
  # One builder at a time per cache: parallel CI jobs or test JVMs wait instead of racing.
  if command -v flock >/dev/null; then exec 9>"$CACHE/.lock" && flock 9; fi
  trap '[[ -n "${WORK:-}" ]] && rm -rf "$WORK"' EXIT
  for tool in "${tools[@]}"; do ensure "$tool"; done
  link_bin "${tools[@]}"
  if [[ "$mode" == env ]]; then
    echo "export ARL_TOOLS_CACHE='$CACHE'"
    echo "export PATH='$CACHE/bin':\"\$PATH\""
  else
    for tool in "${tools[@]}"; do echo "$tool $(tool_path "$tool")"; done
    log "Add to PATH: export PATH=$CACHE/bin:\$PATH"
  fi
}

main "$@"
