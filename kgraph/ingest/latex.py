"""LaTeX markup in titles and abstracts (arXiv metadata) turned into the text it prints.

Formatting commands keep their argument (``\\textbf{AlphaNet}`` -> ``AlphaNet``), ``\\url{u}``
and ``\\href{u}{t}`` keep the address, references and citations go, inline math loses its
``$`` delimiters and braces, and common symbols become their Unicode characters. A ``$``
that opens no math (``$5 and $10``: content may not start or end with a space) is kept.
"""

from __future__ import annotations

import re

_KEEP_ARGUMENT = (
    "textbf|textit|textsl|texttt|textsc|textrm|textsf|textup|textnormal|emph|underline|mbox|text"
    "|mathrm|mathbf|mathit|mathsf|mathtt|mathcal|mathbb|mathfrak|mathscr|boldsymbol|bm|operatorname"
    "|url|nolinkurl|footnote|uppercase|MakeUppercase"
)
_DROP_ARGUMENT = "cite|citep|citet|citealp|citeauthor|ref|eqref|autoref|cref|Cref|label"
_HREF = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_KEEP = re.compile(rf"\\(?:{_KEEP_ARGUMENT})\s*\{{([^{{}}]*)\}}")
_DROP = re.compile(rf"\s?\\(?:{_DROP_ARGUMENT})\s*(?:\[[^\]]*\])?\{{[^{{}}]*\}}")
_STYLE_SWITCH = re.compile(r"\{\\(?:bf|it|em|tt|sc|rm|sf)\s+([^{}]*)\}")
_MATH = re.compile(r"\$\$?(?=\S)([^$\n]{1,300}?)(?<=\S)\$\$?")
_ESCAPED = re.compile(r"\\([%&_#$])")
_SYMBOLS = {
    "times": "×", "cdot": "·", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠",
    "approx": "≈", "sim": "~", "pm": "±", "infty": "∞", "to": "→", "rightarrow": "→",
    "leftarrow": "←", "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
    "varepsilon": "ε", "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "sigma": "σ",
    "tau": "τ", "phi": "φ", "omega": "ω", "Delta": "Δ", "Omega": "Ω", "ell": "ℓ", "ldots": "…",
    "dots": "…", "cdots": "…", "sqrt": "√", "log": "log", "in": "∈", "sum": "∑", "prod": "∏",
}  # fmt: skip
_COMMAND = re.compile(r"\\([A-Za-z]+)\s?")


def latex_to_text(text: str) -> str:
    """The text a LaTeX fragment prints, for titles and abstracts.

    >>> latex_to_text(r"We propose \\textbf{AlphaNet}, see \\url{https://github.com/a/b}.")
    'We propose AlphaNet, see https://github.com/a/b.'
    >>> latex_to_text(r"runs in $\\mathcal{O}(n \\log n)$ time, costs $5 and $10")
    'runs in O(n log n) time, costs $5 and $10'
    """
    if "\\" not in text and "$" not in text:
        return text
    text = _HREF.sub(
        lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(2)} ({m.group(1)})", text
    )
    text = _DROP.sub("", text)
    for _ in range(3):  # nested: \textbf{\emph{x}}
        text, count = _KEEP.subn(r"\1", text)
        text = _STYLE_SWITCH.sub(r"\1", text)
        if not count:
            break
    text = _MATH.sub(lambda m: _math_text(m.group(1)), text)
    return _ESCAPED.sub(r"\1", text)


def _math_text(math: str) -> str:
    math = _COMMAND.sub(lambda m: _SYMBOLS.get(m.group(1), m.group(1)) + _space_after(m), math)
    return math.replace("{", "").replace("}", "").strip()


def _space_after(match: re.Match[str]) -> str:
    return " " if match.group(0).endswith(" ") else ""
