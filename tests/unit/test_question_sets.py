"""The shipped evaluation question sets are well formed and point at text that really exists.

Each question must be answerable from the passage it cites (its answer facts occur there),
its locator must name an article or heading that the file really has, unanswerable questions
must be about topics the corpus does not mention, and questions must be paraphrases rather
than copied sentences. The oov-nl corpus lives outside the repository (``REPO/../shared``);
the checks that read it are skipped when it is absent.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
QUESTIONS_DIR = REPO / "eval" / "questions"
SHARED_CORPUS = REPO.parent / "shared" / "corpus" / "oov-nl"
DEMO_CORPUS = REPO / "assistant" / "demo_corpus"
PROMPTS_DIR = REPO / "prompts"

SETS: dict[str, tuple[Path, Path]] = {
    "oov-nl": (QUESTIONS_DIR / "oov-nl.jsonl", SHARED_CORPUS),
    "oov-nl-heldout": (QUESTIONS_DIR / "oov-nl-heldout.jsonl", SHARED_CORPUS),
    "oov-nl-heldout2": (QUESTIONS_DIR / "oov-nl-heldout2.jsonl", SHARED_CORPUS),
    "oov-nl-heldout3": (QUESTIONS_DIR / "oov-nl-heldout3.jsonl", SHARED_CORPUS),
    "oov-nl-dev": (QUESTIONS_DIR / "oov-nl-dev.jsonl", SHARED_CORPUS),
    "demo": (QUESTIONS_DIR / "demo.jsonl", DEMO_CORPUS),
}
KINDS = {"what", "where", "unanswerable", "draft"}
REQUIRED_KEYS = {"id", "question", "kind", "source_file", "source_locator", "answer_facts", "notes"}
MAX_COPIED_WORDS = 5  # a question may share at most this many consecutive words with its source

_ARTICLE = re.compile(r"^artikel (?P<num>\S+)(?: lid (?P<lid>\d+))?$", re.IGNORECASE)
_PARAGRAPH = re.compile(r"^paragraaf (?P<num>\d+(?:\.\d+)*)$", re.IGNORECASE)
_CHAPTER = re.compile(r"^hoofdstuk (?P<num>\d+)$", re.IGNORECASE)
_ANNEX = re.compile(r"^bijlage(?: (?P<item>.+))?$", re.IGNORECASE)
_ANY_ARTICLE_HEADING = re.compile(r"\bArtikel [0-9IVXL]")
_HEADING_MAX_CHARS = 120


def normalize(text: str) -> str:
    """Case-fold, unify quotes and collapse whitespace, so facts match regardless of layout."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def load_set(path: Path) -> list[dict[str, Any]]:
    """All questions of a JSONL file (blank lines ignored)."""
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            row = json.loads(line)
            assert isinstance(row, dict), f"{path.name}:{number} is geen JSON-object"
            rows.append(row)
    return rows


def _heading_lines(text: str) -> list[tuple[int, str]]:
    """(offset, stripped line) for every short line: the candidates for headings."""
    result: list[tuple[int, str]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip().lstrip("#").strip()
        if stripped and len(stripped) <= _HEADING_MAX_CHARS:
            result.append((offset, stripped))
        offset += len(line)
    return result


def article_block(text: str, number: str) -> str | None:
    """Text of the article titled ``Artikel <number>`` up to the next article title, or None."""
    own = re.compile(rf"\bArtikel {re.escape(number)}(?=\.?(?:\s|$)|:(?:\s|$))")
    lines = _heading_lines(text)
    for index, (start, line) in enumerate(lines):
        if own.search(line):
            end = next((off for off, later in lines[index + 1:]
                        if _ANY_ARTICLE_HEADING.search(later)), len(text))
            return text[start:end]
    return None


def cited_passage(text: str, locator: str | None) -> str | None:
    """The part of ``text`` a locator points at (whole text for non-article locators).

    Returns None when the locator names an article, lid, chapter, section, annex or heading
    that the file does not have.
    """
    if locator is None:
        return text
    if match := _ARTICLE.match(locator):
        block = article_block(text, match["num"])
        lid = match["lid"]
        if block is None or (lid and not re.search(rf"(?m)^\s*(?:[•·-]\s*)?{lid}\.(?:\s|$)",
                                                     block)):
            return None
        return block
    if match := _PARAGRAPH.match(locator):
        pattern = rf"(?im)^\s*(?:#+\s*)?(?:paragraaf\s+)?{re.escape(match['num'])}(?!\.?\d)"
        return text if re.search(pattern, text) else None
    if match := _CHAPTER.match(locator):
        pattern = rf"(?im)^\s*(?:#+\s*)?hoofdstuk\s+{match['num']}\b"
        return text if re.search(pattern, text) else None
    if match := _ANNEX.match(locator):
        has_annex = re.search(r"(?im)^\s*(?:#+\s*)?bijlage\b", text)
        item = match["item"]
        return text if has_annex and (not item or normalize(item) in normalize(text)) else None
    wanted = normalize(locator)
    return text if any(normalize(line) == wanted for _, line in _heading_lines(text)) else None


def longest_shared_run(question: str, text: str) -> tuple[int, str]:
    """Longest run of consecutive words of ``question`` that also occurs in ``text``."""
    words = re.findall(r"\w+", question.casefold())
    haystack = " " + " ".join(re.findall(r"\w+", text.casefold())) + " "
    best, best_run = 0, ""
    for i in range(len(words)):
        for j in range(i + best + 1, len(words) + 1):
            run = " ".join(words[i:j])
            if f" {run} " not in haystack:
                break
            best, best_run = j - i, run
    return best, best_run


def corpus_or_skip(corpus: Path) -> Path:
    if not corpus.is_dir():
        pytest.skip(f"corpusmap ontbreekt: {corpus}")
    return corpus


def _questions(*kinds: str, sourced: bool = False) -> list[Any]:
    """pytest params (set name, corpus folder, question) for the given kinds (all if none)."""
    params: list[Any] = []
    for set_name, (path, corpus) in SETS.items():
        for row in load_set(path):
            if (kinds and row.get("kind") not in kinds) or (sourced and not row.get("source_file")):
                continue
            params.append(pytest.param(set_name, corpus, row, id=f"{set_name}:{row.get('id')}"))
    return params


ALL_QUESTIONS = _questions()
SOURCED_QUESTIONS = _questions(sourced=True)
UNANSWERABLE_QUESTIONS = _questions("unanswerable")
DRAFT_QUESTIONS = _questions("draft")


@pytest.mark.parametrize("set_name", list(SETS))
def test_set_has_unique_ids(set_name: str) -> None:
    ids = [row["id"] for row in load_set(SETS[set_name][0])]
    assert ids, f"{set_name} bevat geen vragen"
    duplicates = [qid for qid, count in Counter(ids).items() if count > 1]
    assert not duplicates, f"dubbele ids in {set_name}: {duplicates}"


@pytest.mark.parametrize(("set_name", "corpus", "row"), ALL_QUESTIONS)
def test_question_has_the_shared_shape(set_name: str, corpus: Path, row: dict[str, Any]) -> None:
    assert row.keys() >= REQUIRED_KEYS, f"ontbrekende velden: {REQUIRED_KEYS - row.keys()}"
    assert row["kind"] in KINDS
    assert isinstance(row["question"], str) and row["question"].strip().endswith(("?", "."))
    assert isinstance(row["answer_facts"], list)
    assert all(isinstance(f, str) and f.strip() for f in row["answer_facts"])
    assert row["notes"] is None or isinstance(row["notes"], str)
    assert row["source_locator"] is None or isinstance(row["source_locator"], str)

    if row["kind"] == "unanswerable":
        assert row["source_file"] is None and row["source_locator"] is None
        assert row["answer_facts"] == []
    elif row["kind"] == "draft":
        assert row["answer_facts"] == []
        assert isinstance(row.get("template"), str) and row["template"]
        fields = row.get("fields")
        assert isinstance(fields, dict) and fields
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items())
        sections = row.get("required_sections")
        assert isinstance(sections, list) and sections
        assert all(isinstance(s, str) and s.strip() for s in sections)
    else:
        assert isinstance(row["source_file"], str) and row["source_file"]
        assert 1 <= len(row["answer_facts"]) <= 3


@pytest.mark.parametrize(("set_name", "corpus", "row"), SOURCED_QUESTIONS)
def test_facts_occur_in_the_cited_passage(set_name: str, corpus: Path,
                                          row: dict[str, Any]) -> None:
    path = corpus_or_skip(corpus) / row["source_file"]
    assert path.is_file(), f"bronbestand bestaat niet: {row['source_file']}"
    text = path.read_text(encoding="utf-8")
    passage = cited_passage(text, row["source_locator"])
    assert passage is not None, (
        f"vindplaats {row['source_locator']!r} komt niet als kop of artikel voor in "
        f"{row['source_file']}")
    missing = [f for f in row["answer_facts"] if normalize(f) not in normalize(passage)]
    assert not missing, f"feiten niet gevonden bij {row['source_locator']!r}: {missing}"


@pytest.mark.parametrize(("set_name", "corpus", "row"), SOURCED_QUESTIONS)
def test_question_paraphrases_its_source(set_name: str, corpus: Path,
                                         row: dict[str, Any]) -> None:
    text = (corpus_or_skip(corpus) / row["source_file"]).read_text(encoding="utf-8")
    length, run = longest_shared_run(row["question"], text)
    assert length <= MAX_COPIED_WORDS, f"vraag neemt letterlijk over uit de bron: {run!r}"


@pytest.mark.parametrize(("set_name", "corpus", "row"), UNANSWERABLE_QUESTIONS)
def test_unanswerable_topic_is_absent_from_corpus(set_name: str, corpus: Path,
                                                  row: dict[str, Any]) -> None:
    terms = row.get("absent_terms")
    assert isinstance(terms, list) and terms, "onbeantwoordbare vraag zonder absent_terms"
    folder = corpus_or_skip(corpus)
    texts = {p.name: normalize(p.read_text(encoding="utf-8"))
             for p in folder.iterdir() if p.is_file() and p.name != "SOURCES.md"}
    found = {term: [name for name, text in texts.items() if normalize(term) in text]
             for term in terms}
    assert not any(found.values()), f"onderwerp staat wel in het corpus: {found}"


def test_oov_set_is_large_and_mixed() -> None:
    rows = load_set(SETS["oov-nl"][0])
    kinds = Counter(row["kind"] for row in rows)
    files = {row["source_file"] for row in rows if row["source_file"]}
    assert len(rows) >= 60
    assert kinds["unanswerable"] / len(rows) >= 0.10
    assert kinds["what"] and kinds["where"]
    assert len(files) >= 25, f"slechts {len(files)} verschillende bronbestanden"
    explicit = [row for row in rows if re.search(r"\bartikel \d", row["question"], re.I)]
    assert len(explicit) >= 2, "te weinig vragen met een expliciet artikelnummer"


def test_demo_set_is_small_and_covers_every_kind() -> None:
    rows = load_set(SETS["demo"][0])
    kinds = Counter(row["kind"] for row in rows)
    assert 12 <= len(rows) <= 15
    assert kinds["unanswerable"] == 2
    assert 1 <= kinds["draft"] <= 2
    assert kinds["what"] and kinds["where"]


def _template_fields(header: dict[str, Any]) -> set[str] | None:
    fields = header.get("fields")
    if isinstance(fields, dict):
        return {str(k) for k in fields}
    if isinstance(fields, list):
        return {str(f["name"]) if isinstance(f, dict) else str(f) for f in fields}
    return None


@pytest.mark.parametrize(("set_name", "corpus", "row"), DRAFT_QUESTIONS)
def test_draft_matches_its_template(set_name: str, corpus: Path, row: dict[str, Any]) -> None:
    template = PROMPTS_DIR / "templates" / f"{row['template']}.md"
    assert template.is_file(), f"sjabloon {template.name} bestaat niet"
    text = template.read_text(encoding="utf-8")
    missing = [s for s in row["required_sections"] if normalize(s) not in normalize(text)]
    assert not missing, f"secties komen niet voor in {template.name}: {missing}"
    if text.startswith("---"):
        header = yaml.safe_load(text.split("---", 2)[1]) or {}
        known = _template_fields(header)
        if known is not None:
            unknown = set(row["fields"]) - known
            assert not unknown, f"velden onbekend in {template.name}: {sorted(unknown)}"
