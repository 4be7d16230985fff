/**
 * A hand-written scanner for one Exim logical line that gives the tokens
 * `eximLexer` (grammars/exim.tokens.ts) gives, without Chevrotain's per-call
 * costs: a 6.5 MB configuration is ~200,000 lines, each lexed on its own.
 * Where Chevrotain would report a lexing error (a newline or a non-ASCII
 * white space outside a value), it returns undefined, and the caller lexes
 * and parses the line with Chevrotain, which reports it. The equivalence is
 * tested token by token on real and generated lines (test/exim/fast-line.test.ts).
 */

/** Token kinds, named as the Chevrotain token types they stand for. */
export const FastKind = {
  Begin: 0,
  Hide: 1,
  ListKind: 2,
  Name: 3,
  Colon: 4,
  Bang: 5,
  Equals: 6,
  Other: 7,
  Value: 8,
} as const;
export type FastKind = (typeof FastKind)[keyof typeof FastKind];

/** The token fields the AST builder reads (Chevrotain's IToken has them too). */
export interface FastToken {
  kind: FastKind;
  image: string;
  startOffset: number;
}

/** [A-Za-z0-9_] */
function isNameCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** The skipped white space of both modes: [ \t\r\f\v]. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 12 || c === 11;
}

/** JavaScript's \s (what the Other and Value patterns exclude). */
function isJsSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** [^\s=:!A-Za-z0-9_] */
function isOtherCode(c: number): boolean {
  return c !== 61 && c !== 58 && c !== 33 && !isNameCode(c) && !isJsSpace(c);
}

const LIST_KIND = /^(?:domain|host|address|localpart)list(?:_cache)?$/;

/**
 * A word of [A-Za-z0-9_]+ as Chevrotain classifies it: Begin, Hide and
 * ListKind have Name as their longer alternative, so they win only when they
 * match the whole word.
 */
function wordKind(word: string): FastKind {
  if (word === "begin") return FastKind.Begin;
  if (word === "hide") return FastKind.Hide;
  if (word.length >= 8 && (word.endsWith("list") || word.endsWith("_cache")) && LIST_KIND.test(word)) return FastKind.ListKind;
  return FastKind.Name;
}

/**
 * Short words and values recur (option names, verbs, driver names): a
 * direct-mapped cache keeps one string for each, so that a large AST holds
 * one copy instead of one per line (fewer objects for the garbage collector
 * to move), and a word found there is not even sliced out of the line. A
 * slot holds the last string that hashed to it; the cache never grows.
 */
const SLOTS = 1024;
const MAX_ATOM_LENGTH = 24;
const atoms: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

/** text.slice(i, j), as the string the cache holds when it holds it. */
function atom(text: string, i: number, j: number): string {
  const len = j - i;
  if (len > MAX_ATOM_LENGTH) return text.slice(i, j);
  const slot = (len * 31 + text.charCodeAt(i) * 7 + text.charCodeAt(j - 1) * 3 + text.charCodeAt(i + (len >> 1))) & (SLOTS - 1);
  const known = atoms[slot];
  if (known !== undefined && known.length === len && text.startsWith(known, i)) return known;
  const s = text.slice(i, j);
  atoms[slot] = s;
  return s;
}

/** Sets out[n] to the token, reusing the object there. */
function put(out: FastToken[], n: number, kind: FastKind, image: string, startOffset: number): void {
  const t = out[n];
  if (t) {
    t.kind = kind;
    t.image = image;
    t.startOffset = startOffset;
  } else out[n] = { kind, image, startOffset };
}

/**
 * Scans a logical line into `out` as `eximLexer.tokenize` would lex it, and
 * returns the number of tokens, or -1 where the lexer would report an error.
 * The token objects already in `out` are reused (the caller reads them
 * before the next line; only their images are kept).
 */
export function scanEximLine(text: string, out: FastToken[]): number {
  let n = 0;
  const len = text.length;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (isBlank(c)) {
      i++;
      continue;
    }
    if (isNameCode(c)) {
      let j = i + 1;
      while (j < len && isNameCode(text.charCodeAt(j))) j++;
      const image = atom(text, i, j);
      put(out, n++, wordKind(image), image, i);
      i = j;
      continue;
    }
    if (c === 58) put(out, n++, FastKind.Colon, ":", i++);
    else if (c === 33) put(out, n++, FastKind.Bang, "!", i++);
    else if (c === 61) {
      // "=" switches to the value mode for the rest of the line: blanks, then one Value token.
      put(out, n++, FastKind.Equals, "=", i++);
      while (i < len && isBlank(text.charCodeAt(i))) i++;
      if (i < len) {
        if (isJsSpace(text.charCodeAt(i))) return -1;
        put(out, n++, FastKind.Value, atom(text, i, len), i);
      }
      return n;
    } else {
      // A newline or a non-ASCII white space: neither skipped nor Other, a lexing error.
      if (isJsSpace(c)) return -1;
      let j = i + 1;
      while (j < len && isOtherCode(text.charCodeAt(j))) j++;
      put(out, n++, FastKind.Other, text.slice(i, j), i);
      i = j;
    }
  }
  return n;
}
