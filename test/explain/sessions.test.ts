/** What the rest of a log says about a rejection's session: login and TLS, from the lines of the same smtpd process. */
import { describe, expect, test } from "vitest";
import { parseLogLine } from "../../src/explain/log-line.js";
import { SessionTracker, type Rejection } from "../../src/explain/sessions.js";

function track(lines: string[]): Rejection[] {
  const out: Rejection[] = [];
  const t = new SessionTracker((r) => out.push(r));
  lines.forEach((l, i) => t.push(parseLogLine(l), i + 1, l));
  t.finish();
  return out.sort((a, b) => a.lineNumber - b.lineNumber);
}

const sub = (pid: number, msg: string) => `Nov 25 10:00:00 mail postfix/submission/smtpd[${pid}]: ${msg}`;
const REJ = (ip: string) =>
  `NOQUEUE: reject: RCPT from unknown[${ip}]: 554 5.7.1 <a@remote.example>: Relay access denied; from=<s@example.net> to=<a@remote.example> proto=ESMTP helo=<pc>`;

const cases: { name: string; lines: string[]; login: Partial<Rejection["login"]>[]; tls?: (boolean | undefined)[] }[] = [
  {
    name: "auth=1 in the disconnect counters: logged in; starttls=1: TLS",
    lines: [sub(1, "connect from unknown[203.0.113.7]"), sub(1, REJ("203.0.113.7")), sub(1, "disconnect from unknown[203.0.113.7] ehlo=2 starttls=1 auth=1 mail=1 rcpt=0/1 quit=1 commands=6/7")],
    login: [{ state: "yes", line: 3 }],
    tls: [true],
  },
  {
    name: "auth=0/1: the login failed; the SASL warning names the user",
    lines: [
      sub(1, "connect from unknown[203.0.113.7]"),
      sub(1, "warning: unknown[203.0.113.7]: SASL PLAIN authentication failed: authentication failure, sasl_username=frank"),
      sub(1, REJ("203.0.113.7")),
      sub(1, "disconnect from unknown[203.0.113.7] ehlo=1 auth=0/1 mail=1 rcpt=0/1 quit=1 commands=3/5"),
    ],
    login: [{ state: "failed", user: "frank", line: 4 }],
    tls: [false],
  },
  {
    name: "auth=1/2: a retry succeeded",
    lines: [sub(1, "connect from unknown[203.0.113.7]"), sub(1, REJ("203.0.113.7")), sub(1, "disconnect from unknown[203.0.113.7] ehlo=1 auth=1/2 mail=1 rcpt=0/1 commands=4/5")],
    login: [{ state: "yes" }],
  },
  {
    name: "no auth counter: no AUTH command",
    lines: [sub(1, "connect from unknown[203.0.113.7]"), sub(1, REJ("203.0.113.7")), sub(1, "disconnect from unknown[203.0.113.7] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4")],
    login: [{ state: "no", line: 3 }],
    tls: [false],
  },
  {
    name: "an accepted message's sasl_username earlier in the session",
    lines: [
      sub(1, "connect from unknown[203.0.113.7]"),
      sub(1, "4F1C2A1B3C: client=unknown[203.0.113.7], sasl_method=PLAIN, sasl_username=alice"),
      sub(1, `4F1C2A1B3C: reject: ${REJ("203.0.113.7").slice("NOQUEUE: reject: ".length)}`),
    ],
    login: [{ state: "yes", user: "alice", line: 2 }],
    tls: [undefined],
  },
  {
    name: "no disconnect line: the login is not shown",
    lines: [sub(1, "connect from unknown[203.0.113.7]"), sub(1, REJ("203.0.113.7"))],
    login: [{ state: "unknown" }],
    tls: [undefined],
  },
  {
    name: "XCLIENT can log in without AUTH: not shown",
    lines: [sub(1, "connect from localhost[127.0.0.1]"), sub(1, REJ("203.0.113.7")), sub(1, "disconnect from unknown[203.0.113.7] ehlo=3 xclient=0/1 mail=1 rcpt=0/1 quit=1 commands=4/6")],
    login: [{ state: "unknown" }],
  },
  {
    name: "one process, two sessions: each rejection gets its own session's counters",
    lines: [
      sub(1, "connect from unknown[203.0.113.7]"),
      sub(1, REJ("203.0.113.7")),
      sub(1, "disconnect from unknown[203.0.113.7] ehlo=1 auth=1 mail=1 rcpt=0/1 quit=1 commands=4/5"),
      sub(1, "connect from unknown[198.51.100.9]"),
      sub(1, REJ("198.51.100.9")),
      sub(1, "disconnect from unknown[198.51.100.9] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"),
    ],
    login: [{ state: "yes" }, { state: "no" }],
  },
  {
    name: "interleaved processes do not mix",
    lines: [
      sub(1, "connect from unknown[203.0.113.7]"),
      sub(2, "connect from unknown[198.51.100.9]"),
      sub(2, REJ("198.51.100.9")),
      sub(1, REJ("203.0.113.7")),
      sub(2, "disconnect from unknown[198.51.100.9] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"),
      sub(1, "disconnect from unknown[203.0.113.7] ehlo=1 auth=1 mail=1 rcpt=0/1 quit=1 commands=4/5"),
    ],
    login: [{ state: "no" }, { state: "yes" }],
  },
  {
    name: "a new connect without the previous disconnect ends the old session",
    lines: [sub(1, "connect from unknown[203.0.113.7]"), sub(1, REJ("203.0.113.7")), sub(1, "connect from unknown[198.51.100.9]"), sub(1, "disconnect from unknown[198.51.100.9] ehlo=1 auth=1 commands=2")],
    login: [{ state: "unknown" }],
  },
  {
    name: "a rejection line without pid has no session",
    lines: [REJ("203.0.113.7")],
    login: [{ state: "unknown", evidence: "the line carries no process id to find its session by" }],
  },
  {
    name: "TLS established line (smtpd_tls_loglevel = 1)",
    lines: [
      sub(1, "connect from unknown[203.0.113.7]"),
      sub(1, "Anonymous TLS connection established from unknown[203.0.113.7]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)"),
      sub(1, REJ("203.0.113.7")),
    ],
    login: [{ state: "unknown" }],
    tls: [true],
  },
  {
    name: "Exim: A= on the line",
    lines: ["2026-11-25 10:00:00 H=(pc) [198.51.100.23] F=<a@example.net> A=dovecot_plain:alice rejected RCPT <b@remote.example>: relay not permitted"],
    login: [{ state: "yes", user: "alice" }],
    tls: [undefined],
  },
  {
    name: "Exim: P=esmtpsa (logged in, TLS) without A=",
    lines: ["2026-11-25 10:00:00 H=(pc) [198.51.100.23] P=esmtpsa F=<a@example.net> rejected RCPT <b@remote.example>: relay not permitted"],
    login: [{ state: "yes", evidence: "P=esmtpsa on the line" }],
    tls: [true],
  },
  {
    name: "Exim: P=esmtps (TLS, no login)",
    lines: ["2026-11-25 10:00:00 H=(pc) [198.51.100.23] P=esmtps F=<a@example.net> rejected RCPT <b@remote.example>: relay not permitted"],
    login: [{ state: "no" }],
    tls: [true],
  },
  {
    name: "Exim: an authenticator failure of the same client just before",
    lines: [
      "2026-11-25 10:00:00 dovecot_plain authenticator failed for (pc) [198.51.100.23]: 535 Incorrect authentication data (set_id=alice)",
      "2026-11-25 10:00:01 H=(pc) [198.51.100.23] F=<a@example.net> rejected RCPT <b@remote.example>: relay not permitted",
      "2026-11-25 10:00:02 H=(pc) [198.51.100.24] F=<a@example.net> rejected RCPT <b@remote.example>: relay not permitted",
    ],
    login: [{ state: "failed", user: "alice", line: 1 }, { state: "no" }],
  },
  {
    name: "Exim: a failure in another process (log_selector +pid) does not count",
    lines: [
      "2026-11-25 10:00:00 [11] dovecot_plain authenticator failed for (pc) [198.51.100.23]: 535 Incorrect authentication data (set_id=alice)",
      "2026-11-25 10:00:01 [12] H=(pc) [198.51.100.23] X=TLS1.3:TLS_AES_128_GCM_SHA256:128 F=<a@example.net> rejected RCPT <b@remote.example>: relay not permitted",
    ],
    login: [{ state: "no" }],
    tls: [true],
  },
];

describe("sessions", () => {
  test.each(cases)("$name", ({ lines, login, tls }) => {
    const got = track(lines);
    expect(got.map((r) => r.login)).toMatchObject(login);
    if (tls) expect(got.map((r) => r.tls?.used)).toEqual(tls);
  });

  test("the number of open sessions stays bounded (oldest closed first, nothing lost)", () => {
    const out: Rejection[] = [];
    const t = new SessionTracker((r) => out.push(r));
    const n = 25_000;
    for (let i = 0; i < n; i++) {
      const line = `Nov 25 10:00:00 mail postfix/smtpd[${i}]: ${REJ("203.0.113.7")}`;
      t.push(parseLogLine(line), i + 1, line);
    }
    expect(out.length).toBeGreaterThan(0); // sessions beyond the cap were closed while reading
    expect(out.length).toBeLessThan(n);
    t.finish();
    expect(out).toHaveLength(n);
  });
});
