"""Airflow DAG that cleans a text corpus and trains the character language model on a Spark cluster.

    text_clean >> text_prepare >> text_train >> ledger_verify >> ledger_report

The text-corpus counterpart of ``greentrain_dag.py``, in the same style: each task is a
``SparkSubmitOperator`` (package ``apache-airflow-providers-apache-spark``) that submits the
application jar with main class ``io.greentrain.jobs.GreentrainMain`` and the job's command line
(``text-clean --config ... --output ...``, see ``scripts/greentrain --help``). Every task of a run
writes into the same output folder, ``<output_root>/<ts_nodash>`` (e.g. ``.../20240602T000000``),
laid out as ``io.greentrain.jobs.text.TextLayout`` and ``io.greentrain.jobs.RunLayout`` document:
``text/kept`` and ``text/removed/<reason>`` (text_clean), ``text/vocabulary.json`` and
``text/sequences`` (text_prepare), ``lm`` (text_train), ``summary.json`` and the run's carbon ledger,
``<output>/ledger``. The folder is named after the run's logical date and time, so a run triggered by
hand when a corpus lands gets a folder of its own, while a task's retries reuse its run's folder:
each step commits by rename and writes a success marker (``_markers/<step>.json``), so a retried
step that had finished is skipped and one that had not starts over.

Scheduled weekly; corpora usually arrive when they arrive, so trigger it with the corpus to read:
``airflow dags trigger greentrain_text --conf '{"inputs": ["hdfs:///data/corpora/x/*.json"]}'``.

Run parameters (``params``):

``inputs``
    The corpus: a list of files, folders (every file under it, recursively, except names starting
    with ``.`` or ``_``) or Hadoop globs (``*``, ``?``, ``[ab]``, ``{a,b}``), on any Hadoop file
    system. They become ``greentrain.input.paths``, exactly what repeated ``--input`` flags would set.
``output_root``
    The folder under which each run writes its own output folder.
``job_config``
    The job configuration (HOCON, ``docs/configuration.md``) with the corpus format and the
    ``greentrain.text.*``, ``greentrain.lm.*`` and ``greentrain.train.*`` settings, on a file system
    the driver can read; ``data/text/spam-assassin.conf`` and ``data/text/chinese-poetry.conf`` are
    examples that need no change on a cluster (the inputs and the output come from this DAG).

Deployment settings: the same environment variables as ``greentrain_dag.py``
(``GREENTRAIN_SPARK_CONN_ID``, the Airflow Spark connection, default ``spark_greentrain``;
``GREENTRAIN_CLUSTER_CONF``, the Spark properties file, default
``/opt/greentrain/cluster-conf/spark-defaults.conf``; ``GREENTRAIN_APP_JAR``, the application jar,
default ``/opt/greentrain/greentrain-jobs-app.jar``).

Every task retries twice, ten minutes apart (training twenty); ``ledger_verify`` does not retry, as
a broken hash chain does not mend itself. A step that fails for bad input or configuration exits
with code 2 and fails again in the same way; its log names the key, file or document. Parameters
are documented in ``docs/scheduling.md`` too; ``scripts/airflow/dag_checker.py`` reads this file
(without Airflow) for the project's tests, so keep the operators' arguments literal.
"""

import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

SPARK_CONN_ID = os.environ.get("GREENTRAIN_SPARK_CONN_ID", "spark_greentrain")
CLUSTER_CONF = os.environ.get("GREENTRAIN_CLUSTER_CONF", "/opt/greentrain/cluster-conf/spark-defaults.conf")
APP_JAR = os.environ.get("GREENTRAIN_APP_JAR", "/opt/greentrain/greentrain-jobs-app.jar")
MAIN_CLASS = "io.greentrain.jobs.GreentrainMain"

# One output folder per run, shared by all of its steps and their retries.
OUTPUT = "{{ params.output_root }}/{{ ts_nodash }}"
CONFIG = "{{ params.job_config }}"
# The corpus as a HOCON list (JSON is HOCON): one argument, however many paths the run was given.
INPUT_PATHS = "greentrain.input.paths={{ params.inputs | tojson }}"

default_args = {
    "owner": "greentrain",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
}

with DAG(
    dag_id="greentrain_text",
    description="Clean a text corpus, build sequences and train a character language model on Spark; "
                "verify and report the carbon ledger",
    schedule="@weekly",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    params={
        "inputs": ["hdfs:///data/corpora/spam-assassin/*/*.txt"],
        "output_root": "hdfs:///runs/greentrain-text",
        "job_config": "hdfs:///jobs/spam-assassin.conf",
    },
    tags=["greentrain", "spark", "text"],
) as dag:
    text_clean = SparkSubmitOperator(
        task_id="text_clean",
        conn_id=SPARK_CONN_ID,
        properties_file=CLUSTER_CONF,
        application=APP_JAR,
        java_class=MAIN_CLASS,
        name="greentrain-text-clean",
        application_args=["text-clean", "--config", CONFIG, "--set", INPUT_PATHS, "--output", OUTPUT],
    )
    text_prepare = SparkSubmitOperator(
        task_id="text_prepare",
        conn_id=SPARK_CONN_ID,
        properties_file=CLUSTER_CONF,
        application=APP_JAR,
        java_class=MAIN_CLASS,
        name="greentrain-text-prepare",
        application_args=["text-prepare", "--config", CONFIG, "--output", OUTPUT],
    )
    text_train = SparkSubmitOperator(
        task_id="text_train",
        conn_id=SPARK_CONN_ID,
        properties_file=CLUSTER_CONF,
        application=APP_JAR,
        java_class=MAIN_CLASS,
        name="greentrain-text-train",
        application_args=["text-train", "--config", CONFIG, "--output", OUTPUT],
        # Training is the long step: a longer pause before a retry lets a busy cluster free executors.
        retry_delay=timedelta(minutes=20),
    )
    ledger_verify = SparkSubmitOperator(
        task_id="ledger_verify",
        conn_id=SPARK_CONN_ID,
        properties_file=CLUSTER_CONF,
        application=APP_JAR,
        java_class=MAIN_CLASS,
        name="greentrain-text-ledger-verify",
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
        name="greentrain-text-ledger-report",
        application_args=["ledger", "report", OUTPUT + "/ledger", "--out", OUTPUT + "/report"],
        conf={"spark.greentrain.energy.enabled": "false"},
    )

    text_clean >> text_prepare >> text_train >> ledger_verify >> ledger_report
