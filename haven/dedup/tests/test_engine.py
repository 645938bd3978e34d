"""Matching runs on hand-written records: one person across scripts, brothers apart, models reused.

The small files are scored by the shipped model; a generated registry with hand-written families added
is large enough for the engine to train its own.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import haven_env, haven_run
from haven.dedup.engine.link import agreements, people_link
from haven.dedup.engine.model import compared
from haven.dedup.engine.people import PeopleTable, clusters_write, people_parse, people_read
from haven.dedup.engine.run import MATCH_THRESHOLD, MIN_TRAINING_RECORDS, Result, people_dedupe
from haven.dedup.tests.truth import pairs_of, pairwise_f1

HEADER = "record_id,given_name,father_name,grandfather_name,family_name,sex,birth_date,governorate,phone\n"
# One man registered in Baghdad in Latin letters, again in Erbil in Arabic script without his
# grandfather and with only the year; his brothers (same father, grandfather and family) and a
# namesake a generation younger.
RECORDS = HEADER + (
    "saad-1,Saad,Kadhim,Jawad,Al-Saadi,M,1971-03-14,IQG08,07801112233\n"
    "saad-2,سعد,كاظم,,الساعدي,M,1971,IQG11,\n"
    "brother-1,Falah,Kadhim,Jawad,Al-Saadi,M,1974,IQG08,07801112233\n"
    "brother-2,Ammar,Kadhim,Jawad,Al-Saadi,M,1979-09-02,IQG08,\n"
    "nephew,Saad,Falah,Kadhim,Al-Saadi,M,1999,IQG08,07801112233\n"
    "other,Huda,Salim,,Al-Zubaidi,F,1975,IQG08,\n"
)


def _people(text: str = RECORDS) -> PeopleTable:
    return people_parse(io.StringIO(text))


def _clusters(people: PeopleTable, cluster_of: list[int]) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    for record_id, cluster in zip(people.record_ids, cluster_of, strict=True):
        groups.setdefault(cluster, set()).add(record_id)
    return {frozenset(group) for group in groups.values()}


def test_one_man_in_both_scripts_is_one_cluster_and_his_family_stays_apart() -> None:
    people = _people()
    result = people_dedupe(people)
    assert not result.trained  # six records: the shipped model scores them
    assert _clusters(people, result.cluster_of) == {
        frozenset({"saad-1", "saad-2"}), frozenset({"brother-1"}), frozenset({"brother-2"}),
        frozenset({"nephew"}), frozenset({"other"}),
    }  # fmt: skip


def test_pairs_say_how_each_field_compared() -> None:
    result = people_dedupe(_people(), keep_pairs=True)
    (pair,) = result.pairs
    words = agreements(pair.levels, result.model)
    assert words["given"] == words["father"] == words["family"] == "agree"
    assert words["grandfather"] == "unknown" and words["birth"] == "close" and words["governorate"] == "differ"


def test_a_model_kept_from_one_run_scores_the_next_alike() -> None:
    people = _people()
    first = people_dedupe(people)
    again = people_dedupe(people, model=first.model)
    assert _clusters(people, again.cluster_of) == _clusters(people, first.cluster_of)


def test_no_record_and_one_record_are_their_own_clusters() -> None:
    assert people_dedupe(_people(HEADER)).cluster_of == []
    assert people_dedupe(_people(HEADER + "x,Ali,,,,M,1980,,\n")).cluster_of == [0]


def test_new_records_are_linked_to_registered_ones_and_to_each_other() -> None:
    registered = _people(HEADER + "r1,Saad,Kadhim,Jawad,Al-Saadi,M,1971-03-14,IQG08,\n"
                         "r2,Huda,Salim,,Al-Zubaidi,F,1975,IQG08,\n")  # fmt: skip
    new = _people(HEADER + "n1,سعد,كاظم,,الساعدي,M,1971,IQG11,\n"
                  "n2,Mustafa,Hamid,Rashid,Al-Dulaimi,M,1988-02-02,IQG01,\n"
                  "n3,مصطفى,حامد,رشيد,الدليمي,M,1988,IQG01,\n")  # fmt: skip
    link = people_link(existing=registered, new=new, model=None)
    found = {tuple(sorted((pair.left, pair.right))) for pair in link.pairs}
    assert found == {(0, 2), (3, 4)}  # n1 with r1; n2 with n3; nothing between registered people
    assert set(link.frequencies) == {"given_key", "father_key", "family_key"}


# Families written by hand into a generated registry, in its columns: each person with the entity
# they are. Saad, Zainab, Mustafa and Yasir are each registered again in Arabic script, without the
# grandfather or with a year-only birth date (Yasir's on the 1 January default); the others are their
# brothers, sisters and a nephew, sharing father, grandfather, family name and often the phone.
HAND_ROWS = [
    ("hand-saad-1", "saad", "Saad,Kadhim,Jawad,Al-Saadi,M,1971-03-14,IQG08,07801112233,"),
    ("hand-saad-2", "saad", "سعد,كاظم,,الساعدي,M,1971,IQG11,,"),
    ("hand-falah", "falah", "Falah,Kadhim,Jawad,Al-Saadi,M,1974,IQG08,07801112233,"),
    ("hand-ammar", "ammar", "Ammar,Kadhim,Jawad,Al-Saadi,M,1979-09-02,IQG08,,"),
    ("hand-saad-nephew", "saad-nephew", "Saad,Falah,Kadhim,Al-Saadi,M,1999,IQG08,07801112233,"),
    ("hand-zainab-1", "zainab", "Zainab,Abdul-Kareem,Hassan,Al-Tamimi,F,1985-06-20,IQG07,07712223344,"),
    ("hand-zainab-2", "zainab", "زينب,عبد الكريم,حسن,التميمي,F,1985,IQG10,,"),
    ("hand-zainab-3", "zainab", "Zaynab,Abd al-Karim,,Al Tamimi,F,1985-06-20,IQG10,+964 771 222 3344,"),
    ("hand-rusul", "rusul", "Rusul,Abdul-Kareem,Hassan,Al-Tamimi,F,1988,IQG07,07712223344,"),
    ("hand-mustafa-1", "mustafa", "Mustafa,Hamid,Rashid,Al-Dulaimi,M,1988-02-02,IQG01,,"),
    ("hand-mustafa-2", "mustafa", "مصطفى,حامد,,الدليمي,M,1988,IQG01,,"),
    ("hand-murtadha", "murtadha", "Murtadha,Hamid,Rashid,Al-Dulaimi,M,1990-05-11,IQG01,,"),
    ("hand-yasir-1", "yasir", "Yasir,Khalid,Ahmed,Al-Obaidi,M,1969,IQG12,07909998877,"),
    ("hand-yasir-2", "yasir", "ياسر,خالد,,العبيدي,M,1969-01-01,IQG14,,"),
    ("hand-noor", "noor", "Noor,Khalid,Ahmed,Al-Obaidi,F,1972,IQG12,07909998877,"),
    ("hand-shaymaa", "shaymaa", "Shaymaa,Khalid,Ahmed,Al-Obaidi,F,1975,IQG12,,"),
]
ONE_PERSON = {
    "saad": {"hand-saad-1", "hand-saad-2"},
    "zainab": {"hand-zainab-1", "hand-zainab-2", "hand-zainab-3"},
    "mustafa": {"hand-mustafa-1", "hand-mustafa-2"},
    "yasir": {"hand-yasir-1", "hand-yasir-2"},
}


@dataclass(frozen=True)
class Registry:
    folder: Path
    people: PeopleTable
    result: Result


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    """A generated registry of 1,000 households with the hand-written families, matched once."""
    folder = tmp_path_factory.mktemp("registry")
    haven_run("generate", "population", "--households", "1000", "--seed", "5", "--out", str(folder),
              env=haven_env(folder / "var"))  # fmt: skip
    with (folder / "people.csv").open("a", encoding="utf-8") as people_file:
        people_file.writelines(f"{record_id},{cells}\n" for record_id, _, cells in HAND_ROWS)
    with (folder / "truth.csv").open("a", encoding="utf-8") as truth_file:
        truth_file.writelines(f"{record_id},hand-{entity}\n" for record_id, entity, _ in HAND_ROWS)
    people = people_read(folder / "people.csv")
    result = people_dedupe(people, keep_pairs=True)
    clusters_write(folder / "clusters.csv", people.record_ids, result.cluster_of)
    return Registry(folder, people, result)


def test_a_registry_large_enough_trains_its_own_model_and_finds_its_people(registry: Registry) -> None:
    assert len(registry.people) >= MIN_TRAINING_RECORDS and registry.result.trained
    truth = pairs_of(registry.folder / "truth.csv", "entity_id")
    assert pairwise_f1(truth, pairs_of(registry.folder / "clusters.csv", "cluster_id")) > 0.85


def test_in_a_trained_registry_each_person_across_scripts_is_one_cluster_and_relatives_stay_apart(
    registry: Registry,
) -> None:
    clusters = _clusters(registry.people, registry.result.cluster_of)
    hand = {frozenset(cluster) for cluster in clusters if any(record.startswith("hand-") for record in cluster)}
    alone = {frozenset({record_id}) for record_id, entity, _ in HAND_ROWS if entity not in ONE_PERSON}
    assert hand == {frozenset(records) for records in ONE_PERSON.values()} | alone


def test_training_learns_every_field_the_registry_fills(registry: Registry) -> None:
    learnt = {
        comparison["output_column_name"]
        for comparison in registry.result.model["comparisons"]
        for level in comparison["comparison_levels"]
        if not level.get("is_null_level") and not level.get("fix_m_probability") and level.get("m_probability")
    }
    assert learnt == set(compared(registry.people.present()))


def test_a_trained_model_kept_from_one_run_gives_the_same_clusters(registry: Registry) -> None:
    again = people_dedupe(registry.people, model=registry.result.model)
    assert again.cluster_of == registry.result.cluster_of


def test_a_cluster_is_numbered_by_its_first_record(registry: Registry) -> None:
    first: dict[int, int] = {}
    for index, cluster in enumerate(registry.result.cluster_of):
        first.setdefault(cluster, index)
    assert all(cluster == index for cluster, index in first.items())


def test_each_kept_pair_is_within_a_cluster_with_a_level_for_every_field(registry: Registry) -> None:
    pairs, cluster_of = registry.result.pairs, registry.result.cluster_of
    fields = set(compared(registry.people.present()))
    assert pairs
    for pair in pairs:
        assert pair.probability >= MATCH_THRESHOLD and cluster_of[pair.left] == cluster_of[pair.right]
        assert set(pair.levels) == fields and all(level >= -1 for level in pair.levels.values())
    in_pairs = {record for pair in pairs for record in (pair.left, pair.right)}
    sizes = Counter(cluster_of)
    assert in_pairs == {index for index, cluster in enumerate(cluster_of) if sizes[cluster] > 1}
    index = {record_id: number for number, record_id in enumerate(registry.people.record_ids)}
    (saad,) = [pair for pair in pairs if {pair.left, pair.right} == {index["hand-saad-1"], index["hand-saad-2"]}]
    words = agreements(saad.levels, registry.result.model)
    assert words["given"] == words["father"] == words["family"] == words["sex"] == "agree"
    assert words["grandfather"] == words["phone"] == "unknown" and words["governorate"] == "differ"
