"""VănBản: openxml-audit (``vanban validate-docx``) reads its Open XML schema tables from data/openxml.

Only the Office Open XML data and code go into the bundle: the ODF schemas, the PowerPoint oracle
corpus and the Google Workspace round trip are never used by ``validate-docx``.
"""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

_UNUSED = ("openxml_audit.gsuite", "openxml_audit.oracle", "openxml_audit.codegen", "openxml_audit.pytest_plugin")

hiddenimports = collect_submodules("openxml_audit", filter=lambda name: not name.startswith(_UNUSED))
datas = collect_data_files("openxml_audit", includes=["data/openxml/**/*"])
