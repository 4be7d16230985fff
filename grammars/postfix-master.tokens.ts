/**
 * Tokens of master.cf (master(5)): whitespace-separated fields on logical
 * lines with the same comment and continuation rules as main.cf. A field
 * that starts a "{ ... }" group runs to the matching "}" (Postfix 3.0+).
 */
import { createToken, Lexer } from "chevrotain";
import { lineTokens, makeWordMatcher } from "./postfix-lines.js";

/** A field: up to whitespace, a "{ ... }" group whole. */
export const matchField = makeWordMatcher("");

/** The token types, made by `masterCfTokenTypes` on first use. */
function defineTokens() {
  const { Continuation, LineEnd, Comment, OrphanLine, Whitespace } = lineTokens();
  const Field = createToken({ name: "Field", pattern: { exec: matchField }, line_breaks: true });
  return {
    Continuation,
    LineEnd,
    Comment,
    OrphanLine,
    Whitespace,
    Field,
    /** Every token type, in the order the lexer tries them. */
    all: [Continuation, LineEnd, Comment, OrphanLine, Whitespace, Field],
  };
}

let tokens: ReturnType<typeof defineTokens> | undefined;

/** The token types, made on first use (see mainCfTokenTypes). */
export function masterCfTokenTypes(): ReturnType<typeof defineTokens> {
  return (tokens ??= defineTokens());
}

let lexer: Lexer | undefined;

/** Built on first use, so that a run without master.cf does not pay for it. */
export const masterCfLexer: Pick<Lexer, "tokenize"> = {
  tokenize: (text, initialMode) =>
    (lexer ??= new Lexer(masterCfTokenTypes().all, { ensureOptimizations: false, positionTracking: "full", skipValidations: true })).tokenize(text, initialMode),
};

/** Tests only: whether the token types have been made (see mainCfTokenTypesMade). */
export function masterCfTokenTypesMade(): boolean {
  return tokens !== undefined;
}

/** Tests only: whether the Chevrotain lexer has been built. */
export function masterCfLexerBuilt(): boolean {
  return lexer !== undefined;
}
