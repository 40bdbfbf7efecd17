"""A recursive-descent parser from tokens to the tree of rnnsym.answers.tree.

    answer     := items ("=" expression)?          items := expression ("," expression)*
    expression := term (("+" | "-") term)*
    term       := unary (("*" | "/" | "×" | juxtaposition) unary)*
    unary      := ("-" | "+") unary | power        power := primary ("^" unary)?
    primary    := number | name | partial | function | big | frac | (…) | {…} | […] | matrix
    matrix     := \\begin{bmatrix} row ("\\\\" row)* "\\\\"? \\end{bmatrix}   (or pmatrix, matrix)
    row        := expression ("&" expression)*
    partial    := differential "/" differential    differential := "∂" name | "d"name
    big        := (Σ | Π) "_" bound "^" primary term  |  (sum | prod) "(" var "=" e ".." e "," e ")"

Juxtaposition is a product, so `∂L₄/∂y₄ ∂y₄/∂s₄` is read like `dL4/dy4 * dy4/ds4`. The body
of Σ is the product that follows it; the body of Π is the leading factors of that product
that mention its index, so `Π_{i=2}^{4} ∂s_i/∂s_{i-1} ∂s_1/∂W` ends the Π before ∂s_1/∂W.
Depth is counted at every level that recurses, so deep nesting fails with its own message
long before Python's recursion limit.

Example:
    >>> read("dL4/dy4 * 2")
    Product(items=(('*', Diff(num=Name(base='L', sub=Num(text='4')), \
den=Name(base='y', sub=Num(text='4')))), ('*', Num(text='2'))))
"""

from __future__ import annotations

import re

from rnnsym.answers import tree
from rnnsym.answers.lexer import Token, tokenize
from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits
from rnnsym.answers.normalize import normalize

_STARTS_PRIMARY = frozenset({"num", "name", "func", "sum", "prod", "frac", "diff", "(", "{", "[",
                             "begin"})
_DIGIT_X_DIGIT = re.compile(r"(?<=[0-9])\s*[xX]\s*(?=[0-9])")
_CLOSING = {"(": ")", "{": "}", "[": "]"}


def read(text: str, limits: Limits = DEFAULT_LIMITS) -> object:
    """The tree of an answer: normalise, tokenize, parse.

    Raises:
        AnswerError: the answer is not well formed or exceeds a limit; the message says where.
    """
    return Parser(tokenize(normalize(text, limits), limits), limits).answer()


def read_shape(text: str, limits: Limits = DEFAULT_LIMITS) -> tuple:
    """The dimensions of a shape such as `(14, 7)`, `14x7`, `14×7`, `[d, n]` or `d x n`."""
    # Between digits an x is a separator, not the start of a subscripted name x7.
    text = _DIGIT_X_DIGIT.sub("×", normalize(text, limits))
    return Parser(tokenize(text, limits), limits, shape=True).shape()


class Parser:
    """One pass over a token list; each method parses one rule of the grammar above."""

    def __init__(self, tokens: list[Token], limits: Limits, shape: bool = False):
        self.tokens = tokens
        self.limits = limits
        self.index = 0
        self.depth = 0
        self.in_shape = shape  # "×" and the name x separate dimensions instead of multiplying

    # --- helpers -------------------------------------------------------------------------
    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.index + offset, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.token
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def accept(self, kind: str) -> Token | None:
        return self.take() if self.token.kind == kind else None

    def expect(self, kind: str, why: str = "") -> Token:
        if self.token.kind != kind:
            self.fail(f"expected {kind!r}{why}")
        return self.take()

    def fail(self, what: str):
        token = self.token
        found = "the end of the answer" if token.kind == "end" else repr(token.text)
        raise AnswerError("syntax", f"{what} at position {token.pos}, found {found}", token.pos)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise AnswerError(
                "too_deep",
                f"the answer nests brackets, powers, signs or sums more than "
                f"{self.limits.max_depth} deep", self.token.pos)

    def wraps_all(self) -> bool:
        """Whether the answer is one bracket, `(…)` or `[…]`, from first token to last."""
        if self.token.kind not in ("(", "["):
            return False
        depth = 0
        for position, token in enumerate(self.tokens):
            depth += token.kind in _CLOSING
            depth -= token.kind in _CLOSING.values()
            if depth == 0:
                return position == len(self.tokens) - 2  # the last token before "end"
        return False

    def is_separator(self) -> bool:
        token = self.token
        return self.in_shape and (token.kind == "×" or token.value == ("x", None))

    # --- rules ---------------------------------------------------------------------------
    def answer(self):
        items = [self.expression()]
        while self.accept(","):
            items.append(self.expression())
        node = items[0] if len(items) == 1 else tree.Tuple(tuple(items))
        if self.accept("="):
            node = tree.Equation(node, self.expression())
        if self.token.kind != "end":
            self.fail("expected an operator or the end of the answer")
        return node

    def shape(self) -> tuple:
        closing = _CLOSING[self.token.kind] if self.wraps_all() else None
        if closing:
            self.take()
        dims = [self.expression()]
        while self.token.kind == "," or self.is_separator():
            self.take()
            dims.append(self.expression())
        if closing:
            self.expect(closing)
        if self.token.kind != "end":
            self.fail("expected a separator (',' or 'x') or the end of the shape")
        return tuple(dims)

    def expression(self):
        terms = [self.term()]
        while self.token.kind in "+-":
            sign = self.take().kind
            term = self.term()
            terms.append(tree.Neg(term) if sign == "-" else term)
        return terms[0] if len(terms) == 1 else tree.Add(tuple(terms))

    def term_items(self) -> list:
        items = [("*", self.unary())]
        while True:
            kind = self.token.kind
            if self.is_separator():
                break
            if kind in ("*", "×", "/"):
                self.take()
                items.append(("/" if kind == "/" else "*", self.unary()))
            elif kind in _STARTS_PRIMARY:
                items.append(("*", self.unary()))
            else:
                break
        return items

    def term(self):
        items = self.term_items()
        return items[0][1] if len(items) == 1 else tree.Product(tuple(items))

    def unary(self):
        self.enter()
        if self.accept("-"):
            node = tree.Neg(self.unary())
        elif self.accept("+"):
            node = self.unary()
        else:
            node = self.power()
        self.depth -= 1
        return node

    def power(self):
        base = self.primary()
        if self.accept("^"):
            return tree.Power(base, self.unary())
        return base

    def primary(self):
        kind = self.token.kind
        if kind == "num":
            return tree.Num(self.take().text)
        if kind in ("name", "diff"):
            return self.name_or_partial()
        if kind == "func":
            return self.call()
        if kind in ("sum", "prod"):
            return self.big()
        if kind == "frac":
            return self.frac()
        if kind in ("(", "{"):
            return self.group()
        if kind == "[":
            return self.bracket_list()
        if kind == "begin":
            return self.environment()
        self.fail("expected a number, a name or a bracket")

    # --- pieces --------------------------------------------------------------------------
    def name(self) -> tree.Name:
        token = self.expect("name")
        base, sub = token.value
        return tree.Name(base, None if sub is None else _subscript(sub, token, self.limits))

    def differential(self) -> tree.Name | None:
        """∂X, \\partial X or dX (d written right against the name); None if not there."""
        if self.accept("diff"):
            return self.name()
        token, after = self.token, self.peek()
        if token.value == ("d", None) and after.kind == "name" and after.pos == token.end:
            self.take()
            return self.name()
        return None

    def name_or_partial(self):
        start = self.index
        num = self.differential()
        if num is not None and self.accept("/"):
            den = self.differential()
            if den is not None:
                return tree.Diff(num, den)
        if self.tokens[start].kind == "diff":
            self.index = start
            self.fail("∂ must be followed by a name, then / and ∂ with a name, as in ∂L/∂W")
        self.index = start
        return self.name()

    def call(self):
        func = self.take().value
        primes = 0
        while self.accept("'"):
            primes += 1
        opening = self.token.kind
        if opening not in ("(", "{"):
            self.fail(f"{func} needs its argument in brackets, as in {func}(a)")
        self.take()
        args = [self.expression()]
        while opening == "(" and self.accept(","):
            args.append(self.expression())
        self.expect(_CLOSING[opening])
        return tree.Call(func, primes, tuple(args))

    def group(self):
        closing = _CLOSING[self.take().kind]
        items = [self.expression()]
        while closing == ")" and self.accept(","):
            items.append(self.expression())
        self.expect(closing)
        return items[0] if len(items) == 1 else tree.Tuple(tuple(items))

    def bracket_list(self):
        self.take()
        items = [self.expression()]
        while self.accept(","):
            items.append(self.expression())
        self.expect("]")
        if len(items) == 1 and isinstance(items[0], tree.Matrix):
            return items[0]
        return tree.List(tuple(items))

    def environment(self):
        """A LaTeX matrix: rows split by \\\\ (one may end the last row), entries by &."""
        opening = self.take()
        self.enter()
        rows = [[self.expression()]]
        while self.token.kind in ("&", "row"):
            if self.take().kind == "&":
                rows[-1].append(self.expression())
            elif self.token.kind != "finish":
                rows.append([self.expression()])
        closing = self.token
        if closing.kind != "finish" or closing.value != opening.value:
            self.fail(f"\\begin{{{opening.value}}} at position {opening.pos} needs "
                      f"\\end{{{opening.value}}} after its last entry")
        self.take()
        self.depth -= 1
        return tree.Matrix(tuple(tree.List(tuple(row)) for row in rows))

    def frac(self):
        self.take()
        num, num_is_d = self.frac_part()
        den, den_is_d = self.frac_part()
        if num_is_d and den_is_d:
            return tree.Diff(num, den)
        if num_is_d or den_is_d:
            self.index -= 1
            self.fail("a derivative \\frac{∂A}{∂B} needs a differential above and below")
        return tree.Product((("*", num), ("/", den)))

    def frac_part(self) -> tuple[object, bool]:
        """One {…} of \\frac: (name, True) if it holds just a differential, else (node, False)."""
        self.expect("{", " after \\frac")
        start = self.index
        name = self.differential()
        if name is not None and self.accept("}"):
            return name, True
        self.index = start
        node = self.expression()
        self.expect("}")
        return node, False

    def big(self):
        kind = self.take().kind
        if self.accept("("):
            return self.big_call(kind)
        if not self.accept("_"):
            self.fail(f"{'Σ' if kind == 'sum' else 'Π'} needs bounds, as in "
                      f"Σ_{{k=1}}^{{4}} … or {kind}(k=1..4, …)")
        braced = self.accept("{")
        var = self.expect("name", " (the index, as in k=1)")
        self.expect("=")
        lo = self.expression() if braced else self.primary()
        if braced:
            self.expect("}")
        self.expect("^", " (the upper bound)")
        hi = self.primary()
        self.enter()
        items = self.term_items()
        self.depth -= 1
        return _big_from_items(kind, var.value[0], lo, hi, items)

    def big_call(self, kind: str):
        var_token = self.token
        if var_token.kind != "name" or self.peek().kind != "=":
            self.fail(f"{kind}( needs its range first, as in {kind}(k=1..4, …)")
        self.take()
        self.take()
        lo = self.expression()
        self.expect("..", " (a range, as in k=1..4)")
        hi = self.expression()
        self.expect(",")
        body = self.expression()
        self.expect(")")
        return tree.Big(kind, var_token.value[0], lo, hi, body)


def _big_from_items(kind: str, var: str, lo, hi, items: list):
    """Σ takes the whole product as its body; Π the leading factors that mention its index."""
    if kind == "prod":
        cut = next((i for i, (_, node) in enumerate(items) if not tree.mentions(node, var)),
                   len(items))
        cut = max(cut, 1)
        body_items, rest = items[:cut], items[cut:]
    else:
        body_items, rest = items, []
    body = body_items[0][1] if len(body_items) == 1 else tree.Product(tuple(body_items))
    node = tree.Big(kind, var, lo, hi, body)
    return tree.Product((("*", node), *rest)) if rest else node


def _subscript(text: str, token: Token, limits: Limits):
    """s_{k-1} → Add(k, -1); s_hh → "hh" (a label); s_4 → Num("4")."""
    if text.isalpha() and len(text) > 1:
        return text
    try:
        parser = Parser(tokenize(text, limits), limits)
        node = parser.expression()
        if parser.token.kind != "end":
            parser.fail("")
    except AnswerError:
        raise AnswerError(
            "bad_subscript", f"the subscript of {token.text!r} at position {token.pos} "
            f"is not understood; write s_4, s_t or s_{{k-1}}", token.pos) from None
    return node
