/**
 * Comparing mtalint's relay verdict with the real MTA's, for the relay
 * fuzzers: the same rule as test/relay/relay-oracle.test.ts (verdict, and
 * for REJECT/DEFER the reply code; Postfix also the enhanced code), plus
 * the reply text where mtalint gives one. mtalint's UNKNOWN is never
 * compared, only counted; a SASL scenario the real server could not log in
 * for is not comparable.
 */
import type { RelayScenario, RelayVerdict } from "../../src/relay/types.js";
import { verdictLine } from "../../src/relay/types.js";
import type { RealVerdict } from "../helpers/relay-oracle-common.js";

export interface RelayTally {
  configs: number;
  total: number;
  compared: number;
  unknown: number;
  notComparable: number;
  /** Configurations the oracle could not run, with why. */
  skipped: string[];
}

export function newTally(): RelayTally {
  return { configs: 0, total: 0, compared: 0, unknown: 0, notComparable: 0, skipped: [] };
}

/** A description of the disagreement, or undefined when both agree (or the verdict is not compared). */
export function disagreement(tally: RelayTally, s: RelayScenario, ours: RelayVerdict, real: RealVerdict, enhanced: boolean): string | undefined {
  tally.total++;
  if (s.sasl !== undefined && real.saslOffered && real.saslAccepted === false) {
    tally.notComparable++;
    return undefined;
  }
  if (ours.verdict === "UNKNOWN") {
    tally.unknown++;
    return undefined;
  }
  tally.compared++;
  const decided = ours.verdict === "REJECT" || ours.verdict === "DEFER";
  const same =
    ours.verdict === real.verdict &&
    (!decided || (ours.code === real.code && (!enhanced || ours.enhancedCode === real.enhancedCode) && (ours.text === undefined || ours.text === real.text)));
  return same ? undefined : `${JSON.stringify(s)}\n    mtalint: ${verdictLine(ours)}\n    real:    ${real.verdict} ${real.raw}`;
}

export function summary(name: string, t: RelayTally): string {
  const share = t.total ? Math.round((100 * t.unknown) / t.total) : 0;
  return (
    `${name}: ${t.configs} generated configurations, ${t.total} scenarios; ${t.compared} verdicts compared with the real MTA, ` +
    `${t.unknown} UNKNOWN (${share}%), ${t.notComparable} SASL scenarios the real server refused to log in` +
    (t.skipped.length ? `; ${t.skipped.length} configurations the oracle could not run:\n  ${t.skipped.join("\n  ")}` : "")
  );
}
