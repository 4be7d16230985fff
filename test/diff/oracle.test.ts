/**
 * The diff samples against the real MTAs: every Postfix side loads in real
 * postconf without a fatal error and its reported effective values are what
 * postconf -x prints; every Exim side passes exim -bV; and the relay delta's
 * verdicts are what real smtpd / exim -bh answer on each side (compared only
 * where mtalint is not UNKNOWN; SASL probes the real server refused to log in
 * are skipped, as in test/relay/relay-oracle.test.ts).
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diffConfigs } from "../../src/diff/index.js";
import type { RelayDeltaRow } from "../../src/diff/types.js";
import { probe } from "../../src/relay/probes.js";
import { eximCheck } from "../exim/helpers.js";
import { eximRelayOracleAvailable, eximRelayVerdicts } from "../helpers/exim-relay-oracle.js";
import { oracleStatus, oraclesRequired, postconf } from "../helpers/oracles.js";
import { repoRoot, stageConfigDir } from "../helpers/postfix-dirs.js";
import { postfixRelayOracleAvailable, postfixRelayVerdicts, type RealVerdict } from "../helpers/postfix-relay-oracle.js";

const root = join(repoRoot, "samples/diff");
const cases = readdirSync(root).sort();
const postfixCases = cases.filter((c) => existsSync(join(root, c, "before/main.cf")));
const eximCases = cases.filter((c) => existsSync(join(root, c, "before/exim.conf")));

function available(check: () => { available: boolean; reason: string }): boolean {
  const a = check();
  if (!a.available) {
    if (oraclesRequired) throw new Error(`MTALINT_REQUIRE_ORACLES=1 but ${a.reason}`);
    console.warn(`skipping diff oracle comparisons: ${a.reason}`);
  }
  return a.available;
}

const tally = { compared: 0, unknown: 0, notComparable: 0, changedRowsConfirmed: 0, mismatches: [] as string[] };

function compare(label: string, row: RelayDeltaRow, side: "before" | "after", real: RealVerdict, sasl: boolean): void {
  const ours = row[side];
  if (sasl && real.saslOffered && real.saslAccepted === false) {
    tally.notComparable++;
    return;
  }
  if (ours.verdict === "UNKNOWN" || ours.verdict === "ABSENT") {
    tally.unknown++;
    return;
  }
  tally.compared++;
  const same = ours.verdict === real.verdict && (ours.verdict === "ACCEPT" || ours.verdict === "FATAL" || ours.code === real.code);
  if (!same) tally.mismatches.push(`${label} ${side} ${row.scope} ${row.probe}: mtalint ${ours.line} / real ${real.verdict} ${real.raw}`);
}

describe.skipIf(!oracleStatus("postconf").available)("Postfix diff sides in real postconf", () => {
  for (const c of postfixCases) {
    it(`${c}: both sides load, and reported effective values are postconf's`, () => {
      const report = diffConfigs(join(root, c, "before"), join(root, c, "after"));
      for (const side of ["before", "after"] as const) {
        const dir = stageConfigDir(join(root, c, side));
        const r = postconf(dir, ["-n"]);
        expect(r.status, r.stderr).toBe(0);
        expect(r.stderr).not.toMatch(/fatal/);
        for (const ch of report.changes) {
          if (ch.section !== "parameter" || !ch.effective || ch.element !== undefined || ch.note?.startsWith("not a Postfix")) continue;
          const real = postconf(dir, ["-h", "-x", ch.subject]).stdout.trimEnd();
          expect(real, `${c} ${side} ${ch.subject}`).toBe((side === "before" ? ch.before : ch.after) ?? "");
        }
      }
    });
  }
});

describe.skipIf(!oracleStatus("exim").available)("Exim diff sides pass exim -bV", () => {
  for (const c of eximCases) {
    for (const side of ["before", "after"]) {
      it(`${c}/${side}`, () => {
        const v = eximCheck(join(root, c, side, "exim.conf"));
        expect(v.ok, v.message).toBe(true);
      });
    }
  }
});

describe.skipIf(!available(postfixRelayOracleAvailable))("Postfix relay delta agrees with real smtpd", () => {
  for (const c of postfixCases) {
    it(c, async () => {
      const report = diffConfigs(join(root, c, "before"), join(root, c, "after"));
      for (const side of ["before", "after"] as const) {
        const rows = report.relay.filter((r) => r[side].verdict !== "ABSENT" && ["smtp", "submission"].includes(r.scope));
        const scenarios = rows.map((r) => ({ ...probe(r.probe, (side === "before" ? r.beforeTo : r.afterTo).split("@")[1]!, r.scope), to: side === "before" ? r.beforeTo : r.afterTo }));
        const real = await postfixRelayVerdicts(join(root, c, side), scenarios);
        rows.forEach((r, i) => compare(c, r, side, real[i]!, r.probe === "sasl-to-remote"));
        if (side === "after") tally.changedRowsConfirmed += rows.filter((r) => r.changed).length;
      }
    });
  }
});

describe.skipIf(!available(eximRelayOracleAvailable))("Exim relay delta agrees with real exim -bh", () => {
  for (const c of eximCases) {
    it(c, async () => {
      // exim -bh has no TLS and checks recipients against this machine's users.
      const scenarioOverrides = { tls: false, assumeRecipientExists: false };
      const report = diffConfigs(join(root, c, "before/exim.conf"), join(root, c, "after/exim.conf"), { relay: { scenario: scenarioOverrides } });
      for (const side of ["before", "after"] as const) {
        const scenarios = report.relay.map((r) => ({ ...probe(r.probe, "localhost"), ...scenarioOverrides }));
        const real = await eximRelayVerdicts(join(root, c, side, "exim.conf"), scenarios);
        report.relay.forEach((r, i) => compare(c, r, side, real[i]!, r.probe === "sasl-to-remote"));
      }
    });
  }
});

afterAll(() => {
  console.log(
    `diff relay oracle: ${tally.compared} verdicts compared with the real MTA, ${tally.unknown} UNKNOWN/absent, ${tally.notComparable} SASL probes not comparable, ${tally.mismatches.length} disagreements`,
  );
  if (tally.mismatches.length) console.log(tally.mismatches.join("\n"));
});

describe("diff relay oracle summary", () => {
  it("zero disagreements", () => {
    expect(tally.mismatches).toEqual([]);
  });
});
