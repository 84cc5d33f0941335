"""A static leaderboard site generator for LLM evaluations.

The pipeline (see pipeline.py) reads top to bottom:
load (config, scores, prose) -> validate -> model -> render -> write.
"""
