/**
 * What a rule is: metadata (data) and one check function (behaviour).
 * Rules are pure: no I/O, no formatting; they read the model and report.
 */
import type { Range } from "../ast/range.js";
import type { PostfixConfig } from "../model/postfix/config.js";
import type { Severity } from "./severity.js";
import type { LintSettings } from "./settings.js";

export type RuleKind = "postfix" | "exim";

export interface RuleMeta<M extends string> {
  /** `<kind>/<kebab-name>`, equal to the rule's file path under rules/. Public and never reused. */
  id: string;
  kind: RuleKind;
  /** The files the rule looks at (documentation and engine filtering), e.g. ["main.cf", "master.cf"]. */
  files: string[];
  severity: Severity;
  /** One line: what the rule finds. */
  summary: string;
  /** Message templates with {placeholders}; keys are the messageIds. */
  messages: Record<M, string>;
  /** Older ids that still select this rule in configs and disable comments. */
  aliases?: string[];
}

export interface RuleDocs {
  /** Why this matters to a mail admin. */
  why: string;
  /** A config that triggers the rule (file name → text). */
  bad: Record<string, string>;
  /** The same config fixed; the rule stays silent on it. */
  good: Record<string, string>;
  /** How to fix it. */
  fix: string;
  /** Options the rule reads from .mtalint.json, if any. */
  options?: string;
  /** Lint settings the bad/good examples are judged with (e.g. a --from-version), when the defaults are not enough. */
  settings?: Partial<LintSettings>;
  /** Ids of other rules about the same problem or setting; listed both ways (test/docs checks). */
  related: string[];
  /** The Postfix or Exim documentation the rule rests on; every link is checked against Debian's manuals. */
  references: DocReference[];
}

/** A link into the MTA's own manual: a postfix.org page (#parameter) or an Exim specification chapter. */
export interface DocReference {
  title: string;
  url: string;
}

/** A replacement of the text in `range` (0-based offsets) by `text`. */
export interface TextEdit {
  range: Range;
  text: string;
}

export interface Fix {
  /** A sentence the admin can act on. */
  description: string;
  /** Where it is safe: the edit that applies it. */
  edits?: TextEdit[];
}

export interface Finding {
  ruleId: string;
  /** Which of the rule's messages (stable; tests and SARIF use it). */
  messageId: string;
  severity: Severity;
  message: string;
  range: Range;
  fix: Fix;
  /** For text that came through an include or a macro: how it got there. */
  via?: string[];
}

export interface ReportDescriptor<M extends string> {
  range: Range;
  messageId: M;
  data?: Record<string, string | number>;
  fix: Fix;
  /** Overrides the rule's severity for this finding (e.g. a broader mynetworks is an error, not a warning). */
  severity?: Severity;
  via?: string[];
}

interface BaseContext<M extends string> {
  settings: LintSettings;
  report(descriptor: ReportDescriptor<M>): void;
}

export interface PostfixRuleContext<M extends string> extends BaseContext<M> {
  kind: "postfix";
  config: PostfixConfig;
}

/** The Exim model is typed loosely here to keep the engine independent of its shape. */
export interface EximRuleContext<M extends string, C = unknown> extends BaseContext<M> {
  kind: "exim";
  config: C;
}

export type PostfixRule<M extends string = string> = {
  meta: RuleMeta<M> & { kind: "postfix" };
  docs: RuleDocs;
  check(ctx: PostfixRuleContext<M>): void;
};

export type EximRule<M extends string = string, C = unknown> = {
  meta: RuleMeta<M> & { kind: "exim" };
  docs: RuleDocs;
  check(ctx: EximRuleContext<M, C>): void;
};

export type Rule = PostfixRule<string> | EximRule<string, any>;

/** Typed identity: a messageId that is not a key of meta.messages fails to compile. */
export function definePostfixRule<M extends string>(rule: PostfixRule<M>): PostfixRule<M> {
  return rule;
}

export function defineEximRule<M extends string, C = unknown>(rule: EximRule<M, C>): EximRule<M, C> {
  return rule;
}

/** Fill {placeholders} of a message template. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in data ? String(data[key]) : m));
}
