"""``baken tune-embedder``: adapt the bundled embedder to the municipality's own documents.

Three steps, each in its own module: synthetic questions per indexed passage from the bundled
instruct model (``synth``), never a question of an evaluation set (``eval_guard``), and a
fine-tuned copy of multilingual-e5-small written as a new embedder folder in the same ONNX form
as the bundled one (``train``). Nothing changes until IT points the ``embedder`` setting at
that folder.
"""

TUNED_MARKER = "baken-tuned.json"  # in a tuned embedder folder; its presence means "complete"
