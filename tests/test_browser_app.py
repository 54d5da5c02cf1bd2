"""The app as people and tools use it: Debian's Chromium through Playwright, and gradio_client.

One real server per module (127.0.0.1, a free port) over the session index; feedback goes to a
private folder. Screenshots land in var/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from dataclasses import replace
from urllib.parse import urlparse

import pytest
from gradio_client import Client
from playwright.sync_api import Page, expect, sync_playwright

from app import CONCURRENCY, QUEUE_SIZE, build_app, serve_in_background
from feedback.store import FeedbackStore
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, axe_violations
from tests.support.fake_openai import FakeOpenAI, Reply

FACT = "2020年青岛自贸片区的工业总产值是多少？"
FACT_EN = "What was the industrial output value of the Qingdao Area in 2020?"
OFFTOPIC = "今天青岛天气怎么样？"
PHONE = {"width": 390, "height": 844}
PAGE_LOAD_MS = 20_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def app_settings(corpus_settings, policy_index, tmp_path_factory):
    """The session index, a private feedback folder, a free port (policy_index builds it)."""
    data_dir = tmp_path_factory.mktemp("app-data")
    return replace(corpus_settings, data_dir=data_dir, port=free_port())


@pytest.fixture(scope="module")
def served(app_settings):
    """(demo, url) of the running app."""
    application = build_app(app_settings)
    url, server = serve_in_background(application.app, app_settings)
    yield application.demo, url
    server.should_exit = True


@pytest.fixture(scope="module")
def app_url(served) -> str:
    return served[1]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_app(browser, app_url: str, viewport: dict | None = None) -> Page:
    """A fresh page, as a Chinese reader's browser, that records requests to other hosts."""
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 900}, locale="zh-CN"
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url.rstrip("/"))
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if urlparse(r.url).hostname not in ("127.0.0.1", "localhost")
            and not r.url.startswith("data:")
            else None
        ),
    )
    page.outside_requests = outside
    page.goto(app_url)
    # Gradio renders the page after loading its config and scripts: on a busy machine that
    # takes longer than an assertion's default 5 s
    expect(page.locator("#chat-conv .welcome")).to_be_visible(timeout=PAGE_LOAD_MS)
    return page


@pytest.fixture(params=[None, PHONE], ids=["desktop", "phone"])
def page(browser, app_url, request):
    """The app at desktop size and at phone size: every test using it runs at both."""
    page = open_app(browser, app_url, request.param)
    yield page
    assert page.outside_requests == []
    page.context.close()


def ask(page: Page, question: str) -> None:
    """Type a question, press Enter and wait until its answer has finished streaming."""
    finished = page.locator("#chat-conv .turn .tools")
    before = finished.count()
    page.locator("#question textarea").fill(question)
    page.locator("#question textarea").press("Enter")
    expect(finished).to_have_count(before + 1, timeout=30_000)


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.browser
def test_first_screen_offers_example_questions(page):
    expect(page.locator("h1")).to_have_text("青岛自贸片区政策问答")
    expect(page.locator("#examples button")).to_have_count(4)
    page.locator("#examples button").first.click()
    expect(page.locator("#chat-conv .a button.cite").first).to_be_visible(timeout=30_000)
    expect(page.locator("#examples")).to_be_hidden()  # folded away, one click from reach
    page.locator("#examples-box button", has_text="示例问题").first.click()
    expect(page.locator("#examples button").nth(1)).to_be_visible()
    page.locator("#examples button").nth(1).click()
    expect(page.locator("#chat-conv .turn .tools")).to_have_count(2, timeout=30_000)


@pytest.fixture(scope="module")
def llm_app(app_settings, tmp_path_factory):
    """(url, model, assistant) of a second app answering with a model (the local stand-in
    speaking the OpenAI protocol) that sends its reply in small pieces."""
    model = FakeOpenAI()
    threading.Thread(target=model.serve_forever, daemon=True).start()
    settings = replace(
        app_settings,
        port=free_port(),
        data_dir=tmp_path_factory.mktemp("llm-app-data"),
        llm_base_url=model.base_url,
        llm_model="fake-model",
    )
    application = build_app(settings)
    url, server = serve_in_background(application.app, settings)
    yield url, model, application.live.assistant
    server.should_exit = True
    model.shutdown()
    model.server_close()


@pytest.mark.browser
def test_an_answer_is_seen_growing_sentence_by_sentence_as_the_model_writes(browser, llm_app):
    url, model, assistant = llm_app
    question = "原油先放后检 节省多少时间"
    hits = assistant.prepare(question).hits[: assistant.settings.top_k]
    n = next(n for n, hit in enumerate(hits, start=1) if "缩减至半天" in hit.chunk.text)
    first, second = f"验放时间由2—3天缩减至半天[{n}]。", f"原油周转率提升35%[{n}]。"
    model.replies = [Reply(first + second, gap_s=0.15)]
    page = open_app(browser, url)
    page.locator("#question textarea").fill(question)
    page.locator("#question textarea").press("Enter")
    growing = page.locator("#chat-conv .a.streaming")
    expect(growing).to_contain_text("缩减至半天", timeout=10_000)  # the first sentence, alone
    assert "周转率" not in growing.inner_text()
    expect(page.locator("#chat-conv .turn .tools")).to_have_count(0)  # not finished yet
    answer = page.locator("#chat-conv .a").last
    expect(page.locator("#chat-conv .turn .tools")).to_have_count(1, timeout=15_000)
    expect(answer).to_contain_text("原油周转率提升35%")
    expect(answer.locator("button.cite").first).to_have_text("[1]")
    assert page.outside_requests == []
    page.context.close()


@pytest.mark.browser
def test_empty_input_says_so_and_a_counter_shows_near_the_limit(page, app_settings):
    page.locator("#question textarea").fill("   ")
    page.locator("#question textarea").press("Enter")
    expect(page.locator(".toast-body")).to_contain_text("请先输入问题", timeout=10_000)
    expect(page.locator("#chat-conv .turn")).to_have_count(0)
    counter = page.locator("#question-counter .counter")
    page.locator("#question textarea").fill("问" * 10)
    page.locator("#question textarea").press("End")
    page.keyboard.type("题")
    expect(counter).to_be_hidden()
    limit = app_settings.max_question_chars
    page.locator("#question textarea").fill("问" * (limit - 11))
    page.keyboard.type("题" * 20)  # typing stops at the limit; the counter says why
    expect(counter).to_have_text(f"{limit} / {limit} 字")
    expect(counter).to_have_class("counter full")


@pytest.mark.browser
def test_a_reload_keeps_the_conversation_until_new_chat(page):
    ask(page, FACT)
    answered = page.locator("#chat-conv .turn .a p").first.inner_text()
    page.locator("#chat-conv button.fb[data-value='up']").last.click()
    expect(page.locator("#chat-conv button.fb.on")).to_have_count(1)
    page.reload()
    expect(page.locator("#chat-conv .turn")).to_have_count(1, timeout=30_000)
    assert page.locator("#chat-conv .turn .a p").first.inner_text() == answered
    expect(page.locator("#chat-conv button.fb.on")).to_have_count(1)  # the vote came back
    ask(page, "那固定资产投资呢？")  # the restored turn is the follow-up's history
    expect(page.locator("#chat-conv .turn").last.locator(".a")).to_contain_text("108亿元")
    page.locator("#new-chat").click()
    expect(page.locator("#chat-conv .turn")).to_have_count(0)
    page.reload()
    expect(page.locator("#chat-conv .welcome")).to_be_visible()
    page.wait_for_timeout(1500)  # a restore would have arrived by now
    expect(page.locator("#chat-conv .turn")).to_have_count(0)


@pytest.mark.browser
def test_clicking_a_citation_opens_the_source_with_the_sentence_marked(page):
    ask(page, FACT)
    answer = page.locator("#chat-conv .a").last
    expect(answer).to_contain_text("[1]")
    answer.locator("button.cite[data-n='1']").first.click()
    source = page.locator("#chat-source .source")
    expect(source.locator(".src-kicker")).to_have_text("来源 [1]")
    expect(source.locator(".src-title")).to_contain_text("青岛片区")
    expect(source.locator(".src-meta")).to_contain_text("段")
    expect(source.locator(".src-passage mark")).to_contain_text("670亿元")
    source.locator(".ctx-after summary").click()
    expect(source.locator(".ctx-after .ctx-par").first).to_be_visible()
    screenshot(page, "chat-source.png")


@pytest.mark.browser
def test_follow_up_and_new_conversation(page):
    ask(page, FACT)
    ask(page, "那固定资产投资呢？")
    expect(page.locator("#chat-conv .turn")).to_have_count(2)
    expect(page.locator("#chat-conv .turn").last.locator(".a")).to_contain_text("108亿元")
    page.locator("#new-chat").click()
    expect(page.locator("#chat-conv .turn")).to_have_count(0)
    expect(page.locator("#examples")).to_be_visible()


@pytest.mark.browser
def test_a_full_question_after_an_unrelated_one_is_answered_as_in_a_new_chat(page):
    question = "我们公司做跨境电商，想在青岛片区开海外仓，有什么支持政策？"
    ask(page, question)
    fresh = page.locator("#chat-conv .turn").last.locator(".a").inner_text()
    page.locator("#new-chat").click()
    expect(page.locator("#chat-conv .turn")).to_have_count(0)  # cleared before typing again
    ask(page, "2020年青岛自贸片区的工业总产值是多少？")
    ask(page, question)
    after = page.locator("#chat-conv .turn").last.locator(".a").inner_text()
    assert after == fresh
    assert "没有找到" not in after


@pytest.mark.browser
def test_sources_open_with_enter_and_close_with_esc(page):
    ask(page, FACT)
    open_and_close_by_keyboard(
        page, page.locator("#chat-conv .a button.cite").first, "#chat-source"
    )
    assert page.evaluate("document.activeElement.classList.contains('cite')")
    expect(page.locator("#question textarea")).to_have_accessible_name("问题")
    page.locator("button[role=tab]", has_text="检索").click()
    page.locator("#lookup-query textarea").fill("四证一单")
    card = page.locator("#lookup-hits .hit-card").first
    expect(card).to_be_visible(timeout=10_000)
    open_and_close_by_keyboard(page, card, "#lookup-source")
    expect(page.locator("#lookup-query textarea")).to_have_accessible_name("关键词或问题")


def open_and_close_by_keyboard(page: Page, opener, panel: str) -> None:
    """Enter on a focused marker or hit opens its source in `panel`; Esc closes it."""
    opener.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"{panel} .src-passage")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(f"{panel} .src-passage")).to_have_count(0)
    expect(page.locator(f"{panel} .source-empty")).to_have_text("原文已关闭。")


@pytest.mark.browser
def test_copy_gives_the_answer_with_its_sources(page):
    ask(page, FACT)
    page.locator("#chat-conv button.copy").last.click()
    expect(page.locator("#chat-conv button.copy").last).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "[1]" in copied and "来源：" in copied and "第" in copied and "段" in copied


@pytest.mark.browser
def test_a_downvote_with_a_reason_lands_in_the_database(page, app_settings):
    ask(page, FACT)
    page.locator("#chat-conv button.fb[data-value='down']").last.click()
    page.locator("#chat-conv button.reason[data-value='引用不对']").last.click()
    expect(page.locator("#chat-conv button.reason.on")).to_have_text("引用不对")
    store = FeedbackStore.in_data_dir(app_settings.data_dir)
    deadline = time.monotonic() + 10
    while not any(row["reason"] == "引用不对" for row in store.latest()):
        assert time.monotonic() < deadline, "the vote never reached the database"
        time.sleep(0.1)
    row = next(row for row in store.latest() if row["reason"] == "引用不对")
    assert row["rating"] == "down" and row["question"] == FACT
    assert "[1]" in row["answer"] and row["cited_chunk_ids"]


@pytest.mark.browser
def test_a_refusal_renders_as_a_refusal_not_an_error(page):
    ask(page, OFFTOPIC)
    answer = page.locator("#chat-conv .a").last
    expect(answer).to_have_class("a refused")
    expect(answer.locator(".refusal-tag")).to_contain_text("未作答")
    expect(page.locator(".toast-body")).to_have_count(0)
    screenshot(page, "refusal.png")


@pytest.mark.browser
def test_lookup_finds_a_paragraph_by_two_keywords(page):
    page.locator("button[role=tab]", has_text="检索").click()
    page.locator("#lookup-query textarea").fill("集成电路 封测")
    first = page.locator("#lookup-hits .hit").first
    expect(first.locator("mark", has_text="封测")).to_be_visible(timeout=10_000)
    expect(first.locator("mark", has_text="集成电路").first).to_be_visible()
    first.locator(".hit-card").click()
    expect(page.locator("#lookup-source .src-passage mark", has_text="封测")).to_be_visible()
    screenshot(page, "lookup.png")
    page.locator("#lookup-query textarea").fill("跨境电商 海外仓")  # a new query
    expect(page.locator("#lookup-source .source-empty")).to_be_visible(timeout=10_000)
    expect(page.locator("#lookup-source .src-passage")).to_have_count(0)


@pytest.mark.browser
def test_lookup_says_no_match_instead_of_listing_unrelated_paragraphs(page):
    page.locator("button[role=tab]", has_text="检索").click()
    for nonsense in ("zzzz qqqq", "红烧肉的做法"):
        page.locator("#lookup-query textarea").fill(nonsense)
        empty = page.locator("#lookup-hits .hits-empty")
        # one expectation, retried whole: the panel re-renders between the two queries
        expect(empty).to_contain_text(
            re.compile("没有找到匹配的段落.*四证一单", re.S),  # and something to try instead
            timeout=10_000,
        )
        expect(page.locator("#lookup-hits .hit")).to_have_count(0)


@pytest.mark.browser
def test_a_hit_is_copied_with_its_citation(page):
    page.locator("button[role=tab]", has_text="检索").click()
    page.locator("#lookup-query textarea").fill("四证一单")
    first = page.locator("#lookup-hits .hit").first
    expect(first).to_be_visible(timeout=10_000)
    first.locator("button.hit-copy").click()
    expect(first.locator("button.hit-copy")).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    text, citation = copied.split("\n——")
    assert "四证一单" in text
    title = first.locator(".hit-doc").inner_text()
    assert citation.startswith(title) and "段" in citation
    expect(page.locator("#lookup-source .src-passage")).to_have_count(0)  # copy opens nothing


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_tab_passes_axe_core_without_serious_violations(browser, app_url, viewport, language):
    page = open_app(browser, app_url + ("en/" if language == "en" else ""), viewport)
    ask(page, FACT if language == "zh" else FACT_EN)
    page.locator("#chat-conv .a button.cite").first.click()
    expect(page.locator("#chat-source .src-passage")).to_be_visible()
    page.mouse.move(0, 0)  # the page at rest, not the marker under the pointer
    for number, tab in enumerate(("chat", "lookup", "documents")):
        page.locator("button[role=tab]").nth(number).click()
        if tab == "lookup":
            page.locator("#lookup-query textarea").fill("四证一单")
            expect(page.locator("#lookup-hits .hit").first).to_be_visible(timeout=10_000)
        assert axe_violations(page) == [], tab
        name = "desktop" if viewport is None else "phone"
        screenshot(page, f"tab-{tab}-{language}-{name}.png")
    page.context.close()


@pytest.mark.browser
def test_the_english_page_labels_answers_and_refuses_in_english(page):
    ask(page, FACT)  # asked on the Chinese page first: the conversation follows the switch
    page.get_by_role("link", name="Switch to English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    tabs = page.locator("button[role=tab]")
    expect(tabs).to_have_text(["Ask", "Search", "Documents"])
    expect(page.locator("#question textarea")).to_have_attribute(
        "placeholder", "Type a question and press Enter"
    )
    kept = page.locator("#chat-conv .turn")
    expect(kept).to_have_count(1, timeout=30_000)
    expect(kept.locator(".q")).to_have_text(FACT)
    expect(kept.locator(".a")).to_contain_text("According to the")  # the source named in English
    expect(kept.locator(".a")).to_contain_text(", in Chinese: ")  # and quoted in Chinese
    expect(kept.locator(".a")).to_contain_text("670亿元")
    ask(page, OFFTOPIC)
    refusal = page.locator("#chat-conv .turn").last
    expect(refusal.locator(".refusal-tag")).to_have_text(
        "ⓘ Not answered · outside the policy documents"
    )
    expect(refusal.locator(".a p").nth(1)).to_contain_text("This question is outside")
    expect(refusal.locator("button.fb").first).to_contain_text("Helpful")
    kept.locator("button.cite").first.click()
    expect(page.locator("#chat-source .src-kicker")).to_have_text("Source [1]")
    expect(page.locator("#chat-source .src-meta")).to_contain_text("Issued by")
    tabs.nth(2).click()
    expect(page.locator("#documents")).to_contain_text("Download the original")
    page.get_by_role("link", name="切换到中文").click()
    expect(page.locator("button[role=tab]")).to_have_text(["问答", "检索", "文件"])


@pytest.mark.browser
def test_phone_width_never_scrolls_sideways(browser, app_url):
    page = open_app(browser, app_url, PHONE)
    assert no_horizontal_scroll(page)
    ask(page, FACT)
    marker = page.locator("#chat-conv .a button.cite").first
    box = marker.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44  # a finger's size
    for button in page.locator("#chat-conv .tools button").all():
        assert button.bounding_box()["height"] >= 44
    marker.click()
    expect(page.locator("#chat-source .src-passage mark")).to_be_visible()
    expect(page.locator("#chat-source .src-title")).to_be_in_viewport()  # scrolled to it
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-chat-source.png")
    for tab in ("检索", "文件"):
        page.locator("button[role=tab]", has_text=tab).click()
        if tab == "检索":
            page.locator("#lookup-query textarea").fill("集成电路 封测")
            expect(page.locator("#lookup-hits .hit").first).to_be_visible(timeout=10_000)
            assert page.locator("#lookup-hits .hit-copy").first.bounding_box()["height"] >= 44
            page.locator("#lookup-hits .hit-card").nth(2).click()
            expect(page.locator("#lookup-source .src-title")).to_be_in_viewport()
            screenshot(page, "phone-lookup-source.png")
        assert no_horizontal_scroll(page), tab
    assert page.outside_requests == []
    page.context.close()


def test_ask_endpoint_returns_the_answer_record(app_url):
    client = Client(app_url, verbose=False)
    record = client.predict(FACT, [], api_name="/ask")
    assert record["refused"] is False and "[1]" in record["answer"]
    citation = record["citations"][0]
    assert {"doc", "title", "section", "paragraph", "text"} <= citation.keys()
    assert "670亿元" in citation["text"] and len(record["retrieved"]) >= 10
    refusal = client.predict(OFFTOPIC, [], api_name="/ask")
    assert refusal["refused"] is True and refusal["refusal_reason"]


def test_lookup_endpoint_ranks_filters_and_limits(app_url):
    client = Client(app_url, verbose=False)
    plan = "qingdao-ftz-14th-five-year-plan.txt"
    hits = client.predict("集成电路 封测", [plan], 3, "", "", api_name="/lookup")
    assert [hit["rank"] for hit in hits] == [1, 2, 3]
    assert {hit["doc"] for hit in hits} == {plan}
    assert "集成电路" in hits[0]["matched_terms"]
    recent = client.predict("集成电路", [], 10, "2024", "", api_name="/lookup")
    assert recent and all(hit["date"] >= "2024" for hit in recent)


def test_only_ask_and_lookup_are_documented_and_only_once(app_url):
    endpoints = Client(app_url, verbose=False).view_api(print_info=False, return_format="dict")
    assert set(endpoints["named_endpoints"]) == {"/ask", "/lookup"}
    english = Client(f"{app_url}/en/", verbose=False).view_api(
        print_info=False, return_format="dict"
    )
    assert not english["named_endpoints"]  # the English page serves the same API only at /


def test_the_queue_bounds_answers_and_waiting_requests(served):
    demo, _ = served
    assert demo._queue.max_size == QUEUE_SIZE
    answering = [fn for fn in demo.fns.values() if fn.concurrency_id == "answer"]
    assert answering and {fn.concurrency_limit for fn in answering} == {CONCURRENCY}
