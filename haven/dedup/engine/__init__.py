"""The matching engine: person records → comparison keys → Splink (DuckDB or Spark) → clusters.

Pure of Django: the file mode (`haven dedupe`), the registry's batch checks and the benchmark share it.
"""
