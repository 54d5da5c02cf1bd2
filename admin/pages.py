"""HTML of the 管理 area: plain server-rendered pages, every value escaped.

Example:
    page("文件管理", body, user="wang") -> "<!doctype html><html lang=\"zh-CN\">…"
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ingest.model import validity_label
from registry.library import KINDS
from registry.models import VALIDITY

KIND_NAMES = {"plan": "规划", "news": "新闻报道", "other": "其他"}
STATE_NAMES = {"current": "当前", "retired": "已失效", "deleted": "已删除"}
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


def page(title: str, body: str, *, user: str = "", role: str = "", csrf: str = "") -> str:
    nav = ""
    if user:
        links = '<a href="/admin">文件管理</a> <a href="/admin/audit">操作记录</a>'
        if role == "admin":
            links += ' <a href="/admin/users">用户</a>'
        nav = (
            f"<nav>{links}</nav><span>{escape(user)}（{escape(role)}）</span>"
            f'<form class="inline" method="post" action="/admin/logout">{_csrf(csrf)}'
            '<button type="submit">退出</button></form>'
        )
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · 青岛自贸片区政策问答</title><style>{_STYLE}</style></head>"
        f'<body><header><h1>{escape(title)}</h1><a href="/">返回问答</a>{nav}</header>'
        f"<main>{body}</main></body></html>"
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


def login_form(note: str = "", *, error: bool = False) -> str:
    return (
        "<section><h2>工作人员登录</h2>"
        f"{message(note, error=error)}"
        '<form method="post" action="/admin/login">'
        '<label for="name">用户名</label><input id="name" name="name" autocomplete="username" required>'
        '<label for="password">密码</label>'
        '<input id="password" name="password" type="password" autocomplete="current-password" required>'
        '<p><button type="submit">登录</button></p></form></section>'
    )


def _options(values: Sequence[str], names: dict[str, str] | None = None, chosen: str = "") -> str:
    names = names or {}
    return "".join(
        f'<option value="{escape(v)}"{" selected" if v == chosen else ""}>'
        f"{escape(names.get(v, v))}</option>"
        for v in values
    )


def documents_page(documents: list[dict], jobs: list, csrf: str, note: str, error: bool) -> str:
    rows = []
    for d in documents:
        doc_id = escape(d["doc_id"])
        validity = validity_label(d.get("validity") or "有效", d.get("replaced_by", ""))
        versions = "；".join(
            f"第{n}版 {STATE_NAMES.get(state, state)} · {by} · {at:%Y-%m-%d %H:%M}"
            for n, state, by, at in d["versions"]
        )
        actions = (
            f'<form class="inline" method="post" action="/admin/documents/{doc_id}/retire">'
            f'{_csrf(csrf)}<button type="submit">标为失效</button></form> '
            f'<form class="inline" method="post" action="/admin/documents/{doc_id}/delete" '
            "onsubmit=\"return confirm('删除后该文件将不再被检索和引用，确定吗？')\">"
            f'{_csrf(csrf)}<button type="submit">删除</button></form>'
        )
        rows.append(
            f'<tr data-doc="{doc_id}"><td>{escape(d.get("title") or d["doc_id"])}'
            f"<br><small>{doc_id}</small></td><td>{escape(d.get('issuer', ''))}</td>"
            f"<td>{escape(d.get('doc_number', ''))}</td><td>{escape(d.get('date', ''))}</td>"
            f'<td class="validity">{escape(validity)}</td><td><small>{escape(versions)}</small></td>'
            f"<td>{actions}</td></tr>"
        )
    table = (
        "<table><thead><tr><th>标题 / 文件</th><th>发文单位</th><th>文号</th><th>日期</th>"
        "<th>有效性</th><th>版本</th><th>操作</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    replace_options = '<option value="">（新文件，不替代）</option>' + "".join(
        f'<option value="{escape(d["doc_id"])}">{escape(d.get("title") or d["doc_id"])}</option>'
        for d in documents
    )
    upload = (
        "<section><h2>上传文件</h2>"
        '<form method="post" action="/admin/documents" enctype="multipart/form-data">'
        f'{_csrf(csrf)}<div class="grid">'
        '<div><label for="file">文件（.txt .md .html .docx .pdf，10 MB 以内）</label>'
        '<input id="file" name="file" type="file" required></div>'
        '<div><label for="title">标题</label><input id="title" name="title" required></div>'
        '<div><label for="issuer">发文单位</label><input id="issuer" name="issuer"></div>'
        '<div><label for="doc_number">文号</label><input id="doc_number" name="doc_number"></div>'
        '<div><label for="date">日期</label><input id="date" name="date" placeholder="2024-06-26"></div>'
        f'<div><label for="kind">类型</label><select id="kind" name="kind">'
        f"{_options(KINDS, KIND_NAMES, 'other')}</select></div>"
        f'<div><label for="validity">有效性</label><select id="validity" name="validity">'
        f"{_options(VALIDITY)}</select></div>"
        f'<div><label for="replaces">替代</label><select id="replaces" name="replaces">'
        f"{replace_options}</select></div>"
        '</div><p><button type="submit">上传并更新索引</button></p></form></section>'
    )
    job_rows = "".join(
        f'<tr id="job-{j.id}"><td>{escape(j.reason)}</td><td>{escape(j.actor)}</td>'
        f'<td><progress max="100" value="{j.percent}" aria-label="索引进度"></progress></td>'
        f'<td class="stage">{escape(j.stage + ("：" + j.message if j.message else ""))}</td></tr>'
        for j in jobs
    )
    progress = (
        "<section><h2>索引更新</h2><table><thead><tr><th>变更</th><th>操作人</th><th>进度</th>"
        f"<th>状态</th></tr></thead><tbody>{job_rows}</tbody></table>"
        f"<script>{_POLL}</script></section>"
        if jobs
        else ""
    )
    return (
        f"{message(note, error=error)}{progress}{upload}"
        f"<section><h2>知识库文件</h2>{table}</section>"
    )


def users_page(users: list, csrf: str, note: str, error: bool) -> str:
    def switch(user) -> str:
        action, label = ("disable", "停用") if user.active else ("enable", "启用")
        return (
            f'<form class="inline" method="post" action="/admin/users/{escape(user.name)}/'
            f'{action}">{_csrf(csrf)}<button type="submit">{label}</button></form>'
        )

    rows = "".join(
        f'<tr data-user="{escape(u.name)}"><td>{escape(u.name)}</td><td>{escape(u.role)}</td>'
        f'<td class="active">{"是" if u.active else "否"}</td>'
        f"<td>{u.created_at:%Y-%m-%d %H:%M}</td><td>{switch(u)}</td></tr>"
        for u in users
    )
    return (
        f"{message(note, error=error)}<section><h2>用户</h2><table><thead><tr><th>用户名</th>"
        f"<th>角色</th><th>启用</th><th>创建时间</th><th>操作</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        "</section><section><h2>新建用户</h2>"
        f'<form method="post" action="/admin/users">{_csrf(csrf)}<div class="grid">'
        '<div><label for="new-name">用户名</label><input id="new-name" name="name" required></div>'
        f'<div><label for="role">角色</label><select id="role" name="role">'
        f"{_options(('editor', 'admin'))}</select></div>"
        '<div><label for="new-password">初始密码（至少10个字符）</label>'
        '<input id="new-password" name="password" type="password" autocomplete="new-password" required></div>'
        '</div><p><button type="submit">创建</button></p></form></section>'
    )


def audit_page(events: list) -> str:
    rows = "".join(
        f"<tr><td>{e.at:%Y-%m-%d %H:%M:%S}</td><td>{escape(e.actor)}</td>"
        f"<td>{escape(e.action)}</td><td>{escape(e.subject)}</td>"
        f"<td>{'' if e.version is None else e.version}</td><td>{escape(e.detail)}</td></tr>"
        for e in events
    )
    return (
        "<section><h2>操作记录</h2><table><thead><tr><th>时间 (UTC)</th><th>操作人</th>"
        "<th>操作</th><th>对象</th><th>版本</th><th>详情</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )
