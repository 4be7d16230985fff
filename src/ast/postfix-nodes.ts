import type { Range, SourceFile } from "./range.js";

/** One element of a list-valued parameter: a word, or a "{ ... }" group kept whole. */
export interface ValueElement {
  type: "ValueElement";
  /** The element as written (logical text: continuations joined). */
  text: string;
  /** For a "{ ... }" group: the text inside the braces, trimmed; otherwise equal to text. */
  inner: string;
  braced: boolean;
  range: Range;
}

/** `name = value` in main.cf. */
export interface PostfixParameter {
  type: "PostfixParameter";
  name: string;
  /** The value as Postfix reads it: continuation lines joined, surrounding whitespace trimmed. */
  value: string;
  /** The elements of the value, split at whitespace and commas as Postfix splits lists. */
  elements: ValueElement[];
  /** The whole logical line. */
  range: Range;
  nameRange: Range;
  /** From the first to the last value character; empty at the end of the line for an empty value. */
  valueRange: Range;
}

export interface MainCf {
  type: "MainCf";
  source: SourceFile;
  /** In file order; a name may occur more than once (the last one wins). */
  parameters: PostfixParameter[];
  comments: Range[];
}

export interface MasterField {
  text: string;
  range: Range;
}

/** `-o name=value` or `-o { name = value }` on a master.cf service. */
export interface MasterOverride {
  type: "MasterOverride";
  name: string;
  value: string;
  /** From "-o" to the end of the value. */
  range: Range;
  nameRange: Range;
  valueRange: Range;
  braced: boolean;
}

/** One master.cf service entry. */
export interface MasterService {
  type: "MasterService";
  /** service name (first column), e.g. "smtp", "submission", "127.0.0.1:10025". */
  name: string;
  /** second column: inet, unix, unix-dgram, fifo, pass. */
  serviceType: string;
  private: MasterField;
  unpriv: MasterField;
  chroot: MasterField;
  wakeup: MasterField;
  maxproc: MasterField;
  /** the program in Postfix's daemon directory, e.g. smtpd, smtp, pipe. */
  command: MasterField;
  /** Everything after the command, in order (including "-o" and its argument). */
  args: MasterField[];
  overrides: MasterOverride[];
  nameRange: Range;
  typeRange: Range;
  range: Range;
}

export interface MasterCf {
  type: "MasterCf";
  source: SourceFile;
  services: MasterService[];
  comments: Range[];
}
