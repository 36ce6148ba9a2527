"""The service index on Spark: the same store and the same statements, on more than one machine.

DuckDB computes a country's year of dossiers in seconds on one machine. When the records of several
years, or of every system in the country at full detail, outgrow one machine's disk and memory, the
store's Parquet layout (``store.py``) stays as it is on storage every node of a cluster mounts at
the same path, and Spark reads it there. Nothing of the index is written for Spark: the engine
reads the table's base and delta files as readers see them (``SparkEngine.records``, the DataFrame
form of ``store.source_sql``) as the relation ``source`` and runs the very
statements ``sql.aggregates`` compiles for DuckDB, so the two engines cannot drift apart;
``tests/core/services/test_engines_agree.py`` holds them to the same figures on a million dossiers.

Given no session, the engine starts one local session (two cores, two shuffle partitions, no web
UI, on the loopback address, and after the JVM's few start-up lines only errors in the log) on
first use and reuses it; a cluster's session is passed in instead::

    methodology = resolve("vn-766-2022")
    daily = SparkEngine("/mnt/services", session=cluster).daily(methodology)
    results = score_period(methodology, daily, Period.month("2026-10"))

pyspark is the optional extra ``spark`` and needs Java 17 or newer; both are looked for only when a
statement runs, so the rest of parindex imports and works without them.

A store on an object store (``place``: ``s3://bucket/services``) is read by Spark through Hadoop's
own connectors, not through fsspec: the records' URLs are handed to the session with S3's scheme
written as Hadoop's ``s3a://``, and the session must be a cluster's (passed in) whose classpath has
the connector (``hadoop-aws`` and the AWS SDK bundle of the cluster's Hadoop version) and its
credentials configured (``spark.hadoop.fs.s3a.*``). The local session has no connector and cannot
download one, so given no session the engine refuses a URL store with an error that says this.
"""
from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

import pandas as pd

from parindex.core.errors import ParindexError
from parindex.core.methodology.model import Methodology
from parindex.core.phrases import t
from parindex.core.services.engine import DATE_COLUMNS, daily_aggregates
from parindex.core.services.place import Place, is_url
from parindex.core.services.records import TABLES
from parindex.core.services.store import base_files, delta_files

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

LOCAL_SETTINGS = {
    "spark.master": "local[2]",
    "spark.app.name": "parindex services",
    "spark.sql.shuffle.partitions": "2",  # one per core: a day-by-unit aggregate is small, Spark's 200 would be empty tasks
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.log.level": "ERROR",
    "spark.sql.session.timeZone": "UTC",  # dates stay the calendar days they were written as
    "spark.sql.execution.arrow.pyspark.enabled": "true",  # results come back to pandas through Arrow
}


class SparkEngine:
    """Runs the compiled statements on Spark over the Parquet store: ``DuckDBEngine``'s contract."""

    def __init__(self, root, session: SparkSession | None = None) -> None:
        if is_url(str(root)) and session is None:
            raise ParindexError("spark_unavailable", t("the local Spark session cannot read the store at {url}", url=Place.of(str(root)).shown),
                                expected=t("a store on a local or mounted directory, or a cluster's session with Hadoop's connector for the store"),
                                hint=t("compute with the DuckDB engine, or pass a session whose classpath has hadoop-aws"))
        self.root = str(root)
        self.session = session

    def daily(self, methodology: Methodology) -> dict[tuple[str, str | None], pd.DataFrame]:
        return daily_aggregates(self, methodology)

    def query(self, table: str, statement: str) -> pd.DataFrame | None:
        """``statement`` over the table's records as the relation ``source``; None when the store has none."""
        source = self.records(table)
        if source is None:
            return None
        source.createOrReplaceTempView("source")
        session = source.sparkSession
        frame: pd.DataFrame = session.sql(statement).toPandas()
        for column in ("day", *DATE_COLUMNS):  # as DuckDBEngine gives them: calendar days, NaT when missing
            if column in frame:
                frame[column] = pd.to_datetime(frame[column]).dt.date
        return frame


    def records(self, table: str):
        """The table's records as readers see them, as ``store.source_sql`` gives them to DuckDB: the
        base records no delta supersedes, and the deltas' records."""
        base, deltas = base_files(self.root, table), delta_files(self.root, table)
        if not base and not deltas:
            return None
        session = self.session or local_session()
        read = session.read.option("mergeSchema", "true")
        base_urls, delta_urls = [hadoop_url(str(p)) for p in base], [hadoop_url(str(p)) for p in deltas]
        if not deltas:
            return read.parquet(*base_urls)
        newer = read.parquet(*delta_urls)
        if not base:
            return newer
        key = TABLES[table].key
        return read.parquet(*base_urls).join(newer.select(key), on=key, how="left_anti").unionByName(newer)


def hadoop_url(location: str) -> str:
    """A record file as Hadoop names it: S3's ``s3://`` (and ``s3n://``) is Hadoop's ``s3a://``
    connector; a local path and other schemes (``gs://``, ``abfs://``) are the same in both.

    >>> hadoop_url("s3://bucket/services/dossiers/month=2026-10/part-0.parquet"), hadoop_url("/srv/services/x.parquet")
    ('s3a://bucket/services/dossiers/month=2026-10/part-0.parquet', '/srv/services/x.parquet')
    """
    for scheme in ("s3://", "s3n://"):
        if location.startswith(scheme):
            return "s3a://" + location[len(scheme):]
    return location


def local_session() -> SparkSession:
    """The one local session of this process: started on first use with ``LOCAL_SETTINGS``, the
    same one afterwards (Spark's ``getOrCreate``; a stopped one is started again)."""
    try:
        from pyspark.sql import SparkSession  # deferred: pyspark is the optional extra "spark"
    except ImportError:
        raise ParindexError("spark_unavailable", t("the Spark engine needs pyspark, which is not installed"),
                            hint=t("install the 'spark' extra: {command}", command="pip install 'parindex[spark]'")) from None
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        raise ParindexError("spark_unavailable", t("the Spark engine needs Java 17 or newer, which is not on this machine"),
                            hint=t("install Java 17 or newer, e.g. {command}", command="apt-get install openjdk-17-jre-headless"))
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # a local session listens on the loopback address only
    builder = SparkSession.builder
    for key, value in LOCAL_SETTINGS.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()
