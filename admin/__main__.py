"""Manage staff accounts and API keys, and read the audit log, from a terminal.

python -m admin create-user wang --role editor     # password asked twice, never echoed
printf 'pw\\npw\\n' | python -m admin create-user li --role admin --password-stdin
python -m admin users
python -m admin audit --last 20
python -m admin create-key 12345-hotline --per-minute 120   # prints the key once
python -m admin keys
python -m admin revoke-key 12345-hotline
python -m admin queries --last 20 --refused   # what readers asked that was not answered
"""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy import select

from registry.accounts import AccountError, create_user
from registry.database import Registry
from registry.keys import create_key, revoke_key
from registry.models import ROLES, ApiKey, AuditEvent, User
from registry.queries import recent
from settings import Settings


def _password(from_stdin: bool) -> str:
    if from_stdin:
        lines = sys.stdin.read().splitlines() + ["", ""]
        first, second = lines[0], lines[1]
    else:
        first = getpass.getpass("密码: ")
        second = getpass.getpass("再次输入密码: ")
    if first != second:
        raise AccountError("passwords_differ")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m admin", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-user", help="add a staff account")
    create.add_argument("name")
    create.add_argument("--role", choices=ROLES, required=True)
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password twice from stdin"
    )
    commands.add_parser("users", help="list staff accounts")
    key = commands.add_parser("create-key", help="an API key for a machine client")
    key.add_argument("name")
    key.add_argument("--per-minute", type=int, default=60, help="requests a minute (default 60)")
    commands.add_parser("keys", help="list API keys (names and prefixes, never the keys)")
    revoke = commands.add_parser("revoke-key", help="stop an API key")
    revoke.add_argument("name")
    asked = commands.add_parser("queries", help="print the query log, newest first")
    asked.add_argument("--last", type=int, default=50)
    asked.add_argument("--refused", action="store_true", help="only questions refused")
    log = commands.add_parser("audit", help="print the audit log, newest last")
    log.add_argument("--last", type=int, default=50)
    args = parser.parse_args(argv)

    registry = Registry.open(Settings.from_env())
    try:
        if args.command == "create-user":
            password = _password(args.password_stdin)
            with registry.session() as session:
                create_user(session, args.name, args.role, password, actor="terminal")
            print(f"已创建用户 {args.name}（{args.role}）")
        elif args.command == "create-key":
            with registry.session() as session:
                key = create_key(session, args.name, per_minute=args.per_minute, actor="terminal")
            print(f"API 密钥（只显示这一次，请妥善保存）：\n{key}")
        elif args.command == "keys":
            with registry.session() as session:
                for k in session.scalars(select(ApiKey).order_by(ApiKey.name)):
                    state = "" if k.active else " (已停用)"
                    print(f"{k.name}\t{k.prefix}…\t{k.per_minute}/分钟{state}")
        elif args.command == "revoke-key":
            with registry.session() as session:
                revoke_key(session, args.name, actor="terminal")
            print(f"已停用密钥 {args.name}")
        elif args.command == "queries":
            for row in recent(registry, args.last, refused_only=args.refused):
                verdict = f"拒答:{row['reason']}" if row["refused"] else "已答"
                print(
                    f"{row['at']}\t{row['channel']}\t{row['client'] or '-'}\t{verdict}"
                    f"\t{row['latency_ms']:.0f} ms\t{row['question']}"
                )
        elif args.command == "users":
            with registry.session() as session:
                for user in session.scalars(select(User).order_by(User.name)):
                    state = "" if user.active else " (停用)"
                    print(f"{user.name}\t{user.role}{state}\t{user.created_at:%Y-%m-%d %H:%M}")
        else:
            with registry.session() as session:
                query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(args.last)
                for e in reversed(session.scalars(query).all()):
                    print(
                        f"{e.at:%Y-%m-%d %H:%M:%S}\t{e.actor}\t{e.action}\t{e.subject}\t{e.detail}"
                    )
    except AccountError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
