/** The CST typings of each grammar, as Chevrotain generates them (see scripts/gen-cst-dts.mjs). */
import { generateCstDts } from "chevrotain";
import { mainCfParser } from "./postfix-main.parser.js";
import { masterCfParser } from "./postfix-master.parser.js";

export function cstDtsFor(): Record<string, string> {
  return {
    "postfix-main": generateCstDts(mainCfParser.getGAstProductions()),
    "postfix-master": generateCstDts(masterCfParser.getGAstProductions()),
  };
}
