#!/usr/bin/env bash
# Shows that the build refuses a forbidden edge between our modules (docs/architecture.md).
#
#   scripts/check-module-edges.sh [FROM:TO ...]
#
# For each FROM:TO (default: every forbidden edge listed below) it copies the project's poms, and
# nothing else, to a temporary folder, adds a test-scoped dependency of module FROM on module TO to
# the copy, runs the enforcer on it (mvn validate) and expects the build to fail with the
# enforcer's "banned" line naming TO. The real poms are never touched. An edge whose modules do not
# both exist is skipped. Maven runs offline: build the project once first, so that ~/.m2 holds
# every pom the dependency graph needs. About 7 s per edge. Exit status 0 when every edge was
# refused, 1 when one was let through or failed for another reason (its Maven log is printed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# An edge back to a module that already depends on FROM (energy -> training, formats -> anything
# that uses formats) would be a cycle, which Maven itself refuses before any rule runs; the list
# holds the forbidden edges that only the enforcer can catch.
FORBIDDEN=(
  training:preprocessing preprocessing:training
  formats:energy energy:formats energy:preprocessing
  energy-report:formats energy-report:training energy-report:preprocessing
  test-support:formats
)
cases=("$@")
[[ ${#cases[@]} -gt 0 ]] || cases=("${FORBIDDEN[@]}")

mapfile -t modules < <(sed -n 's|.*<module>\(.*\)</module>.*|\1|p' pom.xml)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failures=0
for edge in "${cases[@]}"; do
  from=${edge%%:*}
  to=${edge#*:}
  if [[ ! -f $from/pom.xml || ! -f $to/pom.xml ]]; then
    echo "skip    $from -> $to (no such module)"
    continue
  fi
  copy=$work/$from-$to
  mkdir -p "$copy"
  cp pom.xml "$copy/"
  for module in "${modules[@]}"; do
    mkdir -p "$copy/$module"
    cp "$module/pom.xml" "$copy/$module/"
  done
  sed -i "0,/^  <dependencies>/s||&\n    <dependency>\n      <groupId>io.greentrain</groupId>\n      <artifactId>greentrain-$to</artifactId>\n      <version>\${project.version}</version>\n      <scope>test</scope>\n    </dependency>|" \
    "$copy/$from/pom.xml"
  grep -q "<artifactId>greentrain-$to</artifactId>" "$copy/$from/pom.xml" || { echo "cannot add the edge to $from/pom.xml" >&2; exit 1; }

  if "${MVN:-mvn}" -B -o -f "$copy/pom.xml" -pl "$from" -am validate >"$copy/maven.log" 2>&1; then
    echo "ALLOWED $from -> $to: the build let a forbidden edge through"
    failures=$((failures + 1))
  elif grep -q "greentrain-$to:jar:.* <--- banned" "$copy/maven.log"; then
    echo "refused $from -> $to"
  else
    echo "ERROR   $from -> $to: the build failed, but not on the module edge:"
    cat "$copy/maven.log"
    failures=$((failures + 1))
  fi
done
[[ $failures -eq 0 ]]
