/**
 * Differential fuzzing of the Postfix relay simulator against the real
 * smtpd (test/helpers/postfix-relay-oracle.ts: a private master, XCLIENT,
 * root only): generated main.cf files around random smtpd_relay_restrictions,
 * smtpd_recipient_restrictions, client/sender/HELO lists and a restriction
 * class (relay-arbitraries.ts), each asked the same eight RCPT scenarios.
 * Wherever mtalint answers ACCEPT, REJECT, DEFER or FATAL, the real smtpd
 * must answer the same (code, enhanced code and text). UNKNOWN answers are
 * counted, not compared. A real server start costs about a second, so CI
 * runs a few configurations; `npm run fuzz` runs more.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { loadPostfix } from "../../src/model/postfix/config.js";
import { simulatePostfixRelay } from "../../src/relay/postfix/simulate.js";
import { oraclesRequired } from "../helpers/oracles.js";
import { postfixRelayOracleAvailable, postfixRelayVerdicts } from "../helpers/postfix-relay-oracle.js";
import { newTally, disagreement, summary } from "./relay-compare.js";
import { POSTFIX_SCENARIOS, postfixRelayConfig, type GeneratedConfig } from "./relay-arbitraries.js";
import { budget, fcParams } from "./settings.js";

function available(): boolean {
  const a = postfixRelayOracleAvailable();
  if (a.available) return true;
  if (oraclesRequired) throw new Error(`MTALINT_REQUIRE_ORACLES=1 but ${a.reason}`);
  console.warn(`skipping Postfix relay fuzzing: ${a.reason}`);
  return false;
}

const tally = newTally();

/** Writes the generated files into a fresh directory, asks both sides, returns the disagreements. */
async function comparePostfix(c: GeneratedConfig): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "mtalint-fuzz-relay-pf-"));
  try {
    for (const [name, text] of Object.entries(c.files)) writeFileSync(join(dir, name), text);
    const config = loadPostfix(dir);
    const scenarios = POSTFIX_SCENARIOS.map((s) => ({ ...s }));
    const ours = scenarios.map((s) => simulatePostfixRelay(config, s));
    const real = await postfixRelayVerdicts(dir, scenarios);
    tally.configs++;
    return scenarios.flatMap((s, i) => disagreement(tally, s, ours[i]!, real[i]!, true) ?? []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!available())("generated restriction lists: mtalint relay verdicts = real Postfix smtpd", () => {
  it(
    "eight scenarios per configuration",
    async () => {
      await fc.assert(
        fc.asyncProperty(postfixRelayConfig, async (c) => {
          const d = await comparePostfix(c);
          expect(d, `main.cf:\n${c.files["main.cf"]}`).toEqual([]);
        }),
        fcParams(6, 0.02),
      );
    },
    budget(120_000, 6, 0.02),
  );

  afterAll(() => console.log(summary("Postfix relay fuzz", tally)));
});
