"""The shipped templates are valid, contain the sections the OOV documents need, and a
municipality can add or replace templates by dropping files into its own folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.drafting import (
    BUNDLED_TEMPLATES_DIR,
    TemplateError,
    available_templates,
    load_templates,
)
from assistant.drafting.templates import load_template, parse_template, template_files
from tests.templates import notitie

REPO = Path(__file__).resolve().parents[2]
SHIPPED = template_files(BUNDLED_TEMPLATES_DIR)
REQUIRED = {
    "collegevoorstel": ["Onderwerp", "Beslispunten", "Aanleiding", "Beoogd effect", "Argumenten",
                        "Kanttekeningen en risico's", "Financiën", "Communicatie",
                        "Uitvoering en vervolg"],
    "raadsinformatiebrief": ["Kernboodschap", "Aanleiding", "Vervolg"],
    "waarschuwingsbrief": ["Aanleiding", "Maatregel", "Gevolgen", "Bezwaar"],
    "waarschuwingsbrief-hondenbeet": ["Aanleiding", "Maatregel", "Gevolgen", "Bezwaar"],
    "waarschuwingsbrief-overlast": ["Aanleiding", "Maatregel", "Gevolgen", "Bezwaar"],
    "bestuurlijke-rapportage": ["Samenvatting", "Ingezette maatregelen",
                                "Conclusie en aanbevelingen"],
    "scenario-uitwerking": ["Scenario", "Betrokken partners", "Bevoegdheden", "Handelingsopties",
                            "Risico's"],
}

@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_template_is_valid(path: Path) -> None:
    template = load_template(path)
    assert template.name == path.stem
    assert template.sections and template.fields
    assert any(s.model and s.instruction for s in template.sections), \
        "een sjabloon zonder onderdelen die het model uit de bronnen schrijft"
    for section in template.sections:
        assert section.fixed.strip() or section.instruction.strip(), f"leeg onderdeel {section.id}"
        assert not section.instruction or section.model, f"opdracht zonder model in {section.id}"
    for f in template.fields:
        assert f.placeholder.startswith("[in te vullen: ") and f.placeholder.endswith("]")


def test_every_required_template_is_shipped_with_its_sections_in_order() -> None:
    templates, problems = load_templates([BUNDLED_TEMPLATES_DIR])
    assert problems == []
    for name, wanted in REQUIRED.items():
        assert name in templates, f"sjabloon {name} ontbreekt"
        titles = [s.title for s in templates[name].sections]
        positions = [titles.index(t) for t in wanted if t in titles]
        assert len(positions) == len(wanted), f"{name}: mist {set(wanted) - set(titles)}"
        assert positions == sorted(positions), f"{name}: volgorde {titles}"


def test_collegevoorstel_lets_the_user_give_the_facts_the_model_must_not_invent() -> None:
    template = load_template(BUNDLED_TEMPLATES_DIR / "collegevoorstel.md")
    # amounts, decisions and plans are written by code, word for word from the fields
    for title, field_name in [("Financiën", "financien"), ("Beslispunten", "besluit"),
                              ("Uitvoering en vervolg", "uitvoering")]:
        section = next(s for s in template.sections if s.title == title)
        assert not section.model and f"{{{{ {field_name} }}}}" in section.fixed
    assert template.field("financien").placeholder == "[in te vullen: financiële dekking]"


def test_empty_fields_render_as_placeholders() -> None:
    template = parse_template(notitie(), "notitie")
    text = template.render(template.sections[1].instruction, {"onderwerp": "Drugsoverlast"})
    assert text == "Beschrijf de kosten: [in te vullen: kosten]"
    assert template.render("{{ kosten }}", {}, placeholders=False) == ""


def test_eval_draft_questions_match_the_shipped_templates() -> None:
    rows = [json.loads(line) for line in
            (REPO / "eval" / "questions" / "demo.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    drafts = [r for r in rows if r["kind"] == "draft"]
    templates, _ = load_templates([BUNDLED_TEMPLATES_DIR])
    assert drafts
    for row in drafts:
        template = templates[row["template"]]
        titles = [s.title for s in template.sections]
        assert set(row["fields"]) <= set(template.field_names), row["id"]
        positions = [titles.index(s) for s in row["required_sections"]]
        assert positions == sorted(positions), f"{row['id']}: volgorde {titles}"


@pytest.mark.parametrize(("broken", "message"), [
    (notitie().replace("needs: [kosten]", "needs: [budget]"), "onbekend veld 'budget'"),
    (notitie().replace("{{ kosten }}", "{{ dekking }}"), "onbekend veld 'dekking'"),
    (notitie().replace("{# sectie kosten #}", "{# sectie bedragen #}"),
     "blok '{# sectie kosten #}'"),
    (notitie().replace("name: notitie", "name: andere"), "bestandsnaam"),
    (notitie().replace("  - name: kosten", "  - name: onderwerp"), "twee keer"),
    (notitie().replace("    label: Kosten\n", ""), "'label' en 'help'"),
    (notitie().replace("{{ onderwerp }}.", "{{ onderwerp }."), "Jinja-fout"),
    (notitie().replace("description: Een korte", "description: [Een: korte"), "YAML"),
    (notitie().split("sections:")[0] + "---\n", "'sections'"),
])
def test_validation_names_the_problem(broken: str, message: str) -> None:
    with pytest.raises(TemplateError, match="ongeldig") as info:
        parse_template(broken, "notitie")
    assert message in str(info.value)


def test_validation_limits_the_number_of_fields() -> None:
    extra = "".join(f"  - name: veld{i}\n    label: Veld {i}\n    help: Uitleg.\n"
                    for i in range(20))
    with pytest.raises(TemplateError, match="te veel velden"):
        parse_template(notitie().replace("sections:", extra + "sections:"), "notitie")


def test_municipality_template_appears_and_replaces_bundled_by_name(tmp_path: Path) -> None:
    (tmp_path / "notitie.md").write_text(notitie(), encoding="utf-8")
    (tmp_path / "collegevoorstel.md").write_text(
        notitie("collegevoorstel", "Collegevoorstel Gemeente Voorbeeld"), encoding="utf-8")
    (tmp_path / "kapot.md").write_text("---\nname: kapot\n---\n", encoding="utf-8")
    (tmp_path / "_hulp.md").write_text("geen sjabloon", encoding="utf-8")

    bundled, _ = available_templates(Settings.model_validate({"data_dir": tmp_path}))
    templates, problems = available_templates(
        Settings.model_validate({"data_dir": tmp_path, "templates_dir": tmp_path}))

    assert "notitie" not in bundled and "notitie" in templates
    assert templates["collegevoorstel"].title == "Collegevoorstel Gemeente Voorbeeld"
    assert "kapot" not in templates and "_hulp" not in templates
    assert len(problems) == 1 and "kapot" in problems[0]
    assert set(bundled) - {"collegevoorstel"} <= set(templates)


def test_missing_municipality_folder_is_reported(tmp_path: Path) -> None:
    templates, problems = available_templates(Settings.model_validate(
        {"data_dir": tmp_path, "templates_dir": tmp_path / "bestaat-niet"}))
    assert "collegevoorstel" in templates
    assert problems and "bestaat niet" in problems[0]


def test_example_in_the_folder_readme_is_a_valid_template() -> None:
    readme = (BUNDLED_TEMPLATES_DIR / "_LEESMIJ.md").read_text(encoding="utf-8")
    example = readme.split("```markdown\n", 1)[1].split("```", 1)[0]
    template = parse_template(example, "notitie-handhaving")
    assert [s.title for s in template.sections] == ["Kop", "Bevoegdheid", "Kosten"]
    assert template.field("kosten").placeholder == "[in te vullen: kosten en dekking]"
