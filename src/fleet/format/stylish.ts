/**
 * The human fleet report: for each host with findings or read errors, a
 * header naming the host and where its configurations are, then its files as
 * in the plain report; then a table with one row per host and a summary line.
 */
import kleur from "kleur";
import { displayPath } from "../../format/location.js";
import { fileBlocks, plural, withColor } from "../../format/stylish.js";
import { hostKinds, worstRule } from "../summary.js";
import type { FleetResult, HostResult } from "../types.js";

export interface FleetStylishOptions {
  cwd: string;
  color: boolean;
}

export function formatFleetStylish(result: FleetResult, options: FleetStylishOptions): string {
  return withColor(options.color, () => render(result, options));
}

function render(result: FleetResult, options: FleetStylishOptions): string {
  const out: string[] = [];
  for (const host of result.hosts) {
    if (host.inputErrors.length === 0 && host.summary.errors + host.summary.warnings + host.summary.infos === 0) continue;
    out.push(kleur.bold(`host ${host.name}`) + kleur.dim(` (${where(host, options.cwd)})`));
    for (const e of host.inputErrors) out.push(`  ${kleur.red("not read")}  ${e}`);
    if (host.inputErrors.length > 0) out.push("");
    out.push(...fileBlocks(host.files, options.cwd));
  }
  out.push(...table(result.hosts), "", summaryLine(result));
  return `${out.join("\n")}\n`;
}

/** Where the host's configurations are, relative to the host directory (the file paths below are in full). */
function where(host: HostResult, cwd: string): string {
  if (host.configs.length === 0) return displayPath(host.dir, cwd);
  return host.configs.map((c) => `${c.kind}: ${c.where === "." ? "./" : c.where}`).join(", ");
}

const HEADER = ["host", "kind", "errors", "warnings", "infos", "worst rule"] as const;
/** Count columns are right-aligned. */
const NUMERIC = new Set([2, 3, 4]);

function table(hosts: readonly HostResult[]): string[] {
  const rows = hosts.map((h) => {
    const worst = worstRule(h);
    const last = h.inputErrors.length > 0 ? `could not be read${worst ? `; worst: ${worst}` : ""}` : (worst ?? "-");
    return [h.name, hostKinds(h), String(h.summary.errors), String(h.summary.warnings), String(h.summary.infos), last];
  });
  const widths = HEADER.map((head, i) => Math.max(head.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[], paint: (cell: string, i: number) => string) =>
    cells
      .map((c, i) => {
        if (i === cells.length - 1) return paint(c, i);
        const padded = NUMERIC.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!);
        return paint(padded, i);
      })
      .join("  ");
  const colour = (row: readonly string[], hasErrors: boolean) => (cell: string, i: number) => {
    const n = Number(row[i]);
    if (i === 2 && n > 0) return kleur.red(cell);
    if (i === 3 && n > 0) return kleur.yellow(cell);
    if (i === 4 && n > 0) return kleur.blue(cell);
    if (i === 5 && hasErrors) return kleur.red(cell);
    return cell;
  };
  return [line(HEADER, (c) => kleur.bold(c)), ...rows.map((r, k) => line(r, colour(r, hosts[k]!.inputErrors.length > 0)))];
}

function summaryLine(result: FleetResult): string {
  const n = result.hosts.length;
  const unread = result.hosts.filter((h) => h.inputErrors.length > 0).length;
  const withFindings = result.hosts.filter((h) => h.summary.errors + h.summary.warnings + h.summary.infos > 0).length;
  const { errors, warnings, infos } = result.summary;
  const total = errors + warnings + infos;
  if (total === 0) {
    if (unread === 0) return kleur.green(`✔ no problems in ${plural(n, "host")} (${plural(result.files.length, "file")})`);
    return kleur.red().bold(`✖ ${unread} of ${plural(n, "host")} could not be read; no problems in the others`);
  }
  const problems = `${plural(total, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")}, ${plural(infos, "info")})`;
  const line = `✖ ${problems} in ${withFindings} of ${plural(n, "host")}${unread > 0 ? `; ${plural(unread, "host")} could not be read` : ""}`;
  return errors > 0 || unread > 0 ? kleur.red().bold(line) : warnings > 0 ? kleur.yellow().bold(line) : kleur.bold(line);
}
