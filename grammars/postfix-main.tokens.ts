/**
 * Tokens of main.cf (postconf(5)). A parameter name is the first word of a
 * logical line, up to whitespace or "="; everything after the "=" is value,
 * including any "#" (only whole lines are comments). Values are split into
 * words at whitespace and commas, with "{ ... }" groups kept whole, as
 * Postfix splits lists.
 */
import { createToken, Lexer } from "chevrotain";
import { lineTokens, makeWordMatcher } from "./postfix-lines.js";

/** The match a custom pattern returns: Chevrotain reads its first element at once, so one array serves every match. */
const nameMatch = [""] as unknown as RegExpExecArray;

export function matchName(text: string, offset: number): RegExpExecArray | null {
  if (offset !== 0 && text.charCodeAt(offset - 1) !== 10) return null;
  // White space is ASCII to Postfix (isspace() in the C locale): a no-break space or byte order mark is part of the name.
  let i = offset;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // space, \t \n \v \f \r, =
    if (c === 32 || (c >= 9 && c <= 13) || c === 61) break;
  }
  if (i === offset) return null;
  nameMatch[0] = text.slice(offset, i);
  return nameMatch;
}

/** A value word: up to whitespace or ",", a "{ ... }" group whole. */
export const matchWord = makeWordMatcher(",");

/** The token types, made by `mainCfTokenTypes` on first use. */
function defineTokens() {
  const { Continuation, LineEnd, Comment, OrphanLine, Whitespace } = lineTokens();
  const Name = createToken({ name: "Name", pattern: { exec: matchName }, line_breaks: false });
  const Equals = createToken({ name: "Equals", pattern: /=/ });
  const Comma = createToken({ name: "Comma", pattern: /,/ });
  const Word = createToken({ name: "Word", pattern: { exec: matchWord }, line_breaks: true });
  return {
    Continuation,
    LineEnd,
    Comment,
    OrphanLine,
    Whitespace,
    Name,
    Equals,
    Comma,
    Word,
    /** Every token type, in the order the lexer tries them. */
    all: [Continuation, LineEnd, Comment, OrphanLine, Whitespace, Name, Equals, Comma, Word],
  };
}

let tokens: ReturnType<typeof defineTokens> | undefined;

/**
 * The token types, made on first use: creating them at module load would
 * make every start load and evaluate Chevrotain, though main.cf is lexed and
 * parsed by grammars/postfix-fast.ts unless it has a syntax error.
 */
export function mainCfTokenTypes(): ReturnType<typeof defineTokens> {
  return (tokens ??= defineTokens());
}

let lexer: Lexer | undefined;

/**
 * Built on first use, so that a run without main.cf does not pay for it.
 * Tokens carry their start offset only: ranges are offsets, and a token ends
 * after its image.
 */
export const mainCfLexer: Pick<Lexer, "tokenize"> = {
  tokenize: (text, initialMode) =>
    (lexer ??= new Lexer(mainCfTokenTypes().all, { ensureOptimizations: false, positionTracking: "onlyOffset", skipValidations: true })).tokenize(text, initialMode),
};

/** Tests only: whether the token types have been made (for the Chevrotain lexer or parser; the fast path makes none). */
export function mainCfTokenTypesMade(): boolean {
  return tokens !== undefined;
}

/** Tests only: whether the Chevrotain lexer has been built. */
export function mainCfLexerBuilt(): boolean {
  return lexer !== undefined;
}
