/**
 * Tokens of one Exim logical line (the preprocessor in src/exim/ has already
 * joined continuations and removed comments, macros and directives). After
 * "=" everything to the end of the line is one Value token: Exim takes the
 * rest of the line as the value (spec 6.11, 6.17) and never splits it here.
 * Names are letters, digits and underscores, as readconf_readname reads them.
 */
import { createToken, Lexer } from "chevrotain";

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\f\v]+/, group: Lexer.SKIPPED });
export const Name = createToken({ name: "Name", pattern: /[A-Za-z0-9_]+/ });
export const Begin = createToken({ name: "Begin", pattern: /begin/, longer_alt: Name });
export const Hide = createToken({ name: "Hide", pattern: /hide/, longer_alt: Name });
export const ListKind = createToken({
  name: "ListKind",
  pattern: /(?:domain|host|address|localpart)list(?:_cache)?/,
  longer_alt: Name,
});
export const Colon = createToken({ name: "Colon", pattern: /:/ });
export const Bang = createToken({ name: "Bang", pattern: /!/ });
export const Equals = createToken({ name: "Equals", pattern: /=/, push_mode: "value" });
/** Anything else outside a value: retry and rewrite rules are made of these. */
export const Other = createToken({ name: "Other", pattern: /[^\s=:!A-Za-z0-9_]+/ });
export const ValueWhiteSpace = createToken({ name: "ValueWhiteSpace", pattern: /[ \t\r\f\v]+/, group: Lexer.SKIPPED });
export const Value = createToken({ name: "Value", pattern: /\S[^]*/, line_breaks: true });

export const eximTokens = {
  modes: {
    line: [WhiteSpace, Begin, Hide, ListKind, Name, Colon, Bang, Equals, Other],
    value: [ValueWhiteSpace, Value],
  },
  defaultMode: "line",
};

/** Every token type, for the parser's vocabulary. */
export const eximTokenTypes = [WhiteSpace, Begin, Hide, ListKind, Name, Colon, Bang, Equals, Other, ValueWhiteSpace, Value];

let lexer: Lexer | undefined;

/** Built on first use: its validations take milliseconds that a Postfix-only run should not pay. */
export const eximLexer: Pick<Lexer, "tokenize"> = {
  tokenize: (text, initialMode) =>
    (lexer ??= new Lexer(eximTokens, { positionTracking: "onlyOffset", ensureOptimizations: false })).tokenize(text, initialMode),
};
