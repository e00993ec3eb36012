"""Language-model backends behind the ``LLMBackend`` protocol; ``make_llm`` picks one."""

from assistant.llm.factory import bundled_model_path, make_llm

__all__ = ["bundled_model_path", "make_llm"]
