"""Tools of the repository that are not part of the installed package (run from the repository
root, e.g. `python -m tools.sitegen`)."""
