"""Map line numbers of the seed text files to references readers can follow in the printed paper.

The transcriptions of the papers (``seeds/*.txt``, outside the repository) have one paragraph per line, and
the first drafts of this collection cited them as "line N". Readers have the journal article, not the text
file, so every such reference is rewritten as section, table, figure, equation or footnote:

    python tools/paper_locations.py SEEDS_DIR --headings            # the parsed structure, for checking
    python tools/paper_locations.py SEEDS_DIR --show SLUG 1495 1580-1582
    python tools/paper_locations.py SEEDS_DIR --rewrite FILE...     # rewrite "line(s) N" in place

Each article's line range in its seed, and its pages in the journal, come from the study specs
(``studies/*.md``) and the issue's table of contents. Headings are parsed from the Chinese numbering
(一、 → §1, （一） → §1.1, 1. → §1.1 or §1.1.1 under a （一）); tables (表k), figures (图k), equation labels
((n) at the end of a display) and footnotes (¹, ① ...) are located the same way. A line maps to
"§<number> <short English heading>" plus the table, figure, equation or footnote it lies in, or that it
names (如表3所示 → Table 3) or sits next to (the line before or after a numbered equation, the paragraph
printed just above a figure, whose image is missing from the source). The English
headings are this collection's short translations. The sources mark no page breaks.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

CN = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


@dataclass
class Article:
    slug: str
    seed: str
    first: int
    last: int
    pages: str
    english: int | None = None  # first line of the English title and abstract after the references


# Line ranges: the study specs (studies/*.md, "Source"); pages: the journal or the table of contents.
ARTICLES = [
    Article("trade_hubs", "000_493267ea79dc1569.txt", 1, 336, "West Forum 36(1), pp. 143-157", 315),
    Article("wealth_management", "001_2f26e2527d50de3e.txt", 98, 150, "International Monetary Review, pp. 01-03"),
    Article("cbdc", "001_2f26e2527d50de3e.txt", 152, 514, "International Monetary Review, pp. 04-18", 508),
    Article("financial_opening", "001_2f26e2527d50de3e.txt", 516, 883, "International Monetary Review, pp. 19-35", 867),
    Article("targeted_rrr", "001_2f26e2527d50de3e.txt", 885, 1273, "International Monetary Review, pp. 36-48", 1265),
    Article("consumer_finance", "001_2f26e2527d50de3e.txt", 1275, 1451, "International Monetary Review, pp. 49-57"),
    Article(
        "bri_trade_network", "001_2f26e2527d50de3e.txt", 1453, 1764, "International Monetary Review, pp. 58-64", 1758
    ),
    Article("fund_herding", "001_2f26e2527d50de3e.txt", 1766, 2259, "International Monetary Review, p. 65 ff.", 2254),
    Article("rta_digital_trade", "002_4f137ee832064916.txt", 1, 122, "journal and pages not in the source"),
]

# Short English headings (this collection's translations of the papers' Chinese headings).
HEADINGS = {
    "trade_hubs": {
        "1": "Introduction",
        "2": "Policy background and theory",
        "2.1": "Policy background",
        "2.2": "Hubs and opening-up",
        "2.3": "Hubs, the unified market and opening-up",
        "3": "Empirical design",
        "3.1": "Baseline model",
        "3.2": "Mechanism tests",
        "3.3": "Sample and data",
        "4": "Results",
        "4.1": "Baseline regression",
        "4.2": "Robustness and endogeneity",
        "4.3": "Mechanism tests",
        "5": "Extensions",
        "5.1": "Hard-soft synergy",
        "5.2": "Heterogeneity",
        "6": "Conclusions",
    },
    "wealth_management": {
        "1": "The rising importance of wealth management",
        "2": "The structure of wealth management",
        "3": "Problems of the industry",
        "3.1": "Weak professional and credit capacity",
        "3.2": "Quality of the underlying assets",
        "4": "Capital-market reform",
    },
    "cbdc": {
        "1": "Introduction",
        "2": "Model",
        "2.1": "Environment and payment system",
        "2.1.1": "Environment",
        "2.1.2": "Payment system",
        "2.2": "The agents' problems",
        "2.2.1": "Buyers and sellers",
        "2.2.2": "Bargaining",
        "2.2.3": "Introducing cash-like CBDC",
        "3": "Effects of CBDC",
        "4": "Conclusions and policy",
    },
    "consumer_finance": {
        "intro": "Introduction",
        "1": "Consumer finance under the domestic-demand strategy",
        "1.1": "Demand from economic transition",
        "1.2": "Consumer finance and consumption upgrading",
        "1.2.1": "Willingness to consume",
        "1.2.2": "Quality of consumption",
        "2": "Retail transformation of banks",
        "2.1": "Narrowing margins",
        "2.2": "Regulatory and policy support",
        "2.3": "Business layout and status",
        "3": "Trends and opportunities for banks",
        "3.1": "Banks as main suppliers",
        "3.2": "Tighter regulation favours banks",
        "3.2.1": "Cutting direct links",
        "3.2.2": "Banks' cost advantage",
        "3.3": "Digitalisation",
        "4": "Strategies",
        "4.1": "Strategic priority",
        "4.2": "Customer acquisition",
        "4.3": "Embedded scenario services",
        "4.4": "Data-driven risk control",
    },
    "bri_trade_network": {
        "1": "Introduction",
        "2": "Study area, data and methods",
        "2.1": "Study area",
        "2.2": "Data",
        "2.3": "Methods",
        "2.3.1": "Top-k networks",
        "2.3.2": "Community detection",
        "2.3.3": "Gateway coefficient",
        "3": "Results",
        "3.1": "Network pattern",
        "3.2": "Backbone",
        "3.3": "Trade blocs",
        "3.4": "Gateway countries",
        "4": "Conclusions and discussion",
    },
    "rta_digital_trade": {
        "1": "Introduction",
        "2": "Literature",
        "2.1": "Content and templates of the rules",
        "2.2": "Text measurement and trade effects",
        "2.3": "Provision depth and extended gravity",
        "3": "China's digital-trade rules",
        "3.1": "Stages",
        "3.2": "Depth",
        "4": "Theory",
        "4.1": "Trade creation",
        "4.2": "Extended gravity",
        "5": "Empirical strategy",
        "5.1": "Model",
        "5.2": "Variables and data",
        "5.2.1": "Dependent variable",
        "5.2.2": "Explanatory variables",
        "5.2.3": "Controls",
        "6": "Baseline and robustness",
        "6.1": "Baseline",
        "6.2": "Robustness",
        "6.2.1": "Alternative depth measures",
        "6.2.2": "Alternative estimators",
        "6.2.3": "Sample periods",
        "6.2.4": "Lagged effects",
        "6.2.5": "Instrumental variables",
        "7": "Heterogeneity",
        "7.1": "By importer income",
        "7.2": "By provision content",
        "7.3": "By sector",
        "8": "Mechanisms",
        "8.1": "Trade costs",
        "8.2": "Regulatory environment",
        "9": "Conclusions",
        "9.1": "Findings",
        "9.2": "Policy implications",
    },
}

H1 = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+)$")
H2 = re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*(.+)$")
H3 = re.compile(r"^(\d{1,2})\s*[.．、]\s*(\D.*)$")
TABLE = re.compile(r"^表\s*(\d+)")
FIGURE = re.compile(r"^图\s*(\d+)")
NOTE = re.compile(r"^(注|数据来源|资料来源|备注)")
EQ_LABEL = re.compile(r"[（(]\s*(\d{1,2})\s*[）)]\s*\$*\s*$")
NAMES_TABLE = re.compile(r"表\s*(\d+)")
NAMES_FIGURE = re.compile(r"图\s*(\d+)")
NAMES_RESULT = re.compile(r"^(?:.{0,12}提出)?(引理|定理|假设|假说)\s*(H?\d+)\s*[:：]")
RESULT_NAMES = {"引理": "Lemma", "定理": "Theorem", "假设": "Assumption", "假说": "Hypothesis"}
NAMES_EQ = re.compile(r"(?:模型|式|公式|方程)\s*[（(]\s*(\d{1,2})\s*[）)]")


def _clean(text: str) -> str:
    return text.strip().lstrip("#").strip().replace("\u3000", " ")


def _is_heading_text(text: str) -> bool:
    return 0 < len(text) <= 40 and not text.endswith(("。", "：", ":", "；", ";", "，", ",")) and "$" not in text


@dataclass
class Place:
    section: str  # "2.1", "abstract", "references", "front", "english", "intro"
    objects: list[str]


class Paper:
    """The parsed structure of one article: section, table, figure, equation and footnote of every line."""

    def __init__(self, article: Article, lines: list[str]):
        self.article = article
        self.lines = lines
        self.section_of: dict[int, str] = {}
        self.heading_line: dict[str, int] = {}
        self.objects_in: dict[int, list[str]] = {}
        self.eq_at: dict[int, str] = {}
        self._parse()

    def text(self, n: int) -> str:
        return _clean(self.lines[n - 1]) if 1 <= n <= len(self.lines) else ""

    def _parse(self) -> None:
        a = self.article
        section, level_numbers, has_l2 = "front", [], False
        in_refs = False
        prev = ""
        for n in range(a.first, a.last + 1):
            t = self.text(n)
            plain = t.replace("*", "")
            if a.english and n >= a.english:
                section = "english"
            elif re.match(r"^(【参考文献】|参考文献)", plain):
                section, in_refs = "references", True
            elif in_refs:
                pass
            elif (m := H1.match(t)) and _is_heading_text(m.group(2)):
                level_numbers, has_l2 = [CN[m.group(1)]], False
                section = str(level_numbers[0])
                self.heading_line[section] = n
            elif (m := H2.match(t)) and _is_heading_text(m.group(2)) and level_numbers:
                level_numbers, has_l2 = [level_numbers[0], CN[m.group(1)]], True
                section = ".".join(map(str, level_numbers))
                self.heading_line[section] = n
            elif (m := H3.match(t)) and _is_heading_text(m.group(2)) and level_numbers:
                k = int(m.group(1))
                level_numbers = level_numbers[:2] + [k] if has_l2 else [level_numbers[0], k]
                section = ".".join(map(str, level_numbers))
                self.heading_line[section] = n
            elif t == "引言" and not level_numbers:
                section = "intro"
                self.heading_line[section] = n
            elif not level_numbers and section != "intro" and t:
                abstract = re.match(r"^【?(摘\s*要|关键词|Abstract|Key ?words)", plain, re.I) or prev in (
                    "摘要",
                    "Abstract",
                )
                section = "abstract" if abstract else "front"
            if t:
                prev = t
            self.section_of[n] = section
        self._objects()

    def _add(self, n: int, label: str) -> None:
        self.objects_in.setdefault(n, [])
        if label not in self.objects_in[n]:
            self.objects_in[n].append(label)

    def _tableish(self, n: int) -> bool:
        t = self.lines[n - 1].rstrip("\n")
        s = t.strip()
        return not s or "\t" in t or s.startswith("|") or (len(s) <= 60 and not s.endswith("。"))

    def _is_heading(self, n: int) -> bool:
        t = self.text(n)
        return self.section_of.get(n) != self.section_of.get(n - 1) or any(
            (m := h.match(t)) and _is_heading_text(m.group(2)) for h in (H1, H2, H3)
        )

    def _is_caption(self, n: int) -> bool:
        t = self.text(n)
        return bool((TABLE.match(t) or FIGURE.match(t)) and len(t) < 80)

    def _objects(self) -> None:
        a = self.article
        for n in range(a.first, a.last + 1):
            t = self.text(n)
            raw = self.lines[n - 1]
            if not self._is_caption(n):
                pass
            elif m := TABLE.match(t):
                # the caption, the rows (tab-separated or short) and the note (注, 数据来源, ...) below
                label = f"Table {m.group(1)}"
                self._add(n, label)
                last, k = n, n + 1
                while k <= a.last and (self._tableish(k) or NOTE.match(self.text(k))):
                    if self._is_caption(k) or self._is_heading(k):
                        break
                    if self.text(k):
                        last = k
                    if NOTE.match(self.text(k)):
                        break
                    k += 1
                for j in range(n + 1, last + 1):
                    self._add(j, label)
            elif m := FIGURE.match(t):
                # the caption, the blank or panel-label lines of the missing image above it, the source note below
                label = f"Figure {m.group(1)}"
                self._add(n, label)
                k = n - 1
                while k >= a.first and (not self.text(k) or re.match(r"^[（(][a-z][）)]", self.text(k))):
                    k -= 1
                for j in range(k + 1, n):
                    if self.text(j):
                        self._add(j, label)
                k = n + 1
                while k <= a.last and not self.text(k):
                    k += 1
                if k <= a.last and NOTE.match(self.text(k)):
                    self._add(k, label)
            if ("$$" in raw or re.fullmatch(r"[（(]\s*\d{1,2}\s*[）)]", t)) and (m := EQ_LABEL.search(raw.strip())):
                self.eq_at[n] = m.group(1)
                self._add(n, f"eq. ({m.group(1)})")
            if m := re.match(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]+)", t):
                number = int("".join(str("⁰¹²³⁴⁵⁶⁷⁸⁹".index(c)) for c in m.group(1)))
                self._add(n, f"footnote {number}")
            elif t.startswith("①"):
                self._add(n, "footnote")
        # Notes printed as ① at the end (one per page in the journal) belong, in order, to the ① markers in
        # the text: such a note is cited with the section of the text it annotates.
        notes = [n for n in range(a.first, a.last + 1) if self.text(n).startswith("①")]
        markers = [n for n in range(a.first, a.last + 1) if "①" in self.text(n) and n not in notes]
        if notes and len(notes) == len(markers):
            for note, marker in zip(notes, markers):
                self.section_of[note] = self.section_of[marker]

    def _neighbour(self, n: int, step: int) -> int | None:
        k = n + step
        while self.article.first <= k <= self.article.last and not self.text(k):
            k += step
        return k if self.article.first <= k <= self.article.last else None

    def place(self, n: int) -> Place:
        if not self.article.first <= n <= self.article.last:
            raise ValueError(f"line {n} lies outside {self.article.slug} ({self.article.first}-{self.article.last})")
        objects = list(self.objects_in.get(n, []))
        t = self.text(n)
        for kind, number in NAMES_RESULT.findall(t):
            label = f"{RESULT_NAMES[kind]} {number}" if not number.startswith("H") else number
            if label not in objects:
                objects.append(label)
        if not any(o.startswith(("Table", "Figure", "eq.", "footnote")) for o in objects) and len(t) > 60:
            for k in NAMES_TABLE.findall(t):
                if f"Table {k}" not in objects:
                    objects.append(f"Table {k}")
            for k in NAMES_FIGURE.findall(t):
                if f"Figure {k}" not in objects:
                    objects.append(f"Figure {k}")
            for k in NAMES_EQ.findall(t):
                objects.append(f"eq. ({k})")
            for step in (-1, 1):
                k = self._neighbour(n, step)
                if k in self.eq_at and f"eq. ({self.eq_at[k]})" not in objects:
                    objects.append(f"eq. ({self.eq_at[k]})")
            # the paragraph printed just above a figure describes it (the images are missing from the source)
            k = self._neighbour(n, 1)
            for label in self.objects_in.get(k, []) if k else []:
                if label.startswith("Figure") and label not in objects:
                    objects.append(label)
        return Place(self.section_of.get(n, "front"), objects)


SPECIAL = {
    "front": "title page",
    "abstract": "abstract",
    "references": "reference list",
    "english": "English abstract",
}

REF = re.compile(r"\b([Ll]ines?)\s+(\d+(?:\s*[-–]\s*\d+)?(?:(?:\s*,\s*|\s+and\s+)\d+(?:\s*[-–]\s*\d+)?)*)")


def parse_numbers(spec: str) -> list[tuple[int, int]]:
    """ "1580-1582, 1595 and 1600" -> [(1580, 1582), (1595, 1595), (1600, 1600)]."""
    spans = []
    for part in re.split(r"\s*,\s*|\s+and\s+", spec.strip()):
        lo, _, hi = part.replace("–", "-").partition("-")
        spans.append((int(lo), int(hi or lo)))
    return spans


def _join(labels: list[str]) -> str:
    """["Table 4", "Table 5", "eq. (2)"] -> "Tables 4 and 5, eq. (2)"."""
    kinds: dict[str, list[str]] = {}
    for label in labels:
        kind, _, number = label.rpartition(" ")
        kinds.setdefault(kind or label, []).append(number if kind else "")
    parts = []
    for kind, numbers in kinds.items():
        if len(numbers) == 1:
            parts.append(f"{kind} {numbers[0]}".strip())
        else:
            plural = {"eq.": "eqs.", "Hypothesis": "Hypotheses"}.get(kind, kind + "s") if kind else kind
            parts.append(f"{plural} {', '.join(numbers[:-1])} and {numbers[-1]}")
    return ", ".join(parts)


def _object_order(label: str) -> tuple[int, int]:
    kind, _, number = label.rpartition(" ")
    digits = re.sub(r"\D", "", number)
    order = ["Assumption", "Lemma", "Theorem", "Hypothesis", "Table", "Figure", "eq.", "footnote"]
    return (order.index(kind) if kind in order else 8, int(digits) if digits else 0)


def load(seeds: Path) -> dict[str, Paper]:
    texts: dict[str, list[str]] = {}
    papers = {}
    for article in ARTICLES:
        if article.seed not in texts:
            texts[article.seed] = (seeds / article.seed).read_text(encoding="utf-8").split("\n")
        papers[article.slug] = Paper(article, texts[article.seed])
    return papers


class Locator:
    """Describe seed lines of one article as section, table, figure, equation and footnote."""

    def __init__(self, paper: Paper):
        self.paper = paper
        self.headings = HEADINGS.get(paper.article.slug, {})

    def section_label(self, section: str, heading: bool = True) -> str:
        if section in SPECIAL:
            return SPECIAL[section]
        if section == "intro":
            return "introduction"
        name = self.headings.get(section, "") if heading else ""
        return f"§{section} {name}".strip()

    def describe(self, spans: list[tuple[int, int]], heading: bool = True) -> str:
        """Section (with its short English heading) and the objects the lines lie in, name or sit next to.

        A range skips the footnotes printed inside it (they interrupt the text at page ends); a range over
        three or more subsections of one section is named by that section.
        """
        groups: dict[str, list[str]] = {}
        for lo, hi in spans:
            for n in range(lo, hi + 1):
                if not self.paper.text(n) and lo != hi:
                    continue
                place = self.paper.place(n)
                objects = groups.setdefault(place.section, [])
                for o in place.objects:
                    if o not in objects and not (lo != hi and o.startswith("footnote")):
                        objects.append(o)
        parents = {section.split(".")[0] for section in groups}
        if len(groups) > 2 and len(parents) == 1 and next(iter(parents)) not in SPECIAL:
            merged = [o for objects in groups.values() for o in objects]
            groups = {next(iter(parents)): list(dict.fromkeys(merged))}
        parts = []
        for section, objects in groups.items():
            objects = sorted(objects, key=_object_order)
            label = self.section_label(section, heading)
            parts.append(f"{label}, {_join(objects)}" if objects else label)
        return "; ".join(parts)

    def location(self, value: str) -> str:
        """Rewrite a YAML location such as "Table 1, lines 118-129" or "abstract; line 272"."""
        matches = list(REF.finditer(value))
        if not matches:
            return value
        spans = [span for m in matches for span in parse_numbers(m.group(2))]
        described = self.describe(spans)
        before, after, position = [], [], 0
        for m in matches + [None]:
            chunk = value[position : m.start() if m else len(value)]
            for token in re.split(r"[,;]", chunk):
                token = token.strip().strip("()").strip()
                if token and token.lower() not in described.lower():
                    (after if position else before).append(token)
            if m:
                position = m.end()
        out = "; ".join(before + [described]) if before else described
        for token in after:
            out += (", " if re.match(r"^(Tables?|Figures?|eqs?\.|footnotes?) ", token) else "; ") + token
        return out

    def rewrite(self, text: str, heading: bool = True) -> str:
        return REF.sub(lambda m: self.describe(parse_numbers(m.group(2)), heading), text)


LOCATION_FLOW = re.compile(r"(\blocation:\s*)(\"[^\"]*\"|'[^']*'|[^,}\n]+)")
LOCATION_BLOCK = re.compile(r"(^\s*-?\s*location:\s*)(.+)$")


SEED_PREFIX = re.compile(r"\b(?:paper )?seed(?:\s+text|\s+\S+\.txt,?)?\s+(?=[Ll]ines?\s+\d)")


def _slug_of(path: Path, papers: dict[str, Paper]) -> str:
    if path.parts[-2] in ("published", "notebooks"):
        return path.stem
    if path.parts[-2] == "facts":  # data/facts/<slug>_<name>.csv
        return max((slug for slug in papers if path.stem.startswith(slug + "_")), key=len)
    return path.parts[-2]


CSV_FIELD = re.compile(r'"(?:[^"]|"")*"|[^,\r\n]*')


def _csv_cells(line: str) -> list[str]:
    """The raw fields of one CSV line (quotes kept), so unchanged fields are written back byte for byte."""
    cells, position = [], 0
    while True:
        m = CSV_FIELD.match(line, position)
        cells.append(m.group(0))
        position = m.end()
        if position >= len(line) or line[position] != ",":
            return cells
        position += 1


def _csv_value(raw: str) -> str:
    return raw[1:-1].replace('""', '"') if raw.startswith('"') else raw


def _csv_raw(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if re.search(r'[,"\n]', value) else value


def rewrite_csv(path: Path, papers: dict[str, Paper]) -> int:
    """A facts CSV: a ``line`` (or ``seed_line``) column becomes ``location``; "(seed) line(s) N" in any cell is rewritten.

    Only the fields that change are rewritten (quoted if they now hold a comma); line endings are kept.
    """
    locator = Locator(papers[_slug_of(path, papers)])
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = [_csv_value(c) for c in _csv_cells(lines[0].rstrip("\r\n"))]
    column = next((header.index(name) for name in ("line", "seed_line") if name in header), None)
    count = 0
    out = []
    for number, line in enumerate(lines):
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        cells = _csv_cells(body)
        for i, raw in enumerate(cells):
            value = _csv_value(raw)
            if i == column and number == 0:
                cells[i] = "location"
            elif i == column and value.strip():
                cells[i] = _csv_raw(locator.describe(parse_numbers(value)))
                count += 1
            elif REF.search(value):
                count += len(REF.findall(value))
                cells[i] = _csv_raw(locator.rewrite(SEED_PREFIX.sub("", value)))
        out.append(",".join(cells) + ending)
    path.write_text("".join(out), encoding="utf-8")
    return count


def rewrite_file(path: Path, papers: dict[str, Paper]) -> int:
    """Rewrite every "line(s) N" in one file of the collection; returns the number of references rewritten.

    The article is the file's chapter (data/published/<slug>.yml, notebooks/<slug>.md,
    livingpapers/studies/<slug>/...). In YAML, a ``location:`` value is rewritten whole (and quoted inside a
    flow mapping); elsewhere each reference is replaced where it stands, so only lines holding one change.
    """
    if path.suffix == ".csv":
        return rewrite_csv(path, papers)
    locator = Locator(papers[_slug_of(path, papers)])
    count = 0
    out = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        count += len(REF.findall(line))
        m = (LOCATION_FLOW if "{" in line else LOCATION_BLOCK).search(line) if path.suffix == ".yml" else None
        if m and REF.search(m.group(2)):
            raw = m.group(2).rstrip()
            quoted = raw[:1] in "\"'"
            value = locator.location(raw[1:-1] if quoted else raw)
            if quoted or "{" in line or ": " in value or "#" in value:
                value = '"' + value.replace('"', '\\"') + '"'
            line = line[: m.start(2)] + value + line[m.start(2) + len(raw) :]
        line = locator.rewrite(line)
        out.append(line)
    path.write_text("\n".join(out), encoding="utf-8")
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seeds", type=Path)
    parser.add_argument("--headings", action="store_true")
    parser.add_argument("--show", nargs="+", metavar="SLUG_OR_LINE")
    parser.add_argument("--rewrite", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--describe", nargs="+", metavar="SLUG_OR_SPEC", help="SLUG '1580-1582, 1595' ...")
    args = parser.parse_args(argv)
    papers = load(args.seeds)
    if args.headings:
        for slug, paper in papers.items():
            print(f"== {slug}")
            for number, n in paper.heading_line.items():
                print(f"  §{number:8s} {n:5d} {paper.text(n)[:40]}")
            spans: dict[str, list[int]] = {}
            for n, labels in sorted(paper.objects_in.items()):
                for label in labels:
                    spans.setdefault(label, []).append(n)
            for label, lines in spans.items():
                print(f"     {label:14s} {min(lines)}-{max(lines)}")
    if args.show:
        paper = papers[args.show[0]]
        for spec in args.show[1:]:
            for lo, hi in parse_numbers(spec):
                for n in range(lo, hi + 1):
                    place = paper.place(n)
                    print(n, place.section, place.objects, paper.text(n)[:50])
    for path in args.rewrite or []:
        print(f"{path}: {rewrite_file(path, papers)} references rewritten")
    if args.describe:
        locator = Locator(papers[args.describe[0]])
        for spec in args.describe[1:]:
            print(f"{spec}: {locator.describe(parse_numbers(spec))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
