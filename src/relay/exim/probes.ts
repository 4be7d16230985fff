/** Relay probes for Exim rules: run the simulator for a linted configuration. */
import type { EximLintInput } from "../../lint-exim.js";
import { probe, type ProbeName } from "../probes.js";
import type { RelayScenario, RelayVerdict } from "../types.js";
import { existsUnder, eximRoot } from "./index.js";
import { simulateEximRelay } from "./simulate.js";
import { existsSync } from "node:fs";

export function eximProbe(input: EximLintInput, name: ProbeName, extra: Partial<RelayScenario> = {}): { scenario: RelayScenario; verdict: RelayVerdict } {
  const scenario = { ...probe(name, "localhost"), ...extra };
  // Paths of in-memory configs (tests) have no directory to look in.
  const exists = existsSync(input.path) ? existsUnder(eximRoot(input.path)) : undefined;
  return { scenario, verdict: simulateEximRelay(input.config, scenario, exists) };
}
