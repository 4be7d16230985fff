/**
 * Tokens of master.cf (master(5)): whitespace-separated fields on logical
 * lines with the same comment and continuation rules as main.cf. A field
 * that starts a "{ ... }" group runs to the matching "}" (Postfix 3.0+).
 */
import { createToken, Lexer } from "chevrotain";
import { lineTokens, makeWordMatcher } from "./postfix-lines.js";

export const { Continuation, LineEnd, Comment, OrphanLine, Whitespace } = lineTokens();

export const Field = createToken({ name: "Field", pattern: { exec: makeWordMatcher("") }, line_breaks: true });

export const masterCfTokens = [Continuation, LineEnd, Comment, OrphanLine, Whitespace, Field];

let lexer: Lexer | undefined;

/** Built on first use, so that a run without master.cf does not pay for it. */
export const masterCfLexer: Pick<Lexer, "tokenize"> = {
  tokenize: (text, initialMode) =>
    (lexer ??= new Lexer(masterCfTokens, { ensureOptimizations: false, positionTracking: "full", skipValidations: true })).tokenize(text, initialMode),
};
