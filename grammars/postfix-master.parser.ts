/** master.cf parser: one service entry per logical line; the AST builder names the fields. */
import { CstParser, type CstNode, type IToken } from "chevrotain";
import { masterCfTokenTypes } from "./postfix-master.tokens.js";

/** The parser class, defined when first needed; built with Chevrotain's grammar checks only by cst-dts.ts (see defineMainCfParser). */
function defineMasterCfParser(): new (options?: { validate?: boolean }) => MasterCfParser {
  const { Field, LineEnd, OrphanLine, all } = masterCfTokenTypes();
  return class MasterCfParser extends CstParser {
    constructor(options: { validate?: boolean } = {}) {
      super(all, { recoveryEnabled: true, skipValidations: options.validate !== true });
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
  };
}

/** What the rest of mtalint uses of the parser: its start rule, input and errors. */
export interface MasterCfParser extends Pick<CstParser, "input" | "errors" | "getGAstProductions"> {
  masterCf(): CstNode;
}

let parserClass: ReturnType<typeof defineMasterCfParser> | undefined;

/** A new parser; `validate` runs Chevrotain's grammar checks (slow: for tests and cst-dts.ts). */
export function newMasterCfParser(options: { validate?: boolean } = {}): MasterCfParser {
  return new (parserClass ??= defineMasterCfParser())(options);
}

let instance: MasterCfParser | undefined;

/** The one parser instance, built on first use (see mainCfParser). */
export function masterCfParser(): MasterCfParser {
  return (instance ??= newMasterCfParser());
}

/** Tests only: whether the parser has been built (the fast path in grammars/postfix-fast.ts never builds it). */
export function masterCfParserBuilt(): boolean {
  return instance !== undefined;
}

export function parseMasterCfTokens(tokens: IToken[]): CstNode {
  const parser = masterCfParser();
  parser.input = tokens;
  return parser.masterCf();
}
