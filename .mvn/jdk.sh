# Sourced by ./mvnw and bin/* (POSIX sh). Makes JAVA_HOME point at a JDK >= 21.
# Keeps a JAVA_HOME that is already >= 21; otherwise takes the newest JDK >= 21 under
# /usr/lib/jvm (or ARL_JDK_SEARCH_PATH) and fails with a clear message if there is none.
arl_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
arl_pick_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(arl_java_major "$JAVA_HOME")
    [ "${v:-0}" -ge 21 ] && return 0
  fi
  best="" best_v=0
  case $- in *f*) noglob=1 ;; *) noglob=0 ;; esac
  set +f # ./mvnw runs with globbing off
  for d in ${ARL_JDK_SEARCH_PATH:-/usr/lib/jvm}/*; do
    [ -x "$d/bin/javac" ] || continue
    v=$(arl_java_major "$d")
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$d" best_v="$v"; fi
  done
  [ "$noglob" = 1 ] && set -f
  if [ -z "$best" ]; then
    echo "ARL-Infra needs a JDK >= 21: none found in JAVA_HOME or under ${ARL_JDK_SEARCH_PATH:-/usr/lib/jvm}." >&2
    echo "Install one (e.g. a Temurin 21+ package) or set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME="$best"
  export JAVA_HOME
}
arl_pick_jdk || exit 1
