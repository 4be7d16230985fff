/**
 * Tokens of one Exim logical line (the preprocessor in src/exim/ has already
 * joined continuations and removed comments, macros and directives). After
 * "=" everything to the end of the line is one Value token: Exim takes the
 * rest of the line as the value (spec 6.11, 6.17) and never splits it here.
 * Names are letters, digits and underscores, as readconf_readname reads them.
 */
import { createToken, Lexer } from "chevrotain";

/** The token types, made by `eximTokenTypes` on first use. */
function defineTokens() {
  const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\f\v]+/, group: Lexer.SKIPPED });
  const Name = createToken({ name: "Name", pattern: /[A-Za-z0-9_]+/ });
  const Begin = createToken({ name: "Begin", pattern: /begin/, longer_alt: Name });
  const Hide = createToken({ name: "Hide", pattern: /hide/, longer_alt: Name });
  const ListKind = createToken({
    name: "ListKind",
    pattern: /(?:domain|host|address|localpart)list(?:_cache)?/,
    longer_alt: Name,
  });
  const Colon = createToken({ name: "Colon", pattern: /:/ });
  const Bang = createToken({ name: "Bang", pattern: /!/ });
  const Equals = createToken({ name: "Equals", pattern: /=/, push_mode: "value" });
  /** Anything else outside a value: retry and rewrite rules are made of these. */
  const Other = createToken({ name: "Other", pattern: /[^\s=:!A-Za-z0-9_]+/ });
  const ValueWhiteSpace = createToken({ name: "ValueWhiteSpace", pattern: /[ \t\r\f\v]+/, group: Lexer.SKIPPED });
  const Value = createToken({ name: "Value", pattern: /\S[^]*/, line_breaks: true });
  return {
    WhiteSpace,
    Name,
    Begin,
    Hide,
    ListKind,
    Colon,
    Bang,
    Equals,
    Other,
    ValueWhiteSpace,
    Value,
    /** The lexer's modes. */
    modes: {
      modes: {
        line: [WhiteSpace, Begin, Hide, ListKind, Name, Colon, Bang, Equals, Other],
        value: [ValueWhiteSpace, Value],
      },
      defaultMode: "line",
    },
    /** Every token type, for the parser's vocabulary. */
    all: [WhiteSpace, Begin, Hide, ListKind, Name, Colon, Bang, Equals, Other, ValueWhiteSpace, Value],
  };
}

let tokens: ReturnType<typeof defineTokens> | undefined;

/**
 * The token types, made on first use: creating them at module load would
 * make every start load and evaluate Chevrotain, though most Exim lines are
 * scanned by hand (grammars/exim/fast-line.ts) and a Postfix run lexes none.
 */
export function eximTokenTypes(): ReturnType<typeof defineTokens> {
  return (tokens ??= defineTokens());
}

let lexer: Lexer | undefined;

/** Built on first use: its validations take milliseconds that a Postfix-only run should not pay. */
export const eximLexer: Pick<Lexer, "tokenize"> = {
  tokenize: (text, initialMode) =>
    (lexer ??= new Lexer(eximTokenTypes().modes, { positionTracking: "onlyOffset", ensureOptimizations: false })).tokenize(text, initialMode),
};
