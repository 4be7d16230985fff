/**
 * A hand-written lexer and parser for main.cf and master.cf that give what
 * the Chevrotain lexers (postfix-main.tokens.ts, postfix-master.tokens.ts)
 * and parsers (postfix-main.parser.ts, postfix-master.parser.ts) give, without
 * building them: at start-up, building them (recording the grammars, computing
 * the lookahead) cost ~10 ms, and in a batch their per-token machinery was a
 * tenth of the time. The grammars stay the reference:
 * - the lexer tries, at each offset, the token types' own matchers in the
 *   order the Chevrotain lexer tries them (the first that matches wins); a
 *   matcher is skipped only where its own first test would fail (a line-end
 *   matcher on another character than CR or LF, a line-start matcher in the
 *   middle of a line);
 * - the parser accepts only input the grammar accepts without an error.
 * Anything else (an offset where no token matches, a token the grammar does
 * not expect) returns undefined, and the caller lexes and parses with
 * Chevrotain, whose error recovery and messages are kept. The equivalence is
 * tested token by token and AST by AST (test/ast/postfix-fast.test.ts).
 */
import { matchComment, matchContinuation, matchLineEnd, matchOrphanLine } from "./postfix-lines.js";
import { matchName, matchWord } from "./postfix-main.tokens.js";
import { matchField } from "./postfix-master.tokens.js";

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const EQUALS = 61;
const COMMA = 44;

/** The token kinds, named as the Chevrotain token types they stand for (skipped white space makes none). */
export type MainKind = "Continuation" | "LineEnd" | "Comment" | "OrphanLine" | "Name" | "Equals" | "Comma" | "Word";
export type MasterKind = "Continuation" | "LineEnd" | "Comment" | "OrphanLine" | "Field";

/** A token with the fields of Chevrotain's IToken that the AST builders read. */
export interface FastToken<K extends string> {
  kind: K;
  image: string;
  startOffset: number;
  /** Offset of the last character (master.cf only, as its Chevrotain lexer tracks it). */
  endOffset?: number;
}

export type MainToken = FastToken<MainKind>;
export type MasterToken = FastToken<MasterKind> & { endOffset: number };

/** What `tokenize` returns: the parser's tokens and the two token groups the builders read. */
export interface FastLex<T> {
  tokens: T[];
  continuations: T[];
  comments: T[];
}

/** Scans [ \t\r]+ (the skipped Whitespace token) from `i`; returns the offset after it. */
function skipBlanks(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c === SPACE || c === TAB || c === CR) c = text.charCodeAt(++i);
  return i;
}

/** The image of lineStructure's last match, and the end of its last run of white space. */
let lineImage = "";
let blankEnd = 0;

/**
 * The line-structure tokens both files share (Continuation, LineEnd,
 * Comment, OrphanLine, then the skipped Whitespace), at offset `i` whose
 * character is `c`: the kind of the match (its image in lineImage), "blank"
 * for skipped white space (which ends at blankEnd), or undefined when none
 * matches.
 */
function lineStructure(text: string, i: number, c: number, lineStart: boolean): "Continuation" | "LineEnd" | "Comment" | "OrphanLine" | "blank" | undefined {
  // Continuation and LineEnd first test for CR or LF at the offset.
  if (c === LF || c === CR) {
    const cont = matchContinuation(text, i);
    if (cont) {
      lineImage = cont[0];
      return "Continuation";
    }
    const end = matchLineEnd(text, i);
    if (end) {
      lineImage = end[0];
      return "LineEnd";
    }
  }
  // Comment and OrphanLine first test for the start of a line.
  if (lineStart) {
    const comment = matchComment(text, i);
    if (comment) {
      lineImage = comment[0];
      return "Comment";
    }
    const orphan = matchOrphanLine(text, i);
    if (orphan) {
      lineImage = orphan[0];
      return "OrphanLine";
    }
  }
  if (c === SPACE || c === TAB || c === CR) {
    blankEnd = skipBlanks(text, i);
    return "blank";
  }
  return undefined;
}

/**
 * main.cf's tokens as `mainCfLexer.tokenize` gives them (token order, kinds,
 * images, offsets, and the continuations and comments groups), or undefined
 * where that lexer would report an error.
 */
export function tokenizeMainCf(text: string): FastLex<MainToken> | undefined {
  const tokens: MainToken[] = [];
  const continuations: MainToken[] = [];
  const comments: MainToken[] = [];
  const len = text.length;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    const lineStart = i === 0 || text.charCodeAt(i - 1) === LF;
    const line = lineStructure(text, i, c, lineStart);
    if (line === "blank") {
      i = blankEnd;
      continue;
    }
    let kind: MainKind;
    let image: string;
    if (line !== undefined) {
      kind = line;
      image = lineImage;
    } else {
      // Name first tests for the start of a line; Equals and Comma are single characters.
      const name = lineStart ? matchName(text, i) : null;
      if (name) {
        kind = "Name";
        image = name[0];
      } else if (c === EQUALS) {
        kind = "Equals";
        image = "=";
      } else if (c === COMMA) {
        kind = "Comma";
        image = ",";
      } else {
        const word = matchWord(text, i);
        if (!word) return undefined;
        kind = "Word";
        image = word[0];
      }
    }
    // No matcher returns an empty match; were one to, Chevrotain's result is not ours to guess.
    if (image.length === 0) return undefined;
    const token: MainToken = { kind, image, startOffset: i };
    if (kind === "Continuation") continuations.push(token);
    else if (kind === "Comment") comments.push(token);
    else tokens.push(token);
    i += image.length;
  }
  return { tokens, continuations, comments };
}

/**
 * master.cf's tokens as `masterCfLexer.tokenize` gives them (with end
 * offsets), or undefined where that lexer would report an error.
 */
export function tokenizeMasterCf(text: string): FastLex<MasterToken> | undefined {
  const tokens: MasterToken[] = [];
  const continuations: MasterToken[] = [];
  const comments: MasterToken[] = [];
  const len = text.length;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    const line = lineStructure(text, i, c, i === 0 || text.charCodeAt(i - 1) === LF);
    if (line === "blank") {
      i = blankEnd;
      continue;
    }
    let kind: MasterKind;
    let image: string;
    if (line !== undefined) {
      kind = line;
      image = lineImage;
    } else {
      const field = matchField(text, i);
      if (!field) return undefined;
      kind = "Field";
      image = field[0];
    }
    if (image.length === 0) return undefined;
    const token: MasterToken = { kind, image, startOffset: i, endOffset: i + image.length - 1 };
    if (kind === "Continuation") continuations.push(token);
    else if (kind === "Comment") comments.push(token);
    else tokens.push(token);
    i += image.length;
  }
  return { tokens, continuations, comments };
}

/** The tokens of a value, as the children of the grammar's `value` rule (a kind with no token is absent). */
export interface ValueTokens<T> {
  Word?: T[];
  Comma?: T[];
  Equals?: T[];
}

/** What the main.cf grammar's CST holds that the AST builder reads. */
export interface MainCfLines<T> {
  /** name = value: `parameter` (the "=" may be missing). */
  parameters: { name: T; equals: T | undefined; value: ValueTokens<T> }[];
  /** = value: `nameless`. */
  nameless: { equals: T; value: ValueTokens<T> }[];
  orphans: T[];
}

/** value := (Word | Comma | Equals)*, from tokens[i]; sets valueEnd to the index after it. */
let valueEnd = 0;
function parseValue(tokens: MainToken[], i: number): ValueTokens<MainToken> {
  const value: ValueTokens<MainToken> = {};
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "Word") (value.Word ??= []).push(t);
    else if (t.kind === "Comma") (value.Comma ??= []).push(t);
    else if (t.kind === "Equals") (value.Equals ??= []).push(t);
    else break;
  }
  valueEnd = i;
  return value;
}

/**
 * The main.cf grammar (mainCf := (parameter | nameless | OrphanLine |
 * LineEnd)*; parameter := Name Equals? value; nameless := Equals value)
 * over `tokens`, or undefined where it does not parse without an error
 * (a Word or Comma where a line should start).
 */
export function parseMainCfFast(tokens: MainToken[]): MainCfLines<MainToken> | undefined {
  const out: MainCfLines<MainToken> = { parameters: [], nameless: [], orphans: [] };
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    switch (t.kind) {
      case "Name": {
        const next = tokens[i + 1];
        const equals = next?.kind === "Equals" ? next : undefined;
        const value = parseValue(tokens, equals ? i + 2 : i + 1);
        out.parameters.push({ name: t, equals, value });
        i = valueEnd;
        break;
      }
      case "Equals": {
        const value = parseValue(tokens, i + 1);
        out.nameless.push({ equals: t, value });
        i = valueEnd;
        break;
      }
      case "OrphanLine":
        out.orphans.push(t);
        i++;
        break;
      case "LineEnd":
        i++;
        break;
      default:
        return undefined;
    }
  }
  return out;
}

/** What the master.cf grammar's CST holds that the AST builder reads: the fields of each service entry. */
export interface MasterCfLines<T> {
  services: T[][];
}

/**
 * The master.cf grammar (masterCf := (service | OrphanLine | LineEnd)*;
 * service := Field+) over `tokens`, or undefined where it does not parse
 * without an error.
 */
export function parseMasterCfFast(tokens: MasterToken[]): MasterCfLines<MasterToken> | undefined {
  const services: MasterToken[][] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.kind === "Field") {
      const fields = [t];
      while (++i < tokens.length && tokens[i]!.kind === "Field") fields.push(tokens[i]!);
      services.push(fields);
    } else if (t.kind === "OrphanLine" || t.kind === "LineEnd") i++;
    else return undefined;
  }
  return { services };
}
