"""Parameter coercion without pydantic, for start-up time.

Typer >= 0.2x converts every non-boolean option value through a pydantic
TypeAdapter, which imports pydantic (~40 ms) and builds validators (~30 ms more)
on every run -- a third of `nettool compare --format tsv`'s start-up.  nettool's
options are all simple (flags, str, int with a minimum, an Enum, a list of str), so
before parsing we give those parameters a plain-Python coercion with the same
behaviour and messages (choices via Typer's own ``coerce_cli_choice``).

Anything else keeps Typer's coercion.  If Typer's internals change so this
cannot apply, :func:`install` does nothing and Typer works as before (slower);
tests/test_fastparams.py notices (and pins the messages).
"""
from __future__ import annotations

import types
import typing
from enum import Enum
from typing import Any

try:
    from typer._click.exceptions import BadParameter
    from typer._coercion import RuntimeParam
    from typer._param_types import coerce_cli_choice
except ImportError:  # pragma: no cover - another Typer: keep its own coercion
    RuntimeParam = None  # type: ignore[assignment,misc]


def _unwrap(annotation: Any) -> Any:
    """Optional[X] -> X."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _leaf_ok(annotation: Any) -> bool:
    return annotation in (str, int, bool) or (isinstance(annotation, type) and issubclass(annotation, Enum))


def _simple(annotation: Any) -> bool:
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) is list:
        args = typing.get_args(annotation)
        return len(args) == 1 and _leaf_ok(args[0])
    return _leaf_ok(annotation)


if RuntimeParam is not None:

    class SimpleRuntimeParam(RuntimeParam):  # type: ignore[misc,valid-type]
        """bool / str / int (min, max) / Enum / list of these, as Typer would coerce them."""

        def _leaf(self, annotation: Any, value: Any, param: Any, ctx: Any) -> Any:
            info = self.parameter_info
            if annotation is bool:
                if isinstance(value, bool):
                    return value
                text = str(value).strip().lower()
                if text in ("1", "true", "t", "yes", "y", "on"):
                    return True
                if text in ("", "0", "false", "f", "no", "n", "off"):
                    return False
                raise BadParameter(f"{value!r} is not a valid boolean.", ctx=ctx, param=param)
            if annotation is str:
                return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
            if annotation is int:
                try:
                    number = value if isinstance(value, int) else int(str(value).strip())
                except ValueError:
                    raise BadParameter(f"{value!r} is not a valid integer.", ctx=ctx, param=param) from None
                if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
                    if info.clamp:
                        return max(info.min, number) if info.min is not None and number < info.min else info.max
                    bounds = " and ".join(x for x in (f">= {info.min}" if info.min is not None else "",
                                                      f"<= {info.max}" if info.max is not None else "") if x)
                    raise BadParameter(f"{number} is not a valid value: must be {bounds}.", ctx=ctx, param=param)
                return number
            try:
                return coerce_cli_choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
            except ValueError as exc:
                raise BadParameter(str(exc), ctx=ctx, param=param) from None

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            annotation = _unwrap(self.annotation)
            if typing.get_origin(annotation) is list:
                leaf = typing.get_args(annotation)[0]
                items = value if isinstance(value, (list, tuple)) else [value]
                return [self._leaf(leaf, v, param, ctx) for v in items]
            return self._leaf(annotation, value, param, ctx)


def _fit(param: Any) -> None:
    desc = getattr(param, "type_descriptor", None)
    if (desc is None or getattr(param, "_runtime_param", "missing") is not None
            or desc.file_annotation is not None or desc.parameter_info.parser is not None
            or not _simple(desc.annotation)):
        return
    param._runtime_param = SimpleRuntimeParam(parameter_info=desc.parameter_info, annotation=desc.annotation)


def install(command: Any) -> None:
    """Give the simple parameters of ``command`` and its subcommands the pydantic-free coercion."""
    if RuntimeParam is None:  # pragma: no cover
        return
    stack = [command]
    while stack:
        cmd = stack.pop()
        stack.extend(getattr(cmd, "commands", {}).values())
        for param in getattr(cmd, "params", ()):
            _fit(param)
        original = getattr(cmd, "get_help_option", None)
        if original is not None and "get_help_option" not in vars(cmd):
            # The --help option is made on first use, per command: fit it then.
            def get_help_option(ctx: Any, _original: Any = original) -> Any:
                option = _original(ctx)
                if option is not None:
                    _fit(option)
                return option

            cmd.get_help_option = get_help_option
