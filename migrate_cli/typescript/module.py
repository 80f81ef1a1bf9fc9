"""What one TypeScript or JavaScript module holds, gathered in a single walk of its tree: imports,
exports, bindings (declarations, parameter defaults, class fields, assignments), calls, constructors,
string literals and environment reads. The repository-wide resolution (project.py) works on these."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tree_sitter import Node, Tree

from migrate_cli.pipeline.edits import Edit
from migrate_cli.pipeline.source import LineIndex, SourceText
from migrate_cli.reporters.findings import Finding
from migrate_cli.typescript.syntax import Offsets, first_error, nodes_of, string_content, text_of, unwrap

if TYPE_CHECKING:
    from collections.abc import Callable

FUNCTIONS = frozenset(
    {
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
        "generator_function",
    }
)
BLOCKS = frozenset({"statement_block", "program", "class_body"})
# A string in one of these is a module name or a directive, never a model id.
_NOT_VALUES = frozenset({"import_statement", "export_statement", "import_require_clause", "expression_statement"})
# Parents through which a reference hands the value it names to code the tool does not follow.
ESCAPES = frozenset(
    {
        "arguments",
        "return_statement",
        "array",
        "pair",
        "spread_element",
        "jsx_expression",
        "yield_expression",
        "shorthand_property_identifier",
    }
)


# What a client's key read from the environment gets where the variable is unset: an empty key, not the SDK's own.
NO_FALLBACK = " ?? {q}{q}"


@dataclass(eq=False)
class Binding:
    """A name given a value: `const X = v`, `f(x = v)`, `{ x = v }`, a class field (`this.x`), `x = v`."""

    name: str  # "this.x" for class fields and `this.x = …`
    value: Node | None
    scope: Node  # where the name can be referred to
    name_node: Node | None = None


@dataclass(eq=False)
class Literal:
    """A string literal (or substitution-free template literal) that may be a model id."""

    node: Node
    value: str
    start: int  # character offsets of the content, quotes excluded
    end: int
    exact: bool  # the content is the value itself: no escape sequences
    in_type: bool  # a literal type: `type Model = "gpt-4o"`


@dataclass(eq=False)
class Module:
    path: str
    data: bytes
    source: SourceText
    language: str
    tree: Tree
    offsets: Offsets = field(init=False)
    index: LineIndex = field(init=False)
    broken: Node | None = field(init=False)
    edits: list[Edit] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)  # local name → (module, name|default|*)
    import_nodes: dict[str, Node] = field(default_factory=dict)
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    exports: dict[str, str] = field(default_factory=dict)  # exported name → local name (or binding name)
    reexports: dict[str, tuple[str, str]] = field(default_factory=dict)  # exported → (module, name)
    star_exports: list[str] = field(default_factory=list)
    functions: dict[str, list[Node]] = field(default_factory=dict)
    methods: dict[str, list[Node]] = field(default_factory=dict)  # a class's methods by name (`#private` too)
    classes: dict[str, list[Node]] = field(default_factory=dict)  # class declarations by name
    calls: list[Node] = field(default_factory=list)
    news: list[Node] = field(default_factory=list)
    literals: list[Literal] = field(default_factory=list)
    templates: list[Node] = field(default_factory=list)  # template strings with substitutions
    references: dict[str, list[Node]] = field(default_factory=dict)  # identifier text → nodes
    this_members: dict[str, list[Node]] = field(default_factory=dict)
    env_reads: list[tuple[str, Node]] = field(default_factory=list)  # (variable, node naming it)
    quote: str = '"'
    # Deno's module (imports by `npm:`/`jsr:`/URL, `Deno.env.get`): a key it reads is `Deno.env.get("…")`.
    deno: bool = False

    def env_read(self, variable: str) -> str:
        """The expression that reads an environment variable in this module's runtime."""
        return f'Deno.env.get("{variable}")' if self.deno else f"process.env.{variable}"

    def key_read(self, variable: str) -> str:
        """A client's key read from an environment variable, as the tool writes it: `?? ""` where it is unset, or the
        SDK reads its own variable (OPENAI_API_KEY, ANTHROPIC_API_KEY) and sends that key to ByteSpike."""
        return f"{self.env_read(variable)}{NO_FALLBACK.format(q=self.quote)}"

    def __post_init__(self) -> None:
        self.offsets = Offsets(self.source.text)
        self.index = LineIndex(self.source.text)
        self.broken = first_error(self.tree.root_node)
        _gather(self)

    # Positions and text.
    def start(self, node: Node) -> int:
        return self.offsets(node.start_byte)

    def end(self, node: Node) -> int:
        return self.offsets(node.end_byte)

    def position(self, node: Node) -> tuple[int, int]:
        return self.index.position(self.start(node))

    def report(self, node: Node, rule: str, message: str, redact: Callable[[str], str]) -> None:
        line, column = self.position(node)
        self.findings.append(Finding(self.path, line, column, rule, redact(message)))

    def short(self, node: Node | None, limit: int = 60) -> str:
        text = " ".join(text_of(node).split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def edit(self, start_byte: int, end_byte: int, new: str, rule: str, secret: bool = False) -> None:
        self.edits.append(Edit(self.offsets(start_byte), self.offsets(end_byte), new, rule, secret))

    def references_to(self, binding: Binding) -> list[Node]:
        """Nodes that name `binding` within its scope (shadowing aside), its own name excluded."""
        scope = binding.scope
        if binding.name.startswith("this."):
            candidates = self.this_members.get(binding.name[5:], [])
        else:
            candidates = self.references.get(binding.name, [])
        found = []
        for node in candidates:
            if not (scope.start_byte <= node.start_byte < scope.end_byte):
                continue
            if binding.name_node is not None and node == binding.name_node:
                continue
            if _is_declaration(node):
                continue
            found.append(node)
        return found


def base_class(node: Node) -> Node | None:
    """The expression after `extends` in a class declaration (`class A extends B`, `extends m.B<T>`)."""
    heritage = next((c for c in node.named_children if c.type == "class_heritage"), None)
    if heritage is None:
        return None
    for part in heritage.named_children:
        if part.type == "extends_clause":
            return part.child_by_field_name("value")
        if part.type != "implements_clause":
            return part  # JavaScript: the expression itself
    return None


def enclosing(node: Node, types: frozenset[str]) -> Node | None:
    around = node.parent
    while around is not None and around.type not in types:
        around = around.parent
    return around


def _is_declaration(node: Node) -> bool:
    parent = node.parent
    if parent is None:
        return False
    if parent.type in ("assignment_expression", "augmented_assignment_expression"):
        return parent.child_by_field_name("left") == node
    if parent.type in (
        "variable_declarator",
        "required_parameter",
        "optional_parameter",
        "assignment_pattern",
        "public_field_definition",
        "field_definition",
        "function_declaration",
        "class_declaration",
    ):
        named = (
            parent.child_by_field_name("name")
            or parent.child_by_field_name("pattern")
            or parent.child_by_field_name("left")
            or parent.child_by_field_name("property")
        )
        return named == node
    return parent.type in (
        "import_specifier",
        "namespace_import",
        "import_clause",
        "formal_parameters",
        "shorthand_property_identifier_pattern",
        "pair_pattern",
        "object_pattern",
        "array_pattern",
    )


def _require_of(node: Node | None) -> tuple[str, str] | None:
    """`require("x")` → ("x", "*"); `require("x").Y` → ("x", "Y"); `require("x").default` → ("x", "default")."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "member_expression":
        inner = _require_of(node.child_by_field_name("object"))
        prop = node.child_by_field_name("property")
        if inner is not None and inner[1] == "*" and prop is not None:
            return inner[0], text_of(prop)
        return None
    if node.type != "call_expression":
        return None
    function = node.child_by_field_name("function")
    args = node.child_by_field_name("arguments")
    if function is None or text_of(function) != "require" or args is None:
        return None
    named = [a for a in args.named_children if a.type != "comment"]
    if len(named) != 1:
        return None
    content = string_content(named[0])
    return (content[0], "*") if content else None


_DENO_SPEC = re.compile(
    r"^(?:npm:|jsr:|https?://(?:esm\.sh|cdn\.skypack\.dev|cdn\.jsdelivr\.net/npm|deno\.land/x)/)"
    r"(?P<name>(?:@[\w.-]+/)?[\w.-]+?)(?:@[^/?#]*)?(?P<rest>/[^?#]*)?(?:[?#].*)?$"
)
# Deno's names of packages published elsewhere under another name.
_DENO_NAMES = {"@openai/openai": "openai", "@anthropic/sdk": "@anthropic-ai/sdk"}


def package_spec(spec: str) -> str:
    """The package an import names, in Deno's spellings too: `npm:openai@4`, `jsr:@openai/openai`,
    `https://esm.sh/openai@4.10.0?target=deno`, `https://deno.land/x/openai@v4.24.0/mod.ts` -> `openai`."""
    found = _DENO_SPEC.match(spec)
    if found is None:
        return spec
    name = _DENO_NAMES.get(found.group("name"), found.group("name"))
    rest = found.group("rest") or ""
    if spec.startswith("https://deno.land/x/") or rest.endswith((".ts", ".js", "/mod")) or rest == "/+esm":
        rest = ""
    return name + rest


def _is_env(node: Node | None) -> bool:
    node = unwrap(node)
    return (
        node is not None
        and node.type == "member_expression"
        and text_of(node).replace(" ", "") in ("process.env", "import.meta.env")
    )


def env_name(node: Node) -> tuple[str, Node] | None:
    """(variable, node to rename) for `process.env.X` / `process.env["X"]` / `import.meta.env.X` / Deno's
    `Deno.env.get("X")`."""
    if node.type == "member_expression" and _is_env(node.child_by_field_name("object")):
        prop = node.child_by_field_name("property")
        return (text_of(prop), prop) if prop is not None else None
    if node.type == "call_expression":
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None or arguments is None or text_of(function).replace(" ", "") != "Deno.env.get":
            return None
        named = [a for a in arguments.named_children if a.type != "comment"]
        content = string_content(named[0]) if len(named) == 1 else None
        if content is not None and content[3]:
            fragment = next((c for c in named[0].named_children if c.type == "string_fragment"), None)
            return (content[0], fragment) if fragment is not None else None
        return None
    if node.type == "subscript_expression" and _is_env(node.child_by_field_name("object")):
        index = node.child_by_field_name("index")
        content = string_content(index) if index is not None else None
        if index is not None and content is not None and content[3]:
            fragment = next((c for c in index.named_children if c.type == "string_fragment"), None)
            return (content[0], fragment) if fragment is not None else None
    return None


def _add(table: dict, key: str, value: object) -> None:
    table.setdefault(key, []).append(value)


_KINDS = (
    "identifier",
    "shorthand_property_identifier",
    "member_expression",
    "subscript_expression",
    "call_expression",
    "new_expression",
    "string",
    "template_string",
    "template_literal_type",
    "import_statement",
    "export_statement",
    "variable_declarator",
    "required_parameter",
    "optional_parameter",
    "assignment_pattern",
    "object_assignment_pattern",
    "public_field_definition",
    "field_definition",
    "assignment_expression",
    "function_declaration",
    "generator_function_declaration",
    "method_definition",
    "class_declaration",
    "abstract_class_declaration",
)
CLASSES = frozenset({"class_declaration", "abstract_class_declaration"})


def _gather(module: Module) -> None:
    """One walk of the module's tree: each kind of node the analysis reads is noted by its own function."""
    quotes = {'"': 0, "'": 0}
    for node in nodes_of(module.tree, module.language, _KINDS):
        kind = node.type
        if kind == "string" and text_of(node)[:1] in quotes:
            quotes[text_of(node)[0]] += 1
        _GATHER[kind](module, node)
    if quotes["'"] > quotes['"']:
        module.quote = "'"


def _reference(module: Module, node: Node) -> None:
    _add(module.references, text_of(node), node)


def _member(module: Module, node: Node) -> None:
    obj = node.child_by_field_name("object")
    if obj is not None and obj.type == "this":
        prop = node.child_by_field_name("property")
        if prop is not None:
            _add(module.this_members, text_of(prop), node)
    _env_read(module, node)


def _env_read(module: Module, node: Node) -> None:
    read = env_name(node)
    if read is not None:
        module.env_reads.append((read[0], node))


def _call(module: Module, node: Node) -> None:
    module.calls.append(node)
    read = env_name(node)
    if read is not None:  # `Deno.env.get("OPENAI_API_KEY")`
        module.env_reads.append((read[0], node))
        module.deno = True


def _string(module: Module, node: Node) -> None:
    content = string_content(node)
    if content is None:
        if node.type == "template_string":
            module.templates.append(node)
        return
    parent = node.parent
    if parent is not None and (
        parent.type in _NOT_VALUES
        or _require_of(parent) is not None
        or (parent.type == "arguments" and _require_of(parent.parent))
        or parent.type in ("property_signature", "import_type")
    ):
        return
    in_type = parent is not None and parent.type == "literal_type"
    literal, start, end, exact = content
    module.literals.append(Literal(node, literal, module.offsets(start), module.offsets(end), exact, in_type))


def _template_type(module: Module, node: Node) -> None:
    content = string_content(node)
    if content is not None:
        literal, start, end, exact = content
        module.literals.append(Literal(node, literal, module.offsets(start), module.offsets(end), exact, True))


def _parameter(module: Module, node: Node) -> None:
    pattern, value = node.child_by_field_name("pattern"), node.child_by_field_name("value")
    function = enclosing(node, FUNCTIONS)
    if pattern is None or pattern.type != "identifier":
        return
    if value is not None and function is not None:
        _add(module.bindings, text_of(pattern), Binding(text_of(pattern), value, function, pattern))
    if any(c.type in ("accessibility_modifier", "readonly") for c in node.children):
        # `constructor(private client = new OpenAI())`: a field of the class as well.
        body = enclosing(node, frozenset({"class_body"}))
        if body is not None:
            _add(module.bindings, "this." + text_of(pattern), Binding("this." + text_of(pattern), value, body, pattern))


def _default(module: Module, node: Node) -> None:
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    function = enclosing(node, FUNCTIONS)
    if left is not None and left.type == "identifier" and function is not None:
        _add(module.bindings, text_of(left), Binding(text_of(left), right, function, left))


def _object_default(module: Module, node: Node) -> None:
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    scope = enclosing(node, FUNCTIONS | BLOCKS)
    if left is not None and scope is not None:
        _add(module.bindings, text_of(left), Binding(text_of(left), right, scope, left))


def _field(module: Module, node: Node) -> None:
    name = node.child_by_field_name("name") or node.child_by_field_name("property")
    body = enclosing(node, frozenset({"class_body"}))
    if name is not None and body is not None:
        field = "this." + text_of(name)
        _add(module.bindings, field, Binding(field, node.child_by_field_name("value"), body, name))


def _named(table: Callable[[Module], dict[str, list[Node]]]) -> Callable[[Module, Node], None]:
    """A declaration noted by its name in one of the module's tables (functions, methods, classes)."""

    def note(module: Module, node: Node) -> None:
        name = node.child_by_field_name("name")
        if name is not None:
            _add(table(module), text_of(name), node)

    return note


def _import(module: Module, node: Node) -> None:
    source = node.child_by_field_name("source")
    content = string_content(source) if source is not None else None
    if content is None:
        # `import x = require("y")` (TypeScript)
        clause = next((c for c in node.named_children if c.type == "import_require_clause"), None)
        if clause is not None:
            name = clause.child_by_field_name("name") or next(
                (c for c in clause.named_children if c.type == "identifier"), None
            )
            spec_node = next((c for c in clause.named_children if c.type == "string"), None)
            spec_content = string_content(spec_node) if spec_node is not None else None
            if name is not None and spec_content is not None:
                module.imports[text_of(name)] = (spec_content[0], "*")
                module.import_nodes[text_of(name)] = name
        return
    spec = package_spec(content[0])
    if spec != content[0]:
        module.deno = True
    clause = next((c for c in node.named_children if c.type == "import_clause"), None)
    if clause is None:
        return
    for part in clause.named_children:
        if part.type == "identifier":
            module.imports[text_of(part)] = (spec, "default")
            module.import_nodes[text_of(part)] = part
        elif part.type == "namespace_import":
            name = next((c for c in part.named_children if c.type == "identifier"), None)
            if name is not None:
                module.imports[text_of(name)] = (spec, "*")
                module.import_nodes[text_of(name)] = name
        elif part.type == "named_imports":
            for specifier in part.named_children:
                if specifier.type != "import_specifier":
                    continue
                name = specifier.child_by_field_name("name")
                alias = specifier.child_by_field_name("alias") or name
                if name is not None and alias is not None:
                    module.imports[text_of(alias)] = (spec, text_of(name))
                    module.import_nodes[text_of(alias)] = alias


def _export(module: Module, node: Node) -> None:
    source = node.child_by_field_name("source")
    content = string_content(source) if source is not None else None
    spec = content[0] if content else None
    declaration = node.child_by_field_name("declaration")
    value = node.child_by_field_name("value")
    clause = next((c for c in node.named_children if c.type == "export_clause"), None)
    if declaration is not None:
        if declaration.type in ("lexical_declaration", "variable_declaration"):
            for declarator in declaration.named_children:
                name = declarator.child_by_field_name("name") if declarator.type == "variable_declarator" else None
                if name is not None and name.type == "identifier":
                    module.exports[text_of(name)] = text_of(name)
        else:
            name = declaration.child_by_field_name("name")
            if name is not None:
                module.exports[text_of(name)] = text_of(name)
    elif clause is not None:
        for specifier in clause.named_children:
            if specifier.type != "export_specifier":
                continue
            name = specifier.child_by_field_name("name")
            alias = specifier.child_by_field_name("alias") or name
            if name is None or alias is None:
                continue
            if spec is not None:
                module.reexports[text_of(alias)] = (spec, text_of(name))
            else:
                module.exports[text_of(alias)] = text_of(name)
    elif spec is not None:
        module.star_exports.append(spec)
    elif value is not None:
        inner = unwrap(value)
        if inner is not None and inner.type == "identifier":
            module.exports["default"] = text_of(inner)
        else:
            module.exports["default"] = "@export:default"
            _add(module.bindings, "@export:default", Binding("@export:default", value, module.tree.root_node))
            if inner is not None and inner.type in FUNCTIONS:
                _add(module.functions, "@export:default", inner)


def _declarator(module: Module, node: Node) -> None:
    name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
    scope = enclosing(node, BLOCKS) or module.tree.root_node
    required = _require_of(value)
    if name is None:
        return
    if name.type == "identifier":
        if required is not None:
            module.imports[text_of(name)] = required
            module.import_nodes[text_of(name)] = name
            return
        _add(module.bindings, text_of(name), Binding(text_of(name), value, scope, name))
        inner = unwrap(value)
        if inner is not None and inner.type in ("arrow_function", "function_expression", "function"):
            _add(module.functions, text_of(name), inner)
    elif name.type == "object_pattern":
        for part in name.named_children:
            key: Node | None
            bound: Node | None
            if part.type == "object_assignment_pattern":
                _destructured(module, part, value, scope)
                continue
            if part.type == "shorthand_property_identifier_pattern":
                key, bound = part, part  # `{ model }`: the name is the key
            elif part.type == "pair_pattern":  # `{ model: m }`
                key, bound = part.child_by_field_name("key"), part.child_by_field_name("value")
            else:
                continue
            if key is None or bound is None:
                continue
            if required is not None and required[1] == "*" and (bound is part or bound.type == "identifier"):
                module.imports[text_of(bound)] = (required[0], text_of(key))
                module.import_nodes[text_of(bound)] = bound
            elif _is_env(value):
                module.env_reads.append((text_of(key), key))
            else:
                _destructured(module, bound, value, scope)


def _destructured(module: Module, part: Node, value: Node | None, scope: Node) -> None:
    """`const { model } = await req.json()`, `const { model: m } = body`, `const { model = "gpt-5-mini" } =
    config`: the name holds a part of the value (followed as the whole: its source is the value's source),
    or its default."""
    default = None
    if part.type == "object_assignment_pattern":
        default = part.child_by_field_name("right")
        part = part.child_by_field_name("left") or part
    if part.type not in ("identifier", "shorthand_property_identifier_pattern"):
        return
    local = text_of(part)
    for held in (value, default):
        if held is not None:
            _add(module.bindings, local, Binding(local, held, scope, part))


def _assignment(module: Module, node: Node) -> None:
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if left is None or right is None:
        return
    target = text_of(left).replace(" ", "")
    if target == "module.exports":
        inner = unwrap(right)
        if inner is not None and inner.type == "object":
            for part in inner.named_children:
                if part.type == "shorthand_property_identifier":
                    module.exports[text_of(part)] = text_of(part)
                elif part.type == "pair":
                    key, value = part.child_by_field_name("key"), part.child_by_field_name("value")
                    if key is None or value is None:
                        continue
                    value_inner = unwrap(value)
                    if value_inner is not None and value_inner.type == "identifier":
                        module.exports[text_of(key)] = text_of(value_inner)
                    else:
                        local = "@export:" + text_of(key)
                        module.exports[text_of(key)] = local
                        _add(module.bindings, local, Binding(local, value, module.tree.root_node))
            return
        if inner is not None and inner.type == "identifier":
            module.exports["default"] = text_of(inner)
        else:
            module.exports["default"] = "@export:default"
            _add(module.bindings, "@export:default", Binding("@export:default", right, module.tree.root_node))
        return
    if target.startswith(("module.exports.", "exports.")):
        exported = target.rpartition(".")[2]
        inner = unwrap(right)
        if inner is not None and inner.type == "identifier":
            module.exports[exported] = text_of(inner)
        else:
            local = "@export:" + exported
            module.exports[exported] = local
            _add(module.bindings, local, Binding(local, right, module.tree.root_node))
        return
    if left.type == "member_expression":
        obj = left.child_by_field_name("object")
        prop = left.child_by_field_name("property")
        if obj is not None and obj.type == "this" and prop is not None:
            body = enclosing(node, frozenset({"class_body"})) or module.tree.root_node
            _add(module.bindings, "this." + text_of(prop), Binding("this." + text_of(prop), right, body, None))
    elif left.type == "identifier":
        scope = module.tree.root_node
        _add(module.bindings, text_of(left), Binding(text_of(left), right, scope, None))


_GATHER: dict[str, Callable[[Module, Node], None]] = {
    "identifier": _reference,
    "shorthand_property_identifier": _reference,
    "member_expression": _member,
    "subscript_expression": _env_read,
    "call_expression": _call,
    "new_expression": lambda module, node: module.news.append(node),
    "string": _string,
    "template_string": _string,
    "template_literal_type": _template_type,
    "import_statement": _import,
    "export_statement": _export,
    "variable_declarator": _declarator,
    "required_parameter": _parameter,
    "optional_parameter": _parameter,
    "assignment_pattern": _default,
    "object_assignment_pattern": _object_default,
    "public_field_definition": _field,
    "field_definition": _field,
    "assignment_expression": _assignment,
    "function_declaration": _named(lambda m: m.functions),
    "generator_function_declaration": _named(lambda m: m.functions),
    "method_definition": _named(lambda m: m.methods),
    **{kind: _named(lambda m: m.classes) for kind in CLASSES},
}
