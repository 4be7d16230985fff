/** What explain reads from one Postfix or Exim log line (lines written the way the MTAs write them). */
import { describe, expect, test } from "vitest";
import type { LogEvent } from "../../src/explain/log-events.js";
import { parseLogLine } from "../../src/explain/log-line.js";

const P = "Nov 25 10:00:00 mail postfix/smtpd[2300]: ";
const S = "Nov 25 10:00:00 mail postfix/submission/smtpd[2211]: ";

const postfix: { name: string; line: string; want: LogEvent | undefined }[] = [
  {
    name: "554 Relay access denied",
    line: `${P}NOQUEUE: reject: RCPT from unknown[203.0.113.7]: 554 5.7.1 <a@remote.example>: Relay access denied; from=<s@example.net> to=<a@remote.example> proto=ESMTP helo=<pc.example>`,
    want: {
      type: "rejection",
      mta: "postfix",
      rejection: {
        mta: "postfix", stage: "RCPT", action: "reject", program: "postfix/smtpd", daemon: "smtpd", syslogName: "postfix",
        client: "203.0.113.7", from: "s@example.net", to: "a@remote.example", proto: "ESMTP", helo: "pc.example",
        reply: { kind: "REJECT", code: "554", enhancedCode: "5.7.1", text: "<a@remote.example>: Relay access denied" },
      },
    },
  },
  {
    name: "454 4.7.1 from the submission service, with a verified client name and the null sender",
    line: `${S}NOQUEUE: reject: RCPT from laptop.example.com[203.0.113.7]: 454 4.7.1 <a@remote.example>: Relay access denied; from=<> to=<a@remote.example> proto=ESMTP helo=<[192.168.1.20]>`,
    want: {
      type: "rejection",
      mta: "postfix",
      rejection: {
        mta: "postfix", stage: "RCPT", action: "reject", program: "postfix/submission/smtpd", daemon: "smtpd", syslogName: "postfix/submission",
        client: "203.0.113.7", clientName: "laptop.example.com", from: "", to: "a@remote.example", proto: "ESMTP", helo: "[192.168.1.20]",
        reply: { kind: "DEFER", code: "454", enhancedCode: "4.7.1", text: "<a@remote.example>: Relay access denied" },
      },
    },
  },
  {
    name: "450 Client host rejected, with client port logging and a queue id instead of NOQUEUE",
    line: `${P}4F1C2A1B3C: reject: RCPT from unknown[198.51.100.9]:50322: 450 4.7.25 Client host rejected: cannot find your hostname, [198.51.100.9]; from=<s@example.net> to=<u@example.net> proto=ESMTP helo=<pc>`,
    want: {
      type: "rejection",
      mta: "postfix",
      rejection: {
        mta: "postfix", stage: "RCPT", action: "reject", program: "postfix/smtpd", daemon: "smtpd", syslogName: "postfix",
        client: "198.51.100.9", clientPort: "50322", from: "s@example.net", to: "u@example.net", proto: "ESMTP", helo: "pc",
        reply: { kind: "DEFER", code: "450", enhancedCode: "4.7.25", text: "Client host rejected: cannot find your hostname, [198.51.100.9]" },
      },
    },
  },
  {
    name: "550 Sender address rejected over IPv6",
    line: `${P}NOQUEUE: reject: RCPT from mail.example.org[2001:db8::25]: 550 5.1.0 <x@nowhere.example>: Sender address rejected: Domain not found; from=<x@nowhere.example> to=<u@example.net> proto=ESMTP helo=<mail.example.org>`,
    want: {
      type: "rejection",
      mta: "postfix",
      rejection: {
        mta: "postfix", stage: "RCPT", action: "reject", program: "postfix/smtpd", daemon: "smtpd", syslogName: "postfix",
        client: "2001:db8::25", clientName: "mail.example.org", from: "x@nowhere.example", to: "u@example.net", proto: "ESMTP", helo: "mail.example.org",
        reply: { kind: "REJECT", code: "550", enhancedCode: "5.1.0", text: "<x@nowhere.example>: Sender address rejected: Domain not found" },
      },
    },
  },
  {
    name: "an RBL reply whose text holds \"; \" itself",
    line: `${P}NOQUEUE: reject: RCPT from unknown[203.0.113.99]: 554 5.7.1 Service unavailable; Client host [203.0.113.99] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.99; from=<s@x.example> to=<u@example.net> proto=ESMTP helo=<x>`,
    want: {
      type: "rejection",
      mta: "postfix",
      rejection: {
        mta: "postfix", stage: "RCPT", action: "reject", program: "postfix/smtpd", daemon: "smtpd", syslogName: "postfix",
        client: "203.0.113.99", from: "s@x.example", to: "u@example.net", proto: "ESMTP", helo: "x",
        reply: { kind: "REJECT", code: "554", enhancedCode: "5.7.1", text: "Service unavailable; Client host [203.0.113.99] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.99" },
      },
    },
  },
  {
    name: "a Helo command rejection without HELO-less fields, at the MAIL stage",
    line: `${P}NOQUEUE: reject: MAIL from unknown[203.0.113.8]: 504 5.5.2 <pc>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<pc>`,
    want: {
      type: "rejection",
      mta: "postfix",
      rejection: {
        mta: "postfix", stage: "MAIL", action: "reject", program: "postfix/smtpd", daemon: "smtpd", syslogName: "postfix",
        client: "203.0.113.8", proto: "SMTP", helo: "pc",
        reply: { kind: "REJECT", code: "504", enhancedCode: "5.5.2", text: "<pc>: Helo command rejected: need fully-qualified hostname" },
      },
    },
  },
  {
    name: "postscreen's rejection (a daemon other than smtpd)",
    line: "Nov 25 10:00:00 mail postfix/postscreen[99]: NOQUEUE: reject: RCPT from [203.0.113.50]:4001: 550 5.7.1 Service unavailable; client [203.0.113.50] blocked using zen.spamhaus.org; from=<a@b.example>, to=<c@example.net>, proto=ESMTP, helo=<x>",
    want: undefined,
  },
  {
    name: "milter-reject",
    line: `${P}4F1C2A1B3C: milter-reject: END-OF-MESSAGE from unknown[203.0.113.9]: 5.7.1 Spam message rejected; from=<s@x.example> to=<u@example.net> proto=ESMTP helo=<x>`,
    want: { type: "other", mta: "postfix" },
  },
  {
    name: "reject_warning only logs (warn_if_reject)",
    line: `${P}NOQUEUE: reject_warning: RCPT from unknown[203.0.113.9]: 450 4.7.1 <x>: Helo command rejected: Host not found; from=<s@x.example> to=<u@example.net> proto=ESMTP helo=<x>`,
    want: { type: "other", mta: "postfix" },
  },
  { name: "connect", line: `${S}connect from laptop.example.com[203.0.113.7]`, want: { type: "connect", mta: "postfix", client: "203.0.113.7" } },
  {
    name: "disconnect with the command counters",
    line: `${S}disconnect from laptop.example.com[203.0.113.7] ehlo=2 starttls=1 auth=0/1 mail=1 rcpt=0/1 quit=1 commands=5/7`,
    want: { type: "disconnect", mta: "postfix", client: "203.0.113.7", stats: { ehlo: "2", starttls: "1", auth: "0/1", mail: "1", rcpt: "0/1", quit: "1", commands: "5/7" } },
  },
  {
    name: "an accepted message's client line with the SASL login",
    line: `${S}4F1C2A1B3C: client=unknown[198.51.100.23], sasl_method=LOGIN, sasl_username=bob@example.net`,
    want: { type: "login", mta: "postfix", client: "198.51.100.23", user: "bob@example.net", mechanism: "LOGIN" },
  },
  { name: "a client line without login", line: `${P}4F1C2A1B3C: client=mx.partner.example[198.51.100.40]`, want: { type: "other", mta: "postfix" } },
  {
    name: "a failed SASL login (Postfix 3.x adds sasl_username)",
    line: `${S}warning: dsl-77.isp.example[198.51.100.62]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=frank`,
    want: { type: "login-failed", mta: "postfix", client: "198.51.100.62", mechanism: "LOGIN", user: "frank" },
  },
  {
    name: "a failed SASL login, older format",
    line: `${S}warning: unknown[198.51.100.62]: SASL PLAIN authentication failed: authentication failure`,
    want: { type: "login-failed", mta: "postfix", client: "198.51.100.62", mechanism: "PLAIN" },
  },
  {
    name: "TLS established (smtpd_tls_loglevel = 1)",
    line: `${S}Anonymous TLS connection established from unknown[198.51.100.61]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)`,
    want: { type: "tls", mta: "postfix", client: "198.51.100.61" },
  },
  { name: "a queue manager line", line: "Nov 25 10:00:00 mail postfix/qmgr[1402]: 4F1C2A1B3C: removed", want: { type: "other", mta: "postfix" } },
];

test("a rejection line cut short keeps what it says (no recipient: explain does not replay it)", () => {
  expect(parseLogLine(`${P}NOQUEUE: reject: RCPT from unknown[203.0.113.7]: 554 5.7.1 <a@remote.`).event).toEqual({
    type: "rejection",
    mta: "postfix",
    rejection: {
      mta: "postfix", stage: "RCPT", action: "reject", program: "postfix/smtpd", daemon: "smtpd", syslogName: "postfix", client: "203.0.113.7",
      reply: { kind: "REJECT", code: "554", enhancedCode: "5.7.1", text: "<a@remote." },
    },
  });
});

const E = "2026-11-25 09:20:15 [20388] ";
const exim: { name: string; line: string; want: LogEvent | undefined }[] = [
  {
    name: "relay not permitted with pid, ports and interface",
    line: `${E}H=(spam.example) [203.0.113.66]:41000 I=[192.0.2.1]:25 F=<spam@spam.example> rejected RCPT <victim@remote.example>: relay not permitted`,
    want: {
      type: "rejection",
      mta: "exim",
      rejection: {
        mta: "exim", stage: "RCPT", action: "rejected", client: "203.0.113.66", clientPort: "41000", localPort: "25", helo: "spam.example",
        from: "spam@spam.example", to: "victim@remote.example", reply: { kind: "REJECT", text: "relay not permitted" },
      },
    },
  },
  {
    name: "a logged-in session (A=), host name equal to HELO, no pid",
    line: "2026-11-25 10:00:00 H=laptop.example.com [198.51.100.23] F=<alice@example.net> A=dovecot_plain:alice rejected RCPT <friend@remote.example>: relay not permitted",
    want: {
      type: "rejection",
      mta: "exim",
      rejection: {
        mta: "exim", stage: "RCPT", action: "rejected", client: "198.51.100.23", clientName: "laptop.example.com", helo: "laptop.example.com",
        from: "alice@example.net", to: "friend@remote.example", authenticator: "dovecot_plain", authId: "alice", reply: { kind: "REJECT", text: "relay not permitted" },
      },
    },
  },
  {
    name: "host name and a different HELO, ident user (U=) and TLS (X=), IPv6",
    line: "2026-11-25 10:00:00 H=mx.partner.example (helo.partner.example) [2001:db8::40]:2525 U=mail X=TLS1.3:TLS_AES_256_GCM_SHA384:256 F=<> rejected RCPT <u@example.net>: 550 5.1.1 unknown user",
    want: {
      type: "rejection",
      mta: "exim",
      rejection: {
        mta: "exim", stage: "RCPT", action: "rejected", client: "2001:db8::40", clientName: "mx.partner.example", clientPort: "2525", helo: "helo.partner.example",
        ident: "mail", tlsCipher: "TLS1.3:TLS_AES_256_GCM_SHA384:256", from: "", to: "u@example.net",
        reply: { kind: "REJECT", code: "550", enhancedCode: "5.1.1", text: "unknown user" },
      },
    },
  },
  {
    name: "temporarily rejected, with an enhanced code in the message",
    line: "LOG: H=(client.example) [198.51.100.7] F=<a@example.net> temporarily rejected RCPT <later@partner.example>: 4.7.1 try again later",
    want: {
      type: "rejection",
      mta: "exim",
      rejection: {
        mta: "exim", stage: "RCPT", action: "temporarily rejected", client: "198.51.100.7", helo: "client.example", from: "a@example.net", to: "later@partner.example",
        reply: { kind: "DEFER", enhancedCode: "4.7.1", text: "try again later" },
      },
    },
  },
  {
    name: "a statement without message logs no text",
    line: "2026-11-25 10:00:00 H=[198.51.100.7] F=<a@example.net> rejected RCPT <x@remote.example>",
    want: {
      type: "rejection",
      mta: "exim",
      rejection: { mta: "exim", stage: "RCPT", action: "rejected", client: "198.51.100.7", from: "a@example.net", to: "x@remote.example", reply: { kind: "REJECT", text: "" } },
    },
  },
  {
    name: "rejected MAIL",
    line: `${E}H=(x) [203.0.113.66] rejected MAIL <spam@spam.example>: Access denied`,
    want: {
      type: "rejection",
      mta: "exim",
      rejection: { mta: "exim", stage: "MAIL", action: "rejected", client: "203.0.113.66", helo: "x", reply: { kind: "REJECT", text: "Access denied" } },
    },
  },
  {
    name: "rejected connection in the connect ACL",
    line: `${E}H=[203.0.113.66] rejected connection in "connect" ACL`,
    want: {
      type: "rejection",
      mta: "exim",
      rejection: { mta: "exim", stage: "CONNECT", action: "rejected", client: "203.0.113.66", reply: { kind: "REJECT", text: "" } },
    },
  },
  {
    name: "an authenticator failure",
    line: `${E}dovecot_login authenticator failed for (franks-laptop) [198.51.100.62]:50313 I=[192.0.2.1]:587: 535 Incorrect authentication data (set_id=frank)`,
    want: { type: "login-failed", mta: "exim", client: "198.51.100.62", mechanism: "dovecot_login", user: "frank" },
  },
  {
    name: "a received message with its id",
    line: `${E}1tXyZa-005Gk2-1A <= alice@example.net H=(laptop) [198.51.100.23] P=esmtpsa A=plain_server:alice S=2214`,
    want: { type: "other", mta: "exim" },
  },
  {
    name: "a rejection after a message id (4.97 style)",
    line: `${E}1tXyZa-000000ABCD-1234 H=(x) [203.0.113.66] F=<a@b.example> rejected after DATA: spam`,
    want: {
      type: "rejection",
      mta: "exim",
      rejection: { mta: "exim", stage: "DATA", action: "rejected", client: "203.0.113.66", helo: "x", from: "a@b.example", reply: { kind: "REJECT", text: "spam" } },
    },
  },
];

describe("Postfix log lines", () => {
  test.each(postfix)("$name", ({ line, want }) => {
    const p = parseLogLine(line);
    if (want === undefined) {
      // postscreen: parsed as a rejection of a daemon that is not smtpd (explain does not replay it)
      expect(p.event?.type).toBe("rejection");
      if (p.event?.type === "rejection") expect(p.event.rejection.daemon).toBe("postscreen");
      return;
    }
    expect(p.event).toEqual(want);
  });
});

describe("Exim log lines", () => {
  test.each(exim)("$name", ({ line, want }) => {
    expect(parseLogLine(line).event).toEqual(want);
  });
});

describe("lines that are no MTA's", () => {
  test.each([
    ["another program's syslog line", "Nov 25 10:00:00 mail dovecot[811]: auth: passwd-file(frank): Password mismatch", "dovecot[811]"],
    ["garbage", "the quick brown fox", undefined],
    ["binary bytes decoded as replacement characters", "\uFFFD\uFFFD\u0000\u0001PK\u0003\u0004", undefined],
    ["a Postfix-looking line with a broken client", `${P}NOQUEUE: reject: RCPT from unknown[not-an-ip]: 554 5.7.1 x; from=<> to=<a@b>`, "postfix"],
  ])("%s", (_name, line, owner) => {
    const p = parseLogLine(line);
    if (owner === "postfix") expect(p.event).toEqual({ type: "other", mta: "postfix" });
    else expect(p.event).toBeUndefined();
    if (owner?.startsWith("dovecot")) expect(p.program).toBe("dovecot");
  });
});
