"""The 管理 area over HTTP: sign-in, documents (upload, replace, retire, delete), the
re-index progress, users (admins only) and the audit log.

Every route but the sign-in page needs a staff session: anonymous requests get 401, an
editor asking for an admin's page gets 403. Forms carry a per-session token (CSRF) and
the session cookie is HttpOnly and SameSite=Strict, scoped to /admin.

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

COOKIE = "qa_staff"
AUDIT_SHOWN = 500


@dataclass(frozen=True)
class Staff:
    name: str
    role: str
    csrf: str


class Unauthorized(HTTPException):
    pass


def admin_router(registry: Registry, library: Library, reindexer: Reindexer) -> APIRouter:
    router = APIRouter(prefix="/admin")

    def staff(request: Request) -> Staff:
        with registry.session() as session:
            found = session_user(session, request.cookies.get(COOKIE, ""))
            if found is None:
                raise Unauthorized(401, "请先登录")
            user, csrf = found
            return Staff(user.name, user.role, csrf)

    def admin_only(who: Annotated[Staff, Depends(staff)]) -> Staff:
        if who.role != "admin":
            raise HTTPException(403, "只有管理员可以管理用户")
        return who

    def checked(who: Staff, csrf: str) -> Staff:
        if csrf != who.csrf:
            raise HTTPException(403, "表单已过期，请刷新页面后重试")
        return who

    def html(title: str, body: str, who: Staff | None = None, status: int = 200) -> HTMLResponse:
        if who is None:
            return HTMLResponse(pages.page(title, body), status_code=status)
        text = pages.page(title, body, user=who.name, role=who.role, csrf=who.csrf)
        return HTMLResponse(text, status_code=status)

    @router.get("/login", response_class=HTMLResponse)
    def login_page() -> HTMLResponse:
        return html("工作人员登录", pages.login_form())

    @router.post("/login")
    def login(name: Annotated[str, Form()], password: Annotated[str, Form()]) -> Response:
        with registry.session() as session:
            wait = sign_in_wait(session, name)
            if wait:
                note = f"登录失败次数过多，请 {wait} 秒后再试。"
                return html("工作人员登录", pages.login_form(note, error=True), status=429)
            user = authenticate(session, name, password)
            if user is None:
                note = "用户名或密码错误。"
                return html("工作人员登录", pages.login_form(note, error=True), status=401)
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
            library.documents(), reindexer.recent(), who.csrf, note, bool(error)
        )
        return html("文件管理", body, who)

    @router.get("/jobs.json")
    def jobs(who: Annotated[Staff, Depends(staff)]) -> JSONResponse:
        return JSONResponse([job.record() for job in reindexer.recent()])

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
            return _back(str(refused), error=True)
        reindexer.submit(f"上传 {doc_id}", actor=who.name, doc_id=doc_id)
        return _back(f"已上传 {doc_id}，正在更新索引。")

    changes = {  # action -> (library call, job name, what the page says afterwards)
        "retire": (library.retire, "失效", "已将 {} 标为已失效，正在更新索引。"),
        "delete": (library.delete, "删除", "已删除 {}，正在更新索引。"),
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
            raise HTTPException(404, "没有这个操作")
        apply, job, done = changes[action]
        try:
            apply(doc_id, actor=who.name)
        except LibraryError as refused:
            return _back(str(refused), error=True)
        reindexer.submit(f"{job} {doc_id}", actor=who.name)
        return _back(done.format(doc_id))

    @router.get("/users", response_class=HTMLResponse)
    def users(
        who: Annotated[Staff, Depends(admin_only)], note: str = "", error: int = 0
    ) -> HTMLResponse:
        with registry.session() as session:
            listed = list(session.scalars(select(User).order_by(User.name)))
        return html("用户", pages.users_page(listed, who.csrf, note, bool(error)), who)

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
            return _back(str(refused), error=True, to="/admin/users")
        return _back(f"已创建用户 {name}（{role}）", to="/admin/users")

    @router.post("/users/{name}/{action}")
    def switch_user(
        name: str,
        action: str,
        who: Annotated[Staff, Depends(admin_only)],
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        checked(who, csrf)
        if action not in ("disable", "enable"):
            raise HTTPException(404, "没有这个操作")
        try:
            with registry.session() as session:
                set_active(session, name, action == "enable", actor=who.name)
        except AccountError as refused:
            return _back(str(refused), error=True, to="/admin/users")
        done = "启用" if action == "enable" else "停用"
        return _back(f"已{done}用户 {name}", to="/admin/users")

    @router.get("/audit", response_class=HTMLResponse)
    def audit_log(who: Annotated[Staff, Depends(staff)]) -> HTMLResponse:
        with registry.session() as session:
            query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(AUDIT_SHOWN)
            events = list(session.scalars(query))
        return html("操作记录", pages.audit_page(events), who)

    return router


def _back(note: str, *, error: bool = False, to: str = "/admin") -> RedirectResponse:
    query = urlencode({"note": note, **({"error": 1} if error else {})})
    return RedirectResponse(f"{to}?{query}", status_code=303)


def unauthorized_page(request: Request, error: Unauthorized) -> HTMLResponse:
    """401 for every admin route without a session, with the way to sign in."""
    body = pages.login_form("请先登录。", error=True)
    return HTMLResponse(pages.page("工作人员登录", body), status_code=401)
