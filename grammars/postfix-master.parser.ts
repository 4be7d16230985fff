/** master.cf parser: one service entry per logical line; the AST builder names the fields. */
import { CstParser, type CstNode, type IToken } from "chevrotain";
import { Field, LineEnd, masterCfTokens, OrphanLine } from "./postfix-master.tokens.js";

/** Built with Chevrotain's grammar checks only by cst-dts.ts (see MainCfParser). */
export class MasterCfParser extends CstParser {
  constructor(options: { validate?: boolean } = {}) {
    super(masterCfTokens, { recoveryEnabled: true, skipValidations: options.validate !== true });
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

let instance: MasterCfParser | undefined;

/** The one parser instance, built on first use (see mainCfParser). */
export function masterCfParser(): MasterCfParser {
  return (instance ??= new MasterCfParser());
}

export function parseMasterCfTokens(tokens: IToken[]): CstNode {
  const parser = masterCfParser();
  parser.input = tokens;
  return parser.masterCf();
}
