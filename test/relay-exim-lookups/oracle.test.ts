/**
 * The configurations of cases.ts under the real Exim (exim -bh, Debian 4.96):
 * where mtalint answers ACCEPT, REJECT or DEFER, Exim answers the same reply;
 * where mtalint answers UNKNOWN, Exim's answer is the one the case records
 * (FATAL: the lookup file could not be opened, Exim logged a panic and the
 * session ended without a reply). Skipped with a message where the oracle is
 * absent; MTALINT_REQUIRE_ORACLES=1 makes that a failure.
 */
import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { simulateEximRelayAt } from "../../src/relay/exim/index.js";
import { eximRelayOracleAvailable, eximRelayVerdicts } from "../helpers/exim-relay-oracle.js";
import { oraclesRequired } from "../helpers/oracles.js";
import { BASE_SCENARIO, CASES, line, ourLine, writeCase } from "./cases.js";

function available(): boolean {
  const a = eximRelayOracleAvailable();
  if (a.available) return true;
  if (oraclesRequired) throw new Error(`MTALINT_REQUIRE_ORACLES=1 but ${a.reason}`);
  console.warn(`skipping the Exim lookup oracle comparisons: ${a.reason}`);
  return false;
}

describe.skipIf(!available())("Exim file lookups: mtalint agrees with exim -bh", () => {
  for (const c of CASES.filter((x) => !x.mtalintOnly)) {
    it(c.name, async () => {
      const { root, config } = writeCase(c);
      try {
        const scenario = { ...BASE_SCENARIO, ...c.scenario };
        const ours = simulateEximRelayAt(config, scenario).verdict;
        const [real] = await eximRelayVerdicts(config, [scenario]);
        const realLine = line(real!);
        if (ours.verdict === "UNKNOWN") {
          expect(c.real, `mtalint: ${ourLine(ours)}; exim: ${real!.raw}`).toBeDefined();
          expect(realLine, real!.raw).toBe(c.real);
        } else {
          expect(realLine, real!.raw).toBe(ourLine(ours));
        }
        // Why Exim ended the session: the lookup file could not be opened, or (4.96) its name came from tainted data.
        if (realLine === "FATAL") expect(real!.raw).toMatch(/failed to open|not a regular file|Tainted filename/);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
