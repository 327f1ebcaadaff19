"""Evaluations against annotated data: the reference corpus, PolNeAR, SemEval-2023 Task 3, CAMEO."""
