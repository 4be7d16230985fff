/** Every log prefix explain reads: syslog, journald, RFC 3339/5424, Exim's main log and exim -bh, and none. */
import { describe, expect, test } from "vitest";
import { parsePrefix, type LogPrefix } from "../../src/explain/log-prefix.js";

const MSG = "NOQUEUE: reject: RCPT from unknown[203.0.113.7]: 554 5.7.1 <a@remote.example>: Relay access denied; from=<> to=<a@remote.example> proto=ESMTP helo=<x>";

const cases: { name: string; line: string; want: LogPrefix }[] = [
  {
    name: "BSD syslog (rsyslog default, postlogd maillog_file)",
    line: `Nov 25 10:00:00 mail postfix/submission/smtpd[123]: ${MSG}`,
    want: { format: "bsd", timestamp: "Nov 25 10:00:00", host: "mail", program: "postfix/submission/smtpd", pid: "123", body: MSG },
  },
  {
    name: "BSD syslog with a one-digit day padded by a space",
    line: `Nov  5 10:00:00 mail postfix/smtpd[9]: ${MSG}`,
    want: { format: "bsd", timestamp: "Nov  5 10:00:00", host: "mail", program: "postfix/smtpd", pid: "9", body: MSG },
  },
  {
    name: "journalctl -o short-precise",
    line: `Nov 25 10:00:00.123456 mail postfix/smtpd[9]: ${MSG}`,
    want: { format: "bsd", timestamp: "Nov 25 10:00:00.123456", host: "mail", program: "postfix/smtpd", pid: "9", body: MSG },
  },
  {
    name: "RFC 3339 (rsyslog RSYSLOG_FileFormat)",
    line: `2026-11-25T10:00:00.123456+00:00 mail postfix/smtpd[123]: ${MSG}`,
    want: { format: "rfc3339", timestamp: "2026-11-25T10:00:00.123456+00:00", host: "mail", program: "postfix/smtpd", pid: "123", body: MSG },
  },
  {
    name: "journalctl -o short-iso (offset without colon)",
    line: `2026-11-25T10:00:00+0100 mail postfix/smtpd[123]: ${MSG}`,
    want: { format: "rfc3339", timestamp: "2026-11-25T10:00:00+0100", host: "mail", program: "postfix/smtpd", pid: "123", body: MSG },
  },
  {
    name: "RFC 3339 in UTC with Z",
    line: `2026-11-25T10:00:00Z mail postfix-out/smtpd[7]: ${MSG}`,
    want: { format: "rfc3339", timestamp: "2026-11-25T10:00:00Z", host: "mail", program: "postfix-out/smtpd", pid: "7", body: MSG },
  },
  {
    name: "journalctl -o short-full",
    line: `Wed 2026-11-25 10:00:00 UTC mail postfix/smtpd[123]: ${MSG}`,
    want: { format: "short-full", timestamp: "Wed 2026-11-25 10:00:00 UTC", host: "mail", program: "postfix/smtpd", pid: "123", body: MSG },
  },
  {
    name: "journalctl -o short-unix",
    line: `1764064800.123456 mail postfix/smtpd[123]: ${MSG}`,
    want: { format: "unix", timestamp: "1764064800.123456", host: "mail", program: "postfix/smtpd", pid: "123", body: MSG },
  },
  {
    name: "RFC 5424 with nil structured data",
    line: `<22>1 2026-11-25T10:00:00.123Z mail postfix/smtpd 123 - - ${MSG}`,
    want: { format: "rfc5424", timestamp: "2026-11-25T10:00:00.123Z", host: "mail", program: "postfix/smtpd", pid: "123", body: MSG },
  },
  {
    name: "RFC 5424 with structured data holding an escaped bracket, and a BOM",
    line: `<22>1 2026-11-25T10:00:00Z mail postfix/submission/smtpd 77 - [meta a="x\\]y"][origin ip="192.0.2.1"] \uFEFF${MSG}`,
    want: { format: "rfc5424", timestamp: "2026-11-25T10:00:00Z", host: "mail", program: "postfix/submission/smtpd", pid: "77", body: MSG },
  },
  {
    name: "RFC 5424 with nil host and procid",
    line: `<22>1 - - postfix/smtpd - - - ${MSG}`,
    want: { format: "rfc5424", program: "postfix/smtpd", body: MSG },
  },
  {
    name: "RFC 3164 on the wire: priority before a BSD timestamp",
    line: `<22>Nov 25 10:00:00 mail postfix/smtpd[1]: ${MSG}`,
    want: { format: "bsd", timestamp: "Nov 25 10:00:00", host: "mail", program: "postfix/smtpd", pid: "1", body: MSG },
  },
  {
    name: "a syslog line without host name",
    line: `Nov 25 10:00:00 postfix/smtpd[1]: ${MSG}`,
    want: { format: "bsd", timestamp: "Nov 25 10:00:00", program: "postfix/smtpd", pid: "1", body: MSG },
  },
  {
    name: "tag only (docker logs, grep -h of a container's output)",
    line: `postfix/smtpd[42]: ${MSG}`,
    want: { format: "tag-only", program: "postfix/smtpd", pid: "42", body: MSG },
  },
  {
    name: "no prefix at all (pasted message)",
    line: MSG,
    want: { format: "none", body: MSG },
  },
  {
    name: "Exim main log",
    line: "2026-11-25 10:00:00 H=(laptop) [198.51.100.23] F=<a@b.example> rejected RCPT <c@d.example>: relay not permitted",
    want: { format: "exim", timestamp: "2026-11-25 10:00:00", body: "H=(laptop) [198.51.100.23] F=<a@b.example> rejected RCPT <c@d.example>: relay not permitted" },
  },
  {
    name: "Exim main log with log_selector +pid, milliseconds and log_timezone",
    line: "2026-11-25 10:00:00.123 +0100 [4711] H=[198.51.100.23] F=<> rejected RCPT <c@d.example>",
    want: { format: "exim", timestamp: "2026-11-25 10:00:00.123 +0100", pid: "4711", body: "H=[198.51.100.23] F=<> rejected RCPT <c@d.example>" },
  },
  {
    name: "exim -bh / -d output",
    line: "LOG: H=(client.example) [203.0.113.5] F=<s@example.com> rejected RCPT <b@remote.example>: relay not permitted",
    want: { format: "exim-test", body: "H=(client.example) [203.0.113.5] F=<s@example.com> rejected RCPT <b@remote.example>: relay not permitted" },
  },
  {
    name: "Exim through syslog",
    line: "Nov 25 10:00:00 mail exim[4711]: H=(x) [198.51.100.23] F=<> rejected RCPT <c@d.example>",
    want: { format: "bsd", timestamp: "Nov 25 10:00:00", host: "mail", program: "exim", pid: "4711", body: "H=(x) [198.51.100.23] F=<> rejected RCPT <c@d.example>" },
  },
  {
    name: "a message that merely starts with a word and a colon is not a tag",
    line: "warning: something odd",
    want: { format: "none", body: "warning: something odd" },
  },
];

describe("log prefixes", () => {
  test.each(cases)("$name", ({ line, want }) => {
    expect(parsePrefix(line)).toEqual(want);
  });
});
