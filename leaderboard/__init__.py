"""A static leaderboard site generator for LLM evaluations.

The pipeline (see pipeline.py) reads top to bottom:
load (config, scores, prose) -> validate -> model -> render -> write.
"""


def __getattr__(name: str):
    # leaderboard.frames(scores_dir) needs pandas, slow to import: frames.py is loaded on first use.
    if name == "frames":
        import importlib
        return importlib.import_module(f"{__name__}.frames")   # a callable module (see frames.py)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
