/**
 * Tokens of main.cf (postconf(5)). A parameter name is the first word of a
 * logical line, up to whitespace or "="; everything after the "=" is value,
 * including any "#" (only whole lines are comments). Values are split into
 * words at whitespace and commas, with "{ ... }" groups kept whole, as
 * Postfix splits lists.
 */
import { createToken, Lexer } from "chevrotain";
import { lineTokens, makeWordMatcher } from "./postfix-lines.js";

export const { Continuation, LineEnd, Comment, OrphanLine, Whitespace } = lineTokens();

/** The match a custom pattern returns: Chevrotain reads its first element at once, so one array serves every match. */
const nameMatch = [""] as unknown as RegExpExecArray;

function matchName(text: string, offset: number): RegExpExecArray | null {
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

export const Name = createToken({ name: "Name", pattern: { exec: matchName }, line_breaks: false });
export const Equals = createToken({ name: "Equals", pattern: /=/ });
export const Comma = createToken({ name: "Comma", pattern: /,/ });
export const Word = createToken({ name: "Word", pattern: { exec: makeWordMatcher(",") }, line_breaks: true });

export const mainCfTokens = [Continuation, LineEnd, Comment, OrphanLine, Whitespace, Name, Equals, Comma, Word];

let lexer: Lexer | undefined;

/**
 * Built on first use, so that a run without main.cf does not pay for it.
 * Tokens carry their start offset only: ranges are offsets, and a token ends
 * after its image.
 */
export const mainCfLexer: Pick<Lexer, "tokenize"> = {
  tokenize: (text, initialMode) =>
    (lexer ??= new Lexer(mainCfTokens, { ensureOptimizations: false, positionTracking: "onlyOffset", skipValidations: true })).tokenize(text, initialMode),
};
