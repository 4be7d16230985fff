import type { Severity } from "./severity.js";

/** Per-run settings from .mtalint.json and the command line. */
export interface LintSettings {
  /** Rule id → severity override or "off". */
  rules: Record<string, Severity | "off">;
  /** Target versions (drift rules). */
  postfixVersion?: string;
  eximVersion?: string;
  fromVersion?: string;
}

export const defaultSettings = (): LintSettings => ({ rules: {} });
