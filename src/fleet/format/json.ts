/**
 * The fleet JSON report: the version 1 report of `mtalint lint` (a reader
 * of it keeps working), with "host" on each file, a "hosts" list in name
 * order, and host counts in "summary".
 */
import { jsonReport } from "../../format/json.js";
import { displayPath } from "../../format/location.js";
import { worstRule } from "../summary.js";
import type { FleetResult } from "../types.js";

export interface FleetJsonOptions {
  cwd: string;
}

export function formatFleetJson(result: FleetResult, options: FleetJsonOptions): string {
  const base = jsonReport(result, options);
  const report = {
    ...base,
    hosts: result.hosts.map((h) => ({
      name: h.name,
      path: displayPath(h.dir, options.cwd),
      configs: h.configs.map((c) => ({ kind: c.kind, path: displayPath(c.path, options.cwd) })),
      summary: { errors: h.summary.errors, warnings: h.summary.warnings, infos: h.summary.infos },
      worstRule: worstRule(h) ?? null,
      inputErrors: h.inputErrors,
    })),
    summary: {
      ...base.summary,
      hosts: result.hosts.length,
      hostsWithFindings: result.hosts.filter((h) => h.summary.errors + h.summary.warnings + h.summary.infos > 0).length,
      unreadableHosts: result.hosts.filter((h) => h.inputErrors.length > 0).length,
    },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
