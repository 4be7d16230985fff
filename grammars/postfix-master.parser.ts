/** master.cf parser: one service entry per logical line; the AST builder names the fields. */
import { CstParser, type CstNode, type IToken } from "chevrotain";
import { Field, LineEnd, masterCfTokens, OrphanLine } from "./postfix-master.tokens.js";

class MasterCfParser extends CstParser {
  constructor() {
    super(masterCfTokens, { recoveryEnabled: true, nodeLocationTracking: "full" });
    this.performSelfAnalysis();
  }

  masterCf = this.RULE("masterCf", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.service) },
        { ALT: () => this.CONSUME(OrphanLine) },
        { ALT: () => this.CONSUME(LineEnd) },
      ]);
    });
  });

  service = this.RULE("service", () => {
    this.AT_LEAST_ONE(() => this.CONSUME(Field));
  });
}

export const masterCfParser = new MasterCfParser();

export function parseMasterCfTokens(tokens: IToken[]): CstNode {
  masterCfParser.input = tokens;
  return masterCfParser.masterCf();
}
