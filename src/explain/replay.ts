/**
 * The configuration a log is explained against, loaded once, and the replay
 * of one scenario through the relay simulator. For Postfix also: which
 * master.cf service wrote a log line (by its syslog_name).
 */
import type { MasterService } from "../ast/postfix-nodes.js";
import type { EximConfig } from "../ast/exim-nodes.js";
import type { Range, SourceFile } from "../ast/range.js";
import { detectKind, resolveEximPath, type ConfigKind } from "../detect.js";
import { loadExim } from "../exim/api.js";
import { postfixDefaultsFor } from "../model/drift/postfix.js";
import { expandedValue, loadPostfix, withDefaults, type PostfixConfig } from "../model/postfix/config.js";
import { existsUnder, eximRoot } from "../relay/exim/index.js";
import type { ExistsCheck } from "../relay/exim/expand.js";
import { simulateEximRelay } from "../relay/exim/simulate.js";
import { smtpdServices } from "../relay/postfix/services.js";
import { simulatePostfixRelay } from "../relay/postfix/simulate.js";
import type { RelayScenario, RelayVerdict } from "../relay/types.js";

export interface ExplainTarget {
  kind: ConfigKind;
  /** The path as given (for commands the report suggests). */
  path: string;
  sources: SourceFile[];
  postfix?: PostfixConfig;
  exim?: { config: EximConfig; exists: ExistsCheck | undefined };
  postfixVersion?: string;
  thisHost: boolean;
}

export interface TargetOptions {
  kind?: ConfigKind;
  /** Judge a Postfix configuration with this release's defaults. */
  postfixVersion?: string;
  /** The configuration runs on this machine (an unset mynetworks means its networks). */
  thisHost?: boolean;
}

export function loadTarget(path: string, options: TargetOptions = {}): ExplainTarget {
  const kind = options.kind ?? detectKind(path);
  const thisHost = options.thisHost === true;
  if (kind === "postfix") {
    const loaded = loadPostfix(path);
    const v = options.postfixVersion;
    const config = v ? withDefaults(loaded, postfixDefaultsFor(v), v) : loaded;
    const sources = [config.mainCf?.source, config.masterCf?.source].filter((s): s is SourceFile => s !== undefined);
    return { kind, path, sources, postfix: config, thisHost, ...(v ? { postfixVersion: v } : {}) };
  }
  const file = resolveEximPath(path);
  const loaded = loadExim(file);
  return { kind, path, sources: loaded.files, exim: { config: loaded.config, exists: existsUnder(eximRoot(file)) }, thisHost };
}

/** Replays one scenario against the target, or against a changed copy of its configuration ("what if"). */
export function replay(t: ExplainTarget, s: RelayScenario, changed?: { postfix?: PostfixConfig; exim?: EximConfig }): RelayVerdict {
  const scenario = t.thisHost ? { ...s, thisHost: true } : s;
  if (t.kind === "postfix") return simulatePostfixRelay(changed?.postfix ?? t.postfix!, scenario);
  return simulateEximRelay(changed?.exim ?? t.exim!.config, scenario, t.exim!.exists);
}

export interface Location {
  file: string;
  line: number;
  column: number;
}

export function locate(t: ExplainTarget, r: Range | undefined): Location | undefined {
  if (!r) return undefined;
  const src = t.sources.find((s) => s.path === r.file);
  if (!src) return undefined;
  const p = src.positionAt(r.start);
  return { file: r.file, line: p.line, column: p.column };
}

export interface ServiceChoice {
  /** The --service name for the simulator (master.cf service name). */
  name: string;
  service: MasterService | undefined;
  /** How the choice was made, when the log did not say it plainly. */
  assumption?: string;
}

/**
 * The smtpd service whose syslog_name wrote a line: "postfix/submission/smtpd"
 * comes from the service with syslog_name = postfix/submission. A multi-instance
 * name ("postfix-out") matches only the instance whose configuration sets it.
 */
export function postfixServiceFor(config: PostfixConfig, syslogName: string | undefined): ServiceChoice {
  const services = smtpdServices(config);
  const fallback = services.find((s) => isSmtp(s.name)) ?? services[0];
  const fallbackChoice = (assumption: string): ServiceChoice => ({ name: fallback?.name ?? "smtp", service: fallback?.service, assumption });
  if (syslogName === undefined) return fallbackChoice(`the line does not say which smtpd service wrote it; assumed ${fallback?.name ?? "smtp"}`);
  const same = services.filter((s) => (expandedValue(config, "syslog_name", s.service) ?? "postfix") === syslogName);
  if (same.length === 1) return { name: same[0]!.name, service: same[0]!.service };
  if (same.length > 1) {
    const pick = same.find((s) => isSmtp(s.name)) ?? same[0]!;
    return {
      name: pick.name,
      service: pick.service,
      assumption: `services ${same.map((s) => s.name).join(", ")} all log as ${syslogName}; assumed ${pick.name}`,
    };
  }
  const last = syslogName.slice(syslogName.lastIndexOf("/") + 1);
  const byName = services.find((s) => s.name === last || s.name.endsWith(`:${last}`));
  if (byName && syslogName.includes("/")) {
    return { name: byName.name, service: byName.service, assumption: `no smtpd service sets syslog_name = ${syslogName}; assumed service ${byName.name} by its name` };
  }
  return fallbackChoice(`no smtpd service in this configuration logs as ${syslogName} (is the log from another Postfix instance?); assumed ${fallback?.name ?? "smtp"}`);
}

function isSmtp(name: string): boolean {
  return name === "smtp" || name.endsWith(":smtp") || name === "25" || name.endsWith(":25");
}

/** The TCP port a master.cf service name stands for, for advice to users ("port 587"). */
export function portOf(serviceName: string): string | undefined {
  const name = serviceName.slice(serviceName.lastIndexOf(":") + 1);
  if (/^\d+$/.test(name)) return name;
  return { smtp: "25", submission: "587", submissions: "465", smtps: "465" }[name];
}

export function serviceLabel(serviceName: string): string {
  const port = portOf(serviceName);
  return port && port !== serviceName ? `${serviceName} (port ${port})` : serviceName;
}

/** Implicit TLS (smtps / submissions): the session is TLS although no STARTTLS is counted. */
export function wrapperMode(config: PostfixConfig, service: MasterService | undefined): boolean {
  return expandedValue(config, "smtpd_tls_wrappermode", service) === "yes";
}
