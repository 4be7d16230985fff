/**
 * mtalint's relay verdicts against the real MTAs: every sample, fixture and
 * corpus config, a matrix of probes per smtpd service (Postfix) or for the
 * RCPT ACL (Exim). Whenever mtalint answers ACCEPT, REJECT, DEFER or FATAL,
 * the real server must answer the same (code included). Zero disagreements.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadExim } from "../../src/exim/api.js";
import { loadPostfix } from "../../src/model/postfix/config.js";
import { simulateEximRelay } from "../../src/relay/exim/simulate.js";
import { existsUnder, eximRoot } from "../../src/relay/exim/index.js";
import { probe, type ProbeName } from "../../src/relay/probes.js";
import { localDomain, smtpdServices } from "../../src/relay/postfix/services.js";
import { simulatePostfixRelay } from "../../src/relay/postfix/simulate.js";
import { verdictLine, type RelayScenario, type RelayVerdict } from "../../src/relay/types.js";
import { eximInput, validConfigs } from "../exim/helpers.js";
import { eximRelayOracleAvailable, eximRelayVerdicts } from "../helpers/exim-relay-oracle.js";
import { oraclesRequired } from "../helpers/oracles.js";
import { corpusRoot, postfixDirsUnder, repoRoot } from "../helpers/postfix-dirs.js";
import { postfixRelayOracleAvailable, postfixRelayVerdicts, type RealVerdict } from "../helpers/postfix-relay-oracle.js";

const PROBES: ProbeName[] = ["outside-to-remote", "outside-to-local", "local-to-remote", "sasl-to-remote"];

/** Extra scenarios for configs whose interesting paths the standard probes do not reach. */
const EXTRA: Record<string, RelayScenario[]> = {
  "test/fixtures/relay/postfix/regexp-sender": [
    { client: "203.0.113.7", helo: "client.sender.example", from: "spam@x.example", to: "a@remote.example" },
    { client: "203.0.113.7", helo: "client.sender.example", from: "someone@other.example", to: "a@remote.example" },
  ],
};

interface Tally {
  /** SASL probes the real server could not log in for (its authenticator refuses the oracle's password). */
  notComparable: number;
  compared: number;
  unknown: number;
  total: number;
  mismatches: string[];
  skippedConfigs: string[];
}
const tally: Tally = { notComparable: 0, compared: 0, unknown: 0, total: 0, mismatches: [], skippedConfigs: [] };

function compare(label: string, s: RelayScenario, ours: RelayVerdict, real: RealVerdict, enhanced: boolean): void {
  tally.total++;
  if (s.sasl !== undefined && real.saslOffered && real.saslAccepted === false) {
    tally.notComparable++;
    return;
  }
  if (ours.verdict === "UNKNOWN") {
    tally.unknown++;
    return;
  }
  tally.compared++;
  const same =
    ours.verdict === real.verdict &&
    (ours.verdict === "ACCEPT" || ours.verdict === "FATAL" || (ours.code === real.code && (!enhanced || ours.enhancedCode === real.enhancedCode)));
  if (!same) tally.mismatches.push(`${label} ${JSON.stringify(s)}\n    mtalint: ${verdictLine(ours)}\n    real:    ${real.verdict} ${real.raw}`);
}

function availability(check: () => { available: boolean; reason: string }): boolean {
  const a = check();
  if (!a.available) {
    if (oraclesRequired) throw new Error(`MTALINT_REQUIRE_ORACLES=1 but ${a.reason}`);
    console.warn(`skipping relay oracle comparisons: ${a.reason}`);
  }
  return a.available;
}

const postfixDirs = [
  ...postfixDirsUnder(join(repoRoot, "samples/postfix")),
  ...postfixDirsUnder(join(repoRoot, "test/fixtures/relay/postfix")),
  ...postfixDirsUnder(join(repoRoot, "test/fixtures/postfix")).filter((d) => existsSync(join(d, "master.cf")) && !/broken/.test(d)),
  ...postfixDirsUnder(join(corpusRoot, "postfix")),
];

describe.skipIf(!availability(postfixRelayOracleAvailable))("Postfix relay verdicts agree with real smtpd", () => {
  for (const dir of postfixDirs) {
    const label = relative(repoRoot, dir);
    it(label, async () => {
      const config = loadPostfix(dir);
      const domain = localDomain(config);
      const scenarios: RelayScenario[] = [];
      for (const svc of smtpdServices(config)) {
        if (!["smtp", "submission"].includes(svc.name)) continue;
        for (const p of PROBES) scenarios.push(probe(p, domain, svc.name));
      }
      scenarios.push(...(EXTRA[label] ?? []));
      // The real smtpd runs on this machine, so an unset mynetworks means this machine's networks here.
      for (const s of scenarios) s.thisHost = true;
      let real: RealVerdict[];
      try {
        real = await postfixRelayVerdicts(dir, scenarios);
      } catch (e) {
        tally.skippedConfigs.push(`${label}: ${(e as Error).message.split("\n")[0]}`);
        return;
      }
      scenarios.forEach((s, i) => compare(label, s, simulatePostfixRelay(config, s), real[i]!, true));
    });
  }
});

describe.skipIf(!availability(eximRelayOracleAvailable))("Exim relay verdicts agree with real exim -bh", () => {
  const configs = [
    // The oracle runs a copy of the file, so configs with .include (relative to the original) are left out.
    ...validConfigs()
      .filter((c) => loadExim(c.path).config.includes.length === 0)
      .map((c) => ({ label: c.name, load: c.path, input: () => eximInput(c) })),
    ...readdirSync(join(repoRoot, "test/fixtures/relay/exim"))
      .filter((f) => f.endsWith(".conf") && f !== "config-error.conf")
      .map((f) => {
        const p = join(repoRoot, "test/fixtures/relay/exim", f);
        return { label: `fixtures/relay/exim/${f}`, load: p, input: () => p };
      }),
  ];
  for (const c of configs) {
    it(c.label, async () => {
      const loaded = loadExim(c.load);
      // exim -bh has no TLS; recipients are verified against this machine's users, so none is assumed to exist.
      const scenarios: RelayScenario[] = PROBES.map((p) => ({ ...probe(p, "localhost"), tls: false, assumeRecipientExists: false }));
      let real: RealVerdict[];
      try {
        real = await eximRelayVerdicts(c.input(), scenarios);
      } catch (e) {
        tally.skippedConfigs.push(`${c.label}: ${(e as Error).message.split("\n")[0]}`);
        return;
      }
      const exists = existsUnder(eximRoot(c.load));
      scenarios.forEach((s, i) => compare(c.label, s, simulateEximRelay(loaded.config, s, exists), real[i]!, false));
    });
  }
});

afterAll(() => {
  console.log(
    `relay oracle: ${tally.compared} verdicts compared with the real MTA, ${tally.unknown} of ${tally.total} UNKNOWN (${tally.total ? Math.round((100 * tally.unknown) / tally.total) : 0}%), ${tally.notComparable} SASL probes the real server refused to log in, ${tally.mismatches.length} disagreements`,
  );
  if (tally.skippedConfigs.length) console.log(`configs the oracle could not run:\n  ${tally.skippedConfigs.join("\n  ")}`);
  if (tally.mismatches.length) console.log(tally.mismatches.join("\n"));
});

describe("relay oracle summary", () => {
  it("zero disagreements", () => {
    // Runs after the comparisons above (vitest runs a file's tests in order).
    expect(tally.mismatches).toEqual([]);
  });
});
