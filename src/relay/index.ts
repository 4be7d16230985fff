/** The relay simulator as a library: load a config and ask what the MTA answers to RCPT TO. */
import type { SourceFile } from "../ast/range.js";
import { detectKind, resolveEximPath, type ConfigKind } from "../detect.js";
import { loadPostfix } from "../model/postfix/config.js";
import { simulateEximRelayAt } from "./exim/index.js";
import { simulatePostfixRelay } from "./postfix/simulate.js";
import type { RelayScenario, RelayVerdict } from "./types.js";

export { simulatePostfixRelay, selectService } from "./postfix/simulate.js";
export { verdictLine, type RelayScenario, type RelayVerdict, type TraceStep, type VerdictKind } from "./types.js";

export interface RelayRun {
  kind: ConfigKind;
  verdict: RelayVerdict;
  /** The files read, to turn ranges into file:line. */
  sources: SourceFile[];
}

export function simulateRelay(path: string, scenario: RelayScenario, kind?: ConfigKind): RelayRun {
  const k = kind ?? detectKind(path);
  if (k === "postfix") {
    const config = loadPostfix(path);
    const sources = [config.mainCf?.source, config.masterCf?.source].filter((s): s is SourceFile => s !== undefined);
    return { kind: k, verdict: simulatePostfixRelay(config, scenario), sources };
  }
  return simulateEximRelayAt(resolveEximPath(path), scenario);
}
