/**
 * Line structure shared by main.cf and master.cf, as postconf(5) and
 * master(5) define it and real Postfix reads it (checked against postconf):
 * - a line whose first non-whitespace character is "#" is a comment, and
 *   whitespace-only lines are ignored, also between continuation lines;
 * - a line that starts with whitespace continues the previous logical line;
 * - such a line with no logical line before it is ignored with a warning
 *   ("logical line must not start with whitespace");
 * - CR before LF is stripped.
 * These matchers are Chevrotain custom token patterns: they only classify
 * text, the parsers give it structure.
 */
import { createToken, Lexer, type TokenType } from "chevrotain";

const enum C {
  LF = 10,
  CR = 13,
  SPACE = 32,
  TAB = 9,
  HASH = 35,
}

function isBlank(c: number): boolean {
  return c === C.SPACE || c === C.TAB || c === C.CR;
}

/** Offset just past the line starting at `i` (past its LF), or text.length. */
function nextLineStart(text: string, i: number): number {
  const nl = text.indexOf("\n", i);
  return nl < 0 ? text.length : nl + 1;
}

/** Kind of the physical line starting at `i`: content at column 1, continuation (indented content), or ignorable (blank/comment). */
function lineKind(text: string, i: number): "content" | "indented" | "ignorable" | "eof" {
  if (i >= text.length) return "eof";
  let j = i;
  while (j < text.length && isBlank(text.charCodeAt(j))) j++;
  if (j >= text.length || text.charCodeAt(j) === C.LF) return "ignorable";
  if (text.charCodeAt(j) === C.HASH) return "ignorable";
  return j === i ? "content" : "indented";
}

/*
 * The lexer asks both questions below at every line break. Answered by
 * scanning, a long run of comment or blank lines was scanned again from each
 * of its lines: quadratic (40,000 comment lines before an indented line took
 * 40 s). Each keeps its last answer for the text being lexed, which holds for
 * every line of such a run. The text is remembered as the last string asked
 * about: another string with the same characters (the same file read again)
 * is compared once, then it is the one remembered.
 */
let firstText: string | undefined;
let firstStart = Infinity;

/** True when some line before `lineStart` holds content, i.e. a logical line exists to continue. */
function hasLogicalLineBefore(text: string, lineStart: number): boolean {
  if (text !== firstText) {
    firstStart = Infinity;
    for (let i = 0; i < text.length; i = nextLineStart(text, i)) {
      if (lineKind(text, i) !== "ignorable") {
        firstStart = i;
        break;
      }
    }
  }
  firstText = text;
  return firstStart < lineStart;
}

let nextText: string | undefined;
/** The last question was asked from the LF at nextFrom; its answer holds from any LF before nextEnd (only ignorable lines lie between). */
let nextFrom = 0;
let nextEnd = 0;
let nextAnswer: { start: number; indented: boolean } | undefined;

/**
 * From the LF at `offset`: skip ignorable lines; return the offset of the next
 * line holding content and whether it is indented.
 */
function nextContentLine(text: string, offset: number): { start: number; indented: boolean } | undefined {
  if (offset >= nextFrom && offset < nextEnd && text === nextText) {
    nextText = text;
    return nextAnswer;
  }
  let i = offset + 1;
  let answer: { start: number; indented: boolean } | undefined;
  for (;;) {
    const kind = lineKind(text, i);
    if (kind === "eof") break;
    if (kind === "content" || kind === "indented") {
      answer = { start: i, indented: kind === "indented" };
      break;
    }
    i = nextLineStart(text, i);
  }
  nextText = text;
  nextFrom = offset;
  nextEnd = answer ? answer.start : text.length;
  nextAnswer = answer;
  return answer;
}

function atLineStart(text: string, offset: number): boolean {
  return offset === 0 || text.charCodeAt(offset - 1) === C.LF;
}

/**
 * The match a custom token pattern returns. Chevrotain reads only its first
 * element, at once, so one array serves every match (an array with `index`
 * and `input` for each token was a large share of the lexer's garbage).
 */
const match = [""] as unknown as RegExpExecArray;

function result(text: string, start: number, end: number): RegExpExecArray {
  match[0] = text.slice(start, end);
  return match;
}

/**
 * A line break that continues the logical line: LF, any ignorable lines and
 * the indentation of the next content line. Postfix joins the pieces
 * without the line break, keeping that indentation.
 */
export function matchContinuation(text: string, offset: number): RegExpExecArray | null {
  let lf = offset;
  if (text.charCodeAt(lf) === C.CR && text.charCodeAt(lf + 1) === C.LF) lf++;
  if (text.charCodeAt(lf) !== C.LF) return null;
  const next = nextContentLine(text, lf);
  if (!next?.indented) return null;
  if (!hasLogicalLineBefore(text, lf + 1)) return null;
  let j = next.start;
  while (isBlank(text.charCodeAt(j))) j++;
  return result(text, offset, j);
}

/** A line break that ends a logical line. */
export function matchLineEnd(text: string, offset: number): RegExpExecArray | null {
  if (text.charCodeAt(offset) === C.LF) return result(text, offset, offset + 1);
  if (text.charCodeAt(offset) === C.CR && text.charCodeAt(offset + 1) === C.LF) return result(text, offset, offset + 2);
  return null;
}

/** A comment line (optionally indented), without its line break. */
export function matchComment(text: string, offset: number): RegExpExecArray | null {
  if (!atLineStart(text, offset)) return null;
  let j = offset;
  while (j < text.length && (text.charCodeAt(j) === C.SPACE || text.charCodeAt(j) === C.TAB)) j++;
  if (text.charCodeAt(j) !== C.HASH) return null;
  let end = text.indexOf("\n", j);
  if (end < 0) end = text.length;
  if (end > j && text.charCodeAt(end - 1) === C.CR) end--;
  return result(text, offset, end);
}

/**
 * An indented content line with no logical line before it: Postfix ignores
 * the whole logical line it starts (with its own continuation lines).
 */
export function matchOrphanLine(text: string, offset: number): RegExpExecArray | null {
  if (!atLineStart(text, offset)) return null;
  if (lineKind(text, offset) !== "indented") return null;
  if (hasLogicalLineBefore(text, offset)) return null;
  let i = offset;
  for (;;) {
    const lf = text.indexOf("\n", i);
    if (lf < 0) return result(text, offset, text.length);
    const next = nextContentLine(text, lf);
    if (!next?.indented) {
      const end = lf > offset && text.charCodeAt(lf - 1) === C.CR ? lf - 1 : lf;
      return result(text, offset, end);
    }
    i = next.start;
  }
}

/**
 * A word of a logical line: runs to whitespace or `stops` (none or one
 * character: "," in main.cf, "" in master.cf); a "{"
 * opens a group that runs to its matching "}" across whitespace, commas and
 * continuation lines (mystrtokq() with CHARS_BRACE in Postfix).
 */
export function makeWordMatcher(stops: string) {
  if (stops.length > 1) throw new Error("makeWordMatcher: at most one stop character");
  // -1: no stop character (charCodeAt never returns it).
  const stop = stops.length === 1 ? stops.charCodeAt(0) : -1;
  return (text: string, offset: number): RegExpExecArray | null => {
    let i = offset;
    let depth = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 123 /* { */) depth++;
      else if (c === 125 /* } */ && depth > 0) depth--;
      else if (depth === 0) {
        if (c === C.SPACE || c === C.TAB || c === C.LF || c === C.CR || c === stop) break;
      } else if (c === C.LF) {
        // Inside a group: only a continuation keeps the group open.
        const cont = matchContinuation(text, i);
        if (!cont) break;
        i += cont[0].length;
        continue;
      } else if (c === C.CR && text.charCodeAt(i + 1) === C.LF) {
        i++;
        continue;
      }
      i++;
    }
    return i > offset ? result(text, offset, i) : null;
  };
}

/**
 * The first offset at or after `from` where a logical line starts at column
 * 1 (a line that is neither indented, blank nor a comment), or text.length.
 * Text split there lexes and parses, piece by piece, as the whole does: no
 * token crosses such a point, and a piece that starts there has a logical
 * line before any indented line of it.
 */
export function nextEntryStart(text: string, from: number): number {
  if (from >= text.length) return text.length;
  let i = atLineStart(text, from) ? from : nextLineStart(text, from);
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== C.SPACE && c !== C.TAB && c !== C.CR && c !== C.LF && c !== C.HASH) return i;
    i = nextLineStart(text, i);
  }
  return text.length;
}

/** Tokens for the line structure; each grammar adds its own content tokens between them. */
export function lineTokens(): {
  Continuation: TokenType;
  LineEnd: TokenType;
  Comment: TokenType;
  OrphanLine: TokenType;
  Whitespace: TokenType;
} {
  return {
    Continuation: createToken({
      name: "Continuation",
      pattern: { exec: matchContinuation },
      line_breaks: true,
      start_chars_hint: ["\n", "\r"],
      group: "continuations",
    }),
    LineEnd: createToken({ name: "LineEnd", pattern: { exec: matchLineEnd }, line_breaks: true, start_chars_hint: ["\n", "\r"] }),
    Comment: createToken({
      name: "Comment",
      pattern: { exec: matchComment },
      line_breaks: false,
      start_chars_hint: ["#", " ", "\t"],
      group: "comments",
    }),
    OrphanLine: createToken({ name: "OrphanLine", pattern: { exec: matchOrphanLine }, line_breaks: true, start_chars_hint: [" ", "\t"] }),
    Whitespace: createToken({ name: "Whitespace", pattern: /[ \t\r]+/, group: Lexer.SKIPPED }),
  };
}

/**
 * Postfix's logical value of a source span: the text with each continuation
 * (line break, ignored lines) removed but the continuation line's
 * indentation kept, and trailing whitespace trimmed.
 */
export function logicalText(text: string, start: number, end: number, continuations: { startOffset: number; image: string }[]): string {
  let out = "";
  let pos = start;
  // Continuations are in offset order: start at the first one inside [start, end).
  let lo = 0;
  let hi = continuations.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (continuations[mid]!.startOffset < start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < continuations.length && continuations[i]!.startOffset < end; i++) {
    const c = continuations[i]!;
    out += text.slice(pos, c.startOffset);
    const indent = /[ \t]*$/.exec(c.image)![0];
    out += indent;
    pos = c.startOffset + c.image.length;
  }
  out += text.slice(pos, end);
  // Most spans (every word of a value) lie on one physical line: only the trailing trim applies.
  if (!out.includes("\n") && !out.includes("\r")) {
    let e = out.length;
    while (e > 0 && (out.charCodeAt(e - 1) === C.SPACE || out.charCodeAt(e - 1) === C.TAB)) e--;
    return e === out.length ? out : out.slice(0, e);
  }
  // A "{ ... }" group token may itself span continuation lines: drop those line breaks (and ignored lines) too.
  return out.replace(/\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*/g, "").replace(/\r/g, "").replace(/[ \t]+$/, "");
}
