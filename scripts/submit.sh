#!/usr/bin/env bash
# Submits a greentrain job to a Spark cluster with spark-submit and the settings in cluster-conf/.
#
#   scripts/submit.sh --cluster standalone|yarn|k8s [OPTIONS] [--] JOB [JOB ARGS]
#
#   JOB ARGS are the job's own arguments (scripts/greentrain JOB --help), e.g.
#     train --config hdfs:///jobs/ames.conf --output hdfs:///runs/ames-1
#     text-pipeline --config data/text/spam-assassin.conf --input 'hdfs:///corpora/spam/*/*.txt' --output hdfs:///runs/spam-1
#   (quote globs, so that Hadoop expands them on the cluster rather than the shell here)
#
# Options:
#   --cluster KIND       standalone, yarn or k8s (required)
#   --master URL         spark://host:7077 (standalone, required), k8s://https://host:6443 (k8s,
#                        required); yarn takes the cluster from HADOOP_CONF_DIR
#   --deploy-mode MODE   client or cluster (default: client on standalone, cluster on yarn and k8s)
#   --gpu                use cluster-conf/spark-defaults-KIND-gpu.conf (one GPU per executor) and,
#                        on k8s, the GPU executor pod template; needs the app jar built with -Pgpu
#   --properties FILE    a properties file instead of the one chosen above
#   --jar PATH           the application jar (default: jobs/target/greentrain-jobs-*-app.jar; on k8s
#                        local:///opt/greentrain/greentrain-jobs-app.jar, inside the image)
#   --image IMAGE        k8s: the container image (default: $GREENTRAIN_IMAGE)
#   --conf KEY=VALUE     any further Spark setting (repeatable), wins over the properties file
#   --dry-run            print the spark-submit command (shell-quoted, one line) instead of running it
#
# On yarn, the discovery script and log4j2.properties travel with --files, and so does a job
# configuration given as a local file (--config conf/x.conf), whose path in the job arguments is
# then replaced by its name in the container's working directory. In cluster mode on standalone
# and k8s the driver cannot see local files: put the configuration on HDFS, S3 or in the image.
#
# Environment: SPARK_HOME (spark-submit is $SPARK_HOME/bin/spark-submit, else the one on PATH).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
conf_dir="$root/cluster-conf"

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}
fail() {
  echo "submit.sh: $*" >&2
  exit 2
}

cluster="" master="" deploy_mode="" gpu=0 properties="" jar="" image="${GREENTRAIN_IMAGE:-}" dry_run=0
extra_conf=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --cluster) cluster=${2:?--cluster needs a value}; shift 2 ;;
    --master) master=${2:?--master needs a value}; shift 2 ;;
    --deploy-mode) deploy_mode=${2:?--deploy-mode needs a value}; shift 2 ;;
    --gpu) gpu=1; shift ;;
    --properties) properties=${2:?--properties needs a value}; shift 2 ;;
    --jar) jar=${2:?--jar needs a value}; shift 2 ;;
    --image) image=${2:?--image needs a value}; shift 2 ;;
    --conf) extra_conf+=(--conf "${2:?--conf needs a value}"); shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    -h | --help) usage ;;
    --) shift; break ;;
    -*) fail "unknown option '$1' (see --help)" ;;
    *) break ;;
  esac
done
[[ $# -ge 1 ]] || fail "no JOB given (see --help)"
job_args=("$@")

case $cluster in
  standalone)
    [[ -n $master ]] || fail "--cluster standalone needs --master spark://HOST:7077"
    [[ $master == spark://* ]] || fail "a standalone master looks like spark://HOST:7077, not '$master'"
    deploy_mode=${deploy_mode:-client} ;;
  yarn)
    [[ -z $master || $master == yarn ]] || fail "--cluster yarn takes no --master other than yarn"
    master=yarn
    deploy_mode=${deploy_mode:-cluster} ;;
  k8s)
    [[ $master == k8s://* ]] || fail "--cluster k8s needs --master k8s://https://HOST:PORT"
    [[ -n $image ]] || fail "--cluster k8s needs --image IMAGE (or GREENTRAIN_IMAGE)"
    deploy_mode=${deploy_mode:-cluster} ;;
  "") fail "--cluster is required: standalone, yarn or k8s" ;;
  *) fail "unknown cluster kind '$cluster' (expected standalone, yarn or k8s)" ;;
esac
[[ $deploy_mode == client || $deploy_mode == cluster ]] || fail "--deploy-mode must be client or cluster"

if [[ -z $properties ]]; then
  properties="$conf_dir/spark-defaults.conf"
  [[ $gpu == 1 ]] && properties="$conf_dir/spark-defaults-$cluster-gpu.conf"
fi
[[ -f $properties ]] || fail "no properties file at $properties"

if [[ -z $jar ]]; then
  if [[ $cluster == k8s ]]; then
    jar=local:///opt/greentrain/greentrain-jobs-app.jar
  else
    shopt -s nullglob
    jars=("$root"/jobs/target/greentrain-jobs-*-app.jar)
    shopt -u nullglob
    [[ ${#jars[@]} -eq 1 ]] || fail "expected one jobs/target/greentrain-jobs-*-app.jar, found ${#jars[@]}: build it with mvn -B package (add -Pgpu for GPUs) or pass --jar"
    jar=${jars[0]}
  fi
fi

# A local job configuration (no scheme, or file:) cannot be read by a driver on another machine.
files=()
for ((i = 0; i < ${#job_args[@]}; i++)); do
  if [[ ${job_args[i]} == --config || ${job_args[i]} == -c ]] && ((i + 1 < ${#job_args[@]})); then
    config=${job_args[i + 1]}
    if [[ $config != *://* || $config == file://* ]] && [[ $deploy_mode == cluster ]]; then
      local_path=${config#file://}
      if [[ $cluster == yarn ]]; then
        [[ -f $local_path ]] || fail "job configuration $local_path does not exist"
        files+=("$local_path")
        job_args[i + 1]=$(basename "$local_path")
      else
        fail "in cluster mode on $cluster the driver cannot read the local file $config: put it on HDFS, S3 or in the image"
      fi
    fi
  fi
done

spark_submit=spark-submit
[[ -n ${SPARK_HOME:-} ]] && spark_submit="$SPARK_HOME/bin/spark-submit"

cmd=("$spark_submit"
  --master "$master"
  --deploy-mode "$deploy_mode"
  --name "greentrain-${job_args[0]}"
  --class io.greentrain.jobs.GreentrainMain
  --properties-file "$properties")
case $cluster in
  yarn)
    files=("$conf_dir/gpu-discovery.sh" "$conf_dir/log4j2.properties" "${files[@]}")
    cmd+=(--files "$(IFS=,; echo "${files[*]}")") ;;
  k8s)
    cmd+=(--conf "spark.kubernetes.container.image=$image")
    [[ $gpu == 1 ]] && cmd+=(--conf "spark.kubernetes.executor.podTemplateFile=$conf_dir/k8s-gpu-executor-pod-template.yaml") ;;
esac
cmd+=("${extra_conf[@]}" "$jar" "${job_args[@]}")

if [[ $dry_run == 1 ]]; then
  printf '%q ' "${cmd[@]}"
  echo
else
  exec "${cmd[@]}"
fi
