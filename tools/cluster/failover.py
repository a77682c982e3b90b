#!/usr/bin/env python3
"""The failover story of tests/MailHub.Channels.Tests/Cluster/FailoverTests.cs, by hand, on a cluster that
tools/cluster/run.sh --failover started (it starts a private Dovecot too and runs this). Python's standard
library only. Prints each step with ✓ and the figures; stops with ✗ and exit 1 at the first failure.

  1. An IMAP mailbox on Dovecot with SEED messages to import and one more delivered every 100 ms, SMTP mail to
     every node's listener (two connections each, a unique Message-ID per message, the 250s recorded), and a QA
     sandbox desk: a team, an online agent and a rule, with one customer conversation assigned to the agent.
  2. The node syncing the mailbox (its log says "Syncing mailbox ... on <silo>", its /health names that silo) is
     killed with SIGKILL once KILL_AT messages are stored, while the agent's console streams
     /api/events/stream from both other nodes.
  3. The mailbox resumes on a surviving node within 60 s (the time is printed); the agent's reply through one
     survivor is captured by the sandbox exactly once; the consoles on both survivors hear of the reply, of a
     supervisor's assignment and of the customer's new mail; every message delivered to Dovecot and every
     message a node answered 250 for is stored exactly once (read back through GET /api/inbound/messages).
"""
import argparse
import grp
import json
import os
import pwd
import smtplib
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

RUN = uuid.uuid4().hex[:8]
CUSTOMER = "customer@example.com"
ADDRESS = "erin@test.local"
RELAY = f"relay-{RUN}@cluster.example.com"


def fail(message):
    print(f"✗ {message}", file=sys.stderr)
    sys.exit(1)


def ok(message):
    print(f"✓ {message}", flush=True)


def call(node, method, path, body=None, token=None, timeout=90):
    """(status, JSON body) of one API call."""
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(node["url"] + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw) if raw else None
        except ValueError:
            return e.code, raw.decode(errors="replace")


def expect(status, node, method, path, body=None, token=None):
    got, json_body = call(node, method, path, body, token)
    if got != status:
        fail(f"{method} {path} on {node['url']} answered {got}, expected {status}: {json_body}")
    return json_body


def until(what, probe, timeout):
    """Polls probe() every 100 ms until it gives something; fails naming what after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            fail(f"waited {timeout} s for {what}")
        time.sleep(0.1)


def send(node, sender, to, message_id, subject, text):
    """One message over SMTP to the node's listener; True when it answered 250."""
    body = (f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n").encode()
    with smtplib.SMTP("127.0.0.1", node["smtp"], timeout=60) as smtp:
        smtp.sendmail(sender, [to], body)
    return True


class Maildir:
    """Delivers straight into the Dovecot user's Maildir (what an MTA would), owned as Dovecot wants it."""

    def __init__(self, root):
        self.root = root
        self.count = 0
        for sub in ("new", "cur", "tmp"):
            os.makedirs(os.path.join(root, sub), exist_ok=True)
        self.owner = (pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid) if os.geteuid() == 0 else None
        if self.owner:
            for folder, _, files in os.walk(os.path.dirname(root)):
                os.chown(folder, *self.owner)
                for f in files:
                    os.chown(os.path.join(folder, f), *self.owner)

    def deliver(self, i):
        date = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime())
        text = (f"Return-Path: <sender{i % 5}@example.org>\r\nFrom: sender{i % 5}@example.org\r\nTo: {ADDRESS}\r\n"
                f"Subject: failover {i}\r\nDate: {date}\r\nMessage-ID: <failover-{RUN}-{i}@example.org>\r\n\r\n"
                + f"line of message {i}\r\n" * 20)
        self.count += 1
        path = os.path.join(self.root, "new", f"{int(time.time())}.M{self.count}P{os.getpid()}.{RUN}")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        if self.owner:
            os.chown(path, *self.owner)


class EventStream(threading.Thread):
    """The agent's console: GET /api/events/stream on one node, every event kept as (name, data)."""

    def __init__(self, node, token):
        super().__init__(daemon=True)
        self.node, self.token = node, token
        self.events, self.ready, self.error = [], threading.Event(), None
        self.lock = threading.Lock()

    def run(self):
        request = urllib.request.Request(self.node["url"] + "/api/events/stream", headers={"authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=None) as response:
                name, data = "message", ""
                for raw in response:
                    line = raw.decode().rstrip("\r\n")
                    if line.startswith("event:"):
                        name = line[6:].strip()
                    elif line.startswith("data:"):
                        data += line[5:].strip()
                    elif not line and data:
                        with self.lock:
                            self.events.append((name, json.loads(data)))
                        if name == "ready":
                            self.ready.set()
                        name, data = "message", ""
        except Exception as e:  # the stream is checked by its events; a broken one shows as missing events
            self.error = e

    def has(self, name, conversation_id):
        with self.lock:
            return any(n == name and d.get("conversationId") == conversation_id for n, d in self.events)


def stored_ids(node, token, query):
    """Message-ID → how many times it is stored, over every page of GET /api/inbound/messages?QUERY."""
    counts, cursor = {}, None
    while True:
        path = f"/api/inbound/messages?{query}&limit=500" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
        page = expect(200, node, "GET", path, token=token)
        for item in page["items"]:
            counts[item["messageId"]] = counts.get(item["messageId"], 0) + 1
        cursor = page.get("next")
        if not cursor:
            return counts


def log_of(node):
    with open(node["log"], encoding="utf-8", errors="replace") as f:
        return f.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", required=True, help="the nodes file run.sh writes: index http smtp silo pid log per line")
    parser.add_argument("--imaps", type=int, required=True, help="Dovecot's implicit-TLS IMAP port on 127.0.0.1")
    parser.add_argument("--maildir", required=True, help="erin's Maildir in that Dovecot")
    parser.add_argument("--admin", default="admin@mailhub.local")
    parser.add_argument("--password", required=True)
    parser.add_argument("--seed", type=int, default=600, help="messages waiting in the mailbox before it is added")
    parser.add_argument("--kill-at", type=int, default=300, help="messages stored when the syncing node is killed")
    args = parser.parse_args()

    nodes = []
    with open(args.nodes, encoding="utf-8") as f:
        for line in f:
            i, http, smtp, silo, pid, log = line.split()
            nodes.append({"index": int(i), "url": f"http://127.0.0.1:{http}", "smtp": int(smtp), "pid": int(pid), "log": log})
    if len(nodes) < 3:
        fail("the story needs three nodes or more: tools/cluster/run.sh 3 --failover")
    started = time.monotonic()

    admin = expect(200, nodes[1], "POST", "/api/auth/token", {"email": args.admin, "password": args.password})["accessToken"]
    silos = {}
    for node in nodes:
        health = until(f"{len(nodes)} active nodes on {node['url']}", lambda n=node: (lambda h: h if h[1]["dependencies"]["cluster"]["data"]["activeSilos"] == len(nodes) else None)(call(n, "GET", "/health")), 60)
        silos[node["index"]] = health[1]["dependencies"]["cluster"]["data"]["silo"]
    ok(f"{len(nodes)} nodes in one cluster: " + ", ".join(f"{n['url']} (smtp {n['smtp']}, pid {n['pid']})" for n in nodes))

    # The desk: a sandbox mailbox routed to a team with an online agent; the customer's first mail is the agent's.
    desk = expect(201, nodes[1], "POST", "/api/channels/mailboxes", {"name": f"Desk {RUN}", "displayName": "客服中心", "inbound": {"protocol": "sandbox"}}, admin)
    team = expect(201, nodes[1], "POST", "/api/directory/departments", {"name": f"售后 {RUN}"}, admin)["id"]
    agent = expect(201, nodes[1], "POST", "/api/directory/members", {
        "account": f"agent-{RUN}", "name": "李四", "email": f"agent-{RUN}@desk.example.cn", "password": "desk-agent-password",
        "role": "agent", "departmentIds": [team]}, admin)["id"]
    agent_token = expect(200, nodes[1], "POST", "/api/auth/token", {"email": f"agent-{RUN}@desk.example.cn", "password": "desk-agent-password"})["accessToken"]
    expect(200, nodes[1], "PUT", f"/api/routing/agents/{agent}/presence", {"status": "online"}, agent_token)
    expect(201, nodes[1], "POST", "/api/routing/rules", {"name": f"Desk {RUN}", "order": 1, "conditions": {"mailboxIds": [desk["id"]]},
                                                          "assignTo": {"teamId": team}, "strategy": "round-robin"}, admin)
    expect(201, nodes[1], "POST", "/api/channels/mailboxes", {"name": f"Relay {RUN}", "address": RELAY, "inbound": {"protocol": "relay"}}, admin)

    def assigned(subject):
        def probe():
            status, page = call(nodes_alive[0], "GET", f"/api/conversations?mailbox={desk['id']}&limit=200", token=agent_token)
            return next((c["id"] for c in (page or {}).get("items", []) if status == 200 and c["subject"] == subject
                         and (c.get("assignee") or {}).get("id") == agent), None)
        return probe

    nodes_alive = list(nodes)
    first_subject = f"订单 {RUN} 没有收到"
    until(f"the desk's address accepted on {nodes[0]['url']}", lambda: _try_send(nodes[0], CUSTOMER, desk["address"], f"first.{RUN}@example.com", first_subject, "你好，订单没有收到。"), 30)
    conversation = until("the customer's conversation assigned to the agent", assigned(first_subject), 60)
    ok(f"desk {desk['address']}: team, online agent, rule; conversation {conversation} assigned to the agent")

    # The IMAP mailbox: SEED messages waiting, one more every 100 ms from now on.
    maildir = Maildir(args.maildir)
    for i in range(args.seed):
        maildir.deliver(i)
    mailbox = expect(201, nodes[1], "POST", "/api/channels/mailboxes", {
        "name": f"Erin {RUN}", "address": ADDRESS, "initialImport": {"mode": "recent", "days": 3},
        "inbound": {"protocol": "imap", "host": "127.0.0.1", "port": args.imaps, "security": "ssl", "username": "erin",
                    "password": "secret", "acceptInvalidCertificate": True}}, admin)["id"]
    stop = threading.Event()
    delivered = [args.seed]

    def deliver():
        while not stop.is_set():
            maildir.deliver(delivered[0])
            delivered[0] += 1
            time.sleep(0.1)

    acknowledged, ack_lock = [], threading.Lock()

    def smtp_load(node, connection):
        try:
            with smtplib.SMTP("127.0.0.1", node["smtp"], timeout=60) as smtp:
                n = 0
                while not stop.is_set():
                    message_id = f"smtp-{RUN}-{node['index']}-{connection}-{n}@example.org"
                    smtp.sendmail("load@example.org", [RELAY], (f"From: load@example.org\r\nTo: {RELAY}\r\nSubject: load {n}\r\n"
                                                               f"Message-ID: <{message_id}>\r\n\r\n" + ("0123456789abcdef " * 4 + "\r\n") * 40).encode())
                    with ack_lock:
                        acknowledged.append((node["index"], time.monotonic(), message_id))
                    n += 1
                    time.sleep(0.5)
        except (OSError, smtplib.SMTPException):
            pass  # the node is gone (or refused one): what it acknowledged is recorded

    workers = [threading.Thread(target=deliver, daemon=True)]
    workers += [threading.Thread(target=smtp_load, args=(node, c), daemon=True) for node in nodes for c in range(2)]
    for w in workers:
        w.start()

    def stored_count():
        status, page = call(nodes_alive[0], "GET", f"/api/inbound/messages?mailbox={mailbox}&limit=1", token=admin)
        return page["total"] if status == 200 else 0

    until(f"{args.kill_at} messages stored from the IMAP mailbox", lambda: stored_count() >= args.kill_at, 120)
    line = f"Syncing mailbox {ADDRESS} (imap) on "
    owner = next((n for n in nodes if f"{line}{silos[n['index']]}" in log_of(n)), None) or fail("no node's log says it syncs the mailbox")
    survivors = [n for n in nodes if n is not owner]
    nodes_alive[:] = survivors
    streams = [EventStream(n, agent_token) for n in survivors[:2]]
    for s in streams:
        s.start()
    for s in streams:
        s.ready.wait(30) or fail(f"the event stream on {s.node['url']} did not open: {s.error}")

    before = stored_count()
    os.kill(owner["pid"], 9)
    killed_at = time.monotonic()
    ok(f"kill -9 of node {owner['index']} (pid {owner['pid']}), the one syncing the mailbox, with {before} of {delivered[0]} stored and "
       f"{len(acknowledged)} SMTP messages acknowledged; the agent's console streams from nodes {', '.join(str(n['index']) for n in survivors[:2])}")

    heir = until("the mailbox resumed on a surviving node", lambda: next((n for n in survivors if line in log_of(n)), None), 60)
    ok(f"node {heir['index']} resumed the mailbox {time.monotonic() - killed_at:.1f} s after the kill")

    # The agent replies through one survivor; a supervisor assigns through another; the customer writes again.
    a, b = survivors[0], survivors[1]
    reply = expect(201, a, "POST", f"/api/conversations/{conversation}/replies", {"text": "您好，包裹今天发出。"}, agent_token)["id"]
    expect(200, b, "POST", f"/api/conversations/{conversation}/assign", {"agentId": agent, "note": "请优先处理"}, admin)
    second_subject = f"发票 {RUN} 要重开"
    send(b, CUSTOMER, desk["address"], f"second.{RUN}@example.com", second_subject, "请重开发票。")
    query = urllib.parse.urlencode({"to": CUSTOMER, "subject": first_subject})
    expect(200, b, "GET", f"/api/sandbox/messages/wait?{query}&timeout=60", token=admin)

    def reply_sent():
        status, detail = call(a, "GET", f"/api/conversations/{conversation}", token=agent_token)
        return status == 200 and any(m["id"] == reply and m.get("delivery", {}).get("state") == "sent" for m in detail["messages"])

    until("the reply's delivery state \"sent\"", reply_sent, 60)
    ok(f"the agent's reply through node {a['index']} was captured by the sandbox and marked sent {time.monotonic() - killed_at:.1f} s after the kill")
    second = until("the customer's new mail (through a survivor's SMTP) assigned to the agent", assigned(second_subject), 120)
    for s in streams:
        until(f"the console on node {s.node['index']} to hear of the reply, the assignment and the new conversation",
              lambda s=s: s.has("conversation", conversation) and s.has("notification", conversation) and s.has("conversation", second), 60)
    ok(f"the agent's consoles on nodes {', '.join(str(s.node['index']) for s in streams)} heard of the reply, the assignment and the new conversation "
       f"{time.monotonic() - killed_at:.1f} s after the kill")

    time.sleep(2)
    stop.set()
    for w in workers:
        w.join(70)
    until(f"all {delivered[0]} delivered messages stored", lambda: stored_count() >= delivered[0], 180)
    time.sleep(2)  # anything stored or sent twice would show now
    synced = stored_ids(b, admin, f"mailbox={mailbox}")
    relayed = stored_ids(b, admin, "to=" + urllib.parse.quote(RELAY))
    expected = [f"failover-{RUN}-{i}@example.org" for i in range(delivered[0])]
    missing = [m for m in expected if m not in synced] + [m for _, _, m in acknowledged if m not in relayed]
    doubled = [m for m, c in list(synced.items()) + list(relayed.items()) if c > 1]
    if missing or doubled:
        fail(f"{len(missing)} missing (e.g. {missing[:5]}), {len(doubled)} stored more than once (e.g. {doubled[:5]})")
    after = sum(1 for i, t, _ in acknowledged if t > killed_at and i != owner["index"])
    ok(f"all {delivered[0]} messages delivered to Dovecot and all {len(acknowledged)} answered 250 ({after} by the survivors after the kill) are stored exactly once")
    captured = expect(200, a, "GET", f"/api/sandbox/messages?{query}", token=admin)
    if captured["total"] != 1:
        fail(f"the reply was captured {captured['total']} times")
    ok(f"the reply went out exactly once; the story took {time.monotonic() - started:.0f} s")


def _try_send(node, sender, to, message_id, subject, text):
    """send(), but a refusal (the node has not read the new mailbox's claim yet) is False rather than a failure."""
    try:
        return send(node, sender, to, message_id, subject, text)
    except smtplib.SMTPRecipientsRefused:
        time.sleep(0.5)
        return False


if __name__ == "__main__":
    main()
