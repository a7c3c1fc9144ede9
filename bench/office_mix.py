"""A mixed office load, from a process of its own: `python bench/office_mix.py PLAN.json`.

Fifty users across ten productions, each on one keep-alive connection, for a fixed time:
70 % open a personal call sheet (going round their production's links), 20 % read an API list
(scenes, Day Out of Days, crew), 10 % work on the stripboard: the page, or the board through
the API, and one stripboard request in ten by an editor (owner or coordinator) saves it: GET
the board, PUT it back with ``If-Match`` set to the ETag. Two editors saving the same board at
once is the point: the second must get 412, never overwrite the first.

Before the timed part, each user opens once what they will load (``_warm``): the crew have
opened their sheets and the office its lists, as on a working day. The loops are bounded (the
deadline, and at most ``MAX_REQUESTS`` per user) and every request has a timeout.

Prints one JSON line: throughput, latency percentiles, errors (any answer but a 2xx, except
the 412 that refuses a stale save) and each save's outcome with the revision the server
answered, so that ``bench/run.py`` can count the versions in the database against them.

Plain asyncio over sockets (HTTP/1.1, Content-Length bodies): no dependency, and light enough
that the load generator takes little of the machine the server runs on.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from dataclasses import dataclass, field

MAX_REQUESTS = 100_000
TIMEOUT_SECONDS = 10.0
SHARES = {"callsheet": 0.70, "api": 0.20, "stripboard": 0.10}
# Of an editor's stripboard requests, the share that save the board (the rest read it).
SAVE_SHARE = 0.10


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    # [slug, status, the revision saved (None unless 200), the revision it was based on]
    saves: list[list] = field(default_factory=list)

    def count(self, kind: str, status: int, seconds: float) -> None:
        self.latencies.append(seconds)
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
        self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1
        if not 200 <= status < 300 and not (kind == "save" and status == 412):
            self.errors += 1


class Connection:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def request(self, method: str, path: str, headers: dict, body: bytes = b""):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body or method in ("PUT", "POST"):
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        answer: dict[str, str] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            answer[name.strip().lower()] = value.strip()
        data = await self.reader.readexactly(int(answer.get("content-length", "0")))
        if answer.get("connection", "").lower() == "close":
            self.close()
        return status, answer, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _choose(rng: random.Random) -> str:
    roll = rng.random()
    if roll < SHARES["callsheet"]:
        return "callsheet"
    return "api" if roll < SHARES["callsheet"] + SHARES["api"] else "stripboard"


async def _timed(tally: Tally, connection: Connection, kind: str, method: str, path: str,
                 headers: dict, body: bytes = b""):  # fmt: skip
    started = time.perf_counter()
    try:
        status, answer, data = await asyncio.wait_for(
            connection.request(method, path, headers, body), TIMEOUT_SECONDS
        )
    except (TimeoutError, OSError, ConnectionError, ValueError, IndexError):
        connection.close()
        tally.count(kind, 599, time.perf_counter() - started)
        return None
    tally.count(kind, status, time.perf_counter() - started)
    return status, answer, data


async def _save(tally: Tally, connection: Connection, production: dict, user: dict) -> None:
    api = {"Authorization": f"Token {user['token']}", "Accept": "application/json"}
    path = production["board_api"]
    got = await _timed(tally, connection, "board_read", "GET", path, api)
    if got is None or got[0] != 200:
        return
    _, answer, data = got
    base = answer.get("etag", "")
    headers = {**api, "Content-Type": "application/json", "If-Match": base}
    put = await _timed(tally, connection, "save", "PUT", path, headers, data)
    base_revision = int(base.strip('"')) if base.strip('"').isdigit() else None
    if put is None:
        tally.saves.append([production["slug"], 599, None, base_revision])
        return
    status, answer, _ = put
    revision = answer.get("etag", "").strip('"') if status == 200 else None
    saved = int(revision) if revision else None
    tally.saves.append([production["slug"], status, saved, base_revision])


async def _user(plan: dict, index: int, deadline: float, tally: Tally) -> None:
    rng = random.Random(index)
    production = plan["productions"][index % len(plan["productions"])]
    user = production["users"][index // len(plan["productions"]) % len(production["users"])]
    connection = Connection(plan["host"], plan["port"])
    links = production["callsheet_paths"]
    next_link = rng.randrange(len(links))
    api = {"Authorization": f"Token {user['token']}"}
    try:
        for _ in range(MAX_REQUESTS):
            if time.perf_counter() >= deadline:
                return
            kind = _choose(rng)
            if kind == "callsheet":
                next_link = (next_link + 1) % len(links)
                await _timed(tally, connection, kind, "GET", links[next_link], {})
            elif kind == "api":
                path = rng.choice(production["api_lists"])
                await _timed(tally, connection, kind, "GET", path, api)
            elif user["editor"] and rng.random() < SAVE_SHARE:
                await _save(tally, connection, production, user)
            elif rng.random() < 0.5:
                cookie = {"Cookie": user["cookie"]}
                await _timed(tally, connection, "board_page", "GET", production["board_page"],
                             cookie)  # fmt: skip
            else:
                await _timed(tally, connection, "board_read", "GET", production["board_api"], api)
    finally:
        connection.close()


def _percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(share * len(sorted_values)))]


async def _warm(plan: dict, index: int) -> None:
    """Open once what user ``index`` will load: the crew have each opened their sheet, the
    office its lists and board, as on a working day (the first opens are not what is timed)."""
    production = plan["productions"][index % len(plan["productions"])]
    user = production["users"][index // len(plan["productions"]) % len(production["users"])]
    connection, scratch = Connection(plan["host"], plan["port"]), Tally()
    api = {"Authorization": f"Token {user['token']}"}
    mine = production["callsheet_paths"][index // len(plan["productions"]) :: 5]
    try:
        for path in mine:
            await _timed(scratch, connection, "warm", "GET", path, {})
        for path in [*production["api_lists"], production["board_api"]]:
            await _timed(scratch, connection, "warm", "GET", path, api)
        await _timed(scratch, connection, "warm", "GET", production["board_page"],
                     {"Cookie": user["cookie"]})  # fmt: skip
    finally:
        connection.close()


async def run(plan: dict) -> dict:
    await asyncio.gather(*(_warm(plan, n) for n in range(plan["users"])))
    tally = Tally()
    started = time.perf_counter()
    deadline = started + plan["seconds"]
    await asyncio.gather(*(_user(plan, n, deadline, tally) for n in range(plan["users"])))
    seconds = time.perf_counter() - started
    latencies = sorted(tally.latencies)
    return {
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
        "errors": tally.errors,
        "requests": len(latencies),
        "statuses": tally.statuses,
        "by_kind": tally.by_kind,
        "saves": tally.saves,
    }


def main() -> None:
    with open(sys.argv[1]) as file:
        plan = json.load(file)
    print(json.dumps(asyncio.run(run(plan))), flush=True)


if __name__ == "__main__":
    main()
