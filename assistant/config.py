"""Baken's settings in sections, read from defaults, a TOML file and ``BAKEN_*`` env vars.

Precedence (highest first): explicit overrides (CLI flags), environment variables, the TOML
file named by ``BAKEN_SETTINGS`` (or ``baken.toml`` in the working directory), then the
defaults below. Settings live in sections (``[model]``, ``[retrieval]`` …; in code
``settings.model.n_threads``). The flat names of earlier versions still work everywhere a
setting is given: ``n_threads = 2`` at the top of ``baken.toml``, ``BAKEN_N_THREADS=2``, or
``Settings(n_threads=2)``; so do section names in the environment (``BAKEN_MODEL__N_THREADS``).
A name Baken does not know is refused with the closest valid one. ``baken config`` shows the
effective settings and where each one came from.

The sections and their fields are in ``assistant.setting_sections``.
"""

from __future__ import annotations

import difflib
import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from assistant.core.errors import BakenError
from assistant.setting_sections import (
    FLAT_NAMES,
    LEGACY_NAMES,
    SECTIONS,
    DraftingSettings,
    IngestSettings,
    ModelSettings,
    PrivacySettings,
    RetrievalSettings,
    ServerSettings,
    UiSettings,
)

DEFAULT_DATA_DIR = Path.home() / ".local" / "share" / "baken"
DEMO_CORPUS_DIR = Path(__file__).resolve().parent / "demo_corpus"
ENV_PREFIX = "BAKEN_"
NESTED = "__"


class SettingsError(BakenError, ValueError):
    """A settings file or variable that Baken cannot use; the message is Dutch, for users."""


TOP_LEVEL = ("data_dir", "collection")
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
        values.update({LEGACY_NAMES.get((section, k), k): v for k, v in dumped.items()})
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
