"""The 管理 area over HTTP: sign-in, documents (upload, replace, retire, delete), the
re-index progress, users (admins only) and the audit log.

Every route but the sign-in page needs a staff session: anonymous requests get 401, an
editor asking for an admin's page gets 403. Forms carry a per-session token (CSRF) and
the session cookie is HttpOnly and SameSite=Strict, scoped to /admin. Every page, note and
refusal is worded in the language the header's switch chose (a cookie; Chinese by default).

Example:
    app.include_router(admin_router(settings, registry, library, reindexer))
    POST /admin/login name=wang password=…  -> 303 /admin, Set-Cookie: qa_staff=…
"""

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import select

from admin import pages
from admin.reindex import Reindexer
from answer.prompts import LANGUAGES
from registry.accounts import (
    AccountError,
    audit,
    authenticate,
    close_session,
    create_user,
    open_session,
    session_user,
    set_active,
    sign_in_wait,
)
from registry.database import Registry
from registry.library import MAX_UPLOAD_BYTES, DocumentMeta, Library, LibraryError, Upload
from registry.models import AuditEvent, User
from ui.words import Words

COOKIE = "qa_staff"
LANGUAGE_COOKIE = "qa_staff_lang"  # the staff area's language: "zh" (default) or "en"
AUDIT_SHOWN = 500


@dataclass(frozen=True)
class Staff:
    name: str
    role: str
    csrf: str
    words: Words


def words_of(request: Request) -> Words:
    """The staff area's wording in the staff member's language, from the switch's cookie."""
    chosen = request.cookies.get(LANGUAGE_COOKIE, "zh")
    return Words.of(chosen if chosen in LANGUAGES else "zh", "admin")


class Unauthorized(HTTPException):
    pass


def admin_router(registry: Registry, library: Library, reindexer: Reindexer) -> APIRouter:
    router = APIRouter(prefix="/admin")

    def staff(request: Request) -> Staff:
        words = words_of(request)
        with registry.session() as session:
            found = session_user(session, request.cookies.get(COOKIE, ""))
            if found is None:
                raise Unauthorized(401, words("sign_in_first"))
            user, csrf = found
            return Staff(user.name, user.role, csrf, words)

    def admin_only(who: Annotated[Staff, Depends(staff)]) -> Staff:
        if who.role != "admin":
            raise HTTPException(403, who.words("admins_only"))
        return who

    def checked(who: Staff, csrf: str) -> Staff:
        if csrf != who.csrf:
            raise HTTPException(403, who.words("form_expired"))
        return who

    def html(title: str, body: str, who: Staff, here: str, status: int = 200) -> HTMLResponse:
        text = pages.page(
            title, body, who.words, user=who.name, role=who.role, csrf=who.csrf, here=here
        )
        return HTMLResponse(text, status_code=status)

    def sign_in_page(words: Words, note: str = "", status: int = 200) -> HTMLResponse:
        body = pages.login_form(words, note, error=bool(note))
        title = words("sign_in_title")
        return HTMLResponse(pages.page(title, body, words, here="/admin/login"), status)

    @router.get("/language/{code}")
    def language(code: str, next: str = "/admin") -> Response:
        """The 中文 / English switch: remembered in a cookie, back to the same page."""
        if code not in LANGUAGES:
            raise HTTPException(404, "no such language")
        target = next if next.startswith("/admin") and "//" not in next else "/admin"
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(LANGUAGE_COOKIE, code, samesite="strict", path="/admin")
        return response

    @router.get("/login", response_class=HTMLResponse)
    def login_page(request: Request) -> HTMLResponse:
        return sign_in_page(words_of(request))

    @router.post("/login")
    def login(
        request: Request, name: Annotated[str, Form()], password: Annotated[str, Form()]
    ) -> Response:
        words = words_of(request)
        with registry.session() as session:
            wait = sign_in_wait(session, name)
            if wait:
                return sign_in_page(words, words("sign_in_wait", seconds=wait), 429)
            user = authenticate(session, name, password)
            if user is None:
                return sign_in_page(words, words("sign_in_failed"), 401)
            token, _ = open_session(session, user)
        response = RedirectResponse("/admin", status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/admin")
        return response

    @router.post("/logout")
    def logout(
        request: Request, who: Annotated[Staff, Depends(staff)], csrf: Annotated[str, Form()] = ""
    ) -> Response:
        checked(who, csrf)
        with registry.session() as session:
            close_session(session, request.cookies.get(COOKIE, ""))
            audit(session, who.name, "sign-out", who.name)
        response = RedirectResponse("/admin/login", status_code=303)
        response.delete_cookie(COOKIE, path="/admin")
        return response

    @router.get("", response_class=HTMLResponse)
    def documents(
        who: Annotated[Staff, Depends(staff)], note: str = "", error: int = 0
    ) -> HTMLResponse:
        body = pages.documents_page(
            who.words, library.documents(), reindexer.recent(), who.csrf, note, bool(error)
        )
        return html(who.words("nav_documents"), body, who, "/admin")

    @router.get("/jobs.json")
    def jobs(who: Annotated[Staff, Depends(staff)]) -> JSONResponse:
        return JSONResponse([job.record(who.words.language) for job in reindexer.recent()])

    @router.post("/documents")
    async def upload(
        who: Annotated[Staff, Depends(staff)],
        file: Annotated[UploadFile, File()],
        title: Annotated[str, Form()],
        csrf: Annotated[str, Form()] = "",
        issuer: Annotated[str, Form()] = "",
        doc_number: Annotated[str, Form()] = "",
        date: Annotated[str, Form()] = "",
        kind: Annotated[str, Form()] = "other",
        validity: Annotated[str, Form()] = "有效",
        replaces: Annotated[str, Form()] = "",
    ) -> Response:
        checked(who, csrf)
        data = await file.read(MAX_UPLOAD_BYTES + 1)
        meta = DocumentMeta(
            title.strip(), issuer.strip(), doc_number.strip(), date.strip(), kind, validity
        )
        try:
            doc_id = library.upload(
                Upload(file.filename or "upload", data, meta), actor=who.name, replaces=replaces
            )
        except LibraryError as refused:
            return _back(refused.text(who.words.language), error=True)
        reindexer.submit("upload", doc_id, actor=who.name, doc_id=doc_id)
        return _back(who.words("uploaded", doc_id=doc_id))

    changes = {  # action -> (library call, what the page says afterwards)
        "retire": (library.retire, "retired"),
        "delete": (library.delete, "deleted"),
    }

    @router.post("/documents/{doc_id}/{action}")
    def change(
        doc_id: str,
        action: str,
        who: Annotated[Staff, Depends(staff)],
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        checked(who, csrf)
        if action not in changes:
            raise HTTPException(404, who.words("no_such_action"))
        apply, done = changes[action]
        try:
            apply(doc_id, actor=who.name)
        except LibraryError as refused:
            return _back(refused.text(who.words.language), error=True)
        reindexer.submit(action, doc_id, actor=who.name)
        return _back(who.words(done, doc_id=doc_id))

    @router.get("/users", response_class=HTMLResponse)
    def users(
        who: Annotated[Staff, Depends(admin_only)], note: str = "", error: int = 0
    ) -> HTMLResponse:
        with registry.session() as session:
            listed = list(session.scalars(select(User).order_by(User.name)))
        body = pages.users_page(who.words, listed, who.csrf, note, bool(error))
        return html(who.words("nav_users"), body, who, "/admin/users")

    @router.post("/users")
    def add_user(
        who: Annotated[Staff, Depends(admin_only)],
        name: Annotated[str, Form()],
        role: Annotated[str, Form()],
        password: Annotated[str, Form()],
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        checked(who, csrf)
        try:
            with registry.session() as session:
                create_user(session, name, role, password, actor=who.name)
        except AccountError as refused:
            return _back(refused.text(who.words.language), error=True, to="/admin/users")
        return _back(who.words("user_created", who=name, role=role), to="/admin/users")

    @router.post("/users/{name}/{action}")
    def switch_user(
        name: str,
        action: str,
        who: Annotated[Staff, Depends(admin_only)],
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        checked(who, csrf)
        if action not in ("disable", "enable"):
            raise HTTPException(404, who.words("no_such_action"))
        try:
            with registry.session() as session:
                set_active(session, name, action == "enable", actor=who.name)
        except AccountError as refused:
            return _back(refused.text(who.words.language), error=True, to="/admin/users")
        done = "user_enabled" if action == "enable" else "user_disabled"
        return _back(who.words(done, who=name), to="/admin/users")

    @router.get("/audit", response_class=HTMLResponse)
    def audit_log(who: Annotated[Staff, Depends(staff)]) -> HTMLResponse:
        with registry.session() as session:
            query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(AUDIT_SHOWN)
            events = list(session.scalars(query))
        body = pages.audit_page(who.words, events)
        return html(who.words("nav_audit"), body, who, "/admin/audit")

    return router


def _back(note: str, *, error: bool = False, to: str = "/admin") -> RedirectResponse:
    query = urlencode({"note": note, **({"error": 1} if error else {})})
    return RedirectResponse(f"{to}?{query}", status_code=303)


def unauthorized_page(request: Request, error: Unauthorized) -> HTMLResponse:
    """401 for every admin route without a session, with the way to sign in."""
    words = words_of(request)
    body = pages.login_form(words, words("sign_in_first"), error=True)
    return HTMLResponse(pages.page(words("sign_in_title"), body, words), status_code=401)
