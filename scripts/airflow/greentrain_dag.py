"""Airflow DAG that runs the greentrain pipeline on a Spark cluster once a day.

    clean >> convert >> train >> evaluate >> ledger_verify >> ledger_report

Each task is a ``SparkSubmitOperator`` (package ``apache-airflow-providers-apache-spark``) that
submits the application jar with main class ``io.greentrain.jobs.GreentrainMain`` and the job's
command line (``JOB --config ... --output ...``, see ``scripts/greentrain --help``). Every task of
a run writes into the same output folder, ``<output_root>/<ds_nodash>``, laid out as
``io.greentrain.jobs.RunLayout`` documents: the later steps read what the earlier ones wrote, and
the carbon ledger of the whole run is ``<output>/ledger``. ``ledger_verify`` checks the ledger's
hash chain; ``ledger_report`` writes ``<output>/report`` (emissions.csv, Parquet, report.html).

Run parameters (``params``; change them when triggering a run, e.g. ``airflow dags trigger
greentrain --conf '{"input": "hdfs:///data/ames/2024-06.csv"}'``):

``input``
    The CSV file or folder to clean, on any Hadoop file system (``hdfs://``, ``s3a://``).
``output_root``
    The folder under which each run writes its own output folder, named after the run's date.
``job_config``
    The job configuration (HOCON, ``docs/configuration.md``), on a file system the driver can read;
    ``cluster-conf/jobs/`` has examples for each cluster kind.

Deployment settings (environment variables of the Airflow workers, read when the DAG is parsed):

``GREENTRAIN_SPARK_CONN_ID``
    The Airflow connection to the Spark cluster (default ``spark_greentrain``): its host is the
    master (``yarn``, ``spark://host:7077`` or ``k8s://https://host:6443``), its extra JSON may set
    ``deploy-mode``, ``spark-binary`` and ``namespace``.
``GREENTRAIN_CLUSTER_CONF``
    The Spark properties file for the cluster (default
    ``/opt/greentrain/cluster-conf/spark-defaults.conf``; use ``spark-defaults-<kind>-gpu.conf`` on
    GPU clusters).
``GREENTRAIN_APP_JAR``
    The application jar (default ``/opt/greentrain/greentrain-jobs-app.jar``; built by
    ``mvn -B package``, or ``mvn -B -Pgpu package`` for GPUs, as ``jobs/target/greentrain-jobs-*-app.jar``).

Carbon-aware start (not in this DAG, since the intensity forecast and zone are the deployment's):
a ``BashOperator`` ``carbon_window`` running ``greentrain carbon-window --zone DE --duration 2h
--deadline ... --intensity forecast.csv --json`` (its JSON line goes to XCom), then a deferrable
``DateTimeSensorAsync`` whose ``target_time`` is that JSON's ``startAt``, both before ``clean``:
the run starts in the cleanest window before its deadline and holds no worker slot while waiting.
``docs/scheduling.md`` has the code.

Every task retries twice, ten minutes apart: a lost executor or a busy cluster should not fail
the run. A step that fails for bad input or configuration exits with code 2 and fails again in the
same way; its log names the key, file or row. The parameters are documented in
``docs/scheduling.md`` too; ``scripts/airflow/dag_checker.py`` reads this file (without
Airflow) for the project's tests, so keep the operators' arguments literal.
"""

import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

SPARK_CONN_ID = os.environ.get("GREENTRAIN_SPARK_CONN_ID", "spark_greentrain")
CLUSTER_CONF = os.environ.get("GREENTRAIN_CLUSTER_CONF", "/opt/greentrain/cluster-conf/spark-defaults.conf")
APP_JAR = os.environ.get("GREENTRAIN_APP_JAR", "/opt/greentrain/greentrain-jobs-app.jar")
MAIN_CLASS = "io.greentrain.jobs.GreentrainMain"

# One output folder per run, shared by all of its steps.
OUTPUT = "{{ params.output_root }}/{{ ds_nodash }}"
CONFIG = "{{ params.job_config }}"

default_args = {
    "owner": "greentrain",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
}

with DAG(
    dag_id="greentrain",
    description="Clean, convert, train and evaluate on Spark; verify and report the carbon ledger",
    schedule="@daily",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    params={
        "input": "hdfs:///data/ames/ames_housing.csv",
        "output_root": "hdfs:///runs/greentrain",
        "job_config": "hdfs:///jobs/ames-yarn-hdfs.conf",
    },
    tags=["greentrain", "spark"],
) as dag:
    clean = SparkSubmitOperator(
        task_id="clean",
        conn_id=SPARK_CONN_ID,
        properties_file=CLUSTER_CONF,
        application=APP_JAR,
        java_class=MAIN_CLASS,
        name="greentrain-clean",
        application_args=["clean", "--config", CONFIG, "--input", "{{ params.input }}", "--output", OUTPUT],
    )
    convert = SparkSubmitOperator(
        task_id="convert",
        conn_id=SPARK_CONN_ID,
        properties_file=CLUSTER_CONF,
        application=APP_JAR,
        java_class=MAIN_CLASS,
        name="greentrain-convert",
        application_args=["convert", "--config", CONFIG, "--output", OUTPUT],
    )
    train = SparkSubmitOperator(
        task_id="train",
        conn_id=SPARK_CONN_ID,
        properties_file=CLUSTER_CONF,
        application=APP_JAR,
        java_class=MAIN_CLASS,
        name="greentrain-train",
        application_args=["train", "--config", CONFIG, "--output", OUTPUT],
        # Training is the long step: a longer pause before a retry lets a busy cluster free executors.
        retry_delay=timedelta(minutes=20),
    )
    evaluate = SparkSubmitOperator(
        task_id="evaluate",
        conn_id=SPARK_CONN_ID,
        properties_file=CLUSTER_CONF,
        application=APP_JAR,
        java_class=MAIN_CLASS,
        name="greentrain-evaluate",
        application_args=["evaluate", "--config", CONFIG, "--output", OUTPUT],
    )
    ledger_verify = SparkSubmitOperator(
        task_id="ledger_verify",
        conn_id=SPARK_CONN_ID,
        properties_file=CLUSTER_CONF,
        application=APP_JAR,
        java_class=MAIN_CLASS,
        name="greentrain-ledger-verify",
        application_args=["ledger", "verify", OUTPUT + "/ledger"],
        # A broken hash chain does not mend itself.
        retries=0,
        # Reading a ledger needs no energy measurement of its own.
        conf={"spark.greentrain.energy.enabled": "false"},
    )
    ledger_report = SparkSubmitOperator(
        task_id="ledger_report",
        conn_id=SPARK_CONN_ID,
        properties_file=CLUSTER_CONF,
        application=APP_JAR,
        java_class=MAIN_CLASS,
        name="greentrain-ledger-report",
        application_args=["ledger", "report", OUTPUT + "/ledger", "--out", OUTPUT + "/report"],
        conf={"spark.greentrain.energy.enabled": "false"},
    )

    clean >> convert >> train >> evaluate >> ledger_verify >> ledger_report
