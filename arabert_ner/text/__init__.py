"""Text: the stage every other one reads through. Normalisation with an offset map back into the text
as given (normalize), sentence splitting (sentences), and the general Arabic helpers for lookups:
spelling folding and clitic stripping (arabic). Depends on nothing else in the package but config."""
