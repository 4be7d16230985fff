/** Exim rejections explained against real configurations, from main-log lines written the way Exim writes them. */
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { explainLog } from "../../src/explain/index.js";

const repo = resolve(import.meta.dirname, "../..");
const relayFixture = (n: string) => join(repo, "test/fixtures/relay/exim", `${n}.conf`);
const AUTH_DENIED = join(repo, "samples/exim/auth-denied/exim.conf");

const line = (info: string, rcpt: string, text = "relay not permitted", temporary = false) =>
  `2026-11-25 10:00:00 [4711] ${info} ${temporary ? "temporarily " : ""}rejected RCPT <${rcpt}>${text ? `: ${text}` : ""}`;

interface Case {
  name: string;
  config: string;
  lines: string[];
  cause: string;
  agreement: "agrees" | "differs" | "unknown" | "not-replayed";
  decidedAt?: string;
  summary?: RegExp;
  fix?: RegExp;
  note?: RegExp;
}

const cases: Case[] = [
  {
    name: "logged in (A=), but the ACL checks the domain before accept authenticated",
    config: AUTH_DENIED,
    lines: [line("H=(laptop) [198.51.100.23]:50312 I=[192.0.2.1]:587 F=<alice@example.net> A=plain_server:alice", "friend@remote.example")],
    cause: "authenticated-relay-denied",
    agreement: "agrees",
    decidedAt: "exim.conf:20",
    summary: /^Clients that log in are still refused by the require statement of ACL acl_check_rcpt \(.*exim\.conf:20\): ACL acl_check_rcpt checks the recipient domain before any "accept authenticated = \*"\.$/,
    fix: /^Insert "accept authenticated = \*" before line 20 in ACL acl_check_rcpt \(with it, the replay accepts the logged-in client\)\.$/,
  },
  {
    name: "a stranger on the same configuration: a login would not help either",
    config: AUTH_DENIED,
    lines: [line("H=(spam.example) [203.0.113.66]:41000 F=<spam@spam.example>", "victim@remote.example")],
    cause: "authenticated-relay-denied",
    agreement: "agrees",
    summary: /^This client did not log in, but a login would not help/,
    fix: /^If the client is a stranger, its rejection is right/,
  },
  {
    name: "not logged in where accept authenticated comes first",
    config: relayFixture("authenticated"),
    lines: [line("H=(pc) [203.0.113.7] F=<s@example.org>", "bob@remote.example")],
    cause: "not-authenticated",
    agreement: "agrees",
    decidedAt: "authenticated.conf:20",
    note: /^what-if: logged in, the replay accepts$/,
  },
  {
    name: "a failed login just before the rejection",
    config: relayFixture("authenticated"),
    lines: [
      "2026-11-25 10:00:00 [4711] plain_server authenticator failed for (pc) [203.0.113.7]:5000: 535 Incorrect authentication data (set_id=frank)",
      line("H=(pc) [203.0.113.7]:5000 F=<frank@example.org>", "bob@remote.example"),
    ],
    cause: "auth-failed",
    agreement: "agrees",
  },
  {
    name: "login advertised only over TLS: the fix says STARTTLS",
    config: join(repo, "test/explain/fixtures/exim/tls-advertise.conf"),
    lines: [line("H=(pc) [203.0.113.7] F=<s@example.org>", "bob@remote.example")],
    cause: "not-authenticated",
    agreement: "agrees",
    fix: /with STARTTLS \(login is offered only over TLS here\)/,
  },
  {
    name: "whether login is offered is an expansion mtalint does not evaluate: no login cause claimed",
    config: relayFixture("tls-only-auth"),
    lines: [line("H=(pc) [203.0.113.7] F=<s@example.org>", "bob@remote.example")],
    cause: "relay-denied",
    agreement: "agrees",
    note: /^what-if: logged in, UNKNOWN auth_advertise_hosts: /,
  },
  {
    name: "no authenticator at all",
    config: relayFixture("relay-from-hosts"),
    lines: [line("H=(pc) [198.51.100.7] F=<s@example.org>", "bob@remote.example")],
    cause: "no-auth-offered",
    agreement: "agrees",
    summary: /no server authenticator is defined/,
  },
  {
    name: "a private host outside relay_from_hosts",
    config: relayFixture("relay-from-hosts"),
    lines: [line("H=(printer) [10.1.2.3] F=<scan@example.org>", "boss@remote.example")],
    cause: "client-outside-mynetworks",
    agreement: "agrees",
    summary: /not in hostlist relay_from_hosts \(127\.0\.0\.1 : 192\.0\.2\.0\/24\)/,
    note: /^what-if: with 10\.1\.2\.3\/32 added to relay_from_hosts the replay accepts$/,
  },
  {
    name: "a subdomain of a local domain, in neither domain list",
    config: relayFixture("relay-from-hosts"),
    lines: [line("H=mx.partner.example [198.51.100.40] F=<b@partner.example>", "orders@shop.example.org")],
    cause: "recipient-domain-not-accepted",
    agreement: "agrees",
    note: /^what-if: with shop\.example\.org added to relay_to_domains the replay accepts$/,
  },
  {
    name: "a deny statement for a sender (multi-line message, first line logged)",
    config: relayFixture("relay-from-hosts"),
    lines: [line("H=(x) [198.51.100.7] F=<spammer@example.net>", "bob@remote.example", "blocked sender")],
    cause: "restriction",
    agreement: "agrees",
    summary: /^Refused by the deny statement of ACL acl_check_rcpt \(.*relay-from-hosts\.conf:15\)/,
  },
  {
    name: "a defer statement (temporarily rejected, enhanced code in the message)",
    config: relayFixture("relay-from-hosts"),
    lines: [line("H=(x) [198.51.100.7] F=<a@example.net>", "later@partner.example", "4.7.1 try again later", true)],
    cause: "restriction",
    agreement: "agrees",
    decidedAt: "relay-from-hosts.conf:20",
  },
  {
    name: "logged as temporary where the configuration refuses for good",
    config: AUTH_DENIED,
    lines: [line("H=(x) [203.0.113.66] F=<a@example.net>", "victim@remote.example", "relay not permitted", true)],
    cause: "replay-differs",
    agreement: "differs",
    note: /^the replay gives a permanent refusal, the log a temporary one/,
  },
  {
    name: "a configuration that accepts what the log refused",
    config: relayFixture("authenticated"),
    lines: [line("H=(pc) [203.0.113.7] F=<alice@example.org> A=plain_server:alice", "bob@remote.example")],
    cause: "replay-accepts",
    agreement: "differs",
  },
  {
    name: "another message text than the configuration's",
    config: AUTH_DENIED,
    lines: [line("H=(x) [203.0.113.66] F=<a@example.net>", "victim@remote.example", "Relaying denied, authenticate first")],
    cause: "replay-differs",
    agreement: "differs",
  },
  {
    name: "Debian's template verifies the sender: undecidable",
    config: join(repo, "samples/exim/debian-template"),
    lines: [line("H=(x) [203.0.113.66] F=<a@example.net>", "victim@remote.example")],
    cause: "replay-unknown",
    agreement: "unknown",
    summary: /verify = sender needs DNS, routing or the user tables/,
  },
  {
    name: "a MAIL rejection is not replayed",
    config: AUTH_DENIED,
    lines: ["2026-11-25 10:00:00 H=(x) [203.0.113.66] rejected MAIL <spam@spam.example>: Access denied"],
    cause: "not-replayed",
    agreement: "not-replayed",
  },
  {
    name: "exim -bh output (LOG: lines) and Exim through syslog read the same",
    config: AUTH_DENIED,
    lines: [
      "LOG: H=(spam.example) [203.0.113.66] F=<spam@spam.example> rejected RCPT <victim@remote.example>: relay not permitted",
      "Nov 25 10:00:00 mail exim[4711]: H=(spam.example) [203.0.113.66] F=<spam@spam.example> rejected RCPT <victim@remote.example>: relay not permitted",
    ],
    cause: "authenticated-relay-denied",
    agreement: "agrees",
  },
];

describe("explain, Exim", () => {
  test.each(cases)("$name", (c) => {
    const r = explainLog(c.config, c.lines, { kind: "exim" });
    expect(r.groups, JSON.stringify(r, null, 1)).toHaveLength(1);
    const g = r.groups[0]!;
    const where = JSON.stringify(g, null, 1);
    expect(g.cause, where).toBe(c.cause);
    expect(g.agreement, where).toBe(c.agreement);
    if (c.decidedAt) expect(`${g.decidedBy?.file}:${g.decidedBy?.line}`, where).toMatch(new RegExp(`${c.decidedAt.replace(/\./g, "\\.")}$`));
    if (c.summary) expect(g.summary, where).toMatch(c.summary);
    if (c.fix) expect(g.fix, where).toMatch(c.fix);
    if (c.note) expect(g.examples[0]!.notes, where).toContainEqual(expect.stringMatching(c.note));
  });
});
