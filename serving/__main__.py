"""`python -m serving --replicas N [--port 8080]`: N app processes behind nginx on 127.0.0.1.

Each replica is `python app.py` on its own port with the same settings: the same index
folder, and the same registry (PostgreSQL when QA_DATABASE_URL is set, else the SQLite
file in QA_DATA_DIR, which processes on one machine share safely). nginx (Debian's
package) listens on --port: /api/ is spread over all replicas (a request carries its own
conversation), the browser UI sticks to one replica per client (Gradio keeps a page's
session in its process), and a replica that fails is routed around.

Example:
    QA_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/qa python -m serving --replicas 2
    -> * 2 replicas (ports 8081, 8082) behind nginx at http://127.0.0.1:8080/
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from settings import ROOT, Settings

START_TIMEOUT_S = 180.0
NGINX_CONF = """
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    client_max_body_size 12m;
    upstream api {{
{servers}
        keepalive 64;
    }}
    upstream ui {{
        hash $remote_addr$http_user_agent consistent;
{servers}
    }}
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    server {{
        listen {host}:{port};
        proxy_http_version 1.1;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_next_upstream error timeout http_502 http_503;
        proxy_read_timeout 120s;
        location /api/ {{
            # every API call is safe to repeat (asking reads; a vote replaces itself), so
            # one a failing replica dropped mid-way is retried on another
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_set_header Connection "";
            proxy_pass http://api;
        }}
        location / {{
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_buffering off;
            proxy_pass http://ui;
        }}
    }}
}}
"""


@dataclass
class Cluster:
    url: str
    replicas: dict[int, subprocess.Popen] = field(default_factory=dict)  # port -> process
    nginx: subprocess.Popen | None = None

    def stop(self) -> None:
        for process in [*self.replicas.values(), self.nginx]:
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in [*self.replicas.values(), self.nginx]:
            if process is not None:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


def nginx_conf(prefix: Path, host: str, port: int, replica_ports: list[int]) -> str:
    servers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in replica_ports
    )
    return NGINX_CONF.format(prefix=prefix, host=host, port=port, servers=servers)


def start(settings: Settings, ports: list[int], port: int, folder: Path, env: dict) -> Cluster:
    """Start a replica on each of `ports` and nginx on `port`; returns once every replica
    answers and nginx answers for them."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("nginx not found: `apt-get install nginx-light` (make replicas does it)")
    folder.mkdir(parents=True, exist_ok=True)
    cluster = Cluster(url=f"http://{settings.host}:{port}/")
    for replica_port in ports:
        log = (folder / f"replica-{replica_port}.log").open("wb")
        cluster.replicas[replica_port] = subprocess.Popen(
            [sys.executable, "app.py"],
            cwd=ROOT,
            env={**env, "QA_PORT": str(replica_port), "QA_HOST": "127.0.0.1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:  # whatever stops the start (a replica that fails, Ctrl-C) stops what was started
        wait_until_served(cluster, nginx, folder, settings.host, port)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def wait_until_served(cluster: Cluster, nginx: str, folder: Path, host: str, port: int) -> None:
    """Wait for every replica of `cluster` to answer, then start nginx on host:port in
    front of them and wait for it to answer."""
    ports = list(cluster.replicas)
    conf = folder / "nginx.conf"
    conf.write_text(nginx_conf(folder, host, port, ports), encoding="utf-8")
    deadline = time.monotonic() + START_TIMEOUT_S
    for replica_port, process in cluster.replicas.items():
        while True:
            if process.poll() is not None:
                raise SystemExit(f"replica on port {replica_port} exited; see its log in {folder}")
            try:
                if httpx.get(f"http://127.0.0.1:{replica_port}/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"replica on port {replica_port} did not start; see {folder}")
            time.sleep(0.5)
    cluster.nginx = subprocess.Popen(
        [nginx, "-c", str(conf), "-p", str(folder), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=(folder / "nginx.out").open("wb"),
    )
    while True:
        try:
            if httpx.get(cluster.url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if cluster.nginx.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"nginx did not start; see {folder}/error.log")
        time.sleep(0.2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m serving", description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="nginx port; replicas use the next")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    folder = settings.data_dir / "nginx"
    ports = [args.port + 1 + n for n in range(args.replicas)]
    cluster = start(settings, ports, args.port, folder, dict(os.environ))
    ports = ", ".join(str(p) for p in cluster.replicas)
    print(f"* {args.replicas} replicas (ports {ports}) behind nginx at {cluster.url}", flush=True)
    try:
        while all(p.poll() is None for p in [cluster.nginx]):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
