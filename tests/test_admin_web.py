"""The 管理 area on a real server over a private copy of the corpus: every admin route
refuses anonymous clients, roles and repeated wrong passwords are enforced, and in
Chromium a member of staff uploads a .docx, watches the re-index, gets it cited, retires
it (answers are labelled) and deletes it (nothing shows it any more)."""

from __future__ import annotations

import io
import re
import shutil
import time
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
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, axe_violations
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
    ("POST", f"/admin/users/{EDITOR}/disable"),
    ("POST", f"/admin/users/{EDITOR}/enable"),
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


def test_a_disabled_account_is_signed_out_at_once_and_cannot_sign_in(admin_app):
    url, _ = admin_app
    with signed_in(url, EDITOR) as editor, signed_in(url, ADMIN) as admin:
        csrf = re.search(r'name="csrf" value="([^"]+)"', admin.get("/admin/users").text).group(1)
        admin.post(f"/admin/users/{EDITOR}/disable", data={"csrf": csrf})
        assert editor.get("/admin").status_code == 401
        again = httpx.post(f"{url}/admin/login", data={"name": EDITOR, "password": PASSWORD})
        assert again.status_code == 401
        itself = admin.post(f"/admin/users/{ADMIN}/disable", data={"csrf": csrf})
        assert "不能停用自己的账号" in admin.get(itself.headers["location"]).text
        admin.post(f"/admin/users/{EDITOR}/enable", data={"csrf": csrf})
    with signed_in(url, EDITOR) as editor:
        assert editor.get("/admin").status_code == 200


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


def text_upload(client: httpx.Client, title: str, text: str, replaces: str = "") -> str:
    """Upload a .txt notice through the form; returns the doc_id the page reports."""
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/admin").text).group(1)
    response = client.post(
        "/admin/documents",
        data={"csrf": csrf, "title": title, "date": "2026-05-01", "replaces": replaces},
        files={"file": ("notice.txt", text.encode("gb18030"), "text/plain")},
        follow_redirects=True,
    )
    return re.search(r"已上传 (\S+?)，", response.text).group(1)


def jobs_finished(client: httpx.Client, count: int) -> list[dict]:
    """The re-index jobs once at least `count` exist and none is queued or running."""
    for _ in range(600):
        jobs = client.get("/admin/jobs.json").json()
        if len(jobs) >= count and all(j["state"] in ("done", "failed") for j in jobs):
            return jobs
        time.sleep(0.2)
    raise AssertionError(f"re-index jobs did not finish: {jobs}")


def test_a_replaced_version_is_kept_labelled_and_changes_made_at_once_are_queued(admin_app):
    url, settings = admin_app
    first = "冷链查验试点通知（2026年版）"
    second = "冷链查验试点通知（2027年修订）"
    with signed_in(url, EDITOR) as client:
        before = len(client.get("/admin/jobs.json").json())
        old = text_upload(client, first, "青岛自贸片区冷链集装箱查验试点：查验时限为24小时。\n")
        new = text_upload(
            client, second, "青岛自贸片区冷链集装箱查验试点：查验时限压缩为6小时。\n", old
        )
        jobs = jobs_finished(client, before + 2)
        assert [j["state"] for j in jobs[:2]] == ["done", "done"]  # neither change lost
        listed = client.get("/admin").text
    assert f"已失效（已被《{second}》替代）" in listed
    assert (settings.docs_dir / old).is_file()  # the old version is kept, not lost
    answered = ask_api(url, "冷链集装箱查验时限是多少小时？")
    assert answered["citations"][0]["doc"] == new and "6小时" in answered["answer"]


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

        public = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
        public.goto(url)
        public.get_by_role("tab", name="文件").click()
        card = public.locator("#documents .doc", has_text=NOTICE_TITLE)
        expect(card).to_contain_text("第1版")
        expect(card).to_contain_text("有效")
        public.get_by_role("tab", name="问答").click()
        public.locator("#question textarea").fill(QUESTION)
        public.locator("#question textarea").press("Enter")
        public.locator("#chat-conv .a button.cite[data-n='1']").first.click(timeout=60_000)
        expect(public.locator("#chat-source .src-passage mark")).to_contain_text("18天")
        with public.expect_popup() as opened:
            public.locator("#chat-source .src-full a").click()
        whole = opened.value
        expect(whole.locator("h1")).to_have_text(NOTICE_TITLE)
        expect(whole.locator(".par.cited")).to_contain_text("维修周期由45天压缩至18天")
        expect(whole.locator(".par.cited")).to_be_in_viewport()
        whole.screenshot(path=SCREENSHOTS / "admin-whole-document.png")
        original = httpx.get(f"{url}/documents/{doc_id}/original", timeout=30)
        assert original.status_code == 200 and original.content == notice.read_bytes()

        row = page.locator(f"tr[data-doc='{doc_id}']")
        row.locator("button:text('标为失效')").click()
        wait_for_index(page)
        expect(page.locator(f"tr[data-doc='{doc_id}'] .validity")).to_have_text("已失效")
        labelled = ask_api(url, QUESTION)
        assert "（已失效）[1]" in labelled["answer"], labelled["answer"]
        public.get_by_role("tab", name="检索").click()
        public.locator("#lookup-query textarea").fill("深远海养殖工船 保税维修")
        hits = public.locator("#lookup-hits")
        expect(hits).to_contain_text(NOTICE_TITLE, timeout=10_000)  # retired, still found
        public.locator("#lookup-current input").check()  # 只看有效文件
        expect(hits).not_to_contain_text(NOTICE_TITLE, timeout=10_000)
        public.screenshot(path=SCREENSHOTS / "admin-lookup-current-only.png")

        page.on("dialog", lambda dialog: dialog.accept())
        page.locator(f"tr[data-doc='{doc_id}'] button:text('删除')").click()
        wait_for_index(page)
        expect(page.locator(f"tr[data-doc='{doc_id}']")).to_have_count(0)
        refused = ask_api(url, QUESTION)
        assert refused["refused"] and NOTICE_TITLE not in str(refused)
        event, found = call_api(url, "lookup", "深远海养殖工船 保税维修", [], 10, "", "")
        assert doc_id not in {hit["doc"] for hit in found[0]}
        public.goto(url)
        public.get_by_role("tab", name="文件").click()
        expect(public.locator("#documents")).not_to_contain_text(NOTICE_TITLE)
        assert not (settings.docs_dir / doc_id).exists()
        for gone in (f"/documents/{doc_id}", f"/documents/{doc_id}/original"):
            assert httpx.get(url + gone, timeout=30).status_code == 404

        page.goto(f"{url}/admin/audit")
        page.screenshot(path=SCREENSHOTS / "admin-audit.png", full_page=True)
        log = page.locator("tbody").inner_text()
        for action in ("登录", "上传", "标为失效", "删除"):
            assert re.search(rf"{EDITOR}\s+{action}\s", log), action

        # the whole staff area in English: labels, the log's actions, refusals
        page.get_by_role("link", name="Switch to English").click()
        expect(page.locator("h1")).to_have_text("Activity log")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        log = page.locator("tbody").inner_text()
        for action in ("signed in", "uploaded", "marked expired", "deleted"):
            assert re.search(rf"{EDITOR}\s+{action}\s", log), action
        page.get_by_role("link", name="Documents").click()
        expect(page.get_by_role("button", name="Upload and update the index")).to_be_visible()
        page.set_input_files("#file", str(notice))
        page.fill("#title", " ")
        page.click("button:text('Upload and update the index')")
        expect(page.locator("[role=alert]")).to_have_text("Please give the document's title.")
        page.screenshot(path=SCREENSHOTS / "admin-documents-en.png", full_page=True)
        labels = " ".join(page.locator("main label, main th, main h2").all_inner_texts())
        assert not re.search(r"[\u4e00-\u9fff]", labels), labels  # titles stay as printed
        page.get_by_role("link", name="切换到中文").click()
        expect(page.locator("h1")).to_have_text("文件管理")

        # at phone size, in both languages, no serious accessibility violation on any page
        page.set_viewport_size({"width": 390, "height": 844})
        for switch in ("Switch to English", "切换到中文"):
            for path in ("/admin", "/admin/audit"):
                page.goto(url + path)
                assert axe_violations(page) == [], (switch, path)
            page.get_by_role("link", name=switch).click()
        browser.close()
