/**
 * Postfix rejections explained against real configurations: each cause from
 * log excerpts written the way smtpd writes them, and the cases where the log
 * and the configuration disagree (then no cause is guessed).
 */
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { explainLog } from "../../src/explain/index.js";
import type { ExplainReport, Group } from "../../src/explain/report.js";

const repo = resolve(import.meta.dirname, "../..");
const sample = (n: string) => join(repo, "samples/postfix", n);
const fixture = (n: string) => join(repo, "test/explain/fixtures/postfix", n);
const relayFixture = (n: string) => join(repo, "test/fixtures/relay/postfix", n);

/** One smtpd session: connect, the rejection, and the disconnect counters (omitted when `counters` is undefined). */
function session(tag: string, pid: number, client: string, reject: string, counters?: string, extra: string[] = []): string[] {
  const p = `Nov 25 10:00:00 mail ${tag}[${pid}]: `;
  return [
    `${p}connect from ${client}`,
    ...extra.map((e) => p + e),
    `${p}NOQUEUE: reject: RCPT from ${client}: ${reject}`,
    ...(counters !== undefined ? [`${p}disconnect from ${client} ${counters}`] : []),
  ];
}

const relay = (to: string, code = "554 5.7.1", from = "s@example.net", helo = "pc.example") =>
  `${code} <${to}>: Relay access denied; from=<${from}> to=<${to}> proto=ESMTP helo=<${helo}>`;

function only(report: ExplainReport): Group {
  expect(report.rejections.total).toBe(1);
  expect(report.groups).toHaveLength(1);
  return report.groups[0]!;
}

interface Case {
  name: string;
  config: string;
  lines: string[];
  cause: string;
  agreement: "agrees" | "differs" | "unknown" | "not-replayed";
  service?: string;
  decidedAt?: string;
  summary?: RegExp;
  fix?: RegExp;
  note?: RegExp;
}

const cases: Case[] = [
  {
    name: "logged in on submission (auth=1), relay list without permit_sasl_authenticated",
    config: sample("relay-denied"),
    lines: session("postfix/submission/smtpd", 10, "laptop.example.com[203.0.113.7]", relay("carol@partner.example"), "ehlo=1 auth=1 mail=1 rcpt=0/1 quit=1 commands=4/5"),
    cause: "authenticated-relay-denied",
    agreement: "agrees",
    service: "submission",
    decidedAt: "main.cf:13",
    summary: /^Clients that log in on submission \(port 587\) are still refused at reject_unauth_destination in smtpd_relay_restrictions .*has no permit_sasl_authenticated before that check/,
    fix: /^Set smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination; and smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, check_policy_service unix:private\/policyd-spf \(with that, the replay accepts the logged-in client\)\.$/,
  },
  {
    name: "permit_sasl_authenticated after the relay check",
    config: relayFixture("sasl-no-permit"),
    lines: session("postfix/smtpd", 11, "unknown[203.0.113.7]", relay("bob@remote.example"), "ehlo=1 auth=1 mail=1 rcpt=0/1 quit=1 commands=4/5"),
    cause: "authenticated-relay-denied",
    agreement: "agrees",
    decidedAt: "main.cf:13",
    fix: /^Set smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination \(with that, the replay accepts the logged-in client\)\.$/,
  },
  {
    name: "login not in the log, but only a logged-in replay gives the logged 554 (a stranger gets 454)",
    config: relayFixture("sasl-no-permit"),
    lines: [`Nov 25 10:00:00 mail postfix/smtpd[12]: NOQUEUE: reject: RCPT from unknown[203.0.113.7]: ${relay("bob@remote.example")}`],
    cause: "authenticated-relay-denied",
    agreement: "agrees",
    note: /only a replay as a logged-in client gives the logged reply, so it did/,
  },
  {
    name: "the same config, a stranger's 454: replayed as not logged in",
    config: relayFixture("sasl-no-permit"),
    lines: session("postfix/smtpd", 13, "unknown[203.0.113.7]", relay("bob@remote.example", "454 4.7.1"), "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"),
    cause: "authenticated-relay-denied",
    agreement: "agrees",
    summary: /^This client did not log in, but a login would not help: clients that log in on smtp \(port 25\) are refused at reject_unauth_destination in smtpd_recipient_restrictions \(.*main\.cf:13\) too, because smtpd_recipient_restrictions has no permit_sasl_authenticated before that check\.$/,
    fix: /^If the client is a stranger, its rejection is right; to let your users relay after logging in, set smtpd_recipient_restrictions = /,
  },
  {
    name: "no login on submission, which lets only logged-in clients through",
    config: sample("submission-sasl"),
    lines: session(
      "postfix/submission/smtpd",
      20,
      "unknown[198.51.100.61]",
      "554 5.7.1 <unknown[198.51.100.61]>: Client host rejected: Access denied; from=<carol@example.org> to=<ed@remote.example> proto=ESMTP helo=<phone>",
      "ehlo=2 starttls=1 mail=1 rcpt=0/1 quit=1 commands=5/6",
    ),
    cause: "not-authenticated",
    agreement: "agrees",
    service: "submission",
    decidedAt: "master.cf:10",
    fix: /turn on SMTP authentication \(user name and password\) in its mail program for port 587/,
    note: /^what-if: logged in, the replay accepts$/,
  },
  {
    name: "a failed login (auth=0/1)",
    config: sample("submission-sasl"),
    lines: session(
      "postfix/submission/smtpd",
      21,
      "unknown[198.51.100.62]",
      "554 5.7.1 <unknown[198.51.100.62]>: Client host rejected: Access denied; from=<frank@example.org> to=<g@remote.example> proto=ESMTP helo=<pc>",
      "ehlo=2 starttls=1 auth=0/1 mail=1 rcpt=0/1 quit=1 commands=5/7",
    ),
    cause: "auth-failed",
    agreement: "agrees",
    fix: /smtpd_sasl_type = dovecot, smtpd_sasl_path = private\/auth/,
  },
  {
    name: "a user on port 25, where login is off; submission would accept",
    config: sample("submission-sasl"),
    lines: session("postfix/smtpd", 22, "mobile.carrier.example[203.0.113.45]", relay("h@remote.example"), "ehlo=2 starttls=1 mail=1 rcpt=0/1 quit=1 commands=5/6"),
    cause: "auth-not-offered-on-service",
    agreement: "agrees",
    service: "smtp",
    summary: /where login is off \(smtpd_sasl_auth_enable = no\).*submission \(port 587\) offers login and accepts a logged-in client/,
    fix: /set its mail program to submission \(port 587\) with STARTTLS and authentication/,
  },
  {
    name: "login only inside TLS, and the client did not use STARTTLS",
    config: fixture("tls-auth-only"),
    lines: session("postfix/smtpd", 30, "unknown[203.0.113.7]", relay("a@remote.example"), "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"),
    cause: "auth-needs-tls",
    agreement: "agrees",
    summary: /offers login only inside TLS \(smtpd_tls_auth_only = yes, .*main\.cf:12\); the client did not use STARTTLS/,
  },
  {
    name: "the same with STARTTLS: simply not logged in",
    config: fixture("tls-auth-only"),
    lines: session("postfix/smtpd", 31, "unknown[203.0.113.7]", relay("a@remote.example"), "ehlo=2 starttls=1 mail=1 rcpt=0/1 quit=1 commands=4/5"),
    cause: "not-authenticated",
    agreement: "agrees",
  },
  {
    name: "no service offers login",
    config: fixture("no-sasl"),
    lines: session("postfix/smtpd", 40, "unknown[203.0.113.7]", relay("a@remote.example"), "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"),
    cause: "no-auth-offered",
    agreement: "agrees",
    summary: /smtpd_sasl_auth_enable is off on smtp/,
  },
  {
    name: "a host on a private network outside mynetworks",
    config: fixture("no-sasl"),
    lines: session("postfix/smtpd", 41, "unknown[10.20.30.40]", relay("a@remote.example", "554 5.7.1", "scanner@example.org", "scanner"), "helo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"),
    cause: "client-outside-mynetworks",
    agreement: "agrees",
    summary: /not in mynetworks \(127\.0\.0\.0\/8 192\.0\.2\.0\/24, .*main\.cf:6\)/,
    note: /^what-if: with 10\.20\.30\.40\/32 added to mynetworks the replay accepts$/,
  },
  {
    name: "a subdomain of the server's own domain that is not configured",
    config: fixture("no-sasl"),
    lines: session("postfix/smtpd", 42, "mx.partner.example[198.51.100.40]", relay("orders@shop.example.org"), "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"),
    cause: "recipient-domain-not-accepted",
    agreement: "agrees",
    summary: /next to this server's domain example\.org/,
    note: /^what-if: with shop\.example\.org added to relay_domains the replay accepts$/,
  },
  {
    name: "login elsewhere, but refused there by another restriction: plain relay denial",
    config: fixture("helo-after-login"),
    lines: session("postfix/smtpd", 50, "unknown[203.0.113.7]", relay("a@remote.example", "554 5.7.1", "s@example.org", "pc"), "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"),
    cause: "relay-denied",
    agreement: "agrees",
  },
  {
    name: "a sender access table, before the relay check",
    config: fixture("sender-access"),
    lines: session(
      "postfix/smtpd",
      60,
      "unknown[203.0.113.9]",
      "554 5.7.1 <spam@spam.example>: Sender address rejected: Access denied; from=<spam@spam.example> to=<u@example.org> proto=ESMTP helo=<x.example>",
      "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4",
    ),
    cause: "restriction",
    agreement: "agrees",
    summary: /^Refused by check_sender_access inline:\{ spam@spam\.example=REJECT \} in smtpd_sender_restrictions \(.*main\.cf:7\)/,
  },
  {
    name: "a local user that does not exist (the recipient table is not readable offline)",
    config: sample("submission-sasl"),
    lines: session(
      "postfix/smtpd",
      70,
      "mx.partner.example[198.51.100.40]",
      "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table; from=<b@partner.example> to=<nobody@example.org> proto=ESMTP helo=<mx.partner.example>",
      "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4",
    ),
    cause: "unknown-recipient",
    agreement: "unknown",
  },
  {
    name: "the fixed configuration accepts what the log shows refused",
    config: sample("relay-denied-fixed"),
    lines: session("postfix/submission/smtpd", 80, "unknown[203.0.113.7]", relay("carol@partner.example"), "ehlo=2 starttls=1 auth=1 mail=1 rcpt=0/1 quit=1 commands=5/6"),
    cause: "replay-accepts",
    agreement: "differs",
    summary: /mtalint does not guess which/,
  },
  {
    name: "another reply than the configuration gives (454 where it answers 554)",
    config: sample("relay-denied"),
    lines: session("postfix/smtpd", 81, "unknown[203.0.113.7]", relay("a@remote.example", "454 4.7.1"), "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"),
    cause: "replay-differs",
    agreement: "differs",
    note: /the replay gives a permanent refusal, the log a temporary one; the log shows "454 4\.7\.1 <a@remote\.example>: Relay access denied"/,
  },
  {
    name: "a login where this configuration offers none",
    config: fixture("no-sasl"),
    lines: session("postfix/smtpd", 82, "unknown[203.0.113.7]", relay("a@remote.example"), "ehlo=1 auth=1 mail=1 rcpt=0/1 quit=1 commands=4/5"),
    cause: "replay-differs",
    agreement: "differs",
    note: /the log shows a login, but on service smtp this configuration offers none/,
  },
  {
    name: "a policy service decides: undecidable, no cause guessed",
    config: sample("relay-denied"),
    lines: session(
      "postfix/smtpd",
      83,
      "mx.partner.example[198.51.100.40]",
      "550 5.7.23 <u@example.net>: Recipient address rejected: Message rejected due to: SPF fail - not authorized; from=<x@partner.example> to=<u@example.net> proto=ESMTP helo=<mx.partner.example>",
      "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4",
    ),
    cause: "replay-unknown",
    agreement: "unknown",
    summary: /the policy service unix:private\/policyd-spf decides/,
  },
  {
    name: "a configuration smtpd would not start with",
    config: relayFixture("no-relay-protection"),
    lines: session("postfix/smtpd", 84, "unknown[203.0.113.7]", relay("a@remote.example"), "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"),
    cause: "replay-fatal",
    agreement: "differs",
  },
  {
    name: "postscreen's rejection is not replayed",
    config: sample("relay-denied"),
    lines: [
      "Nov 25 10:00:00 mail postfix/postscreen[99]: NOQUEUE: reject: RCPT from [203.0.113.50]:4001: 550 5.7.1 Service unavailable; client [203.0.113.50] blocked using zen.spamhaus.org; from=<a@b.example>, to=<c@example.net>, proto=ESMTP, helo=<x>",
    ],
    cause: "not-replayed",
    agreement: "not-replayed",
    summary: /postscreen refuses before smtpd's restriction lists run/,
  },
  {
    name: "a rejection at MAIL is not replayed",
    config: sample("relay-denied"),
    lines: ["Nov 25 10:00:00 mail postfix/smtpd[1]: NOQUEUE: reject: MAIL from unknown[203.0.113.8]: 504 5.5.2 <pc>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<pc>"],
    cause: "not-replayed",
    agreement: "not-replayed",
    summary: /^Refused at MAIL; the relay simulator replays the answer to RCPT TO only\.$/,
  },
  {
    name: "an Exim line against a Postfix configuration",
    config: sample("relay-denied"),
    lines: ["2026-11-25 10:00:00 H=(pc) [203.0.113.7] F=<a@example.net> rejected RCPT <b@remote.example>: relay not permitted"],
    cause: "not-replayed",
    agreement: "not-replayed",
    summary: /^Exim wrote this line, but the configuration given is Postfix's\.$/,
  },
  {
    name: "a second instance's syslog_name (multi_instance_name) finds its smtpd",
    config: fixture("instance-out"),
    lines: session("postfix-out/smtpd", 90, "unknown[203.0.113.7]", relay("a@remote.example"), "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"),
    cause: "no-auth-offered",
    agreement: "agrees",
    service: "smtp",
  },
];

describe("explain, Postfix", () => {
  test.each(cases)("$name", (c) => {
    const g = only(explainLog(c.config, c.lines));
    const where = JSON.stringify(g, null, 1);
    expect(g.cause, where).toBe(c.cause);
    expect(g.agreement, where).toBe(c.agreement);
    if (c.service) expect(g.service, where).toBe(c.service);
    if (c.decidedAt) expect(`${g.decidedBy?.file}:${g.decidedBy?.line}`, where).toMatch(new RegExp(`${c.decidedAt.replace(/\./g, "\\.")}$`));
    if (c.summary) expect(g.summary, where).toMatch(c.summary);
    if (c.fix) expect(g.fix, where).toMatch(c.fix);
    if (c.note) expect(g.examples[0]!.notes, where).toContainEqual(expect.stringMatching(c.note));
  });

  test("a log from another instance: the service is assumed, and the note says so", () => {
    const lines = session("postfix-out/smtpd", 91, "unknown[203.0.113.7]", relay("a@remote.example"), "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4");
    const g = only(explainLog(sample("relay-denied"), lines));
    expect(g.examples[0]!.notes).toContain("no smtpd service in this configuration logs as postfix-out (is the log from another Postfix instance?); assumed smtp");
  });

  test("a submissions (smtps) line: implicit TLS, no STARTTLS in the counters", () => {
    const lines = session(
      "postfix/submissions/smtpd",
      92,
      "unknown[203.0.113.7]",
      "554 5.7.1 <bob@remote.example>: Recipient address rejected: Access denied; from=<s@example.org> to=<bob@remote.example> proto=ESMTP helo=<pc>",
      "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4",
    );
    const g = only(explainLog(relayFixture("submission"), lines));
    expect(g.service).toBe("submissions");
    expect(g.cause).toBe("not-authenticated");
    expect(g.examples[0]!.notes).toContain("service submissions speaks TLS from the start (smtpd_tls_wrappermode = yes)");
  });

  test("many lines: grouped by cause with counts, top clients and recipients, earliest examples", () => {
    const lines: string[] = [];
    for (let i = 0; i < 7; i++) {
      lines.push(...session("postfix/smtpd", 100 + i, `unknown[198.51.100.${i % 3}]`, relay(`v${i % 2}@remote.example`), "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"));
    }
    lines.push(...session("postfix/submission/smtpd", 200, "unknown[203.0.113.7]", relay("carol@partner.example"), "ehlo=1 auth=1 mail=1 rcpt=0/1 quit=1 commands=4/5"));
    lines.push("not a log line", "");
    const r = explainLog(sample("relay-denied"), lines, { top: 2 });
    expect(r.rejections).toEqual({ total: 8, agrees: 8, differs: 0, unknown: 0, notReplayed: 0 });
    expect(r.lines).toEqual({ total: 26, blank: 1, postfix: 24, exim: 0, otherPrograms: 0, unrecognized: 1, tooLong: 0 });
    expect(r.groups.map((g) => [g.cause, g.service, g.count])).toEqual([
      ["authenticated-relay-denied", "smtp", 7],
      ["authenticated-relay-denied", "submission", 1],
    ]);
    const g = r.groups[0]!;
    expect(g.clients).toEqual([
      { value: "198.51.100.0", count: 3 },
      { value: "198.51.100.1", count: 2 },
    ]);
    expect(g.recipients).toEqual([
      { value: "v0@remote.example", count: 4 },
      { value: "v1@remote.example", count: 3 },
    ]);
    expect(g.examples.map((e) => e.lineNumber)).toEqual([2, 5, 8]);
  });
});
