"""The 管理 area on a real server over a private copy of the corpus: every admin route
refuses anonymous clients, roles and repeated wrong passwords are enforced, and in
Chromium a member of staff uploads a .docx, watches the re-index, gets it cited, retires
it (answers are labelled) and deletes it (nothing shows it any more)."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import docx
import httpx
import pytest
from playwright.sync_api import Page, expect, sync_playwright

from app import build_app, serve_in_background
from registry.accounts import FREE_TRIES, create_user
from registry.database import Registry
from settings import ROOT, Settings
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS
from tests.support.served import call_api, free_port

EDITOR, ADMIN, PASSWORD = "wang", "li", "correct horse battery"
QUESTION = "深远海养殖工船保税维修周期压缩到多少天？"
NOTICE_TITLE = "海洋牧场装备保税维修试点通知"
ROUTES = [  # every admin route, with the method it answers
    ("GET", "/admin"),
    ("GET", "/admin/jobs.json"),
    ("GET", "/admin/users"),
    ("GET", "/admin/audit"),
    ("POST", "/admin/logout"),
    ("POST", "/admin/documents"),
    ("POST", "/admin/documents/qingdao-ftz-14th-five-year-plan.txt/retire"),
    ("POST", "/admin/documents/qingdao-ftz-14th-five-year-plan.txt/delete"),
    ("POST", "/admin/users"),
]


def notice_docx() -> bytes:
    """A short notice only this upload states (the corpus has no 工船 维修 rule)."""
    document = docx.Document()
    document.add_heading(NOTICE_TITLE, 1)
    document.add_paragraph("一、试点内容")
    document.add_paragraph(
        "自2026年3月1日起，青岛自贸片区对深远海养殖工船开展保税维修试点，"
        "维修周期由45天压缩至18天，首批纳入试点企业12家。"
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def admin_app(tmp_path_factory, policy_index):
    """The app over a private copy of docs/ and its own index (the shared embedding cache
    makes building it cheap), with an editor and an admin."""
    root = tmp_path_factory.mktemp("admin-app")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(policy_index.folder, root / "index")
    settings = replace(
        Settings(),
        docs_dir=root / "docs",
        index_dir=root / "index",
        data_dir=root / "var",
        cache_dir=ROOT / "var" / "cache",
        port=free_port(),
    )
    with Registry.open(settings).session() as session:
        create_user(session, EDITOR, "editor", PASSWORD, actor="test")
        create_user(session, ADMIN, "admin", PASSWORD, actor="test")
    application = build_app(settings)
    url, server = serve_in_background(application.app, settings)
    yield url.rstrip("/"), settings
    server.should_exit = True


@contextmanager
def signed_in(url: str, name: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=30) as client:
        response = client.post("/admin/login", data={"name": name, "password": PASSWORD})
        assert response.status_code == 303, response.text
        yield client


@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_every_admin_route_refuses_an_anonymous_client(admin_app, method, route):
    url, _ = admin_app
    response = httpx.request(method, url + route, timeout=30)
    assert response.status_code == 401
    assert "工作人员登录" in response.text


def test_an_editor_cannot_manage_users(admin_app):
    url, _ = admin_app
    with signed_in(url, EDITOR) as client:
        assert client.get("/admin/users").status_code == 403
        created = client.post(
            "/admin/users", data={"name": "x", "role": "admin", "password": PASSWORD}
        )
        assert created.status_code == 403
    with signed_in(url, ADMIN) as client:
        assert client.get("/admin/users").status_code == 200


def test_a_form_without_its_session_token_changes_nothing(admin_app):
    url, settings = admin_app
    with signed_in(url, EDITOR) as client:
        response = client.post("/admin/documents/qingdao-ftz-14th-five-year-plan.txt/delete")
    assert response.status_code == 403
    assert (settings.docs_dir / "qingdao-ftz-14th-five-year-plan.txt").is_file()


def test_repeated_wrong_passwords_are_slowed(admin_app):
    url, _ = admin_app
    statuses = [
        httpx.post(
            f"{url}/admin/login", data={"name": ADMIN, "password": "wrong pass!"}
        ).status_code
        for _ in range(FREE_TRIES + 1)
    ]
    assert statuses[:FREE_TRIES] == [401] * FREE_TRIES
    assert statuses[FREE_TRIES] == 429
    right = httpx.post(f"{url}/admin/login", data={"name": ADMIN, "password": PASSWORD})
    assert right.status_code == 429 and "秒后再试" in right.text  # even the right one waits


def test_an_unreadable_upload_is_reported_and_changes_nothing(admin_app):
    url, settings = admin_app
    before = sorted(p.name for p in settings.docs_dir.iterdir())
    with signed_in(url, EDITOR) as client:
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/admin").text).group(1)
        response = client.post(
            "/admin/documents",
            data={"csrf": csrf, "title": "坏文件"},
            files={
                "file": ("scan.docx", b"PK\x03\x04 not really a zip", "application/octet-stream")
            },
            follow_redirects=True,
        )
    assert "不是 Word (.docx) 文档" in response.text
    assert sorted(p.name for p in settings.docs_dir.iterdir()) == before


def wait_for_index(page: Page) -> None:
    """The newest re-index row reaches 100 % and says 完成."""
    row = page.locator("section:has(h2:text('索引更新')) tbody tr").first
    expect(row.locator(".stage")).to_have_text("完成", timeout=120_000)
    expect(row.locator("progress")).to_have_attribute("value", "100")


def ask_api(url: str, question: str) -> dict:
    event, data = call_api(url, "ask", question, [])
    assert event == "complete", data
    return data[0]


@pytest.mark.browser
def test_staff_upload_retire_and_delete_a_document_in_the_browser(admin_app, tmp_path):
    url, settings = admin_app
    notice = tmp_path / "notice.docx"
    notice.write_bytes(notice_docx())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page.goto(f"{url}/admin")
        page.screenshot(path=SCREENSHOTS / "admin-signin.png", full_page=True)
        page.fill("#name", EDITOR)
        page.fill("#password", PASSWORD)
        page.click("button:text('登录')")
        expect(page.locator("h1")).to_have_text("文件管理")

        page.set_input_files("#file", str(notice))
        page.fill("#title", NOTICE_TITLE)
        page.fill("#issuer", "青岛自贸片区管委")
        page.fill("#doc_number", "青自贸管发〔2026〕5号")
        page.fill("#date", "2026-02-20")
        page.click("button:text('上传并更新索引')")
        expect(page.locator("[role=status]")).to_contain_text("正在更新索引")
        page.screenshot(path=SCREENSHOTS / "admin-reindex.png", full_page=True)
        wait_for_index(page)
        page.screenshot(path=SCREENSHOTS / "admin-documents.png", full_page=True)

        answered = ask_api(url, QUESTION)
        assert not answered["refused"] and "18天" in answered["answer"]
        assert answered["citations"][0]["title"] == NOTICE_TITLE
        doc_id = answered["citations"][0]["doc"]

        row = page.locator(f"tr[data-doc='{doc_id}']")
        row.locator("button:text('标为失效')").click()
        wait_for_index(page)
        expect(page.locator(f"tr[data-doc='{doc_id}'] .validity")).to_have_text("已失效")
        labelled = ask_api(url, QUESTION)
        assert "（已失效）[1]" in labelled["answer"], labelled["answer"]

        page.on("dialog", lambda dialog: dialog.accept())
        page.locator(f"tr[data-doc='{doc_id}'] button:text('删除')").click()
        wait_for_index(page)
        expect(page.locator(f"tr[data-doc='{doc_id}']")).to_have_count(0)
        refused = ask_api(url, QUESTION)
        assert refused["refused"] and NOTICE_TITLE not in str(refused)
        event, found = call_api(url, "lookup", "深远海养殖工船 保税维修", [], 10, "", "")
        assert doc_id not in {hit["doc"] for hit in found[0]}
        public = browser.new_page(locale="zh-CN")
        public.goto(url)
        public.get_by_role("tab", name="文件").click()
        expect(public.locator("#documents")).not_to_contain_text(NOTICE_TITLE)
        assert not (settings.docs_dir / doc_id).exists()

        page.goto(f"{url}/admin/audit")
        page.screenshot(path=SCREENSHOTS / "admin-audit.png", full_page=True)
        log = page.locator("tbody").inner_text()
        for action in ("sign-in", "upload", "retire", "delete"):
            assert re.search(rf"{EDITOR}\s+{action}\b", log), action
        browser.close()
