"""Evaluation inside the product: the reference scorer's semantics, cross-validation, ablation."""
