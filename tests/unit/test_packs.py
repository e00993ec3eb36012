"""Knowledge packs, fast: export and import between two data folders with a real Chroma store,
the hashing embedder and the regex anonymiser (BSN only). Every bad pack is refused with a
Dutch message and leaves the receiving data folder as it was.

The real Presidio anonymiser and embedder: tests/integration/test_packs_*.py."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.core.protocols import AnonymizationError, Redaction
from assistant.drafting import load_templates, template_dirs
from assistant.drafting.templates import BUNDLED_TEMPLATES_DIR
from assistant.notes import NoteBook
from assistant.packs.archive import sha256_hex
from assistant.packs.errors import PackError
from assistant.packs.exporter import PackExporter, Selection
from assistant.packs.importer import PackInstaller
from assistant.packs.manifest import Manifest, PackFile, kind_of
from assistant.packs.registry import (
    installed_packs,
    question_set_path,
    template_folders,
    template_origin,
)
from assistant.packs.signing import SigningKey, fingerprint, load_or_create_key
from ingest.loaders.office import OfficeLimits
from ingest.pipeline import IngestPipeline
from tests.fakes import HashEmbedder, RegexAnonymizer, make_pipeline

BSN = "111222333"
LIMITS = OfficeLimits(max_unpacked_bytes=20_000_000, max_ratio=100, memory_bytes=10**9,
                      timeout_s=60)
DOC = ("# Beleidsregel overlast Voorbeeldstad\n\n## Artikel 1 Sluiting\n\nDe burgemeester "
       "sluit een woning na een tweede melding van overlast, na een schriftelijke waarschuwing."
       "\n\n## Artikel 2 Duur\n\nDe sluiting duurt ten hoogste drie maanden.\n")
QUESTIONS = json.dumps({"id": "vb-1", "question": "Hoe lang duurt een sluiting?",
                        "kind": "what", "source_file": "beleidsregel-overlast.md",
                        "source_locator": "artikel 2", "answer_facts": ["drie maanden"],
                        "notes": ""}) + "\n"


class CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.texts.extend(texts)
        return super().embed_documents(texts)


def key() -> SigningKey:
    return SigningKey(Ed25519PrivateKey.generate())


def receiver(data_dir: Path, anonymizer: object | None = None,
             collection: str = "baken") -> tuple[PackInstaller, IngestPipeline, CountingEmbedder]:
    pipeline = make_pipeline(data_dir)
    embedder = CountingEmbedder()
    pipeline._embedder = embedder
    if anonymizer is not None:
        pipeline._anonymizer = anonymizer  # type: ignore[assignment]
    installer = PackInstaller(data_dir, collection, anonymizer or RegexAnonymizer(), pipeline,
                              pipeline.store, LIMITS)
    return installer, pipeline, embedder


@pytest.fixture()
def sender(tmp_path: Path) -> Path:
    """Data folder A with one note and a policy document on disk."""
    a = tmp_path / "A"
    notes = NoteBook(a, "baken", RegexAnonymizer(), make_pipeline(a))
    notes.add("Woningsluiting", "Eerst de verhuurder schriftelijk informeren.", "Team OOV")
    notes.add("Cameratoezicht", "Na drie maanden evalueren met de politie.", "Team OOV")
    (a / "docs").mkdir()
    (a / "docs" / "beleidsregel-overlast.md").write_text(DOC, encoding="utf-8")
    (a / "vragen.jsonl").write_text(QUESTIONS, encoding="utf-8")
    return a


def export(a: Path, out: Path, signing: SigningKey | None = None, **kw: object) -> Manifest:
    notes = NoteBook(a, "baken", RegexAnonymizer(), make_pipeline(a)).list()
    selection = Selection(templates=[BUNDLED_TEMPLATES_DIR / "waarschuwingsbrief.md"],
                          question_sets=[a / "vragen.jsonl"], notes=notes,
                          documents=[a / "docs" / "beleidsregel-overlast.md"])
    for name, value in kw.items():
        setattr(selection, name, value)
    exporter = PackExporter(signing or load_or_create_key(a)[0], RegexAnonymizer())
    return exporter.export(out, selection, name="Kennis Voorbeeldstad",
                           municipality="Voorbeeldstad").manifest


def rewrite(pack: Path, out: Path, change: dict[str, bytes | None] | None = None,
            manifest: dict | None = None, signing: SigningKey | None = None) -> Path:
    """A copy of ``pack`` with files changed/added (None removes), the manifest replaced, and
    optionally signed again with ``signing``."""
    with zipfile.ZipFile(pack) as z:
        files = {n: z.read(n) for n in z.namelist()}
    for name, data in (change or {}).items():
        if data is None:
            files.pop(name, None)
        else:
            files[name] = data
    if manifest is not None:
        if signing is not None:
            content = {k: v for k, v in manifest.items() if k != "signature"}
            from assistant.packs.manifest import canonical

            manifest["signature"] = {"algorithm": "Ed25519", "public_key": signing.public_b64,
                                     "fingerprint": signing.fingerprint,
                                     "value": signing.sign(canonical(content))}
        files["manifest.json"] = json.dumps(manifest).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    out.write_bytes(buffer.getvalue())
    return out


def manifest_of(pack: Path) -> dict:
    with zipfile.ZipFile(pack) as z:
        return json.loads(z.read("manifest.json"))


def untouched(b: Path) -> None:
    """Nothing of a refused pack is in B: no pack folder, no chunks, no templates."""
    assert installed_packs(b) == []
    assert not [p for p in (b / "pakketten").glob("*")] if (b / "pakketten").exists() else True
    store = make_pipeline(b).store
    assert store.count() == 0


# --- a good pack ------------------------------------------------------------------------------


def test_import_adds_templates_questions_notes_and_documents_with_their_origin(
        tmp_path: Path, sender: Path) -> None:
    pack = tmp_path / "a.zip"
    made = export(sender, pack)
    assert made.contents_nl() == "1 sjabloon, 1 vragenset, 2 praktijknotities, 1 document"
    b = tmp_path / "B"
    installer, pipeline, _ = receiver(b)
    result = installer.install(pack)
    assert result.status == "geïnstalleerd" and result.indexed == 3
    chunks = pipeline.store.all_chunks()
    assert {c.metadata["herkomst"] for c in chunks} == {"Voorbeeldstad"}
    assert {c.metadata["doc_type"] for c in chunks} >= {"praktijknotitie", "beleidsregel"}
    labels = {c.locator.label() for c in chunks}
    assert any(label.startswith("Praktijknotitie (") and label.endswith(
        "— uit pakket van gemeente Voorbeeldstad") for label in labels)
    assert any("Beleidsregel overlast" in label and "uit pakket van gemeente Voorbeeldstad"
               in label for label in labels)
    [installed] = installed_packs(b)
    assert installed.manifest.fingerprint == load_or_create_key(sender)[0].fingerprint
    folders = template_folders(b)
    templates, problems = load_templates([BUNDLED_TEMPLATES_DIR, *folders])
    assert not problems
    assert template_origin(templates["waarschuwingsbrief"].path, b) == \
        "uit pakket van gemeente Voorbeeldstad"
    assert template_origin(templates["collegevoorstel"].path, b) is None
    found = question_set_path(b, "vragen")
    assert found is not None and "drie maanden" in found.read_text(encoding="utf-8")
    assert b / "pakketten" in found.parents and not str(found).startswith(str(
        BUNDLED_TEMPLATES_DIR.parents[1] / "eval"))


def test_pack_templates_reach_the_drafting_tab_folders(tmp_path: Path, sender: Path) -> None:
    from assistant.config import Settings

    pack = tmp_path / "a.zip"
    export(sender, pack)
    b = tmp_path / "B"
    receiver(b)[0].install(pack)
    dirs = template_dirs(Settings(data_dir=b))
    assert dirs[0] == BUNDLED_TEMPLATES_DIR and b / "pakketten" / "kennis-voorbeeldstad" / \
        "sjablonen" in dirs


def test_importing_twice_changes_nothing(tmp_path: Path, sender: Path) -> None:
    pack = tmp_path / "a.zip"
    export(sender, pack)
    b = tmp_path / "B"
    installer, pipeline, embedder = receiver(b)
    installer.install(pack)
    before = (pipeline.store.version(), len(embedder.texts), sorted(
        p.as_posix() for p in (b / "pakketten").rglob("*")))
    again = installer.install(pack)
    assert again.status == "ongewijzigd" and again.indexed == 0
    assert (pipeline.store.version(), len(embedder.texts), sorted(
        p.as_posix() for p in (b / "pakketten").rglob("*"))) == before


def test_a_new_version_re_embeds_only_what_changed(tmp_path: Path, sender: Path) -> None:
    first = tmp_path / "v1.zip"
    export(sender, first)
    b = tmp_path / "B"
    installer, pipeline, embedder = receiver(b)
    installer.install(first)
    (sender / "docs" / "beleidsregel-overlast.md").write_text(
        DOC.replace("drie maanden", "zes maanden"), encoding="utf-8")
    second = tmp_path / "v2.zip"
    export(sender, second)
    embedder.texts.clear()
    result = installer.install(second)
    assert result.status == "bijgewerkt" and result.indexed == 1 and result.unchanged == 2
    assert embedder.texts and all("Praktijknotitie" not in t for t in embedder.texts)
    texts = " ".join(c.text for c in pipeline.store.all_chunks())
    assert "ten hoogste zes maanden" in texts and "ten hoogste drie maanden" not in texts


def test_a_document_b_already_has_is_not_embedded_again(tmp_path: Path, sender: Path) -> None:
    pack = tmp_path / "a.zip"
    export(sender, pack)
    b = tmp_path / "B"
    installer, pipeline, embedder = receiver(b)
    own = tmp_path / "eigen"
    own.mkdir()
    (own / "overlast.md").write_text(DOC, encoding="utf-8")  # the same public text
    pipeline.run([own], progress=False)
    embedder.texts.clear()
    result = installer.install(pack)
    assert result.already_present == {"documenten/beleidsregel-overlast.md": "overlast.md"}
    assert not any("ten hoogste drie maanden" in t for t in embedder.texts)
    assert result.indexed == 2  # the two notes


def test_remove_takes_the_whole_pack_away(tmp_path: Path, sender: Path) -> None:
    pack = tmp_path / "a.zip"
    export(sender, pack)
    b = tmp_path / "B"
    installer, pipeline, _ = receiver(b)
    own = tmp_path / "eigen"
    own.mkdir()
    (own / "eigen-beleid.md").write_text("# Eigen beleid\n\nBlijft staan.\n", encoding="utf-8")
    pipeline.run([own], progress=False)
    installer.install(pack)
    removal = installer.remove("kennis-voorbeeldstad")
    assert len(removal.documents) == 3
    assert list(pipeline.store.indexed_files()) == ["eigen-beleid.md"]
    assert installed_packs(b) == [] and template_folders(b) == []
    assert question_set_path(b, "vragen") is None
    with pytest.raises(PackError, match="geen pakket"):
        installer.remove("kennis-voorbeeldstad")


# --- export refuses ---------------------------------------------------------------------------


def test_export_refuses_an_identifier_with_a_dutch_list_and_writes_nothing(
        tmp_path: Path, sender: Path) -> None:
    template = tmp_path / "brief.md"
    template.write_text((BUNDLED_TEMPLATES_DIR / "waarschuwingsbrief.md").read_text(
        encoding="utf-8").replace("name: waarschuwingsbrief", "name: brief").replace(
        "Naam van de gemeente.", f"Naam van de gemeente (BSN {BSN})."), encoding="utf-8")
    (sender / "vragen.jsonl").write_text(QUESTIONS.replace("Hoe lang", f"Hoe lang {BSN}"),
                                         encoding="utf-8")
    out = tmp_path / "a.zip"
    with pytest.raises(PackError) as caught:
        export(sender, out, templates=[template])
    assert caught.value.message.startswith("Export geweigerd: de privacycontrole")
    assert caught.value.reasons == (
        "sjablonen/brief.md: mogelijk identificerende gegevens (1× BSN)",
        "vragensets/vragen.jsonl: mogelijk identificerende gegevens (1× BSN)")
    assert BSN not in str(caught.value) and not out.exists()


def test_export_anonymises_documents(tmp_path: Path, sender: Path) -> None:
    (sender / "docs" / "beleidsregel-overlast.md").write_text(DOC + f"\nBSN {BSN}\n",
                                                               encoding="utf-8")
    out = tmp_path / "a.zip"
    export(sender, out)
    with zipfile.ZipFile(out) as z:
        text = z.read("documenten/beleidsregel-overlast.md").decode()
    assert BSN not in text and "[BSN-1]" in text


def test_export_refuses_unknown_licence_and_empty_selection(tmp_path: Path) -> None:
    exporter = PackExporter(key(), RegexAnonymizer())
    with pytest.raises(PackError, match="licentie 'MIT' is onbekend"):
        exporter.export(tmp_path / "x.zip", Selection(), name="Pakket", municipality="X",
                        licence="MIT")
    with pytest.raises(PackError, match="kies minstens één"):
        exporter.export(tmp_path / "x.zip", Selection(), name="Pakket", municipality="X")


# --- import refuses every bad pack, and B stays as it was -------------------------------------


@pytest.fixture()
def good_pack(tmp_path: Path, sender: Path) -> Path:
    pack = tmp_path / "a.zip"
    export(sender, pack)
    return pack


def assert_refused(tmp_path: Path, pack: Path, match: str, **kw: object) -> PackError:
    b = tmp_path / "B"
    installer, _, _ = receiver(b, **kw)  # type: ignore[arg-type]
    with pytest.raises(PackError, match=match) as caught:
        installer.install(pack)
    untouched(b)
    return caught.value


def test_a_tampered_file_is_refused(tmp_path: Path, good_pack: Path) -> None:
    bad = rewrite(good_pack, tmp_path / "bad.zip", change={
        "documenten/beleidsregel-overlast.md": DOC.replace("drie", "dertig").encode()})
    error = assert_refused(tmp_path, bad, "gewijzigd of onvolledig")
    assert error.reasons == ("documenten/beleidsregel-overlast.md: de inhoud past niet bij de "
                             "SHA-256 in het manifest (gewijzigd na het ondertekenen)",)


def test_a_changed_manifest_breaks_the_signature(tmp_path: Path, good_pack: Path) -> None:
    manifest = manifest_of(good_pack)
    manifest["municipality"] = "Andere gemeente"
    assert_refused(tmp_path, rewrite(good_pack, tmp_path / "bad.zip", manifest=manifest),
            "de handtekening klopt niet")


def test_a_file_swapped_with_a_new_hash_and_another_key_is_refused(
        tmp_path: Path, good_pack: Path) -> None:
    """An attacker changes a file and its hash and signs with their own key, but leaves the
    original public key in the manifest: the signature does not hold for that key."""
    new = DOC.replace("drie", "dertig").encode()
    manifest = manifest_of(good_pack)
    original = manifest["signature"]["public_key"]
    for item in manifest["files"]:
        if item["path"] == "documenten/beleidsregel-overlast.md":
            item.update(sha256=sha256_hex(new), size=len(new))
    bad = rewrite(good_pack, tmp_path / "bad.zip", {"documenten/beleidsregel-overlast.md": new},
                  manifest=manifest, signing=key())
    manifest = manifest_of(bad)
    manifest["signature"]["public_key"] = original
    manifest["signature"].pop("fingerprint")
    assert_refused(tmp_path, rewrite(bad, tmp_path / "bad2.zip", manifest=manifest),
            "de handtekening klopt niet")


def test_a_pack_signed_by_another_key_than_expected_is_refused(
        tmp_path: Path, good_pack: Path) -> None:
    b = tmp_path / "B"
    installer, _, _ = receiver(b)
    other = key().fingerprint
    with pytest.raises(PackError, match="andere sleutel dan verwacht"):
        installer.install(good_pack, expected_fingerprint=other)
    untouched(b)
    fp = manifest_of(good_pack)["signature"]["fingerprint"]
    assert installer.install(good_pack, expected_fingerprint=fp.replace(" ", "")).status == \
        "geïnstalleerd"


def test_a_pack_with_an_identifier_is_refused(tmp_path: Path, good_pack: Path,
                                              sender: Path) -> None:
    """Signed by a sender whose own check was skipped: B's scan still refuses it."""
    note = f"# Praktijknotitie\n\nBel BSN {BSN} terug.\n".encode()
    manifest = manifest_of(good_pack)
    manifest["files"].append({"path": "notities/extra.md", "kind": "notitie",
                              "sha256": sha256_hex(note), "size": len(note)})
    bad = rewrite(good_pack, tmp_path / "bad.zip", {"notities/extra.md": note},
                  manifest=manifest, signing=load_or_create_key(sender)[0])
    error = assert_refused(tmp_path, bad, "privacycontrole")
    assert error.reasons == ("notities/extra.md: mogelijk identificerende gegevens (1× BSN)",)


@pytest.mark.parametrize("name", ["../buiten.md", "/etc/buiten.md", "sjablonen/../../x.md",
                                  "documenten/sub/x.md", "documenten\\..\\x.md", "leesmij.txt"])
def test_a_path_traversing_or_unknown_name_is_refused(tmp_path: Path, good_pack: Path,
                                                      name: str) -> None:
    bad = rewrite(good_pack, tmp_path / "bad.zip", {name: b"# x\n"})
    error = assert_refused(tmp_path, bad, "onveilige namen")
    assert error.reasons and "onveilig of onbekend pad" in error.reasons[0]
    assert not (tmp_path / "buiten.md").exists() and not (tmp_path / "x.md").exists()


def test_a_zip_bomb_is_refused_unread(tmp_path: Path, good_pack: Path) -> None:
    bad = rewrite(good_pack, tmp_path / "bad.zip", {"documenten/bom.md": b"a" * 30_000_000})
    assert_refused(tmp_path, bad, "uitgepakt")


def test_an_oversized_pack_file_is_refused(tmp_path: Path, good_pack: Path) -> None:
    b = tmp_path / "B"
    installer, _, _ = receiver(b)
    installer.limits = OfficeLimits(max_unpacked_bytes=1000, max_ratio=100,
                                    memory_bytes=10**9, timeout_s=60)
    with pytest.raises(PackError, match="groter dan"):
        installer.install(good_pack)
    untouched(b)


def test_an_unknown_manifest_version_is_refused(tmp_path: Path, good_pack: Path,
                                                sender: Path) -> None:
    manifest = manifest_of(good_pack)
    manifest["manifest_version"] = 2
    bad = rewrite(good_pack, tmp_path / "bad.zip", manifest=manifest,
                  signing=load_or_create_key(sender)[0])
    assert_refused(tmp_path, bad, "onbekende manifestversie 2")


@pytest.mark.parametrize(("change", "match"), [
    ({"notities/extra.md": b"# x\n"}, "staat in de zip maar niet in het manifest"),
    ({"documenten/beleidsregel-overlast.md": None}, "staat in het manifest maar niet in de zip"),
])
def test_a_pack_with_missing_or_extra_files_is_refused(
        tmp_path: Path, good_pack: Path, change: dict[str, bytes | None], match: str) -> None:
    error = assert_refused(tmp_path, rewrite(good_pack, tmp_path / "bad.zip", change), "onvolledig")
    assert any(match in r for r in error.reasons)


def test_not_a_zip_and_no_manifest_are_refused(tmp_path: Path, good_pack: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"dit is geen zip")
    assert_refused(tmp_path, junk, "geen zip-bestand")
    assert_refused(tmp_path, rewrite(good_pack, tmp_path / "b.zip", {"manifest.json": None}),
            "manifest.json ontbreekt")


def test_another_signer_cannot_replace_an_installed_pack(tmp_path: Path, sender: Path,
                                                         good_pack: Path) -> None:
    b = tmp_path / "B"
    installer, pipeline, _ = receiver(b)
    installer.install(good_pack)
    before = pipeline.store.version()
    impostor = tmp_path / "impostor.zip"
    export(sender, impostor, signing=key())
    with pytest.raises(PackError, match="andere\\s+sleutel"):
        installer.install(impostor)
    assert pipeline.store.version() == before


class FailsOn(RegexAnonymizer):
    """Anonymises everything except a text with the word 'KAPOT' (as an anonymiser error)."""

    def redact(self, texts: Sequence[str]) -> Redaction:
        if any("KAPOT" in t for t in texts):
            raise AnonymizationError("stuk")
        return super().redact(texts)


def test_nothing_is_half_imported_when_indexing_fails(tmp_path: Path, sender: Path) -> None:
    (sender / "docs" / "tweede.md").write_text("# Tweede beleid\n\nKAPOT\n", encoding="utf-8")
    pack = tmp_path / "a.zip"
    export(sender, pack, documents=[sender / "docs" / "beleidsregel-overlast.md",
                                    sender / "docs" / "tweede.md"])
    error = assert_refused(tmp_path, pack, "niet alles kon worden geïndexeerd",
                           anonymizer=FailsOn())
    assert any("anonimiseren mislukt" in r for r in error.reasons)


def test_manifest_paths_and_fingerprints() -> None:
    assert kind_of("sjablonen/brief.md") == "sjabloon"
    assert kind_of("vragensets/set.jsonl") == "vragenset"
    assert kind_of("sjablonen/brief.jsonl") is None
    assert kind_of("documenten/..md") is None
    assert len(fingerprint(b"\x00" * 32).split()) == 16
    files = (PackFile("notities/a.md", "notitie", "0" * 64, 1),
             PackFile("notities/b.md", "notitie", "0" * 64, 1))
    m = Manifest("x", "xyz", "X", "2026-01-01", "CC0-1.0", "0.1.0", files)
    assert m.contents_nl() == "2 praktijknotities"


def test_the_key_is_made_once_and_private(tmp_path: Path) -> None:
    first, created = load_or_create_key(tmp_path)
    again, created_again = load_or_create_key(tmp_path)
    assert created and not created_again and first.fingerprint == again.fingerprint
    path = tmp_path / "sleutels" / "pakket-ed25519.pem"
    assert path.stat().st_mode & 0o777 == 0o600
