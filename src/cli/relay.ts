/** `mtalint relay`: what the MTA answers to RCPT TO for one scenario, with the trace of how it got there. */
import type { Command } from "commander";
import type { Range, SourceFile } from "../ast/range.js";
import { parseKind } from "../detect.js";
import { UsageError } from "../errors.js";
import { simulateRelay, verdictLine, type RelayRun, type RelayScenario } from "../relay/index.js";
import { HELO, SENDER } from "../relay/probes.js";
import { POSTFIX_RELEASES } from "../model/drift/postfix.js";
import { checkRelease } from "./lint.js";
import ipaddr from "ipaddr.js";

interface RelayOptions {
  client: string;
  to: string;
  from?: string;
  sasl?: string;
  helo?: string;
  clientName?: string;
  service?: string;
  format: string;
  kind?: string;
  tls: boolean;
  recipientExists?: boolean;
  thisHost?: boolean;
  postfixVersion?: string;
}

export function registerRelay(program: Command): void {
  program
    .command("relay")
    .description("simulate one SMTP transaction up to RCPT TO and print what Postfix or Exim would answer, with the trace")
    .argument("<path>", "Postfix config directory, main.cf or master.cf; Exim file or Debian conf.d directory")
    .requiredOption("--client <ip>", "client IP address")
    .requiredOption("--to <address>", "recipient address")
    .option("--from <address>", `envelope sender ('' for the null sender; default ${SENDER})`)
    .option("--sasl <user>", "the client logged in as this user (if the service offers authentication)")
    .option("--helo <name>", `HELO/EHLO name (default ${HELO})`)
    .option("--client-name <name>", "the client's verified host name (default: unknown)")
    .option("--service <name>", "Postfix: master.cf service (default smtp)")
    .option("--no-tls", "the client did not use STARTTLS (decides TLS-only AUTH)")
    .option("--recipient-exists", "treat the recipient as an existing local user")
    .option("--this-host", "the configuration runs on this machine: an unset mynetworks means this machine's networks")
    .option("--kind <kind>", "postfix or exim (default: detect)")
    .option("--postfix-version <x.y>", "judge with the defaults of this Postfix release (default: those of the knowledge base, 3.7)")
    .option("--format <format>", "text or json", "text")
    .action((path: string, opts: RelayOptions) => {
      if (opts.format !== "text" && opts.format !== "json") throw new UsageError(`--format must be text or json, not "${opts.format}"`);
      try {
        ipaddr.parse(opts.client);
      } catch {
        throw new UsageError(`--client must be an IP address, not "${opts.client}"`);
      }
      if (!/^[^\s@]*@?[^\s@]+$/.test(opts.to)) throw new UsageError(`--to must be an email address, not "${opts.to}"`);
      const scenario: RelayScenario = {
        client: opts.client,
        to: opts.to,
        from: opts.from ?? SENDER,
        helo: opts.helo ?? HELO,
        tls: opts.tls,
        ...(opts.sasl !== undefined ? { sasl: opts.sasl } : {}),
        ...(opts.clientName !== undefined ? { clientName: opts.clientName } : {}),
        ...(opts.service !== undefined ? { service: opts.service } : {}),
        ...(opts.recipientExists ? { assumeRecipientExists: true } : {}),
        ...(opts.thisHost ? { thisHost: true } : {}),
      };
      const postfixVersion = opts.postfixVersion !== undefined ? checkRelease("--postfix-version", opts.postfixVersion, POSTFIX_RELEASES) : undefined;
      const run = simulateRelay(path, scenario, opts.kind ? parseKind(opts.kind) : undefined, postfixVersion ? { postfixVersion } : {});
      process.stdout.write(opts.format === "json" ? `${JSON.stringify(toJson(run), null, 2)}\n` : toText(run));
    });
}

function where(run: RelayRun, r: Range | undefined): { file: string; line: number; column: number; endLine: number; endColumn: number } | undefined {
  if (!r) return undefined;
  const src: SourceFile | undefined = run.sources.find((s) => s.path === r.file);
  if (!src) return undefined;
  return { file: r.file, ...src.lineColumn(r) };
}

function toText(run: RelayRun): string {
  const v = run.verdict;
  const lines = [verdictLine(v)];
  if (run.postfixVersion) lines.push(`  with the defaults of Postfix ${run.postfixVersion}`);
  const by = where(run, v.decidedBy);
  if (by) lines.push(`  decided at ${by.file}:${by.line}:${by.column}`);
  lines.push("trace:");
  for (const t of v.trace) {
    const at = where(run, t.range);
    lines.push(`  ${t.list}${t.element ? `: ${t.element}` : ""} → ${t.result}: ${t.note}${at ? `  (${at.file}:${at.line}:${at.column})` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

function toJson(run: RelayRun) {
  const v = run.verdict;
  return {
    kind: run.kind,
    ...(run.postfixVersion ? { postfixVersion: run.postfixVersion } : {}),
    verdict: v.verdict,
    ...(v.code !== undefined ? { code: v.code, enhancedCode: v.enhancedCode, text: v.text } : {}),
    ...(v.reason !== undefined ? { reason: v.reason } : {}),
    authenticated: v.authenticated,
    decidedBy: where(run, v.decidedBy) ?? null,
    trace: v.trace.map((t) => ({ list: t.list, element: t.element ?? null, result: t.result, note: t.note, at: where(run, t.range) ?? null })),
  };
}
