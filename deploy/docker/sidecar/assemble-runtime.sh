#!/bin/sh
# Assembles the self-contained sidecar runtime that the sidecar image's init container copies into
# every sandbox pod (docs/adr/0019): a jlinked JRE, the sidecar jar and its lib/, tini, a static
# busybox for setsid, a kill that uses the shell's builtin, and the launcher. Used by
# sidecar.Dockerfile and by deploy-tests' SidecarRuntimeIT, so the image and the test build the
# same thing.
#
# Usage: assemble-runtime.sh JDK_HOME SIDECAR_DIR OUT_DIR
#   JDK_HOME     a JDK (21+) with jlink and jdeps
#   SIDECAR_DIR  holds sidecar.jar and lib/ (sidecar/target after ./mvnw -pl sidecar package)
#   OUT_DIR      created; becomes the runtime root (/arl inside sandbox pods)
# Environment: TINI (default /usr/bin/tini-static), BUSYBOX (default /bin/busybox; empty: none),
#   JLINK_COMPRESS (default zip-6; tests use zip-0, faster to build, larger).
set -eu

jdk=$1 sidecar=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
tini=${TINI-/usr/bin/tini-static}
busybox=${BUSYBOX-/bin/busybox}

[ -x "$jdk/bin/jlink" ] || { echo "assemble-runtime: no jlink in $jdk" >&2; exit 1; }
[ -f "$sidecar/sidecar.jar" ] || { echo "assemble-runtime: no $sidecar/sidecar.jar" >&2; exit 1; }
[ -x "$tini" ] || { echo "assemble-runtime: no tini at $tini (set TINI)" >&2; exit 1; }
[ ! -e "$out" ] || { echo "assemble-runtime: $out exists" >&2; exit 1; }

# The modules the jars need, computed rather than listed so a new dependency cannot break the image.
modules=$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 21 \
  "$sidecar/sidecar.jar" "$sidecar"/lib/*.jar | tail -n 1)
case $modules in java.base*) ;; *) echo "assemble-runtime: jdeps said: $modules" >&2; exit 1 ;; esac
"$jdk/bin/jlink" --add-modules "$modules" --output "$out/jre" --strip-debug --no-man-pages \
  --no-header-files --compress="${JLINK_COMPRESS:-zip-6}"

mkdir -p "$out/bin" "$out/sidecar/lib" "$out/tools" "$out/conf"
cp "$sidecar/sidecar.jar" "$out/sidecar/sidecar.jar"
cp "$sidecar"/lib/*.jar "$out/sidecar/lib/"
cp "$tini" "$out/bin/tini"
cp "$here/arl-sidecar" "$out/bin/arl-sidecar"
cp "$here/jvm.options" "$out/conf/jvm.options"
cp "$here/kill" "$out/tools/kill"
if [ -n "$busybox" ]; then
  cp "$busybox" "$out/tools/busybox"
  ln -s busybox "$out/tools/setsid"
fi
# Any user may run it: the sandbox pod's user is the template's, not ours.
chmod -R a+rX "$out"
chmod 0755 "$out/bin/arl-sidecar" "$out/bin/tini" "$out/tools/kill"
echo "Assembled sidecar runtime dir=$out modules=$modules" >&2
