"""``@record``: the dataclasses the checker's start-up path declares, without their start-up cost.

``vanban check FILE`` is a program a clerk waits for (issue #16: a cold run within 2× a process
that only unzips and parses the file). The standard ``@dataclass`` compiles every generated
method from source when the class is created — about 0.6 ms a class, 0.9 ms a frozen one, on
Python 3.11 — and importing :mod:`dataclasses` pulls in :mod:`inspect` (8 ms). The 37 classes on
the check path cost ~33 ms of every run: more than the whole gap to the target
(bench/check.md). ``@record`` builds the same behaviour from closures, without compiling
anything: a keyword/positional ``__init__`` with defaults and ``field(default_factory=…)``,
``__repr__``, ``__eq__`` over the compared fields, ``frozen=True`` (immutable and hashable),
plus :func:`replace`, :func:`asdict` and :func:`fields`. Classes elsewhere (the draft model, the
register) stay dataclasses: they are not on a path anyone waits for.

Annotations are read as strings (``from __future__ import annotations``); ``ClassVar`` fields
are skipped. Records may inherit fields from a record base, as dataclasses do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_MISSING: Any = object()
_FIELDS = "__record_fields__"


class FrozenRecordError(AttributeError):
    """Assigning to a field of a frozen record (as :class:`dataclasses.FrozenInstanceError`)."""


class Field:
    """One declared field: its name, default or default factory, and whether it shows in
    ``repr`` and counts in ``==``."""

    __slots__ = ("compare", "default", "default_factory", "name", "repr")

    def __init__(self, default: Any = _MISSING, default_factory: Callable[[], Any] | None = None,
                 repr: bool = True, compare: bool = True) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare


def field(*, default: Any = _MISSING, default_factory: Callable[[], Any] | None = None, repr: bool = True,
          compare: bool = True) -> Any:
    """As :func:`dataclasses.field`."""
    return Field(default, default_factory, repr, compare)


def fields(cls_or_record: Any) -> tuple[Field, ...]:
    """The fields of a record class or instance, in declaration order."""
    try:
        return getattr(cls_or_record, _FIELDS)
    except AttributeError:
        raise TypeError(f"{cls_or_record!r} is not a record") from None


def is_record(obj: Any) -> bool:
    return hasattr(type(obj) if not isinstance(obj, type) else obj, _FIELDS)


def replace(obj: T, **changes: Any) -> T:
    """A copy of ``obj`` with some fields changed (records and dataclasses alike)."""
    if not is_record(obj):
        import dataclasses

        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    values = obj.__dict__  # fields only: values cached in the instance's dict are not copied
    return type(obj)(**{f.name: values[f.name] for f in fields(obj) if f.name not in changes}, **changes)


def asdict(obj: Any) -> Any:
    """Records (and dataclasses) inside lists, tuples and dicts, as plain dicts, recursively."""
    if is_record(obj):
        return {f.name: asdict(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, list | tuple):
        return type(obj)(asdict(item) for item in obj)
    if isinstance(obj, dict):
        return {key: asdict(value) for key, value in obj.items()}
    if hasattr(type(obj), "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(obj)
    return obj


def record(cls: type[T] | None = None, /, *, frozen: bool = False) -> Any:
    """Make ``cls`` a record: ``@record`` or ``@record(frozen=True)``."""

    def wrap(klass: type[T]) -> type[T]:
        return _build(klass, frozen)

    return wrap if cls is None else wrap(cls)


def _declared(klass: type) -> list[Field]:
    out: list[Field] = []
    # not inspect.get_annotations: importing inspect is what this module avoids
    for name, hint in klass.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        if isinstance(hint, str) and (hint.startswith("ClassVar") or hint.startswith("typing.ClassVar")):
            continue
        value = klass.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, Field) else Field(default=value)
        spec.name = name
        if isinstance(value, Field):
            if spec.default is _MISSING:
                delattr(klass, name)
            else:
                setattr(klass, name, spec.default)
        out.append(spec)
    return out


def _build(klass: type[T], frozen: bool) -> type[T]:
    inherited: dict[str, Field] = {}
    for base in reversed(klass.__mro__[1:]):
        for spec in getattr(base, _FIELDS, ()):
            inherited[spec.name] = spec
    for spec in _declared(klass):
        inherited[spec.name] = spec
    specs = tuple(inherited.values())
    names = tuple(spec.name for spec in specs)
    name_set = frozenset(names)
    defaults = {s.name: s.default for s in specs if s.default is not _MISSING}
    factories = tuple((s.name, s.default_factory) for s in specs if s.default_factory is not None)
    required = tuple(s.name for s in specs if s.default is _MISSING and s.default_factory is None)
    compared = tuple(s.name for s in specs if s.compare)
    shown = tuple(s.name for s in specs if s.repr)
    count = len(names)
    qualname = klass.__qualname__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > count:
            raise TypeError(f"{qualname}() takes {count} positional arguments but {len(args)} were given")
        values = dict(defaults)
        if args:
            values.update(zip(names, args, strict=False))  # fewer args than fields: the rest default
        if kwargs:
            if not kwargs.keys() <= name_set:
                unknown = ", ".join(sorted(kwargs.keys() - name_set))
                raise TypeError(f"{qualname}() got an unexpected keyword argument {unknown}")
            values.update(kwargs)
        for name, factory in factories:
            if name not in values:
                values[name] = factory()
        if required and len(values) < count:
            missing = ", ".join(name for name in required if name not in values)
            raise TypeError(f"{qualname}() missing required argument(s): {missing}")
        object.__setattr__(self, "__dict__", values)
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def __repr__(self: Any) -> str:
        shown_values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{type(self).__qualname__}({shown_values})"

    def _key(self: Any) -> tuple[Any, ...]:
        values = self.__dict__
        return tuple(values[name] for name in compared)

    def __eq__(self: Any, other: Any) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _key(self) == _key(other)

    klass.__init__ = __init__  # type: ignore[misc]
    if "__repr__" not in klass.__dict__:
        klass.__repr__ = __repr__  # type: ignore[method-assign]
    if "__eq__" not in klass.__dict__:
        klass.__eq__ = __eq__  # type: ignore[method-assign]
        if frozen:
            klass.__hash__ = lambda self: hash(_key(self))  # type: ignore[method-assign]
        else:
            klass.__hash__ = None  # type: ignore[assignment]  # mutable and compared: unhashable
    if frozen:
        def __setattr__(self: Any, name: str, value: Any) -> None:
            raise FrozenRecordError(f"cannot assign to field {name!r}")

        def __delattr__(self: Any, name: str) -> None:
            raise FrozenRecordError(f"cannot delete field {name!r}")

        klass.__setattr__ = __setattr__  # type: ignore[method-assign,assignment]
        klass.__delattr__ = __delattr__  # type: ignore[method-assign,assignment]
    setattr(klass, _FIELDS, specs)
    klass.__record_names__ = name_set  # type: ignore[attr-defined]
    klass.__match_args__ = names  # type: ignore[attr-defined]
    return klass
