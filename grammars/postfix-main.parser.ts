/**
 * main.cf parser. The grammar accepts any logical line; a line without "="
 * or without a name is kept (as Postfix reports it) and the AST builder
 * turns it into a diagnostic. Which parameters exist is for the model.
 */
import { CstParser, type CstNode, type IToken } from "chevrotain";
import { mainCfTokenTypes } from "./postfix-main.tokens.js";

/**
 * The parser class, defined when first needed: a class that extends
 * Chevrotain's CstParser at module load would make every start load and
 * evaluate Chevrotain, though main.cf is parsed by grammars/postfix-fast.ts
 * unless it has a syntax error.
 *
 * Chevrotain checks a grammar (ambiguities, left recursion) when it builds the
 * parser; that check costs milliseconds and cannot fail at run time for a
 * grammar that passed it once, so only cst-dts.ts (run by the tests and by
 * npm run gen:cst-dts) builds the parser with it.
 */
function defineMainCfParser(): new (options?: { validate?: boolean }) => MainCfParser {
  const { Comma, Equals, LineEnd, Name, OrphanLine, Word, all } = mainCfTokenTypes();
  return class MainCfParser extends CstParser {
    constructor(options: { validate?: boolean } = {}) {
      super(all, { recoveryEnabled: true, skipValidations: options.validate !== true });
      this.performSelfAnalysis();
    }

    // The alternatives of each OR are made once, not at every token (Chevrotain's advice for speed): a
    // fresh array of objects and closures per value word was most of what a parse allocated.
    private readonly lineAlts = [
      { ALT: () => this.SUBRULE(this.parameter) },
      { ALT: () => this.SUBRULE(this.nameless) },
      { ALT: () => this.CONSUME(OrphanLine) },
      { ALT: () => this.CONSUME(LineEnd) },
    ];

    private readonly valueAlts = [{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME(Comma) }, { ALT: () => this.CONSUME2(Equals) }];

    mainCf = this.RULE("mainCf", () => {
      this.MANY(() => {
        this.OR(this.lineAlts);
      });
    });

    /** name = value (the "=" may be missing: a diagnostic, not a parse failure). */
    parameter = this.RULE("parameter", () => {
      this.CONSUME(Name);
      this.OPTION(() => this.CONSUME(Equals));
      this.SUBRULE(this.value);
    });

    /** A logical line that starts with "=". */
    nameless = this.RULE("nameless", () => {
      this.CONSUME(Equals);
      this.SUBRULE(this.value);
    });

    value = this.RULE("value", () => {
      this.MANY(() => {
        this.OR(this.valueAlts);
      });
    });
  };
}

/** What the rest of mtalint uses of the parser: its start rule, input and errors. */
export interface MainCfParser extends Pick<CstParser, "input" | "errors" | "getGAstProductions"> {
  mainCf(): CstNode;
}

let parserClass: ReturnType<typeof defineMainCfParser> | undefined;

/** A new parser; `validate` runs Chevrotain's grammar checks (slow: for tests and cst-dts.ts). */
export function newMainCfParser(options: { validate?: boolean } = {}): MainCfParser {
  return new (parserClass ??= defineMainCfParser())(options);
}

let instance: MainCfParser | undefined;

/**
 * One parser instance, reset for each input (Chevrotain's recommended use),
 * built on first use: recording the grammar takes milliseconds that a run
 * without main.cf (an Exim config, `mtalint rules`), or whose main.cf the
 * fast path reads, should not pay.
 */
export function mainCfParser(): MainCfParser {
  return (instance ??= newMainCfParser());
}

/** Tests only: whether the parser has been built (the fast path in grammars/postfix-fast.ts never builds it). */
export function mainCfParserBuilt(): boolean {
  return instance !== undefined;
}

export function parseMainCfTokens(tokens: IToken[]): CstNode {
  const parser = mainCfParser();
  parser.input = tokens;
  return parser.mainCf();
}
