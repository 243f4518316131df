#!/usr/bin/env bash
# Builds the NVML check bundle: a self-contained folder to copy to any NVIDIA GPU host (no Java or
# package registry needed there) that checks greentrain's GPU energy meter against the driver.
#
# usage: scripts/gpu/build-nvml-check.sh [--output DIR] [--jdk DIR] [--classpath CP] [--max-mb N]
#                                       [--no-load-binary]
#   --output          the bundle folder (default: target/nvml-check); replaced if it exists
#   --jdk             the JDK whose jlink makes the runtime (default: a Temurin JDK under
#                     /usr/lib/jvm if there is one, since its builds run on glibc 2.17 and newer,
#                     else the JDK of javac on PATH)
#   --classpath       the energy module's classes and jars (colon-separated; folders are jarred);
#                     default: build the energy module with Maven, which also copies the jars the
#                     check needs (JNA, Jackson core, SLF4J with its simple logger) to
#                     energy/target/nvml-check-jars
#   --max-mb          fail if the bundle is larger (default 60)
#   --no-load-binary  do not compile the CUDA C load program even if nvcc is here
#
# The bundle: runtime/ (jlink: java.base and java.logging only), lib/ (the jars), bin/nvml-check
# (the launcher), run-nvml-check.sh (the check with a GPU load around it) and load/ (the load
# programs). Then: copy the folder to the GPU host and run ./run-nvml-check.sh there.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
output="$root/target/nvml-check"
jdk=""
classpath=""
max_mb=60
load_binary=1

fail() { echo "error: $*" >&2; exit 2; }

while (($#)); do
  case "$1" in
    --output) output=${2:?--output needs a folder}; shift 2 ;;
    --jdk) jdk=${2:?--jdk needs a folder}; shift 2 ;;
    --classpath) classpath=${2:?--classpath needs a value}; shift 2 ;;
    --max-mb) max_mb=${2:?--max-mb needs a number}; shift 2 ;;
    --no-load-binary) load_binary=0; shift ;;
    -h|--help) sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown argument '$1' (see --help)" ;;
  esac
done
[[ $max_mb =~ ^[0-9]+$ ]] || fail "--max-mb must be a whole number of megabytes, got '$max_mb'"

if [[ -z $jdk ]]; then
  for candidate in /usr/lib/jvm/temurin-*; do
    if [[ -x $candidate/bin/jlink ]]; then jdk=$candidate; break; fi
  done
fi
if [[ -z $jdk ]]; then
  javac_path=$(command -v javac) || fail "no JDK: javac is not on PATH and --jdk was not given"
  jdk=$(dirname "$(dirname "$(readlink -f "$javac_path")")")
fi
[[ -x $jdk/bin/jlink ]] || fail "--jdk $jdk has no bin/jlink"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lib"

if [[ -z $classpath ]]; then
  echo "[nvml-check] building the energy module" >&2
  mvn -B -q -f "$root/pom.xml" -pl energy package -DskipTests >&2
  energy_jar=$(ls "$root"/energy/target/greentrain-energy-*.jar | grep -v -e '-tests' -e '-sources' | head -1)
  # energy/pom.xml copies JNA, Jackson core and SLF4J there (execution nvml-check-jars).
  classpath="$energy_jar:$(ls "$root"/energy/target/nvml-check-jars/*.jar | paste -sd:)"
fi

IFS=: read -r -a entries <<< "$classpath"
folders=0
for entry in "${entries[@]}"; do
  [[ -n $entry ]] || continue
  if [[ -d $entry ]]; then
    folders=$((folders + 1))
    "$jdk/bin/jar" --create --file "$work/lib/classes-$folders.jar" -C "$entry" .
  elif [[ -f $entry ]]; then
    cp "$entry" "$work/lib/"
  else
    fail "classpath entry $entry does not exist"
  fi
done

rm -rf "$output"
mkdir -p "$output/bin" "$output/lib" "$output/load"
# java.base and java.logging are all the check loads: JNA's references to java.desktop are for AWT
# window handles, which it resolves only when asked for one.
compress=2
"$jdk/bin/jlink" --list-plugins 2>/dev/null | grep -q 'zip-\[0-9\]' && compress=zip-9
"$jdk/bin/jlink" --add-modules java.base,java.logging --strip-debug --no-man-pages --no-header-files \
  --compress="$compress" --output "$output/runtime"
cp "$work"/lib/*.jar "$output/lib/"

cat > "$output/bin/nvml-check" <<'LAUNCHER'
#!/bin/sh
# Checks greentrain's GPU energy meter on this host; --help lists the options.
here=$(cd "$(dirname "$0")/.." && pwd)
exec "$here/runtime/bin/java" -Xmx256m --enable-native-access=ALL-UNNAMED -cp "$here/lib/*" io.greentrain.energy.tools.NvmlCheck "$@"
LAUNCHER
chmod +x "$output/bin/nvml-check"
cp "$root/scripts/gpu/run-nvml-check.sh" "$output/"
cp "$root/scripts/gpu/gpu_load.py" "$root/scripts/gpu/gpu_load.cu" "$output/load/"

if ((load_binary)) && command -v nvcc >/dev/null 2>&1; then
  # Every architecture this nvcc still targets, plus PTX of the newest for later GPUs.
  gencode=()
  newest=""
  for arch in 75 80 86 89 90 100 120; do
    if nvcc --list-gpu-arch 2>/dev/null | grep -qx "compute_$arch"; then
      gencode+=(-gencode "arch=compute_$arch,code=sm_$arch")
      newest=$arch
    fi
  done
  [[ -n $newest ]] && gencode+=(-gencode "arch=compute_$newest,code=compute_$newest")
  if nvcc -O3 "${gencode[@]}" -o "$output/load/gpu-load" "$root/scripts/gpu/gpu_load.cu" >&2; then
    echo "[nvml-check] compiled load/gpu-load with $(nvcc --version | tail -1)" >&2
  else
    echo "[nvml-check] warning: nvcc could not compile load/gpu-load; the GPU host's PyTorch, CuPy or nvcc will be used" >&2
  fi
fi

glibc=""
if command -v objdump >/dev/null 2>&1; then
  glibc=$(objdump -T "$output"/runtime/lib/server/libjvm.so 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -V | tail -1)
fi
bytes=$(du -sb "$output" | cut -f1)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "[nvml-check] $output: $mb MB (runtime from $jdk${glibc:+, needs $glibc or newer})"
if ((bytes > max_mb * 1048576)); then
  echo "error: the bundle is $mb MB, over the $max_mb MB limit" >&2
  exit 1
fi
