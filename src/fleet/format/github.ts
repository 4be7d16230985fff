/**
 * Fleet annotations for GitHub Actions: the findings as `mtalint lint`
 * prints them (titles start with the host), then one ::error per host
 * that could not be read.
 */
import { escapeData, escapeProperty, formatGithub, type GithubFormatOptions } from "../../format/github.js";
import type { FleetResult } from "../types.js";

export function formatFleetGithub(result: FleetResult, options: GithubFormatOptions): string {
  const lines = result.hosts.flatMap((h) => h.inputErrors.map((e) => `::error title=${escapeProperty(`${h.name}: not read`)}::${escapeData(e)}`));
  return formatGithub(result, options) + (lines.length ? `${lines.join("\n")}\n` : "");
}
