/**
 * Differential fuzzing of the Exim relay simulator against the real Exim
 * (`exim4 -C FILE -bh IP`, test/helpers/exim-relay-oracle.ts): generated
 * configurations around a random acl_check_rcpt (accept, deny, defer,
 * require, warn, drop, discard with hosts, domains, local_parts, senders,
 * authenticated, a nested ACL and simple conditions; named lists
 * relay_from_hosts, local_domains, relay_to_domains; sometimes an
 * authenticator), each asked the same eight RCPT scenarios. Wherever mtalint
 * answers ACCEPT, REJECT, DEFER or FATAL, exim -bh must answer the same
 * (reply code and text). UNKNOWN answers are counted, not compared.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { parseExim } from "../../src/exim/api.js";
import { Severity } from "../../src/engine/severity.js";
import { simulateEximRelay } from "../../src/relay/exim/simulate.js";
import { eximRelayOracleAvailable, eximRelayVerdicts } from "../helpers/exim-relay-oracle.js";
import { oraclesRequired } from "../helpers/oracles.js";
import { disagreement, newTally, summary } from "./relay-compare.js";
import { EXIM_SCENARIOS, eximRelayConfig, type GeneratedConfig } from "./relay-arbitraries.js";
import { budget, fcParams } from "./settings.js";

function available(): boolean {
  const a = eximRelayOracleAvailable();
  if (a.available) return true;
  if (oraclesRequired) throw new Error(`MTALINT_REQUIRE_ORACLES=1 but ${a.reason}`);
  console.warn(`skipping Exim relay fuzzing: ${a.reason}`);
  return false;
}

const tally = newTally();

async function compareExim(c: GeneratedConfig): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "mtalint-fuzz-relay-exim-"));
  try {
    const file = join(dir, "exim.conf");
    const text = c.files["exim.conf"]!;
    writeFileSync(file, text);
    const loaded = parseExim(text, { path: file });
    const errors = loaded.diagnostics.filter((d) => d.severity === Severity.Error);
    const scenarios = EXIM_SCENARIOS.map((s) => ({ ...s }));
    const real = await eximRelayVerdicts(file, scenarios);
    tally.configs++;
    if (errors.length) {
      // mtalint refuses the file: so must Exim.
      return real.every((r) => r.verdict === "FATAL") ? [] : [`mtalint reports ${errors.map((e) => e.message).join("; ")} but exim runs it: ${real[0]!.raw}`];
    }
    const ours = scenarios.map((s) => simulateEximRelay(loaded.config, s));
    return scenarios.flatMap((s, i) => disagreement(tally, s, ours[i]!, real[i]!, false) ?? []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!available())("generated RCPT ACLs: mtalint relay verdicts = real exim -bh", () => {
  it(
    "eight scenarios per configuration",
    async () => {
      await fc.assert(
        fc.asyncProperty(eximRelayConfig, async (c) => {
          const d = await compareExim(c);
          expect(d, `exim.conf:\n${c.files["exim.conf"]}`).toEqual([]);
        }),
        fcParams(25, 0.1),
      );
    },
    budget(60_000, 25, 0.1),
  );

  afterAll(() => console.log(summary("Exim relay fuzz", tally)));
});
