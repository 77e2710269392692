# Class-data sharing for the mlintern launchers (sourced, not run). The first start after a build records the
# classes a command loads (a training run of `jobs list` in a scratch home) into an archive; later starts map
# it instead of loading and verifying each class again, which roughly halves start-up time.
# cds_options ARCHIVE CLASSPATH JAR prints the JVM options; the archive is rebuilt when JAR is newer.
cds_options() {
  local archive="$1" classpath="$2" jar="$3"
  if [ ! -f "$archive" ] || [ "$archive" -ot "$jar" ]; then
    local scratch
    scratch="$(mktemp -d)"
    mkdir -p "$(dirname "$archive")"
    if MLINTERN_HOME="$scratch" java -XX:ArchiveClassesAtExit="$archive.$$" -Xlog:cds=off -Xlog:cds+dynamic=off \
        -cp "$classpath" dev.mlintern.cli.Main jobs list >/dev/null 2>&1; then
      mv -f "$archive.$$" "$archive"
    else
      rm -f "$archive.$$"
    fi
    rm -rf "$scratch"
  fi
  if [ -f "$archive" ]; then
    printf -- '-XX:SharedArchiveFile=%s -Xlog:cds=off -Xlog:cds+dynamic=off' "$archive"
  fi
}
