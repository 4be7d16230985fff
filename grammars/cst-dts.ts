/**
 * The CST typings of each grammar, as Chevrotain generates them (see
 * scripts/gen-cst-dts.mjs). The parsers are built here with Chevrotain's
 * grammar checks, which the CLI skips: a grammar error fails this.
 */
import { generateCstDts } from "chevrotain";
import { MainCfParser } from "./postfix-main.parser.js";
import { MasterCfParser } from "./postfix-master.parser.js";

export function cstDtsFor(): Record<string, string> {
  return {
    "postfix-main": generateCstDts(new MainCfParser({ validate: true }).getGAstProductions()),
    "postfix-master": generateCstDts(new MasterCfParser({ validate: true }).getGAstProductions()),
  };
}
