"""/api/docs: the OpenAPI document as a readable page, rendered on the server (no scripts
or styles fetched from elsewhere).

Example:
    render_openapi(app.openapi()) -> '<!doctype html>…<h2><code>POST /api/v1/ask</code>…'
"""

from __future__ import annotations

from html import escape


def _type(schema: dict, spec: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type(s, spec) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"array of {_type(schema.get('items', {}), spec)}"
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    if "const" in schema:
        return repr(schema["const"])
    return schema.get("type", "any")


def _fields(schema: dict, spec: dict) -> str:
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    required = set(schema.get("required", ()))
    rows = "".join(
        f"<tr><td><code>{escape(name)}</code></td><td>{escape(_type(field, spec))}</td>"
        f"<td>{'是' if name in required else ''}</td>"
        f"<td>{escape(field.get('description', ''))}</td></tr>"
        for name, field in schema.get("properties", {}).items()
    )
    return (
        f"<table><tr><th>字段</th><th>类型</th><th>必填</th><th>说明</th></tr>{rows}</table>"
        if rows
        else ""
    )


def render_openapi(spec: dict) -> str:
    sections = []
    for path, methods in spec.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = "".join(
                f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p['in'])}</td>"
                f"<td>{escape(_type(p.get('schema', {}), spec))}</td>"
                f"<td>{'是' if p.get('required') else ''}</td></tr>"
                for p in operation.get("parameters", [])
            )
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            sections.append(
                f"<section><h2><code>{method.upper()} {escape(path)}</code></h2>"
                f"<p>{escape(operation.get('summary', ''))}</p>"
                + (
                    "<h3>参数</h3><table><tr><th>名称</th><th>位置</th><th>类型</th>"
                    f"<th>必填</th></tr>{parameters}</table>"
                    if parameters
                    else ""
                )
                + (f"<h3>请求体</h3>{_fields(body['schema'], spec)}" if body else "")
                + "<h3>响应</h3><ul>"
                + "".join(
                    f"<li><code>{code}</code> {escape(r.get('description', ''))}</li>"
                    for code, r in operation.get("responses", {}).items()
                )
                + "</ul></section>"
            )
    title = escape(spec.get("info", {}).get("title", "API"))
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{title} · API</title><style>"
        "body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}"
        "</style></head><body>"
        f"<h1>{title} · API v1</h1>"
        "<p>每个请求都要带 API 密钥：<code>X-API-Key: qa_…</code>（由管理员用 "
        "<code>python -m admin create-key</code> 创建）。超过密钥的每分钟限额返回 429 和 "
        'Retry-After。机器可读的说明：<a href="/api/openapi.json">/api/openapi.json</a>。</p>'
        f"{''.join(sections)}</body></html>"
    )
