"""Every file of the bad-file corpus through the real pipeline, on the database under test: a file that
is refused or has errors leaves a batch that cannot be merged and registers nobody; a good file merges."""

from __future__ import annotations

import json
from typing import Any

import pytest

from haven.core.services import ServiceError
from haven.geo.services import cod_load
from haven.population.models import BatchStatus, Household, ImportProblem, Individual
from haven.population.services import batch_create, batch_merge, batch_stage, mapping_save
from haven.population.tests.imports.test_corpus import CORPUS, MANIFEST

pytestmark = pytest.mark.django_db


@pytest.fixture
def districts(governorates: None, shared_data: Any) -> None:
    cod_load(path=next((shared_data / "iraq-cod-ab").glob("irq_admbnda_adm2_*.geojson")))


@pytest.mark.parametrize("line", MANIFEST, ids=[line["file"] for line in MANIFEST])
def test_a_corpus_file_through_the_pipeline(line: dict[str, str], districts: None, imo: Any) -> None:
    mapping = None
    if line["mapping"]:
        rules = json.loads((CORPUS / line["mapping"]).read_text(encoding="utf-8"))
        mapping = mapping_save(saved_by=imo, name=line["mapping"], columns=rules["columns"], values=rules["values"])
    path = CORPUS / line["file"]
    batch = batch_stage(batch=batch_create(path=path, file_name=path.name, created_by=imo, mapping=mapping))
    if line["outcome"] in {"refused", "error"}:
        assert batch.status == BatchStatus.INVALID
        messages = " ".join(
            ImportProblem.objects.filter(batch=batch, severity="error").values_list("message", flat=True)
        )
        assert line["expected"] in messages
        with pytest.raises(ServiceError):
            batch_merge(batch=batch, merged_by=imo)
        assert not Household.objects.exists() and not Individual.objects.exists()
    else:
        assert batch.status in {BatchStatus.READY, BatchStatus.REVIEW}, list(batch.problems.values_list("message"))
        if batch.status == BatchStatus.READY:
            merged = batch_merge(batch=batch, merged_by=imo)
            assert Household.objects.filter(import_batch=merged).count() == merged.households > 0
