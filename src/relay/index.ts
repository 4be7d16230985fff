/** The relay simulator as a library: load a config and ask what the MTA answers to RCPT TO. */
import type { SourceFile } from "../ast/range.js";
import { detectKind, resolveEximPath, type ConfigKind } from "../detect.js";
import { postfixDefaultsFor } from "../model/drift/postfix.js";
import { loadPostfix, withDefaults } from "../model/postfix/config.js";
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
  /** The Postfix release whose defaults the verdict used, when one was asked for. */
  postfixVersion?: string;
}

export interface RelayOptions {
  /** Judge a Postfix configuration with this release's defaults (e.g. "2.9", "3.11"). */
  postfixVersion?: string;
}

export function simulateRelay(path: string, scenario: RelayScenario, kind?: ConfigKind, options: RelayOptions = {}): RelayRun {
  const k = kind ?? detectKind(path);
  if (k === "postfix") {
    const loaded = loadPostfix(path);
    const v = options.postfixVersion;
    const config = v ? withDefaults(loaded, postfixDefaultsFor(v), v) : loaded;
    const sources = [config.mainCf?.source, config.masterCf?.source].filter((s): s is SourceFile => s !== undefined);
    return { kind: k, verdict: simulatePostfixRelay(config, scenario), sources, ...(v ? { postfixVersion: v } : {}) };
  }
  return simulateEximRelayAt(resolveEximPath(path), scenario);
}
