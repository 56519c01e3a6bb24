"""The normalizer against urduhack-lite and urdunorm: speed, and agreement where their rules agree.

Both packages are optional (the `bench` extra), never needed to run the pipeline: a package
that is not installed is left out of the report, which says how to install it.

Speed: each normalizer runs over the same article bodies (a corpus's files without their
first, date and headline line), `repeat` times; the best time gives MB/s of UTF-8 input.
`normalize_array` gets the bodies as one Arrow array, built outside the timing, as the
pipeline holds them.

Agreement: the three do different jobs (urdunorm normalizes for ASR scoring, urduhack-lite
for machine learning) and share only some of their rules. Each runs in the configuration
closest to the others: akhbar's `match_key` (display form, diacritics dropped, one line),
urduhack-lite's `normalize` (diacritics dropped, letters unified), urdunorm's `display`
protocol with diacritics dropped and digits made ASCII. `SHARED_RULES` lists each rule, which
of them apply it, and a neutralizer: the rule itself, made idempotent, that erases the rule's
effect when applied to two outputs alike. Two outputs are compared after neutralizing every
rule that one of the pair does not apply, so what remains are differences in the rules both
claim; per rule, after neutralizing every other rule too.
"""

from __future__ import annotations

import difflib
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from itertools import combinations
from pathlib import Path

import pyarrow as pa

from transforms.normalize import compose_hamza

AKHBAR = "akhbar"
URDUHACK = "urduhack-lite"
URDUNORM = "urdunorm"
# The versions the comparison was written against; `pip install "akhbar[bench]"` pins them.
OPTIONAL = {URDUHACK: ("urduhack_lite", "0.2.0"), URDUNORM: ("urdunorm", "0.1.1")}


def load_bodies(corpus: Path) -> list[str]:
    """The body of every `*.txt` under `corpus` (or its `articles/`): the text after the first line."""
    corpus = Path(corpus)
    if (corpus / "articles").is_dir():
        corpus = corpus / "articles"
    bodies = []
    for path in sorted(p for p in corpus.rglob("*.txt") if p.is_file()):
        text = path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
        body = text.partition("\n")[2].strip()
        if body:
            bodies.append(body)
    if not bodies:
        raise FileNotFoundError(f"no article bodies in *.txt files under {corpus}")
    return bodies


# ---------------------------------------------------------------------------------------------
# The normalizers, as each is configured for speed and for agreement.


@dataclass(frozen=True)
class Normalizer:
    package: str
    label: str  # how it is called
    does: str  # what the call does, in short
    function: Callable  # str -> str, or an Arrow array -> array when `arrow`
    arrow: bool = False


@dataclass
class Installed:
    versions: dict[str, str]  # package -> version
    missing: dict[str, str]  # package -> how to install it
    timed: list[Normalizer]  # what the speed table times
    compared: dict[str, Callable[[str], str]]  # package -> the function whose outputs are compared


def installed_normalizers() -> Installed:
    import transforms.normalize as ours

    akhbar_version = _version("akhbar")
    versions = {AKHBAR: akhbar_version}
    missing = {}
    timed = [
        Normalizer(AKHBAR, "normalize", "display form: letters, digits, invisibles, spacing; keeps diacritics", ours.normalize),
        Normalizer(AKHBAR, "normalize_array", "the same over an Arrow array of bodies", ours.normalize_array, arrow=True),
        Normalizer(AKHBAR, "match_key", "display form, diacritics and ZWNJ dropped, one line (compared)", ours.match_key),
    ]
    compared: dict[str, Callable[[str], str]] = {AKHBAR: ours.match_key}
    for package, (module_name, pinned) in OPTIONAL.items():
        try:
            module = import_module(module_name)
        except ImportError:
            missing[package] = f'not installed: pip install "{package}=={pinned}" (or the akhbar bench extra)'
            continue
        versions[package] = _version(package)
        if package == URDUHACK:
            timed.append(Normalizer(package, "normalize", "diacritics (6 marks), letters, presentation forms (compared)", module.normalize))
            compared[package] = module.normalize
        else:
            protocol = module.DISPLAY.with_(remove_diacritics=True, unify_digits=True, digit_target="ascii", zwnj="delete")
            timed += [
                Normalizer(package, 'normalize(mode="display")', "letters, presentation forms, invisibles, whitespace", lambda t, m=module: m.normalize(t, mode="display")),
                Normalizer(package, 'normalize(mode="eval")', "its default: also diacritics, punctuation, digits, space repair", lambda t, m=module: m.normalize(t, mode="eval")),
                Normalizer(package, "display + diacritics + ASCII digits", "the display protocol with diacritics dropped, digits ASCII (compared)", lambda t, m=module, p=protocol: m.apply_protocol(t, p)),
            ]
            compared[package] = lambda t, m=module, p=protocol: m.apply_protocol(t, p)
    return Installed(versions, missing, timed, compared)


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


# ---------------------------------------------------------------------------------------------
# Speed.


@dataclass(frozen=True)
class Timing:
    normalizer: Normalizer
    seconds: float  # best of the repeats, for all bodies
    megabytes: float

    @property
    def mb_per_s(self) -> float:
        return self.megabytes / self.seconds if self.seconds else float("inf")


def time_normalizers(bodies: list[str], normalizers: list[Normalizer], repeat: int = 3) -> list[Timing]:
    megabytes = sum(len(b.encode("utf-8")) for b in bodies) / 1e6
    column = pa.array(bodies, pa.string())
    timings = []
    for normalizer in normalizers:
        best = float("inf")
        for _ in range(max(repeat, 1)):
            started = time.perf_counter()
            if normalizer.arrow:
                normalizer.function(column)
            else:
                for body in bodies:
                    normalizer.function(body)
            best = min(best, time.perf_counter() - started)
        timings.append(Timing(normalizer, best, megabytes))
    return timings


# ---------------------------------------------------------------------------------------------
# Agreement.

_ARABIC_MARKS = "".join(
    chr(cp) for cp in (*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), *range(0x08D3, 0x0900))
    if unicodedata.category(chr(cp)) == "Mn"
)  # with hamza above and below: the neutralizers compose hamza first, so only bare ones are left
_ARABIC_MARK = re.compile(f"[{_ARABIC_MARKS}]")
_INVISIBLE = re.compile("[\u0640\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_PRESENTATION_FORM = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u0647": "\u06c1", "\u06d5": "\u06c1", "\u06c0": "\u06c2"})
_TEH_MARBUTA = str.maketrans({"\u0629": "\u06c1", "\u06c3": "\u06c1"})
_ALEF_FORMS = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627"})
_DIGITS = str.maketrans({
    **{0x0660 + d: str(d) for d in range(10)}, **{0x06F0 + d: str(d) for d in range(10)},
    0x066B: ".", 0x066C: ",", 0x066A: "%",
})
_SPACE_AROUND_PUNCTUATION = re.compile(r"\s*([\u06d4\u060c\u061f\u061b])\s*")
_LETTER = "\u0600-\u06ff\u0750-\u077f"
_SPACE_BETWEEN_SCRIPTS = re.compile(f"(?<=[0-9A-Za-z])\\s+(?=[{_LETTER}])|(?<=[{_LETTER}])\\s+(?=[0-9A-Za-z])")


@dataclass(frozen=True)
class SharedRule:
    name: str
    applied_by: frozenset[str]
    neutralize: Callable[[str], str]


ALL = frozenset((AKHBAR, URDUHACK, URDUNORM))
# In the order the neutralizers run. urduhack-lite's partial versions of a rule (tatweel only
# among the invisibles; آ, أ and ۓ composed but nothing else) count as not applying it; where
# all three claim a rule and one covers less of it (urduhack-lite drops six diacritics, not
# shadda or sukun), the report shows the difference.
SHARED_RULES: tuple[SharedRule, ...] = (
    SharedRule("canonical composition (NFC)", frozenset((AKHBAR, URDUNORM)), lambda t: unicodedata.normalize("NFC", t)),
    SharedRule("invisibles: tatweel, ZWJ, ZWNJ, direction marks", frozenset((AKHBAR, URDUNORM)), lambda t: _INVISIBLE.sub("", t)),
    SharedRule("Arabic presentation forms to letters", ALL, lambda t: _PRESENTATION_FORM.sub(lambda m: unicodedata.normalize("NFKC", m.group()), t)),
    SharedRule("hamza: ی + ٔ to ئ", frozenset((AKHBAR, URDUNORM)), compose_hamza),
    SharedRule("Arabic letters to Urdu: ي ى ك ه", ALL, lambda t: t.translate(_LETTERS)),
    SharedRule("teh marbuta: ة to ۃ", frozenset((AKHBAR, URDUHACK)), lambda t: t.translate(_TEH_MARBUTA)),
    SharedRule("Arabic alef forms: أ إ ٱ to ا", frozenset((URDUNORM,)), lambda t: t.translate(_ALEF_FORMS)),
    SharedRule("diacritics removed", ALL, lambda t: _ARABIC_MARK.sub("", t)),
    SharedRule("digits to ASCII", frozenset((AKHBAR, URDUNORM)), lambda t: t.translate(_DIGITS)),
    SharedRule("whitespace: one line, single spaces", frozenset((AKHBAR, URDUNORM)), lambda t: " ".join(t.split())),
    SharedRule("spacing around ۔ ، ؟ ؛", frozenset((AKHBAR,)), lambda t: _SPACE_AROUND_PUNCTUATION.sub(r"\1", t)),
    SharedRule("spacing between digits or Latin and Urdu", frozenset((AKHBAR,)), lambda t: _SPACE_BETWEEN_SCRIPTS.sub("", t)),
)
ALL_SHARED = "all the rules they share"


def _neutralize(text: str, rules: list[SharedRule]) -> str:
    for rule in rules:
        text = rule.neutralize(text)
    return text


@dataclass
class Difference:
    count: int  # bodies in which it occurs
    example: str  # the first output around it, with ⟦first's | second's⟧ text


@dataclass
class Agreement:
    packages: tuple[str, ...]  # a pair, or all three
    rule: str  # a rule's name, or ALL_SHARED
    agreeing: int
    total: int
    differences: dict[tuple[str, str], Difference] = field(default_factory=dict)

    @property
    def share(self) -> float:
        return self.agreeing / self.total if self.total else 1.0


def _compare(outputs: dict[str, list[str]], packages: tuple[str, ...], rule: str, neutralized: list[SharedRule], keep_differences: bool) -> Agreement:
    projected = {p: [_neutralize(t, neutralized) for t in outputs[p]] for p in packages}
    first = projected[packages[0]]
    total = len(first)
    agreeing = sum(1 for i in range(total) if all(projected[p][i] == first[i] for p in packages[1:]))
    result = Agreement(packages, rule, agreeing, total)
    if keep_differences and len(packages) == 2:
        for a, b in zip(first, projected[packages[1]]):
            if a != b:
                _collect_differences(a, b, result.differences)
    return result


def _collect_differences(a: str, b: str, found: dict[tuple[str, str], Difference]) -> None:
    seen_here = set()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        key = (a[i1:i2][:12], b[j1:j2][:12])
        if key in seen_here:
            continue
        seen_here.add(key)
        if key in found:
            found[key].count += 1
        else:
            found[key] = Difference(1, f"{a[max(i1 - 15, 0):i1]}⟦{a[i1:i2][:12]}|{b[j1:j2][:12]}⟧{a[i2:i2 + 15]}")


def agreement(bodies: list[str], compared: dict[str, Callable[[str], str]]) -> list[Agreement]:
    """Agreement per pair of normalizers (and all three), per shared rule and on all of them."""
    outputs = {package: [function(body) for body in bodies] for package, function in compared.items()}
    present = [p for p in (AKHBAR, URDUHACK, URDUNORM) if p in outputs]
    groups = list(combinations(present, 2)) + ([tuple(present)] if len(present) > 2 else [])
    results = []
    for packages in groups:
        shared = [r for r in SHARED_RULES if set(packages) <= r.applied_by]
        not_shared = [r for r in SHARED_RULES if r not in shared]
        results.append(_compare(outputs, packages, ALL_SHARED, not_shared, keep_differences=True))
        for rule in shared:
            results.append(_compare(outputs, packages, rule.name, [r for r in SHARED_RULES if r is not rule], keep_differences=False))
    return results


# ---------------------------------------------------------------------------------------------
# The command.


def bodies_acted_on(bodies: list[str]) -> dict[str, int]:
    """For each shared rule, the bodies it changes: an agreement on a rule that never acts is empty."""
    return {rule.name: sum(1 for body in bodies if rule.neutralize(body) != body) for rule in SHARED_RULES}


@dataclass
class NormalizeReport:
    corpus: Path
    bodies: int
    megabytes: float
    installed: Installed
    timings: list[Timing]
    agreements: list[Agreement]
    acted_on: dict[str, int]


def bench_normalize(corpus: Path, repeat: int = 3) -> NormalizeReport:
    bodies = load_bodies(corpus)
    installed = installed_normalizers()
    timings = time_normalizers(bodies, installed.timed, repeat)
    agreements = agreement(bodies, installed.compared)
    megabytes = sum(len(b.encode("utf-8")) for b in bodies) / 1e6
    return NormalizeReport(Path(corpus), len(bodies), megabytes, installed, timings, agreements, bodies_acted_on(bodies))


def _describe(segment: str) -> str:
    if not segment:
        return "nothing"
    if len(segment) > 3:
        return repr(segment)
    return " ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in segment)


def print_normalize_report(report: NormalizeReport, console, examples: int = 5) -> None:
    from rich.table import Table

    installed = report.installed
    names = ", ".join(f"{p} {v}" for p, v in installed.versions.items())
    console.print(f"{report.bodies} article bodies, {report.megabytes:.2f} MB, from {report.corpus}; {names}")
    for package, advice in installed.missing.items():
        console.print(f"{package}: {advice}")

    speed = Table("normalizer", "call", "MB/s", "s", "× akhbar normalize", "what it does", title="Speed (best of the repeats)")
    base = next(t.seconds for t in report.timings if t.normalizer.package == AKHBAR and t.normalizer.label == "normalize")
    for t in report.timings:
        speed.add_row(t.normalizer.package, t.normalizer.label, f"{t.mb_per_s:.2f}", f"{t.seconds:.3f}", f"{base / t.seconds:.2f}" if t.seconds else "-", t.normalizer.does)
    console.print(speed)

    groups = list(dict.fromkeys(a.packages for a in report.agreements))
    if not groups:
        console.print("agreement: no other normalizer installed to compare with")
        return
    by_cell = {(a.packages, a.rule): a for a in report.agreements}
    table = Table("rule", "acts on", *(" vs ".join(g) if len(g) == 2 else "all three" for g in groups),
                  title="Bodies on which the outputs agree, where both (or all) apply the rule")
    rules = [ALL_SHARED] + [r.name for r in SHARED_RULES]
    for rule in rules:
        cells = []
        for group in groups:
            a = by_cell.get((group, rule))
            cells.append(f"{a.share:.1%} ({a.agreeing}/{a.total})" if a else "not shared")
        if any(c != "not shared" for c in cells):
            table.add_row(rule, str(report.acted_on.get(rule, "")), *cells)
    console.print(table)

    for group in groups:
        a = by_cell[(group, ALL_SHARED)]
        if len(group) != 2 or not a.differences:
            continue
        console.print(f"[bold]{group[0]} vs {group[1]}[/bold]: the most frequent differences on the rules they share (bodies; {group[0]}'s text around it, ⟦{group[0]} | {group[1]}⟧)", highlight=False)
        ranked = sorted(a.differences.items(), key=lambda kv: -kv[1].count)[:examples]
        for (left, right), difference in ranked:
            console.print(f"  {difference.count:4d}  {group[0]}: {_describe(left)}  /  {group[1]}: {_describe(right)}", markup=False, highlight=False)
            console.print(f"        {difference.example}", markup=False, highlight=False)
