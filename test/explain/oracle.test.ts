/**
 * explain on the log lines the REAL MTAs wrote for their own rejections: real
 * Postfix smtpd (private master, its maillog_file) and real `exim -bh` (its
 * "LOG:" lines) refuse recipients in the relay-oracle scenarios; those lines,
 * exactly as written, are fed to explain with the same configuration. Every
 * refused scenario must give exactly one rejection, and its replay must agree
 * with what the real MTA answered (cause attributed, agreement "agrees").
 * Accepted scenarios must give no rejection. Skipped without the oracles
 * (MTALINT_REQUIRE_ORACLES=1 makes that a failure).
 */
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { explainLines, loadTarget } from "../../src/explain/index.js";
import type { ExplainReport } from "../../src/explain/report.js";
import { eximRelayOracleAvailable, eximRelayVerdicts, type EximScenario } from "../helpers/exim-relay-oracle.js";
import { oracleStatus, oraclesRequired } from "../helpers/oracles.js";
import { postfixRelayOracleAvailable, postfixRelayVerdictsWithLog, type RelayScenario } from "../helpers/postfix-relay-oracle.js";

const repo = resolve(import.meta.dirname, "../..");
const fixtures = join(repo, "test/fixtures/relay");

function availability(binary: "postconf" | "exim", extra: () => { available: boolean; reason: string }): boolean {
  if (!oracleStatus(binary).available) return false;
  const a = extra();
  if (a.available) return true;
  if (oraclesRequired) throw new Error(`MTALINT_REQUIRE_ORACLES=1 but ${a.reason}`);
  console.warn(`skipping explain oracle tests: ${a.reason}`);
  return false;
}

const havePostfix = availability("postconf", postfixRelayOracleAvailable);
const haveExim = availability("exim", eximRelayOracleAvailable);

const OUT = "203.0.113.5";

/** For each scenario: the real verdict, and what explain made of the lines the MTA logged for it. */
function check(label: string, verdict: { verdict: string; raw: string }, log: string[], report: ExplainReport, cause?: string): void {
  const where = `${label}: real ${verdict.verdict} ${verdict.raw}\nlog:\n${log.join("\n")}\nreport: ${JSON.stringify(report.groups, null, 1)}`;
  if (verdict.verdict === "ACCEPT") {
    expect(report.rejections.total, where).toBe(0);
    return;
  }
  expect(verdict.verdict === "REJECT" || verdict.verdict === "DEFER", where).toBe(true);
  expect(report.rejections.total, where).toBe(1);
  expect(report.lines.unrecognized, where).toBe(0);
  expect(report.rejections.agrees, where).toBe(1);
  const g = report.groups[0]!;
  expect(g.examples[0]!.replayed, where).toMatch(new RegExp(`^${verdict.verdict} `));
  if (cause) expect(g.cause, where).toBe(cause);
}

describe.skipIf(!havePostfix)("explain replays real Postfix log lines", () => {
  const cases: { config: string; scenarios: (RelayScenario & { cause?: string })[] }[] = [
    {
      config: join(fixtures, "postfix/sasl-no-permit"),
      scenarios: [
        // Logged in with XCLIENT LOGIN, which leaves no trace in the log: the 554 (not the 454 a stranger gets) shows it.
        { client: OUT, to: "bob@remote.example", sasl: "alice", cause: "authenticated-relay-denied" },
        { client: OUT, to: "bob@remote.example", cause: "authenticated-relay-denied" },
        { client: OUT, from: "", to: "bob@remote.example" },
        { client: OUT, to: "bob@example.org" },
      ],
    },
    {
      config: join(fixtures, "postfix/submission"),
      scenarios: [
        { client: OUT, to: "bob@remote.example", service: "submission", cause: "not-authenticated" },
        { client: OUT, to: "bob@remote.example", sasl: "alice", cause: "auth-not-offered-on-service" },
        { client: OUT, to: "bob@remote.example", sasl: "alice", service: "submission" },
      ],
    },
    {
      config: join(repo, "samples/postfix/relay-denied"),
      scenarios: [
        { client: OUT, to: "user@remote.example", service: "submission", sasl: "alice", cause: "authenticated-relay-denied" },
        { client: "192.168.1.50", to: "user@remote.example", cause: "client-outside-mynetworks" },
      ],
    },
    {
      config: join(fixtures, "postfix/mynetworks"),
      scenarios: [
        { client: "198.51.100.7", to: "bob@remote.example" },
        { client: "192.0.2.10", to: "bob@remote.example" },
      ],
    },
  ];
  for (const c of cases) {
    test(`${c.config.slice(repo.length + 1)}`, async () => {
      const real = await postfixRelayVerdictsWithLog(c.config, c.scenarios);
      const target = loadTarget(c.config);
      real.forEach((v, i) => {
        const sc = c.scenarios[i]!;
        // Each line goes in exactly as the real Postfix wrote it (syslog prefix, pid, NOQUEUE reject, disconnect counters).
        const report = explainLines(target, v.log);
        check(`${JSON.stringify(sc)}`, v, v.log, report, sc.cause);
      });
    });
  }
});

describe.skipIf(!haveExim)("explain replays real Exim log lines (exim -bh)", () => {
  const cases: { config: string; scenarios: (EximScenario & { cause?: string })[] }[] = [
    {
      config: join(fixtures, "exim/auth-denied.conf"),
      scenarios: [
        { client: OUT, to: "bob@remote.example", sasl: "alice", cause: "authenticated-relay-denied" },
        { client: OUT, to: "bob@remote.example", cause: "authenticated-relay-denied" },
        { client: OUT, to: "bob@example.org", sasl: "alice" },
      ],
    },
    {
      config: join(fixtures, "exim/relay-from-hosts.conf"),
      scenarios: [
        { client: "198.51.100.7", to: "bob@remote.example", cause: "no-auth-offered" },
        { client: "198.51.100.7", from: "spammer@example.net", to: "bob@remote.example", cause: "restriction" },
        { client: "198.51.100.7", to: "later@partner.example", cause: "restriction" },
        { client: "10.1.2.3", to: "bob@remote.example", cause: "client-outside-mynetworks" },
      ],
    },
    {
      config: join(fixtures, "exim/authenticated.conf"),
      scenarios: [
        { client: OUT, to: "bob@remote.example", cause: "not-authenticated" },
        { client: OUT, to: "bob@remote.example", sasl: "alice" },
      ],
    },
  ];
  for (const c of cases) {
    test(`${c.config.slice(repo.length + 1)}`, async () => {
      const real = await eximRelayVerdicts(c.config, c.scenarios, { log: true });
      const target = loadTarget(c.config, { kind: "exim" });
      real.forEach((v, i) => {
        const sc = c.scenarios[i]!;
        const log = v.log ?? [];
        // Only a session that really logged in may show A= (and explain must then replay it as logged in).
        if (sc.sasl !== undefined && v.saslAccepted) expect(log.join("\n")).toMatch(v.verdict === "ACCEPT" ? /^/ : / A=\S+:alice /);
        check(`${JSON.stringify(sc)}`, v, log, explainLines(target, log), sc.cause);
      });
    });
  }
});
