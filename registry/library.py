"""Documents staff manage: upload, replace, retire and delete, each change written to the
docs folder and its manifest (what ingest reads), the registry and the audit log at once.

A replaced document is kept: it stays in the docs folder marked 已失效 and "replaced by"
the new one, so its quotes are labelled and ranked below current documents. A deleted
document leaves the docs folder (so the next index holds none of it) and the registry
rows and the audit log say who deleted it and when.

Example:
    library = Library(settings, registry)
    library.upload(Upload("通知.docx", data, DocumentMeta(title="…", kind="other")), actor="wang")
    -> "tongzhi-3f2a1c.docx"   # the doc_id; the caller queues a re-index
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import threading
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import select

from ingest.decode import UnreadableFile
from ingest.load import load_document
from ingest.manifest import MANIFEST_NAME
from registry.accounts import audit
from registry.database import Registry
from registry.errors import StaffError
from registry.models import VALIDITY, Document, DocumentVersion
from settings import Settings

MAX_UPLOAD_BYTES = 10_000_000  # the ingest refuses bigger files too
KINDS = ("plan", "news", "other")


class LibraryError(StaffError):
    """A change the library refuses, worded for the person who asked."""


@dataclass(frozen=True)
class DocumentMeta:
    title: str
    issuer: str = ""
    doc_number: str = ""  # 文号
    date: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD
    kind: str = "other"
    validity: str = "有效"


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes
    meta: DocumentMeta


def sniff_suffix(data: bytes) -> str:
    """The file type judged by its content: ".pdf", ".docx", ".html" or ".txt"."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return ".docx"
        except zipfile.BadZipFile:
            pass
        raise LibraryError("not_docx")
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return ".html"
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LibraryError("unknown_type")
    return ".txt"


def _slug(filename: str, data: bytes) -> str:
    """A stable, safe file stem: ASCII letters and digits of the name plus a content hash."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", Path(filename).stem).strip("-").lower()[:40]
    return f"{stem or 'doc'}-{hashlib.sha256(data).hexdigest()[:8]}"


def _check_meta(meta: DocumentMeta) -> None:
    if not meta.title.strip():
        raise LibraryError("no_title")
    if meta.kind not in KINDS:
        raise LibraryError("kind_invalid", kinds=" / ".join(KINDS))
    if meta.validity not in VALIDITY:
        raise LibraryError("validity_invalid", values=" / ".join(VALIDITY))
    if meta.date and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", meta.date):
        raise LibraryError("date_invalid")


class Library:
    def __init__(self, settings: Settings, registry: Registry) -> None:
        self.docs = settings.docs_dir
        self.registry = registry
        self._lock = threading.Lock()  # one change at a time: folder, manifest and rows agree

    # --- reading ---------------------------------------------------------------------
    def manifest(self) -> dict[str, dict]:
        path = self.docs / MANIFEST_NAME
        return json.loads(path.read_text(encoding="utf-8-sig")) if path.is_file() else {}

    def documents(self) -> list[dict]:
        """Every document in the docs folder with its manifest facts and registry versions."""
        manifest = self.manifest()
        with self.registry.session() as session:
            rows = {d.doc_id: d for d in session.scalars(select(Document))}
            versions: dict[int, list[DocumentVersion]] = {}
            for v in session.scalars(select(DocumentVersion).order_by(DocumentVersion.number)):
                versions.setdefault(v.document_id, []).append(v)
        listed = []
        for path in sorted(p for p in self.docs.iterdir() if p.is_file()):
            if path.name == MANIFEST_NAME or path.name.startswith("."):
                continue
            row = rows.get(path.name)
            listed.append(
                {
                    "doc_id": path.name,
                    **manifest.get(path.name, {}),
                    "versions": [
                        (v.number, v.state, v.uploaded_by, v.uploaded_at)
                        for v in versions.get(row.id, [])
                    ]
                    if row
                    else [],
                }
            )
        return listed

    def version_labels(self) -> dict[str, str]:
        """ "第2版（2026-12-01 上传）" per document uploaded through the registry."""
        with self.registry.session() as session:
            query = select(Document.doc_id, DocumentVersion.number, DocumentVersion.uploaded_at)
            rows = session.execute(query.join(DocumentVersion)).all()
        return {doc_id: f"第{number}版（{at:%Y-%m-%d} 上传）" for doc_id, number, at in rows}

    def original(self, doc_id: str) -> Path:
        """The current file of a document in the docs folder (for downloads)."""
        path = self.docs / Path(doc_id).name
        if not path.is_file() or path.name == MANIFEST_NAME:
            raise LibraryError("no_document", doc_id=doc_id)
        return path

    # --- changes ---------------------------------------------------------------------
    def upload(self, upload: Upload, *, actor: str, replaces: str = "") -> str:
        """Add a document (or a new version of `replaces`); returns its doc_id."""
        _check_meta(upload.meta)
        if not upload.data:
            raise LibraryError("empty_file")
        if len(upload.data) > MAX_UPLOAD_BYTES:
            raise LibraryError("too_large", mb=MAX_UPLOAD_BYTES // 1_000_000)
        suffix = sniff_suffix(upload.data)
        if suffix == ".txt" and Path(upload.filename).suffix.lower() == ".md":
            suffix = ".md"
        doc_id = _slug(upload.filename, upload.data) + suffix
        self._readable(doc_id, upload.data)
        with self._lock:
            if replaces and not (self.docs / replaces).is_file():
                raise LibraryError("no_replaced", doc_id=replaces)
            if (self.docs / doc_id).exists():
                raise LibraryError("duplicate")
            if replaces:
                self._mark_replaced(replaces, actor, replaced_by=doc_id, title=upload.meta.title)
            _atomic_write(self.docs / doc_id, upload.data)
            self._set_manifest(doc_id, {**asdict(upload.meta)})
            with self.registry.session() as session:
                document = Document(doc_id=doc_id, **asdict(upload.meta))
                session.add(document)
                session.flush()
                number = 1
                if replaces:
                    old = self._row(session, replaces)
                    old.replaced_by = document.id
                    number = 1 + max((v.number for v in self._versions(session, old)), default=0)
                session.add(
                    DocumentVersion(
                        document_id=document.id,
                        number=number,
                        filename=upload.filename,
                        sha256=hashlib.sha256(upload.data).hexdigest(),
                        size=len(upload.data),
                        uploaded_by=actor,
                    )
                )
                action = "replace" if replaces else "upload"
                audit(session, actor, action, doc_id, version=number, replaces=replaces or "-")
        return doc_id

    def retire(self, doc_id: str, *, actor: str, validity: str = "已失效") -> None:
        """Keep the document indexed but labelled 已失效 / 已废止 and ranked below current ones."""
        if validity not in VALIDITY[1:]:
            raise LibraryError("retire_validity")
        with self._lock:
            self.original(doc_id)
            entry = self.manifest().get(doc_id, {})
            self._set_manifest(doc_id, {**entry, "validity": validity})
            with self.registry.session() as session:
                row = self._row(session, doc_id)
                row.validity = validity
                for version in self._versions(session, row):
                    version.state = "retired"
                audit(session, actor, "retire", doc_id, validity=validity)

    def delete(self, doc_id: str, *, actor: str) -> None:
        """Remove the document from the docs folder and the manifest: after the re-index no
        search, answer, source panel, lookup, 文件 tab or download has it."""
        with self._lock:
            path = self.original(doc_id)
            path.unlink()
            self._set_manifest(doc_id, None)
            with self.registry.session() as session:
                row = self._row(session, doc_id)
                for version in self._versions(session, row):
                    version.state = "deleted"
                audit(session, actor, "delete", doc_id)

    # --- helpers ---------------------------------------------------------------------
    def _readable(self, doc_id: str, data: bytes) -> None:
        """Parse the upload before anything changes: an unreadable file changes nothing."""
        with tempfile.TemporaryDirectory() as folder:
            probe = Path(folder) / doc_id
            probe.write_bytes(data)
            try:
                text = load_document(probe).text
            except UnreadableFile as error:
                raise LibraryError("unreadable", doc_id=doc_id, reason=error) from None
        if not text.strip():
            raise LibraryError("no_text", doc_id=doc_id)

    def _mark_replaced(self, doc_id: str, actor: str, *, replaced_by: str, title: str) -> None:
        """The replaced document stays, labelled 已失效 and replaced by `title`."""
        entry = self.manifest().get(doc_id, {})
        self._set_manifest(doc_id, {**entry, "validity": "已失效", "replaced_by": title})
        with self.registry.session() as session:
            row = self._row(session, doc_id)
            row.validity = "已失效"
            for version in self._versions(session, row):
                version.state = "retired"
            audit(session, actor, "retire", doc_id, replaced_by=replaced_by, title=title)

    def _set_manifest(self, doc_id: str, entry: dict | None) -> None:
        manifest = self.manifest()
        if entry is None:
            manifest.pop(doc_id, None)
        else:
            manifest[doc_id] = {k: v for k, v in entry.items() if v}
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        _atomic_write(self.docs / MANIFEST_NAME, text.encode("utf-8"))

    def _row(self, session, doc_id: str) -> Document:
        """The registry row of a document; files that came with the corpus get one now."""
        row = session.scalar(select(Document).where(Document.doc_id == doc_id))
        if row is None:
            entry = self.manifest().get(doc_id, {})
            row = Document(doc_id=doc_id, title=entry.get("title", doc_id))
            session.add(row)
            session.flush()
        return row

    def _versions(self, session, row: Document) -> list[DocumentVersion]:
        query = select(DocumentVersion).where(DocumentVersion.document_id == row.id)
        return list(session.scalars(query))


def _atomic_write(path: Path, data: bytes) -> None:
    """Write next to the target and rename over it: a crash leaves the old file or the new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
