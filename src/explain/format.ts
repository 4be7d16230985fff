/** Renders an explain report as text or JSON (the JSON shape is documented in docs/explain.md), and its exit code. */
import type { LoginEvidence } from "./sessions.js";
import type { Count, ExplainReport, Group } from "./report.js";

/** 0: every replayed rejection agrees with the log (or there were none); 1: some replay disagrees with the log. */
export function explainExitCode(report: ExplainReport): 0 | 1 {
  return report.rejections.differs > 0 ? 1 : 0;
}

export function formatExplainJson(report: ExplainReport): string {
  return `${JSON.stringify({ version: 1, ...report, exitCode: explainExitCode(report) }, null, 2)}\n`;
}

export function formatExplainText(report: ExplainReport, options: { details?: boolean } = {}): string {
  const out: string[] = [];
  const { lines: l, rejections: r } = report;
  const kind = report.config.kind === "postfix" ? "Postfix" : "Exim";
  out.push(`${plural(r.total, "rejection")} in ${plural(l.total, "line")}, explained with ${report.config.path} (${kind}${report.config.postfixVersion ? ` ${report.config.postfixVersion} defaults` : ""})`);
  if (r.total > 0) {
    out.push(`  ${r.agrees} explained by the configuration, ${r.differs} where the configuration disagrees with the log, ${r.unknown} undecidable, ${r.notReplayed} not replayed`);
  }
  const skipped = [
    l.postfix ? `${l.postfix} Postfix` : "",
    l.exim ? `${l.exim} Exim` : "",
    l.otherPrograms ? `${l.otherPrograms} of other programs` : "",
    l.unrecognized ? `${l.unrecognized} not recognized` : "",
    l.tooLong ? `${l.tooLong} too long` : "",
    l.blank ? `${l.blank} blank` : "",
  ].filter(Boolean);
  if (skipped.length) out.push(`  lines: ${skipped.join(", ")}`);
  if (l.total > 0 && l.postfix + l.exim === 0) out.push("  no line was recognized as a Postfix or Exim log line");
  for (const g of report.groups) out.push("", ...group(g, options.details === true || r.total === 1));
  return `${out.join("\n")}\n`;
}

function group(g: Group, details: boolean): string[] {
  const out: string[] = [];
  const flag = g.agreement === "differs" ? "  [the log disagrees with this configuration]" : g.agreement === "unknown" ? "  [undecidable]" : "";
  out.push(`${g.count} × ${g.cause}: ${g.title}${flag}`);
  const where: string[] = [];
  if (g.service !== undefined) where.push(`service ${g.service}`);
  if (g.decidedBy) {
    const what = g.decidedBy.element ? ` (${g.decidedBy.element}${g.decidedBy.list ? ` in ${g.decidedBy.list}` : ""})` : "";
    where.push(`decided at ${g.decidedBy.file}:${g.decidedBy.line}${what}`);
  }
  if (where.length) out.push(`  ${where.join("; ")}`);
  out.push(`  why: ${g.summary}`);
  if (g.fix) out.push(`  fix: ${g.fix}`);
  out.push(`  clients: ${counts(g.clients)}`);
  if (g.recipients.length) out.push(`  recipients: ${counts(g.recipients)}`);
  const examples = details ? g.examples : g.examples.slice(0, 1);
  for (const e of examples) {
    out.push(`  line ${e.lineNumber}: ${e.line}`);
    out.push(`    logged: ${e.logged}`);
    if (e.replayed) out.push(`    replayed: ${e.replayed}`);
    out.push(`    login: ${login(e.login)}`);
    if (e.tls) out.push(`    tls: ${e.tls.used ? "yes" : "no"} — ${e.tls.evidence}${e.tls.line !== undefined ? `, line ${e.tls.line}` : ""}`);
    for (const n of e.notes) out.push(`    - ${n}`);
    if (e.reproduce) out.push(`    trace: ${e.reproduce}`);
  }
  return out;
}

function login(l: LoginEvidence): string {
  const state = { yes: "yes", failed: "failed", no: "no", unknown: "not shown" }[l.state];
  return `${state}${l.user !== undefined ? ` (${l.user})` : ""} — ${l.evidence}${l.line !== undefined ? `, line ${l.line}` : ""}`;
}

function counts(c: Count[]): string {
  return c.map((x) => `${x.value} (${x.count})`).join(", ");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
