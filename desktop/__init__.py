"""VănBản: draft and check Vietnamese official documents (Party HD 36, state NĐ 30).

``desktop.core`` is the Qt-free core (rules, model, schema, render, check);
``desktop.ui`` is the PySide6 editor; ``desktop.cli`` is the ``vanban`` command.
"""

__version__ = "0.1.0"
