"""Splink's Spark backend: the same model on a Spark cluster, or in local mode on this machine.

Where Spark runs is configuration, not code: `HAVEN_SPARK_MASTER` (default `local[2]`, e.g.
`spark://host:7077` or `yarn`), and anything else in Spark's own `spark-defaults.conf` under
`SPARK_CONF_DIR`. Needs `pip install haven[spark]` and Java 17 or newer.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

DEFAULT_MASTER = "local[2]"


def spark_session() -> Any:
    """The process's Spark session, started on first use with Splink's similarity functions loaded."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise RuntimeError("The Spark engine needs pyspark: pip install 'haven[spark]'.") from error
    from splink.backends.spark import similarity_jar_location

    scratch = Path(tempfile.gettempdir()) / "haven-spark"
    scratch.mkdir(exist_ok=True)
    builder: Any = SparkSession.builder
    return (
        builder.master(os.environ.get("HAVEN_SPARK_MASTER", DEFAULT_MASTER))
        .appName("haven-dedupe")
        .config("spark.jars", similarity_jar_location())
        .config("spark.local.dir", str(scratch))
        .config("spark.sql.shuffle.partitions", os.environ.get("HAVEN_SPARK_PARTITIONS", "8"))
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )


def spark_database(workdir: str) -> Any:
    """A Splink database API on the Spark session, checkpointing into `workdir`."""
    from splink import SparkAPI

    spark_api: Any = SparkAPI
    session = spark_session()
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(str(Path(workdir) / "checkpoints"))
    return spark_api(spark_session=session)
