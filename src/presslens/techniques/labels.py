"""The label sets of SemEval-2023 Task 3 (English), as the analysis format names them."""
from __future__ import annotations

# The 23 persuasion techniques of subtask 3 in their six categories (spec: analysis-format.md).
CATEGORIES: dict[str, tuple[str, ...]] = {
    "Attack on reputation": ("Name_Calling-Labeling", "Guilt_by_Association", "Doubt",
                             "Appeal_to_Hypocrisy", "Questioning_the_Reputation"),
    "Justification": ("Flag_Waving", "Appeal_to_Authority", "Appeal_to_Popularity", "Appeal_to_Values",
                      "Appeal_to_Fear-Prejudice"),
    "Simplification": ("Causal_Oversimplification", "False_Dilemma-No_Choice",
                       "Consequential_Oversimplification"),
    "Distraction": ("Straw_Man", "Red_Herring", "Whataboutism"),
    "Call": ("Slogans", "Conversation_Killer", "Appeal_to_Time"),
    "Manipulative wording": ("Loaded_Language", "Obfuscation-Vagueness-Confusion",
                             "Exaggeration-Minimisation", "Repetition"),
}
TECHNIQUES: tuple[str, ...] = tuple(t for group in CATEGORIES.values() for t in group)
CATEGORY_OF: dict[str, str] = {t: c for c, group in CATEGORIES.items() for t in group}

# The 14 frames of subtask 2.
FRAMES: tuple[str, ...] = (
    "Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence", "Policy_prescription_and_evaluation",
    "Crime_and_punishment", "Security_and_defense", "Health_and_safety", "Quality_of_life",
    "Cultural_identity", "Public_opinion", "Political", "External_regulation_and_reputation",
)

# The genres of subtask 1.
GENRES: tuple[str, ...] = ("reporting", "opinion", "satire")

# Misspellings found in the released annotation files, mapped to the label they mean.
LABEL_FIXES: dict[str, str] = {"Appeal_to_Fear-Prejudi-čce": "Appeal_to_Fear-Prejudice"}


def normalise_label(label: str) -> str | None:
    """The canonical technique name of an annotation label, or None when it is not one."""
    label = LABEL_FIXES.get(label.strip(), label.strip())
    return label if label in CATEGORY_OF else None
