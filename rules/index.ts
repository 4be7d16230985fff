/** Every rule, by id (sorted). Adding a rule: one file under rules/<kind>/, one line here. */
import type { Rule } from "../src/engine/rule.js";
import eximSyntax from "./exim/syntax.js";
import postfixDuplicateParameter from "./postfix/duplicate-parameter.js";
import postfixMasterUnknownOverride from "./postfix/master-unknown-override.js";
import postfixSyntax from "./postfix/syntax.js";
import postfixUndefinedReference from "./postfix/undefined-reference.js";
import postfixUnknownParameter from "./postfix/unknown-parameter.js";

export const rules: Record<string, Rule> = {
  "exim/syntax": eximSyntax,
  "postfix/duplicate-parameter": postfixDuplicateParameter,
  "postfix/master-unknown-override": postfixMasterUnknownOverride,
  "postfix/syntax": postfixSyntax,
  "postfix/undefined-reference": postfixUndefinedReference,
  "postfix/unknown-parameter": postfixUnknownParameter,
};
