"""Matching runs on hand-written records: one person across scripts, brothers apart, models reused."""

from __future__ import annotations

import io

from haven.dedup.engine.link import agreements, people_link
from haven.dedup.engine.people import PeopleTable, people_parse
from haven.dedup.engine.run import people_dedupe

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
