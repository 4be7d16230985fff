/**
 * The diff report: what changed in meaning between two configurations of the
 * same MTA. The library decides everything (messages, regressions, whether a
 * change is semantic); formatters in format/ only render it.
 */
import type { Range, SourceFile } from "../ast/range.js";
import type { ConfigKind } from "../detect.js";
import type { Severity } from "../engine/severity.js";
import type { ProbeName } from "../relay/probes.js";
import type { VerdictKind } from "../relay/types.js";

export type ChangeAction = "added" | "removed" | "changed" | "inserted" | "moved";

/** What part of the configuration a change belongs to; formatters group by it. */
export type ChangeSection =
  | "parameter"
  | "master.cf service"
  | "main option"
  | "named list"
  | "ACL"
  | "router"
  | "transport"
  | "authenticator"
  | "macro";

export interface SemanticChange {
  section: ChangeSection;
  action: ChangeAction;
  /** The parameter, service, option, list, ACL or driver the change is about. */
  subject: string;
  /** The list element, -o override, ACL statement or driver option, when the change is inside the subject. */
  element?: string;
  before?: string;
  after?: string;
  beforeRange?: Range;
  afterRange?: Range;
  /** One sentence in the MTA's words, e.g. "permit_sasl_authenticated removed from smtpd_recipient_restrictions". */
  message: string;
  /**
   * False when the text changed but the value in effect did not (a parameter
   * set explicitly to its default, an option moved between files): reported,
   * but not a semantic difference.
   */
  effective: boolean;
  /** Why the effective value changed without an explicit edit, or what else to know (taint, defaults). */
  note?: string;
}

export interface LintDeltaItem {
  ruleId: string;
  messageId: string;
  severity: Severity;
  message: string;
  range: Range;
}

export interface LintDelta {
  /** Findings only AFTER has. */
  introduced: LintDeltaItem[];
  /** Findings only BEFORE had. */
  fixed: LintDeltaItem[];
}

export interface ProbeVerdict {
  verdict: VerdictKind | "ABSENT";
  /** The SMTP reply code for REJECT and DEFER. */
  code?: string;
  /** verdictLine() of the simulator's answer, or why there is none. */
  line: string;
  decidedBy?: Range;
}

export interface RelayDeltaRow {
  /** Postfix: the smtpd service; Exim: the RCPT ACL (acl_smtp_rcpt). */
  scope: string;
  probe: ProbeName;
  /** The recipient each side was asked about (the local domain can differ). */
  beforeTo: string;
  afterTo: string;
  before: ProbeVerdict;
  after: ProbeVerdict;
  changed: boolean;
  /** Why this change is a regression (opens a relay, rejects authenticated users, fatal), if it is one. */
  regression?: string;
}

export interface DiffSide {
  path: string;
  /** The Postfix release whose defaults this side was judged with (--before-version / --after-version). */
  version?: string;
  /** The files read, for turning ranges into file:line. */
  sources: SourceFile[];
}

/** A file pair whose text differs though nothing in it changed meaning. */
export interface CosmeticChange {
  beforeFile: string;
  afterFile: string;
  /** What kind of textual change it was: comments, whitespace/continuation layout, ordering. */
  kinds: CosmeticKind[];
}

export type CosmeticKind = "comments" | "whitespace and line layout" | "order of independent settings" | "other text without effect";

export interface DiffReport {
  kind: ConfigKind;
  before: DiffSide;
  after: DiffSide;
  changes: SemanticChange[];
  lint: LintDelta;
  relay: RelayDeltaRow[];
  cosmetic: CosmeticChange[];
  /** Names left out of the comparison (--ignore, --ignore-host-specific). */
  ignored: string[];
  /** What the version handling could not model, for the reader (e.g. defaults outside compatibility_level). */
  notes: string[];
  /** Classic unified diff of the files (--text). */
  textDiff?: string;
  /** Any effective change, lint delta or relay verdict change. */
  semanticDifference: boolean;
  regressions: number;
}
