"""Django templates compiled once per process to a Python function (the digest mails).

The template stays the single source of truth: ``compile_template(name)`` loads it through
Django, walks the parsed node tree and writes a Python function doing what each node's
``render`` does (text, variables with their filters, ``if``, ``for``, ``with``,
``autoescape``, ``widthratio``, ``load``, comments), then ``exec``s it. A template using
anything else raises ``Unsupported`` at compile time.

Same output as ``get_template(name).render(context)``, byte for byte
(``tests/profiles/test_template_code.py``): a variable's lookups take a fast path only where
Django would take the same one (a dict key, or an attribute of an object without
``__getitem__``, never a callable); anything else (a missing key, a list index, a method)
resolves the whole expression through Django's own ``FilterExpression`` on a ``Context``.
Filters are Django's functions called the way ``FilterExpression.resolve`` calls them;
values are shown as ``render_value_in_context`` shows them (``html.escape`` for plain
strings is what ``conditional_escape`` does to them). Conditions keep the ``{% if %}``
rules: an operator that raises is false, a missing variable is None.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Context, NodeList, TemplateSyntaxError, VariableDoesNotExist
from django.template.base import FilterExpression, TextNode, Variable, VariableNode, tag_re
from django.template.defaultfilters import floatformat
from django.template.defaulttags import (
    AutoEscapeControlNode,
    CommentNode,
    ForNode,
    IfNode,
    LoadNode,
    TemplateLiteral,
    WidthRatioNode,
    WithNode,
)
from django.template.loader import get_template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import get_language

Renderer = Callable[[dict[str, Any]], str]


class Unsupported(Exception):
    """The template uses a tag, filter form or variable the compiler does not translate."""


class _Slow(Exception):
    """A lookup Django would not do as the fast path does: resolve through Django."""


_BUILTINS = {"True": True, "False": False, "None": None}  # what every Context starts with
_LANGUAGE = " language"  # the scope's entry for the active language: no variable has this name
_INFIX = {
    "or": "or", "and": "and", "in": "in", "not in": "not in", "is": "is", "is not": "is not",
    "==": "==", "!=": "!=", ">": ">", ">=": ">=", "<": "<", "<=": "<=",
}  # fmt: skip


def _var(scope: dict[str, Any], bits: tuple[str, ...]) -> Any:
    """``Variable._resolve_lookup`` where its first try succeeds and nothing is callable."""
    try:
        current = scope[bits[0]]
    except KeyError:
        raise _Slow from None
    if callable(current):
        raise _Slow
    for bit in bits[1:]:
        kind = type(current)
        if kind is dict:
            try:
                current = current[bit]
            except KeyError:
                raise _Slow from None
        elif not hasattr(kind, "__getitem__"):
            try:
                current = getattr(current, bit)
            except AttributeError:
                raise _Slow from None
        else:
            raise _Slow
        if callable(current):
            raise _Slow
    return current


def _show_escaped(value: Any) -> str:
    """``render_value_in_context`` with autoescape on (use_tz and use_l10n unset)."""
    if type(value) is str:
        return html.escape(value)
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)  # what localize() makes of an int then (numberformat's fast case)
    value = localize(template_localtime(value, use_tz=None), use_l10n=None)
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _show_raw(value: Any) -> str:
    """``render_value_in_context`` with autoescape off."""
    if type(value) is str:
        return value
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return str(localize(template_localtime(value, use_tz=None), use_l10n=None))


# Filters whose result depends only on their input, arguments, the active language and the
# settings: kept per (input, arguments, language) for numbers, forgotten when a setting changes.
_PURE_FILTERS = frozenset({floatformat, intcomma})
_MEMO: dict[tuple[Any, ...], Any] = {}
_MEMO_MAX = 20_000


@receiver(setting_changed)
def _forget(**_: Any) -> None:
    _MEMO.clear()


def _memo(func: Callable[..., Any], language: str | None, obj: Any, *args: Any) -> Any:
    """``func(obj, *args)`` for an int or float ``obj`` (not a SafeString: no is_safe step);
    ``language`` is the active one (read once per render)."""
    kind = type(obj)
    if kind is not int and kind is not float:
        new = func(obj, *args)
        safe = getattr(func, "is_safe", False) and isinstance(obj, SafeData)
        return mark_safe(new) if safe else new
    key = (func, kind, repr(obj) if kind is float else obj, args, language)
    try:
        return _MEMO[key]
    except KeyError:
        pass
    if len(_MEMO) >= _MEMO_MAX:
        _MEMO.clear()
    result = _MEMO[key] = func(obj, *args)
    return result


def _widthratio(scope: dict[str, Any], *parts: Callable[[dict[str, Any]], Any]) -> str:
    """``WidthRatioNode.render`` (without ``as``) over the three resolved expressions."""
    try:
        value = parts[0](scope)
        max_value = parts[1](scope)
        max_width = int(parts[2](scope))
    except VariableDoesNotExist:
        return ""
    except (ValueError, TypeError):
        raise TemplateSyntaxError("widthratio final argument must be a number") from None
    try:
        value = float(value)
        max_value = float(max_value)
        ratio = (value / max_value) * max_width
        return str(round(ratio))
    except ZeroDivisionError:
        return "0"
    except (ValueError, TypeError, OverflowError):
        return ""


class _Writer:
    def __init__(self, template: Any) -> None:
        self.template = template  # django.template.base.Template
        self.lines: list[str] = []
        self.names: dict[str, Any] = {
            "_var": _var, "_Slow": _Slow, "_show_escaped": _show_escaped,
            "_show_raw": _show_raw, "_widthratio": _widthratio, "_mark_safe": mark_safe,
            "_SafeData": SafeData, "_VariableDoesNotExist": VariableDoesNotExist,
            "_context": self.context, "_MISSING": object(), "_memo": _memo,
            "_LANGUAGE": _LANGUAGE, "_get_language": get_language,
        }  # fmt: skip
        self.count = 0

    def context(self, scope: dict[str, Any], autoescape: bool) -> Context:
        """A Django Context holding ``scope``, for the slow path."""
        context = Context(
            {
                k: v
                for k, v in scope.items()
                if k != _LANGUAGE and (k not in _BUILTINS or v is not _BUILTINS[k])
            },
            autoescape=autoescape,
        )
        context.template = self.template
        context.template_name = self.template.name
        return context

    def name(self, prefix: str, value: Any = None) -> str:
        self.count += 1
        name = f"_{prefix}{self.count}"
        if value is not None:
            self.names[name] = value
        return name

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    # -- expressions: each becomes a function of the scope, defined before the renderer
    def expression(self, expr: FilterExpression, *, ignore: bool, autoescape: bool) -> str:
        """The name of a generated function returning ``expr.resolve(context, ignore)``."""
        fn = self.name("e")
        django_expr = self.name("fe", expr)
        body = [f"def {fn}(scope):"]
        var = expr.var
        if isinstance(var, Variable):
            if var.lookups is None:
                if var.translate or var.message_context:
                    raise Unsupported(f"translated literal {var}")
                body.append(f"    obj = {self.name('c', (var.literal,))}[0]")
            else:
                if var.lookups[0] == "forloop":
                    raise Unsupported("forloop")
                bits = self.name("bits", tuple(var.lookups))
                body += [
                    "    try:",
                    f"        obj = _var(scope, {bits})",
                    "    except _Slow:",
                    f"        return {django_expr}.resolve("
                    f"_context(scope, {autoescape}), ignore_failures={ignore})",
                ]
        else:
            body.append(f"    obj = {self.name('c', (var,))}[0]")
        for func, args in expr.filters:
            if getattr(func, "expects_localtime", False):
                raise Unsupported(f"filter {func.__name__} expects local time")
            values = []
            for lookup, arg in args:
                if not lookup:
                    values.append(self.name("c", (mark_safe(arg),)) + "[0]")
                elif arg.lookups is None and not arg.translate and not arg.message_context:
                    values.append(self.name("c", (arg.literal,)) + "[0]")  # a number
                else:
                    raise Unsupported("a filter argument that is a variable")
            call = self.name("f", func)
            extra = "".join(f", {v}" for v in values)
            if func in _PURE_FILTERS:
                body.append(f"    obj = _memo({call}, scope[_LANGUAGE], obj{extra})")
                continue
            if getattr(func, "needs_autoescape", False):
                extra += f", autoescape={autoescape}"
            if getattr(func, "is_safe", False):
                body += [
                    f"    new = {call}(obj{extra})",
                    "    obj = _mark_safe(new) if isinstance(obj, _SafeData) else new",
                ]
            else:
                body.append(f"    obj = {call}(obj{extra})")
        body.append("    return obj")
        self.functions.append("\n".join(body))
        return fn

    def condition(self, cond: Any, autoescape: bool) -> str:
        """Python code evaluating an ``{% if %}`` condition as ``cond.eval(context)``."""
        if isinstance(cond, TemplateLiteral):
            value: Any = cond.value  # a FilterExpression
            return f"{self.expression(value, ignore=True, autoescape=autoescape)}(scope)"
        op = getattr(cond, "id", None)
        if op == "not":
            inner = f"not {self.condition(cond.first, autoescape)}"
        elif op in _INFIX:
            first = self.condition(cond.first, autoescape)
            second = self.condition(cond.second, autoescape)
            inner = f"({first}) {_INFIX[op]} ({second})"
        else:
            raise Unsupported(f"condition {cond!r}")
        fn = self.name("op")
        self.functions.append(
            f"def {fn}(scope):\n    try:\n        return {inner}\n"
            "    except Exception:\n        return False"
        )
        return f"{fn}(scope)"

    # -- statements
    def nodes(self, nodelist: NodeList, depth: int, autoescape: bool) -> None:
        emitted = False
        for node in nodelist:
            emitted |= self.node(node, depth, autoescape)
        if not emitted:
            self.emit(depth, "pass")

    def node(self, node: Any, depth: int, autoescape: bool) -> bool:
        if isinstance(node, TextNode):
            if node.s:
                self.emit(depth, f"out({node.s!r})")
                return True
            return False
        if isinstance(node, VariableNode):
            fn = self.expression(node.filter_expression, ignore=False, autoescape=autoescape)
            show = "_show_escaped" if autoescape else "_show_raw"
            self.emit(depth, f"out({show}({fn}(scope)))")
            return True
        if isinstance(node, LoadNode | CommentNode):
            return False
        if isinstance(node, AutoEscapeControlNode):
            self.nodes(node.nodelist, depth, node.setting)
            return True
        if isinstance(node, IfNode):
            self.branches(node.conditions_nodelists, depth, autoescape)
            return True
        if isinstance(node, ForNode):
            self.loop(node, depth, autoescape)
            return True
        if isinstance(node, WithNode):
            self.with_(node, depth, autoescape)
            return True
        if isinstance(node, WidthRatioNode):
            if node.asvar:
                raise Unsupported("widthratio ... as")
            parts = [
                self.expression(e, ignore=False, autoescape=autoescape)
                for e in (node.val_expr, node.max_expr, node.max_width)
            ]
            self.emit(depth, f"out(_widthratio(scope, {', '.join(parts)}))")
            return True
        raise Unsupported(f"{type(node).__name__} in {self.template.name}")

    def branches(self, branches: list[tuple[Any, NodeList]], depth: int, autoescape: bool) -> None:
        cond, nodelist = branches[0]
        if cond is None:  # else
            self.nodes(nodelist, depth, autoescape)
            return
        self.emit(depth, "try:")
        self.emit(depth + 1, f"match = {self.condition(cond, autoescape)}")
        self.emit(depth, "except _VariableDoesNotExist:")
        self.emit(depth + 1, "match = None")
        self.emit(depth, "if match:")
        self.nodes(nodelist, depth + 1, autoescape)
        if len(branches) > 1:
            self.emit(depth, "else:")
            self.branches(branches[1:], depth + 1, autoescape)

    def loop(self, node: Any, depth: int, autoescape: bool) -> None:  # a ForNode
        if len(node.loopvars) != 1:
            raise Unsupported("for with several loop variables")
        (name,) = node.loopvars
        seq, saved = self.name("seq"), self.name("saved")
        fn = self.expression(node.sequence, ignore=True, autoescape=autoescape)
        self.emit(depth, f"{seq} = {fn}(scope)")
        self.emit(depth, f"if {seq} is None:")
        self.emit(depth + 1, f"{seq} = []")
        self.emit(depth, f"if not hasattr({seq}, '__len__'):")
        self.emit(depth + 1, f"{seq} = list({seq})")
        self.emit(depth, f"if len({seq}) < 1:")
        self.nodes(node.nodelist_empty, depth + 1, autoescape)
        self.emit(depth, "else:")
        self.emit(depth + 1, f"{saved} = scope.get({name!r}, _MISSING)")
        items = f"reversed({seq})" if node.is_reversed else seq
        self.emit(depth + 1, f"for item in {items}:")
        self.emit(depth + 2, f"scope[{name!r}] = item")
        self.nodes(node.nodelist_loop, depth + 2, autoescape)
        self.restore(depth + 1, name, saved)

    def with_(self, node: Any, depth: int, autoescape: bool) -> None:  # a WithNode
        values = {
            key: self.expression(expr, ignore=False, autoescape=autoescape)
            for key, expr in node.extra_context.items()
        }
        temps = {key: self.name("w") for key in values}
        saved = {key: self.name("saved") for key in values}
        for key, fn in values.items():  # every value before any is set, as Django does
            self.emit(depth, f"{temps[key]} = {fn}(scope)")
        for key in values:
            self.emit(depth, f"{saved[key]} = scope.get({key!r}, _MISSING)")
            self.emit(depth, f"scope[{key!r}] = {temps[key]}")
        self.nodes(node.nodelist, depth, autoescape)
        for key in values:
            self.restore(depth, key, saved[key])

    def restore(self, depth: int, key: str, saved: str) -> None:
        self.emit(depth, f"if {saved} is _MISSING:")
        self.emit(depth + 1, f"scope.pop({key!r}, None)")
        self.emit(depth, "else:")
        self.emit(depth + 1, f"scope[{key!r}] = {saved}")

    def compile(self) -> tuple[Renderer, str]:
        self.functions: list[str] = []
        self.lines = ["def render(context):", "    scope = {**_BUILTINS, **context}"]
        self.lines += ["    scope[_LANGUAGE] = _get_language()"]
        self.lines += ["    parts = []", "    out = parts.append"]
        self.names["_BUILTINS"] = _BUILTINS
        self.nodes(self.template.nodelist, 1, self.template.engine.autoescape)
        self.lines.append("    return ''.join(parts)")
        source = "\n\n".join([*self.functions, "\n".join(self.lines)]) + "\n"
        namespace = dict(self.names)
        exec(compile(source, f"<compiled {self.template.name}>", "exec"), namespace)
        return namespace["render"], source


def compile_template(name: str, markup: Callable[[str], str] | None = None) -> Renderer:
    """``name`` (a Django template) as a function of its context dict returning the same
    text as ``get_template(name).render(context)``; raises ``Unsupported``.

    ``markup``: an HTML-to-HTML function applied once to the template's markup before it is
    compiled (:func:`protected_markup`), such as a CSS inliner; the output is then that of
    ``markup`` applied to each render, as a document (the same elements, attributes and
    text), with the template's escaping of the values."""
    return compile_template_source(name, markup)[0]


def compile_template_source(
    name: str, markup: Callable[[str], str] | None = None
) -> tuple[Renderer, str]:
    """The compiled function and the Python source it was made from."""
    # the engine's Template behind the backend's
    template = get_template(name).template  # type: ignore[attr-defined]
    if markup is not None:
        source = protected_markup(template.source, markup)
        template = template.engine.from_string(source)
        template.name = name
    return _Writer(template).compile()


_HIDDEN = re.compile(r"<!--tpl:(\d+)-->|&lt;!--tpl:(\d+)--&gt;")


def protected_markup(source: str, transform: Callable[[str], str]) -> str:
    """``transform`` applied to a template's markup with its tags kept as they are.

    Each ``{{ }}``, ``{% %}`` and ``{# #}`` travels through ``transform`` as an HTML comment
    ``<!--tpl:N-->``, which an HTML parser keeps where it stands in any context (a table's
    rows included, where text would be moved out) and which is text in an attribute value or
    a title (escaped there as ``&lt;!--tpl:N--&gt;``); each is then put back. Raises
    ``Unsupported`` unless every tag comes back once, in its order: ``transform`` moved or
    dropped markup the template's tags depend on.
    """
    tags: list[str] = []

    def hide(match: re.Match[str]) -> str:
        tags.append(match.group(0))
        return f"<!--tpl:{len(tags) - 1}-->"

    out = transform(tag_re.sub(hide, source))
    found = [int(m.group(1) or m.group(2)) for m in _HIDDEN.finditer(out)]
    if found != list(range(len(tags))):
        raise Unsupported("the markup transform moved or dropped template tags")
    return _HIDDEN.sub(lambda m: tags[int(m.group(1) or m.group(2))], out)
