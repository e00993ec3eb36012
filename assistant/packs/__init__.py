"""Knowledge packs: signed zips of templates, question sets, praktijknotities and public
documents that one municipality's Baken exports and another's imports.

``manifest`` (format), ``signing`` (Ed25519 key pair), ``archive`` (the zip, with limits),
``scan`` (privacy scan), ``exporter``, ``importer``, ``registry`` (installed packs) and
``startpakket`` (the first real pack) each do one job; the composition root
(``Baken.pack_installer``, ``Baken.pack_exporter`` in ``assistant/app.py``) wires them. Import
from the module that does the job; this package file imports nothing, so that loading one part
(the drafting templates read ``registry``) does not load them all.
"""
