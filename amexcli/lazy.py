"""`@frozen`: a frozen dataclass that costs next to nothing to define.

Kept because it saves 10 ms of CPU on `amex next` (paired against `@dataclass(frozen=True)`,
median of 61 rounds, on a file of 3 cards, 20 calls, offers and benefits; 1-3 ms on the other
everyday commands): `@dataclass(frozen=True)` writes and compiles six methods per class when
the class is defined, and `next` imports some 25 records of which it uses a few. A
record is a real dataclass to everything that asks (`dataclasses.fields`, `replace`, `asdict`;
`__dataclass_fields__`), frozen, compared and hashed on its fields as a frozen dataclass is; but
its `__init__` is compiled on the first instance (it is then exactly the dataclass's own, as
fast when a command builds 100,000 records), and comparing, hashing and `repr` are shared
functions, not code generated per class.

Supported: what amex's records use, i.e. defaults, `field(default=..., default_factory=...,
compare=..., repr=..., hash=...)`. Not `__post_init__`, `InitVar`, `kw_only` or `order` (a
class that needs them uses `@dataclass`); `frozen` refuses them rather than ignoring them.
"""

import dataclasses
import inspect  # typer has imported it already
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

_T = TypeVar("_T")
_set = object.__setattr__


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def frozen(cls: type[_T]) -> type[_T]:
    """Make `cls` a frozen dataclass, its methods built when first needed."""
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: @frozen has no __post_init__; use @dataclass")
    if cls.__doc__ is None:  # else dataclasses makes one with inspect.signature: 2 ms
        names = inspect.get_annotations(cls)
        cls.__doc__ = f"{cls.__name__}({', '.join(names)})"
    cls = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if any(f.kw_only is True for f in fields):
        raise TypeError(f"{cls.__name__}: @frozen has no kw_only fields; use @dataclass")
    compared = [f.name for f in fields if f.compare]
    hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
    shown = [f.name for f in fields if f.repr]
    key = _key(compared)
    hash_key = _key(hashed)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init = _compile_init(cls, fields)
        cls.__init__ = init  # type: ignore[method-assign]
        init(self, *args, **kwargs)

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(key(self) == key(other))

    def __hash__(self: Any) -> int:
        return hash(hash_key(self))

    def __repr__(self: Any) -> str:
        shown_fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{type(self).__qualname__}({shown_fields})"

    def __setattr__(self: Any, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self: Any, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    own = cls.__dict__
    if "__setattr__" in own or "__delattr__" in own:
        raise TypeError(f"{cls.__name__}: a record is frozen; it cannot define __setattr__")
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    for method in (__init__, __eq__, __hash__, __repr__, __setattr__, __delattr__):
        name = method.__name__
        if name in own and (name != "__hash__" or explicit_hash):
            continue  # the class's own, as a dataclass keeps it
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    cls.__dataclass_params__.frozen = True  # type: ignore[attr-defined]
    return cls


def _key(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    if not names:
        return lambda obj: ()
    get = attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (get(obj),)
    return get


def _compile_init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """The `__init__` a frozen dataclass would have: positional or keyword, defaults kept."""
    namespace: dict[str, Any] = {"__set": _set, "__factory": dataclasses.MISSING}
    params, body = ["self"], []
    for number, f in enumerate(fields):
        if not f.init:
            raise TypeError(f"{cls.__name__}.{f.name}: @frozen has no init=False fields")
        value = f.name
        if f.default is not dataclasses.MISSING:
            namespace[f"__default{number}"] = f.default
            params.append(f"{f.name}=__default{number}")
        elif f.default_factory is not dataclasses.MISSING:
            namespace[f"__make{number}"] = f.default_factory
            params.append(f"{f.name}=__factory")
            value = f"__make{number}() if {f.name} is __factory else {f.name}"
        else:
            params.append(f.name)
        body.append(f"    __set(self, {f.name!r}, {value})")
    source = f"def __init__({', '.join(params)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, namespace)  # noqa: S102 -- our own field names, as dataclasses does
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init
