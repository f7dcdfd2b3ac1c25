"""``@record`` (desktop/core/records.py) behaves as the dataclasses it replaces on the check path."""

from __future__ import annotations

import copy
import pickle

import pytest

from desktop.core.check.blocks import Block, Location, ParaFormat, RunFormat
from desktop.core.check.lines import split_lines
from desktop.core.check.report import DocumentReport, FileReport, Finding
from desktop.core.records import FrozenRecordError, asdict, field, fields, record, replace


@record
class Item:
    name: str
    tags: list[str] = field(default_factory=list)
    count: int = 0
    note: str = field(default="", compare=False, repr=False)


@record(frozen=True)
class Point:
    x: int
    y: int = 0


@record
class Labelled(Item):
    label: str = ""


def test_positional_keyword_defaults_and_a_fresh_factory_value_per_instance():
    a, b = Item("a"), Item(name="b", count=2)
    a.tags.append("x")
    assert (a.name, a.tags, a.count, b.name, b.tags, b.count) == ("a", ["x"], 0, "b", [], 2)
    assert [f.name for f in fields(Item)] == ["name", "tags", "count", "note"]


def test_wrong_arguments_are_type_errors_as_with_dataclasses():
    with pytest.raises(TypeError, match="missing"):
        Item()
    with pytest.raises(TypeError, match="unexpected"):
        Item("a", colour="red")
    with pytest.raises(TypeError, match="positional"):
        Point(1, 2, 3)


def test_equality_skips_uncompared_fields_and_repr_hides_them():
    assert Item("a", note="x") == Item("a", note="y")
    assert Item("a") != Item("b")
    assert Item("a") != Labelled("a")
    assert repr(Item("a", count=1, note="secret")) == "Item(name='a', tags=[], count=1)"


def test_a_frozen_record_is_immutable_and_hashable_a_mutable_one_unhashable():
    point = Point(1)
    with pytest.raises(FrozenRecordError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del point.y
    assert hash(point) == hash(Point(1, 0)) and {point, Point(1)} == {point}
    with pytest.raises(TypeError):
        hash(Item("a"))


def test_fields_are_inherited_base_first():
    assert [f.name for f in fields(Labelled)] == ["name", "tags", "count", "note", "label"]
    assert Labelled("a", label="b").label == "b"


def test_replace_rebuilds_from_the_fields_and_drops_values_cached_in_the_instance():
    run = RunFormat(text="Số: 12/TB-VPTU")
    block = Block(index=0, text=run.text, runs=(run,), para=ParaFormat(), location=Location())
    line = split_lines([block])[0]
    assert line.raw == "Số: 12/TB-VPTU"  # now cached in the instance
    part = line.slice(4)
    assert part.raw == "12/TB-VPTU" and part.text == "12/TB-VPTU"
    assert replace(Point(1, 2), y=5) == Point(1, 5)
    with pytest.raises(TypeError):
        replace(Point(1), z=1)


def test_replace_and_asdict_also_take_dataclasses():
    from desktop.core.model import Signature

    assert replace(Signature(name="A"), name="B").name == "B"
    assert asdict({"s": [Signature(name="A")]})["s"][0]["name"] == "A"


def test_reports_survive_pickle_copy_and_json_as_a_worker_sends_them():
    report = FileReport(file="a.docx", documents=[DocumentReport(
        system="state", findings=[Finding("page:size", "error", "A.1", "", "Khổ giấy", "A4")])])
    for again in (pickle.loads(pickle.dumps(report)), copy.deepcopy(report), FileReport.from_json(report.to_json())):
        assert again == report and again.to_json() == report.to_json()
    assert asdict(report)["documents"][0]["findings"][0]["code"] == "page:size"
    frozen = pickle.loads(pickle.dumps(Point(3, 4)))
    assert frozen == Point(3, 4)
