/**
 * main.cf parser. The grammar accepts any logical line; a line without "="
 * or without a name is kept (as Postfix reports it) and the AST builder
 * turns it into a diagnostic. Which parameters exist is for the model.
 */
import { CstParser, type CstNode, type IToken } from "chevrotain";
import { Comma, Equals, LineEnd, mainCfTokens, Name, OrphanLine, Word } from "./postfix-main.tokens.js";

/**
 * Chevrotain checks a grammar (ambiguities, left recursion) when it builds the
 * parser; that check costs milliseconds at every start and cannot fail at run
 * time for a grammar that passed it once, so only cst-dts.ts (run by the
 * tests and by npm run gen:cst-dts) builds the parser with it.
 */
export class MainCfParser extends CstParser {
  constructor(options: { validate?: boolean } = {}) {
    super(mainCfTokens, { recoveryEnabled: true, skipValidations: options.validate !== true });
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
}

let instance: MainCfParser | undefined;

/**
 * One parser instance, reset for each input (Chevrotain's recommended use),
 * built on first use: recording the grammar takes milliseconds that a run
 * without main.cf (an Exim config, `mtalint rules`) should not pay.
 */
export function mainCfParser(): MainCfParser {
  return (instance ??= new MainCfParser());
}

export function parseMainCfTokens(tokens: IToken[]): CstNode {
  const parser = mainCfParser();
  parser.input = tokens;
  return parser.mainCf();
}
