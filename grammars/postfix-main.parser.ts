/**
 * main.cf parser. The grammar accepts any logical line; a line without "="
 * or without a name is kept (as Postfix reports it) and the AST builder
 * turns it into a diagnostic. Which parameters exist is for the model.
 */
import { CstParser, type CstNode, type IToken } from "chevrotain";
import { Comma, Equals, LineEnd, mainCfTokens, Name, OrphanLine, Word } from "./postfix-main.tokens.js";

class MainCfParser extends CstParser {
  constructor() {
    super(mainCfTokens, { recoveryEnabled: true, nodeLocationTracking: "full" });
    this.performSelfAnalysis();
  }

  mainCf = this.RULE("mainCf", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.parameter) },
        { ALT: () => this.SUBRULE(this.nameless) },
        { ALT: () => this.CONSUME(OrphanLine) },
        { ALT: () => this.CONSUME(LineEnd) },
      ]);
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
      this.OR([{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME(Comma) }, { ALT: () => this.CONSUME2(Equals) }]);
    });
  });
}

/** One parser instance, reset for each input (Chevrotain's recommended use). */
export const mainCfParser = new MainCfParser();

export function parseMainCfTokens(tokens: IToken[]): CstNode {
  mainCfParser.input = tokens;
  return mainCfParser.mainCf();
}
