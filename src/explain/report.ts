/**
 * The explain report: lines counted as they stream past, each rejection
 * explained, rejections grouped by their explanation with counts, top
 * clients and top recipients. Only aggregates and a few examples are kept,
 * so memory does not grow with the length of the log.
 */
import { CAUSES, type AgreementState, type CauseId, type Explanation } from "./causes.js";
import { explainRejection } from "./explain-one.js";
import { parseLogLine } from "./log-line.js";
import type { ExplainTarget } from "./replay.js";
import { SessionTracker, type LoginEvidence, type Rejection } from "./sessions.js";

export interface ExplainOptions {
  /** How many clients and recipients to list per group (default 5). */
  top?: number;
  /** How many example rejections to keep per group (default 3). */
  examples?: number;
}

export interface LineCounts {
  total: number;
  blank: number;
  /** Lines Postfix or Exim wrote (rejections included). */
  postfix: number;
  exim: number;
  /** Lines of other programs (a syslog tag that is neither Postfix nor Exim). */
  otherPrograms: number;
  /** Lines that are not log lines mtalint knows (garbage, binary data, other formats). */
  unrecognized: number;
  /** Lines longer than the limit, cut and not parsed. */
  tooLong: number;
}

export interface RejectionCounts {
  total: number;
  agrees: number;
  differs: number;
  unknown: number;
  notReplayed: number;
}

export interface Example {
  lineNumber: number;
  line: string;
  timestamp?: string;
  client: string;
  clientName?: string;
  helo?: string;
  from?: string;
  to?: string;
  logged: string;
  login: LoginEvidence;
  tls?: { used: boolean; evidence: string; line?: number };
  notes: string[];
  replayed?: string;
  reproduce?: string;
}

export interface Count {
  value: string;
  count: number;
}

export interface Group {
  cause: CauseId;
  title: string;
  agreement: AgreementState;
  count: number;
  summary: string;
  fix?: string;
  decidedBy?: Explanation["decidedBy"];
  service?: string;
  /** The top clients and recipients; past MAX_DISTINCT distinct values, the rest count as "(others)". */
  clients: Count[];
  recipients: Count[];
  /** The earliest rejections of the group (by line number). */
  examples: Example[];
}

export interface ExplainReport {
  config: { path: string; kind: string; postfixVersion?: string };
  lines: LineCounts;
  rejections: RejectionCounts;
  groups: Group[];
}

/** Distinct values tracked per group; more are counted under "(others)". */
const MAX_DISTINCT = 10_000;
/** Explanations remembered for identical rejections (a client retrying). */
const CACHE_SIZE = 5_000;

interface GroupState {
  g: Omit<Group, "clients" | "recipients">;
  firstLine: number;
  clients: Map<string, number>;
  recipients: Map<string, number>;
}

export class Explainer {
  private readonly lines: LineCounts = { total: 0, blank: 0, postfix: 0, exim: 0, otherPrograms: 0, unrecognized: 0, tooLong: 0 };
  private readonly counts: RejectionCounts = { total: 0, agrees: 0, differs: 0, unknown: 0, notReplayed: 0 };
  private readonly groups = new Map<string, GroupState>();
  private readonly cache = new Map<string, Explanation>();
  private readonly tracker: SessionTracker;
  private readonly top: number;
  private readonly maxExamples: number;

  constructor(
    private readonly target: ExplainTarget,
    options: ExplainOptions = {},
  ) {
    this.top = options.top ?? 5;
    this.maxExamples = options.examples ?? 3;
    this.tracker = new SessionTracker((r) => this.add(r));
  }

  /** One line of the log (without its line break). */
  push(text: string, tooLong = false): void {
    const n = ++this.lines.total;
    if (tooLong) {
      this.lines.tooLong++;
      return;
    }
    if (text.trim() === "") {
      this.lines.blank++;
      return;
    }
    const parsed = parseLogLine(text);
    if (parsed.event) this.lines[parsed.event.mta]++;
    else if (parsed.program !== undefined) this.lines.otherPrograms++;
    else this.lines.unrecognized++;
    this.tracker.push(parsed, n, text);
  }

  finish(): ExplainReport {
    this.tracker.finish();
    const groups = [...this.groups.values()]
      .sort((a, b) => b.g.count - a.g.count || a.firstLine - b.firstLine)
      .map((s) => ({ ...s.g, clients: topOf(s.clients, this.top), recipients: topOf(s.recipients, this.top) }));
    const t = this.target;
    return {
      config: { path: t.path, kind: t.kind, ...(t.postfixVersion ? { postfixVersion: t.postfixVersion } : {}) },
      lines: { ...this.lines },
      rejections: { ...this.counts },
      groups,
    };
  }

  private add(r: Rejection): void {
    const e = this.explain(r);
    this.counts.total++;
    const bucket = { agrees: "agrees", differs: "differs", unknown: "unknown", "not-replayed": "notReplayed" } as const;
    this.counts[bucket[e.agreement]]++;
    const key = JSON.stringify([e.cause, e.service ?? "", e.decidedBy?.file ?? "", e.decidedBy?.line ?? 0, e.summary, e.fix ?? ""]);
    let s = this.groups.get(key);
    if (!s) {
      s = {
        g: {
          cause: e.cause,
          title: CAUSES[e.cause],
          agreement: e.agreement,
          count: 0,
          summary: e.summary,
          ...(e.fix !== undefined ? { fix: e.fix } : {}),
          ...(e.decidedBy ? { decidedBy: e.decidedBy } : {}),
          ...(e.service !== undefined ? { service: e.service } : {}),
          examples: [],
        },
        firstLine: r.lineNumber,
        clients: new Map(),
        recipients: new Map(),
      };
      this.groups.set(key, s);
    }
    s.g.count++;
    s.firstLine = Math.min(s.firstLine, r.lineNumber);
    bump(s.clients, r.client);
    if (r.to !== undefined) bump(s.recipients, r.to === "" ? "<>" : r.to);
    // Sessions end out of line order: keep the earliest examples.
    const ex = s.g.examples;
    if (ex.length < this.maxExamples || r.lineNumber < ex[ex.length - 1]!.lineNumber) {
      ex.push(example(r, e));
      ex.sort((a, b) => a.lineNumber - b.lineNumber);
      if (ex.length > this.maxExamples) ex.pop();
    }
  }

  /** Identical rejections (same transaction, same session facts) get the same explanation; replaying once is enough. */
  private explain(r: Rejection): Explanation {
    const key = JSON.stringify([
      r.mta, r.stage, r.action, r.program, r.client, r.clientName, r.helo, r.from, r.to, r.reply,
      r.login.state, r.login.user, r.login.evidence, r.tls?.used, r.tls?.evidence, r.authenticator, r.authId,
    ]);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const e = explainRejection(this.target, r);
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, e);
    return e;
  }
}

function bump(m: Map<string, number>, key: string): void {
  const n = m.get(key);
  if (n !== undefined) m.set(key, n + 1);
  else if (m.size < MAX_DISTINCT) m.set(key, 1);
  else m.set("(others)", (m.get("(others)") ?? 0) + 1);
}

function topOf(m: Map<string, number>, n: number): Count[] {
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, n)
    .map(([value, count]) => ({ value, count }));
}

function example(r: Rejection, e: Explanation): Example {
  const reply = r.reply;
  const logged = `${reply.code ?? ""} ${reply.enhancedCode ?? ""} ${reply.text}`.replace(/\s+/g, " ").trim();
  return {
    lineNumber: r.lineNumber,
    line: r.line,
    ...(r.timestamp ? { timestamp: r.timestamp } : {}),
    client: r.client,
    ...(r.clientName !== undefined ? { clientName: r.clientName } : {}),
    ...(r.helo !== undefined ? { helo: r.helo } : {}),
    ...(r.from !== undefined ? { from: r.from } : {}),
    ...(r.to !== undefined ? { to: r.to } : {}),
    logged: `${reply.kind === "DEFER" ? "temporary" : "permanent"}: ${logged || "(no text)"}`,
    login: r.login,
    ...(r.tls ? { tls: r.tls } : {}),
    notes: e.notes,
    ...(e.replayed !== undefined ? { replayed: e.replayed } : {}),
    ...(e.reproduce !== undefined ? { reproduce: e.reproduce } : {}),
  };
}
