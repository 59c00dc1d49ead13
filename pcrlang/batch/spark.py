"""The batch on Apache Spark: the same query, in Spark SQL, from the same IR.

The input is read by Spark (Parquet, CSV with every column as text, JSON lines), numbered in
file order (`monotonically_increasing_id`), and registered as the view `pcr_input`; the query
(pcrlang/backends/sql, Spark dialect) computes every record and flags those the runtime must
compute; those rows go through pcrlang's runtime in Python on the executors (mapPartitions;
on a cluster, pcrlang must be installed on the workers), and the two parts are put back in
input order. In local mode the output is one file; with --master URL of a cluster, Spark's
directory of part files, in input order.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time

from ..backends.sql import DIALECTS, Plan, PlanError, build
from .exact import Runtime
from .formats import BatchError, spark_category

S = DIALECTS["spark"]
_SESSIONS: dict = {}


def session(master: str | None):
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise BatchError("--engine spark needs pyspark and Java 17: pip install 'pcrlang[spark]'") from None
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        raise BatchError("--engine spark needs Java 17 or newer: install a JDK (apt-get install openjdk-17-jre-headless) "
                         "or set JAVA_HOME")
    master = master or "local[*]"
    if master in _SESSIONS:
        return _SESSIONS[master]
    try:
        spark = (SparkSession.builder.master(master).appName("pcr batch")
                 .config("spark.ui.enabled", "false")
                 .config("spark.ui.showConsoleProgress", "false")
                 .config("spark.sql.shuffle.partitions", "8")
                 .config("spark.sql.session.timeZone", "UTC")
                 .getOrCreate())
    except Exception as error:
        raise BatchError(f"Spark could not start: {_first_line(error)}", 4) from None
    spark.sparkContext.setLogLevel("ERROR")
    try:  # Janino fails to compile the whole-stage code of some queries with lambdas (tables of rows);
        # Spark then runs them interpreted, the same results, but logs the compiler's stack trace
        jvm = spark.sparkContext._jvm
        jvm.org.apache.logging.log4j.core.config.Configurator.setLevel(
            "org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator", jvm.org.apache.logging.log4j.Level.FATAL)
    except Exception:  # another logging backend: the trace shows, nothing else changes
        pass
    _SESSIONS[master] = spark
    return spark


def _typed(schema, outputs):
    """The schema with each output's declared type where the query gives only NULL (a rule whose
    records the runtime computes whole: Spark infers no type from a NULL column)."""
    from pyspark.sql import types as T
    kinds = {"double": T.DoubleType(), "text": T.StringType(), "bool": T.BooleanType()}
    declared = {o.name: kinds[o.type] for o in outputs}
    return T.StructType([T.StructField(f.name, declared[f.name], True)
                         if isinstance(f.dataType, T.NullType) and f.name in declared else f
                         for f in schema.fields])


def _first_line(error) -> str:
    text = str(error).strip()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("at ", "Traceback", "py4j")):
            return line[:500]
    return type(error).__name__


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def read(spark, path: str, fmt: str):
    reader = spark.read
    if fmt == "parquet":
        return reader.parquet(path)
    if fmt == "csv":
        # RFC 4180, as spreadsheets and DuckDB write it: a quote inside a quoted field is doubled
        # (Spark's default escape is a backslash, which breaks a table of rows' JSON text)
        return reader.option("header", True).option("inferSchema", False).option("mode", "FAILFAST") \
            .option("quote", '"').option("escape", '"').csv(path)
    return reader.option("mode", "FAILFAST").json(path)


class _Exact:
    """The runtime over flagged rows, in each executor (pickled with the plan)."""

    def __init__(self, plan: Plan, names: list, doubles: set, width: int):
        self.plan, self.names, self.doubles, self.width = plan, names, doubles, width
        self.fixed = {"ruleset.fingerprint": plan.fingerprint, "ruleset.publication_fingerprint": plan.publication}

    def __call__(self, rows):
        runtime = Runtime(self.plan)
        for row in rows:
            values = list(row)
            head, cells = values[:self.width], values[self.width:]
            computed = runtime.record(*cells)
            out = head + [computed[n] if n in computed else self.fixed[n] for n in self.names]
            yield tuple(float(x) if k in self.doubles and x is not None else x for k, x in enumerate(out))


def run(compilation, input_path: str, in_fmt: str, output_path: str, out_fmt: str, progress, master=None) -> dict:
    spark = session(master)
    from pyspark.sql import functions as F
    started = time.monotonic()
    try:
        df = read(spark, input_path, in_fmt)
        columns = [(f.name, spark_category(f.dataType)) for f in df.schema.fields]
    except Exception as error:
        raise BatchError(f"Spark cannot read the input: {_first_line(error)}") from None
    try:
        plan = Plan(compilation.ruleset, compilation.fingerprint, compilation.publication_fingerprint, columns)
    except PlanError as error:
        raise BatchError(str(error)) from None
    view = f"pcr_input_{os.getpid()}_{int(time.time() * 1000)}"
    df.withColumn("pcr_row", F.monotonically_increasing_id()).createOrReplaceTempView(view)
    query = build(plan, S, _quoted(view), exact_function=None, carry=("pcr_row",))
    names = ["pcr_row"] + plan.passthrough + [o.name for o in plan.outputs]
    outputs = [F.col(_quoted(n)) for n in names]
    local = (master or "local[*]").startswith("local")
    tracker = _Tracker(spark, progress)
    tracker.start()
    try:
        main = spark.sql(query.sql())
        unflagged = main.filter("NOT pcr_flag").select(*outputs)
        flagged = main.filter("pcr_flag").select(*(outputs[:1 + len(plan.passthrough)]
                                                  + [F.col(_quoted(c)) for c in query.exact_arguments]))
        computed_names = [o.name for o in plan.outputs]
        schema = _typed(unflagged.schema, plan.outputs)
        unflagged = unflagged.select(*(F.col(_quoted(f.name)).cast(f.dataType) for f in schema.fields))
        doubles = {k for k, f in enumerate(schema.fields) if type(f.dataType).__name__ == "DoubleType"}
        counter = spark.sparkContext.accumulator(0)
        exact = _Exact(plan, computed_names, doubles, 1 + len(plan.passthrough))

        def counted(rows, exact=exact, counter=counter):
            for row in exact(rows):
                counter.add(1)
                yield row

        # kept once computed: the sort samples its input first, which would run the runtime twice
        computed = spark.createDataFrame(flagged.rdd.mapPartitions(counted), schema).persist()
        result = unflagged.unionByName(computed).orderBy("pcr_row").drop("pcr_row")
        _write(result.coalesce(1) if local else result, output_path, out_fmt, local)
        written = read(spark, output_path, out_fmt)
        records, refused = written.agg(F.count(F.lit(1)), F.count(F.col("error_code"))).first()
        computed.unpersist()
    except BatchError:
        raise
    except Exception as error:
        raise BatchError(f"Spark could not run the batch: {_first_line(error)}", 4) from None
    finally:
        tracker.stop()
        progress.done()
    return {"records": records, "refused": refused, "exact": counter.value, "seconds": time.monotonic() - started}


def _write(df, path: str, fmt: str, single: bool) -> None:
    writer = df.write.mode("overwrite")
    if fmt == "csv":  # RFC 4180, as read(): a quote inside a quoted field is doubled (the JSON of cutoff.flows)
        writer = writer.option("header", True).option("quote", '"').option("escape", '"')
    if fmt == "json":
        writer = writer.option("ignoreNullFields", False)
    if not single:
        writer.format(fmt).save(path)
        return
    parent = os.path.dirname(os.path.abspath(path))
    tmp = tempfile.mkdtemp(prefix=".pcr-batch-", dir=parent)
    try:
        writer.format(fmt).save(os.path.join(tmp, "out"))
        parts = sorted(f for f in os.listdir(os.path.join(tmp, "out")) if f.startswith("part-"))
        if len(parts) != 1:
            raise BatchError(f"Spark wrote {len(parts)} part files; expected one", 4)
        if os.path.isdir(path):
            shutil.rmtree(path)
        shutil.move(os.path.join(tmp, "out", parts[0]), path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class _Tracker:
    """Polls Spark's status tracker for the progress bar."""

    def __init__(self, spark, progress):
        self.tracker, self.progress = spark.sparkContext.statusTracker(), progress
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        if self.progress.enabled:
            self.thread.start()

    def stop(self):
        self.stopped.set()

    def _run(self):
        while not self.stopped.wait(0.5):
            try:
                stages = [self.tracker.getStageInfo(s) for s in self.tracker.getActiveStageIds()]
                total = sum(s.numTasks for s in stages if s)
                done = sum(s.numCompletedTasks for s in stages if s)
                if total:
                    self.progress.update(done / total)
            except Exception:
                pass
