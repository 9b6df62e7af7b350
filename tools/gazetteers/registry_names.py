"""Pure functions that turn the name registries of ML packages into names as papers write them.

Used by ``build_registries.py``; each takes source text (not files), so tests feed it small
hand-written inputs. The registries hold identifiers ("imagenet2012", "convnext_atto",
"BLEUScore"); only names plausible as written in a paper are kept, the rules are below:

- a *written form* of an identifier is a run of one to three words of the package's own
  prose (README, docstrings) that equals the identifier after lower-casing and dropping
  everything but letters and digits ("CIFAR-10" for ``cifar10``); the most frequent wins;
- a kept name has a distinctive shape (:func:`is_plausible_name`): a single word needs a
  digit or a capital after its first letter ("BoolQ", "GSM8K", "CIFAR-10"); plain words
  ("Beans", "Bark", "Xception") are English words too often to be matched as names, and
  all-lower-case forms ("cifar10") are how code, not prose, writes them.
"""

from __future__ import annotations

import ast
import re
from collections import Counter

_WORD_SHAPE = re.compile(r"(?:[A-Z0-9]|[a-z][A-Z])[A-Za-z0-9.+'-]*")
# Class-name suffixes of code, not of names papers write ("CocoConfig", "CLIPTextModel").
_CODE_SUFFIX = re.compile(r"[a-z](?:Config|CONFIG|Conf|Model|Dataset|Builder|Vision|Text|Audio)$|\bCONFIG$")
_STRIP = "()[]{}\"'`,.:;!?*“”‘’<>|"


def key(identifier: str) -> str:
    """The comparison key of a name: lower case, letters and digits only.

    >>> key("CIFAR-10"), key("cifar10"), key("ai2_arc")
    ('cifar10', 'cifar10', 'ai2arc')
    """
    return re.sub(r"[^a-z0-9]", "", identifier.lower())


def is_distinctive_word(word: str) -> bool:
    """A word that reads as a name, not an English word: a digit or a capital inside one of its
    hyphen-joined parts ("Megatron-BERT", not "Machine-Translation").

    >>> [is_distinctive_word(w) for w in ["GSM8K", "HellaSwag", "ARC", "Beans", "wikitext", "Multi-News"]]
    [True, True, True, False, False, False]
    """
    return any(c.isdigit() for c in word) or any(c.isupper() for part in word.split("-") for c in part[1:])


def is_plausible_name(form: str) -> bool:
    """Whether ``form`` can be matched as a name: at most four words, each of a name's shape,
    at least three letters or digits, starting with a capital or digit (or "mT5"-like),
    no code suffix ("Config", "Model"), not an all-capital word of up to four letters ("DART",
    "GAP", "LED": as likely a paper's own acronym), and every word distinctive. Title-case phrases
    ("Natural Questions", but also "Scientific Papers") are left out: titles are written
    in Title Case, so they would match phrases of any title.

    >>> [is_plausible_name(f) for f in ["CIFAR-10", "Beans", "Bert Generation", "OpenAI GPT", "mT5"]]
    [True, False, False, True, True]
    >>> [is_plausible_name(f) for f in ["cifar10", "tinyArc", "CocoConfig", "CLIPTextModel", "DART"]]
    [False, False, False, False, False]
    >>> is_plausible_name("Natural Questions"), is_plausible_name("squad_v2")
    (False, False)
    """
    words = form.split()
    if not 1 <= len(words) <= 4 or len(key(form)) < 3:
        return False
    if not all(_WORD_SHAPE.fullmatch(w) for w in words) or _CODE_SUFFIX.search(form):
        return False
    if re.fullmatch(r"[A-Z]{1,4}", form):
        return False  # lower case is how code writes an identifier ("cifar10"), not prose
    return all(is_distinctive_word(w) for w in words)


def written_forms(identifier: str, text: str) -> Counter[str]:
    """How often each run of one to three words of ``text`` writes ``identifier``.

    >>> written_forms("cifar10", "The CIFAR-10 dataset (CIFAR-10, cifar10) ...")
    Counter({'CIFAR-10': 2, 'cifar10': 1})
    """
    target = key(identifier)
    words = [w.strip(_STRIP) for w in text.split()]
    found: Counter[str] = Counter()
    for size in (1, 2, 3):
        for i in range(len(words) - size + 1):
            run = words[i : i + size]
            if all(key(w) for w in run) and key("".join(run)) == target:
                found[" ".join(run)] += 1
    return found


def best_form(forms: Counter[str]) -> str | None:
    """The most frequent plausible written form (ties: the first in sorted order), or None.

    >>> best_form(Counter({"cifar10": 5, "CIFAR-10": 2, "Cifar10": 2}))
    'CIFAR-10'
    """
    ranked = sorted(forms.items(), key=lambda item: (-item[1], item[0]))
    return next((form for form, _ in ranked if is_plausible_name(form)), None)


def transformers_names(configuration_auto: str) -> list[str]:
    """The display names of transformers' ``MODEL_NAMES_MAPPING`` that are plausible names.

    >>> transformers_names('MODEL_NAMES_MAPPING = OrderedDict([("bert", "BERT"), ("bark", "Bark")])')
    []
    >>> transformers_names('MODEL_NAMES_MAPPING = OrderedDict([("roberta", "RoBERTa"), ("t5", "T5")])')
    ['RoBERTa']
    """
    for node in ast.walk(ast.parse(configuration_auto)):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "MODEL_NAMES_MAPPING" for t in node.targets
        ):
            assert isinstance(node.value, ast.Call)
            pairs = ast.literal_eval(node.value.args[0])
            return sorted({name for _, name in pairs if is_plausible_name(name)})
    raise ValueError("MODEL_NAMES_MAPPING not found in configuration_auto.py")


def timm_names(module_source: str) -> list[str]:
    """timm architecture class names of one module that name registered models.

    A class built by ``build_model_with_cfg(Class, ...)`` is kept when a ``@register_model``
    function's name starts with it ("ConvNeXt" for ``convnext_atto``; not
    "VisionTransformer" for ``vit_base_patch16_224``). The name is the class's written form
    in the module's docstrings ("DaViT" for ``DaVit``), else the class name if plausible.

    >>> src = "_DOC = 'DaViT: Dual Attention'\\nbuild_model_with_cfg(DaVit, v)\\n"
    >>> timm_names(src + "@register_model\\ndef davit_tiny(p=False):\\n    pass\\n")
    ['DaViT']

    >>> src = "def _create(v):\\n    return build_model_with_cfg(ConvNeXt, v)\\n"
    >>> src += "@register_model\\ndef convnext_atto(p=False):\\n    pass\\n"
    >>> timm_names(src)
    ['ConvNeXt']
    """
    classes = set(re.findall(r"build_model_with_cfg\(\s*(\w+)", module_source))
    models = [key(m) for m in re.findall(r"@register_model(?:\([^)]*\))?\s*\ndef (\w+)", module_source)]
    prose = string_literals(module_source)
    names = set()
    for cls in classes:
        if any(m.startswith(key(cls)) for m in models):
            forms = written_forms(cls, prose)
            forms.pop(cls, None)  # the class name itself is code
            written = best_form(forms)
            if written or is_plausible_name(cls):
                names.add(written or cls)
    return sorted(names)


def string_literals(source: str) -> str:
    """The string constants of a Python module (docstrings, descriptions, citations), joined.

    >>> string_literals("'''MNIST.'''\\nX = 1\\n_D = 'The MNIST set'\\n")
    'MNIST.\\nThe MNIST set'
    """
    strings = [n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant)]
    return "\n".join(s for s in strings if isinstance(s, str))


def snake_case(class_name: str) -> str:
    """tfds' dataset name of a builder class: ``Cifar10`` -> ``cifar10``, ``BoolQ`` -> ``bool_q``.

    >>> snake_case("Cifar10"), snake_case("BoolQ"), snake_case("Imagenet2012")
    ('cifar10', 'bool_q', 'imagenet2012')
    """
    return re.sub(r"(?<!^)(?=[A-Z])", "_", class_name).lower()


def builder_classes(source: str) -> list[str]:
    """The tfds builder classes a module defines (a base whose name contains ``Builder``).

    >>> builder_classes("class Mnist(tfds.core.GeneratorBasedBuilder):\\n  pass\\nclass X(object): pass")
    ['Mnist']
    """
    return re.findall(r"^class (\w+)\([\w.]*Builder\w*\)", source, flags=re.M)


_METRIC_SKIP = re.compile(
    r"^(?:Binary|Multiclass|Multilabel)|(?:Wrapper|Metric|Tracker|Collection|Curve|Matrix|Strapper)$"
)
_METRIC_PART = re.compile(r"[A-Z]+\d*(?=[A-Z][a-z]|$)|[A-Z][a-z]+\d*|[A-Z]+\d+|\d+")
# The few class names whose split reads wrong: a brand ("SacreBLEU") or a data set ("SQuAD").
METRIC_RENAMES: dict[str, str | None] = {"SacreBLEUScore": "SacreBLEU", "CHRFScore": "chrF", "SQuAD": None}
_METRIC_DROP_WORDS = {"at", "using", "fixed", "running", "stat", "scores", "with", "training", "fall"}
# torchmetrics' abbreviations and the words papers write for them.
_METRIC_WORDS = {"corr": "correlation", "coef": "coefficient", "info": "information", "char": "character"}
_METRIC_PHRASES = {"signal noise": "signal-to-noise", "signal distortion": "signal-to-distortion"}


def metric_names(class_name: str) -> list[str]:
    """The names papers write for a torchmetrics class: its words, acronyms kept in capitals and
    other words lower-cased; "X score" also gives "X". Empty for wrappers, per-task variants,
    single plain words ("Precision") and names with one-letter or qualifying words.

    >>> metric_names("BLEUScore"), metric_names("MeanSquaredError"), metric_names("KLDivergence")
    (['BLEU score', 'BLEU'], ['mean squared error'], ['KL divergence'])
    >>> metric_names("PearsonCorrCoef"), metric_names("PeakSignalNoiseRatio")
    (['pearson correlation coefficient'], ['peak signal-to-noise ratio'])
    >>> metric_names("Precision"), metric_names("BinaryAccuracy"), metric_names("CramersV")
    ([], [], [])
    """
    if class_name in METRIC_RENAMES:
        renamed = METRIC_RENAMES[class_name]
        return [renamed] if renamed else []
    if _METRIC_SKIP.search(class_name):
        return []
    name = class_name.removeprefix("Retrieval")
    parts = _METRIC_PART.findall(name)
    if "".join(parts) != name or any(len(p) == 1 or p.lower() in _METRIC_DROP_WORDS for p in parts):
        return []
    words = [p if p.isupper() or any(c.isdigit() for c in p) else p.lower() for p in parts]
    if len(words) == 1 and not is_distinctive_word(words[0]):
        return []
    phrase = " ".join(_METRIC_WORDS.get(w, w) for w in words)
    for short, written in _METRIC_PHRASES.items():
        phrase = phrase.replace(short, written)
    names = [phrase]
    if len(words) == 2 and words[1] == "score" and is_distinctive_word(words[0]):
        names.append(words[0])
    return names


def dunder_all(init_source: str) -> list[str]:
    """The ``__all__`` list of a module.

    >>> dunder_all('__all__ = ["AUROC", "Accuracy"]')
    ['AUROC', 'Accuracy']
    """
    for node in ast.parse(init_source).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return [str(name) for name in ast.literal_eval(node.value)]
    return []


def yaml_task_names(yaml_text: str) -> list[str]:
    """The ``task:`` names of an lm-eval task YAML file (single names, not lists).

    >>> yaml_task_names("task: arc_easy\\ndataset_path: allenai/ai2_arc\\n")
    ['arc_easy']
    """
    return re.findall(r"^task:\s*([\w.-]+)\s*$", yaml_text, flags=re.M)
