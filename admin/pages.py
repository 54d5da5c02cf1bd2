"""HTML of the 管理 area: plain server-rendered pages, every value escaped, worded in
the staff member's language (Words: [admin] in prompts/wording.toml).

Example:
    page("文件管理", body, Words.of("zh", "admin"), user="wang") -> "<!doctype html>…"
    Words.of("en", "admin")("nav_documents") -> "Documents"
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from urllib.parse import urlencode

from registry.library import KINDS
from registry.models import VALIDITY
from ui.words import Words

_STYLE = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;
 color:#1f2933;background:#f7f8fa}
header{background:#1d4e89;color:#fff;padding:.8rem 1.2rem;display:flex;gap:1rem;
 align-items:center;flex-wrap:wrap}
header a{color:#fff}header h1{font-size:1.15rem;margin:0;flex:1}
main{max-width:70rem;margin:1rem auto;padding:0 1rem}
section{background:#fff;border:1px solid #d9dee5;border-radius:8px;padding:1rem;margin-bottom:1rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;
 border-bottom:1px solid #e5e8ec;vertical-align:top}
label{display:block;margin:.4rem 0 .1rem}input,select{font:inherit;padding:.3rem;max-width:100%}
button{font:inherit;padding:.35rem .8rem;cursor:pointer}
.error{color:#a61b1b;font-weight:bold}.ok{color:#1b6e2d}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.2rem 1rem}
progress{width:12rem}.inline{display:inline}
"""
_POLL = """
async function poll(){const r=await fetch('/admin/jobs.json');if(!r.ok)return;
 const jobs=await r.json();let busy=false;
 for(const j of jobs){const row=document.getElementById('job-'+j.id);if(!row)continue;
  row.querySelector('progress').value=j.percent;
  row.querySelector('.stage').textContent=j.stage+(j.message?'：'+j.message:'');
  if(j.state==='queued'||j.state==='running')busy=true;}
 if(busy)setTimeout(poll,700);}
poll();
"""


def page(
    title: str,
    body: str,
    words: Words,
    *,
    user: str = "",
    role: str = "",
    csrf: str = "",
    here: str = "/admin",
) -> str:
    nav = ""
    if user:
        links = (
            f'<a href="/admin">{words("nav_documents")}</a> '
            f'<a href="/admin/audit">{words("nav_audit")}</a>'
        )
        if role == "admin":
            links += f' <a href="/admin/users">{words("nav_users")}</a>'
        nav = (
            f"<nav>{links}</nav><span>{words('signed_in_as', who=escape(user), role=escape(role))}</span>"
            f'<form class="inline" method="post" action="/admin/logout">{_csrf(csrf)}'
            f'<button type="submit">{words("sign_out")}</button></form>'
        )
    switch = (
        f'<a href="/admin/language/{words.other}?{urlencode({"next": here})}" '
        f'lang="{"en" if words.other == "en" else "zh-CN"}" '
        f'aria-label="{words("switch_name")}">{words("switch")}</a>'
    )
    html_lang = "zh-CN" if words.language == "zh" else "en"
    return (
        f'<!doctype html><html lang="{html_lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · {words('site')}</title><style>{_STYLE}</style></head>"
        f'<body><header><h1>{escape(title)}</h1><a href="/">{words("back")}</a>{nav}{switch}'
        f"</header><main>{body}</main></body></html>"
    )


def _csrf(token: str) -> str:
    return f'<input type="hidden" name="csrf" value="{escape(token)}">'


def message(text: str, *, error: bool = False) -> str:
    css = "error" if error else "ok"
    return (
        f'<p class="{css}" role="{"alert" if error else "status"}">{escape(text)}</p>'
        if text
        else ""
    )


def login_form(words: Words, note: str = "", *, error: bool = False) -> str:
    return (
        f"<section><h2>{words('sign_in_title')}</h2>"
        f"{message(note, error=error)}"
        '<form method="post" action="/admin/login">'
        f'<label for="name">{words("name")}</label>'
        '<input id="name" name="name" autocomplete="username" required>'
        f'<label for="password">{words("password")}</label>'
        '<input id="password" name="password" type="password" autocomplete="current-password" required>'
        f'<p><button type="submit">{words("sign_in")}</button></p></form></section>'
    )


def _options(values: Sequence[str], names: dict[str, str] | None = None, chosen: str = "") -> str:
    names = names or {}
    return "".join(
        f'<option value="{escape(v)}"{" selected" if v == chosen else ""}>'
        f"{escape(names.get(v, v))}</option>"
        for v in values
    )


def documents_page(
    words: Words, documents: list[dict], jobs: list, csrf: str, note: str, error: bool
) -> str:
    rows = []
    for d in documents:
        doc_id = escape(d["doc_id"])
        validity = words.validity(d.get("validity") or "有效", d.get("replaced_by", ""))
        versions = "；".join(
            words(
                "version",
                number=n,
                state=words.known(f"state.{state}") or state,
                by=by,
                at=f"{at:%Y-%m-%d %H:%M}",
            )
            for n, state, by, at in d["versions"]
        )
        actions = (
            f'<form class="inline" method="post" action="/admin/documents/{doc_id}/retire">'
            f'{_csrf(csrf)}<button type="submit">{words("retire")}</button></form> '
            f'<form class="inline" method="post" action="/admin/documents/{doc_id}/delete" '
            f"onsubmit=\"return confirm('{words('confirm_delete')}')\">"
            f'{_csrf(csrf)}<button type="submit">{words("delete")}</button></form>'
        )
        rows.append(
            f'<tr data-doc="{doc_id}"><td>{escape(d.get("title") or d["doc_id"])}'
            f"<br><small>{doc_id}</small></td><td>{escape(d.get('issuer', ''))}</td>"
            f"<td>{escape(d.get('doc_number', ''))}</td><td>{escape(d.get('date', ''))}</td>"
            f'<td class="validity">{escape(validity)}</td><td><small>{escape(versions)}</small></td>'
            f"<td>{actions}</td></tr>"
        )
    heads = ("col_title", "col_issuer", "col_number", "col_date", "col_validity")
    heads += ("col_versions", "col_actions")
    table = (
        f"<table><thead><tr>{''.join(f'<th>{words(h)}</th>' for h in heads)}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    replace_options = f'<option value="">{words("new_document")}</option>' + "".join(
        f'<option value="{escape(d["doc_id"])}">{escape(d.get("title") or d["doc_id"])}</option>'
        for d in documents
    )
    kinds = {kind: words(f"kinds.{kind}") for kind in KINDS}
    validities = {v: words.validity(v) for v in VALIDITY}
    upload = (
        f"<section><h2>{words('upload_heading')}</h2>"
        '<form method="post" action="/admin/documents" enctype="multipart/form-data">'
        f'{_csrf(csrf)}<div class="grid">'
        f'<div><label for="file">{words("file")}</label>'
        '<input id="file" name="file" type="file" required></div>'
        f'<div><label for="title">{words("title")}</label>'
        '<input id="title" name="title" required></div>'
        f'<div><label for="issuer">{words("issuer")}</label>'
        '<input id="issuer" name="issuer"></div>'
        f'<div><label for="doc_number">{words("doc_number")}</label>'
        '<input id="doc_number" name="doc_number"></div>'
        f'<div><label for="date">{words("date")}</label>'
        '<input id="date" name="date" placeholder="2024-06-26"></div>'
        f'<div><label for="kind">{words("kind")}</label><select id="kind" name="kind">'
        f"{_options(KINDS, kinds, 'other')}</select></div>"
        f'<div><label for="validity">{words("validity")}</label>'
        f'<select id="validity" name="validity">{_options(VALIDITY, validities)}</select></div>'
        f'<div><label for="replaces">{words("replaces")}</label>'
        f'<select id="replaces" name="replaces">{replace_options}</select></div>'
        f'</div><p><button type="submit">{words("upload")}</button></p></form></section>'
    )
    records = [(j, j.record(words.language)) for j in jobs]
    job_rows = "".join(
        f'<tr id="job-{j.id}"><td>{escape(r["change"])}</td><td>{escape(j.actor)}</td>'
        f'<td><progress max="100" value="{j.percent}" aria-label="{words("progress")}">'
        "</progress></td>"
        f'<td class="stage">{escape(r["stage"] + ("：" + r["message"] if r["message"] else ""))}'
        "</td></tr>"
        for j, r in records
    )
    job_heads = ("col_change", "col_by", "col_progress", "col_state")
    progress = (
        f"<section><h2>{words('jobs_heading')}</h2><table><thead><tr>"
        f"{''.join(f'<th>{words(h)}</th>' for h in job_heads)}</tr></thead>"
        f"<tbody>{job_rows}</tbody></table><script>{_POLL}</script></section>"
        if jobs
        else ""
    )
    return (
        f"{message(note, error=error)}{progress}{upload}"
        f"<section><h2>{words('library_heading')}</h2>{table}</section>"
    )


def users_page(words: Words, users: list, csrf: str, note: str, error: bool) -> str:
    def switch(user) -> str:
        action = "disable" if user.active else "enable"
        return (
            f'<form class="inline" method="post" action="/admin/users/{escape(user.name)}/'
            f'{action}">{_csrf(csrf)}<button type="submit">{words(action)}</button></form>'
        )

    rows = "".join(
        f'<tr data-user="{escape(u.name)}"><td>{escape(u.name)}</td><td>{escape(u.role)}</td>'
        f'<td class="active">{words("yes") if u.active else words("no")}</td>'
        f"<td>{u.created_at:%Y-%m-%d %H:%M}</td><td>{switch(u)}</td></tr>"
        for u in users
    )
    heads = ("col_name", "col_role", "col_active", "col_created", "col_actions")
    return (
        f"{message(note, error=error)}<section><h2>{words('users_heading')}</h2><table>"
        f"<thead><tr>{''.join(f'<th>{words(h)}</th>' for h in heads)}</tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        f"</section><section><h2>{words('new_user')}</h2>"
        f'<form method="post" action="/admin/users">{_csrf(csrf)}<div class="grid">'
        f'<div><label for="new-name">{words("name")}</label>'
        '<input id="new-name" name="name" required></div>'
        f'<div><label for="role">{words("role")}</label><select id="role" name="role">'
        f"{_options(('editor', 'admin'))}</select></div>"
        f'<div><label for="new-password">{words("initial_password")}</label>'
        '<input id="new-password" name="password" type="password" autocomplete="new-password" required></div>'
        f'</div><p><button type="submit">{words("create")}</button></p></form></section>'
    )


def audit_page(words: Words, events: list) -> str:
    rows = "".join(
        f"<tr><td>{e.at:%Y-%m-%d %H:%M:%S}</td><td>{escape(e.actor)}</td>"
        f"<td>{escape(words.known(f'action.{e.action}') or e.action)}</td>"
        f"<td>{escape(e.subject)}</td>"
        f"<td>{'' if e.version is None else e.version}</td><td>{escape(e.detail)}</td></tr>"
        for e in events
    )
    heads = ("col_time", "col_by", "col_action", "col_subject", "col_version", "col_detail")
    return (
        f"<section><h2>{words('audit_heading')}</h2><table><thead><tr>"
        f"{''.join(f'<th>{words(h)}</th>' for h in heads)}</tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )
