"""Registration files read and checked without touching the database: the pure half of a registration import.

The pipeline opens a file with `registration_file_open`, streams `rows()`, checks each with
`person_row_validate`, feeds every row to a `HouseholdCheck`, and stages what is valid.

    with registration_file_open(path, mapping=mapping, display_name=upload_name) as registration:
        households = HouseholdCheck(mapping=mapping)
        for row in registration.rows():
            record, problems = person_row_validate(row, today=today, place_known=..., origin_known=...,
                                                   mapping=mapping)
            households.add(record, row)
        problems = households.problems()

Module map: `template` (the canonical columns, HXL, column mappings), `layout` (header row, columns, rows,
problems), `encoding` (UTF-8 or Windows-1256), `reading` (CSV and XLSX files), `values` (one cell read as a
value), `validation` (one row as a person), `households` (checks across a household's rows).
"""

from haven.population.imports.households import HouseholdCheck
from haven.population.imports.layout import FileRefused, Problem, SourceRow, value_shorten
from haven.population.imports.reading import (
    RegistrationFile,
    file_fingerprint,
    registration_file_open,
    registration_headers_read,
)
from haven.population.imports.template import (
    COLUMNS_BY_NAME,
    TEMPLATE_COLUMNS,
    ColumnMapping,
    Requirement,
    TemplateColumn,
)
from haven.population.imports.validation import CELL_LIMIT, PersonRecord, person_row_validate
from haven.population.imports.values import phone_normalise

__all__ = [
    "CELL_LIMIT",
    "COLUMNS_BY_NAME",
    "TEMPLATE_COLUMNS",
    "ColumnMapping",
    "FileRefused",
    "HouseholdCheck",
    "PersonRecord",
    "Problem",
    "RegistrationFile",
    "Requirement",
    "SourceRow",
    "TemplateColumn",
    "file_fingerprint",
    "person_row_validate",
    "phone_normalise",
    "registration_file_open",
    "registration_headers_read",
    "value_shorten",
]
