"""The Gradio Blocks app built from a ``Baken`` composition root."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.app import Baken
from assistant.errors import dutch_error
from assistant.service import Finished, SourcesFound, TextDelta
from assistant.ui.formatting import DEMO_MODEL_NOTICE, sources_markdown, warnings_markdown
from guardrails.input import QuestionRejected

Message = dict[str, Any]


def answer_stream(baken: Baken, question: str,
                  history: list[Message]) -> Iterator[tuple[list[Message], str]]:
    """Chat handler: yields (chat history, sources panel) while the answer streams."""
    history = [*history, {"role": "user", "content": question},
               {"role": "assistant", "content": ""}]
    panel = ""
    try:
        for event in baken.assistant.ask(question):
            if isinstance(event, SourcesFound):
                heading = "Bronnen" if event.relevant else "Misschien relevant"
                panel = sources_markdown(event.sources, heading=heading)
                if event.warnings:
                    history[-1]["content"] = warnings_markdown(event.warnings) + "\n\n"
                yield history, panel
            elif isinstance(event, TextDelta):
                history[-1]["content"] += event.text
                yield history, panel
            elif isinstance(event, Finished):
                answer = event.answer
                quotes = {c.n: c.quote for c in answer.citations}
                heading = "Misschien relevant" if answer.refused else "Bronnen"
                panel = sources_markdown(answer.sources, heading=heading, quotes=quotes)
                checks = [w for w in answer.warnings if w not in history[-1]["content"]]
                if checks:
                    history[-1]["content"] += "\n\n" + warnings_markdown(checks)
                yield history, panel
    except QuestionRejected as exc:
        history[-1]["content"] = f"⚠️ {exc}"
        yield history, panel
    except Exception as exc:  # noqa: BLE001 - users see Dutch, never a stack trace
        history[-1]["content"] = f"⚠️ {dutch_error(exc)}"
        yield history, panel


def status_markdown(baken: Baken) -> str:
    model = baken.settings.model_path.name if baken.settings.model_path else "SmolLM2-135M (demo)"
    lines = [f"**Model:** {model} · **Embedder:** {baken.embedder_name} · "
             f"**Index:** {baken.store.count()} tekstdelen"]
    if baken.settings.uses_demo_model:
        lines.append(DEMO_MODEL_NOTICE)
    return "\n\n".join(lines)


def build_ui(baken: Baken) -> gr.Blocks:
    with gr.Blocks(title="Baken — OOV-assistent") as demo:
        gr.Markdown("# Baken\nStel een vraag over de regels en het beleid in uw documenten. "
                    "Elk antwoord toont de bronnen.")
        gr.Markdown(status_markdown(baken), elem_id="baken-status")
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Gesprek", height=480, elem_id="baken-chat")
                question = gr.Textbox(label="Uw vraag", placeholder="Bijv.: Wanneer mag de "
                                      "burgemeester een woning sluiten?", elem_id="baken-vraag")
                send = gr.Button("Vraag stellen", variant="primary", elem_id="baken-verstuur")
            with gr.Column(scale=2):
                panel = gr.Markdown(elem_id="baken-bronnen")

        def handler(q: str, h: list[Message]) -> Iterator[tuple[list[Message], str]]:
            yield from answer_stream(baken, q, h)

        send.click(handler, [question, chat], [chat, panel])
        question.submit(handler, [question, chat], [chat, panel])
    return demo


def launch(baken: Baken, *, prevent_thread_lock: bool = False) -> gr.Blocks:
    """Serve the UI on the configured address; login is required off loopback."""
    settings = baken.settings
    auth = None
    if settings.auth_user and settings.auth_password:
        auth = (settings.auth_user, settings.auth_password)
    elif settings.host not in ("127.0.0.1", "localhost", "::1"):
        raise RuntimeError(
            f"Baken luistert dan op {settings.host}: stel eerst een gebruikersnaam en wachtwoord "
            "in (BAKEN_AUTH_USER en BAKEN_AUTH_PASSWORD)."
        )
    demo = build_ui(baken)
    print(f"Baken draait op http://{settings.host}:{settings.port}", flush=True)
    demo.queue(default_concurrency_limit=1).launch(
        server_name=settings.host, server_port=settings.port, auth=auth, share=False,
        inbrowser=False, show_error=False, prevent_thread_lock=prevent_thread_lock,
    )
    return demo
