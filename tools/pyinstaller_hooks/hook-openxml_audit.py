"""VănBản: openxml-audit (``vanban validate-docx``) reads its Open XML schema tables from data/openxml.

Only what the validator uses goes into the bundle: its code and the Office Open XML data. Its own
command line (click, rich and pygments), the ODF schemas, the PowerPoint oracle corpus and the Google
Workspace round trip are never used by ``validate-docx`` and stay out (about 8 MB).
"""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

_UNUSED = ("openxml_audit.gsuite", "openxml_audit.oracle", "openxml_audit.codegen", "openxml_audit.pytest_plugin",
           "openxml_audit.cli", "openxml_audit.__main__", "openxml_audit.tools")

hiddenimports = collect_submodules("openxml_audit", filter=lambda name: not name.startswith(_UNUSED))
excludedimports = ["click", "rich", "pygments", "markdown_it", "mdurl", "pytest", "google"]
datas = collect_data_files("openxml_audit", includes=["data/openxml/**/*"])
