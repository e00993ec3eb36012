"""Language-model backends behind the ``LLMBackend`` protocol; ``make_llm`` picks one."""

from assistant.llm.factory import demo_model_path, make_llm, model_file, uses_demo_model

__all__ = ["demo_model_path", "make_llm", "model_file", "uses_demo_model"]
