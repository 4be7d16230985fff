/** Every rule, by id (sorted). Adding a rule: one file under rules/<kind>/, one line here. */
import type { Rule } from "../src/engine/rule.js";
import eximDuplicateOption from "./exim/duplicate-option.js";
import eximIncludeProblem from "./exim/include-problem.js";
import eximSyntax from "./exim/syntax.js";
import eximUndefinedAcl from "./exim/undefined-acl.js";
import eximUndefinedMacro from "./exim/undefined-macro.js";
import eximUndefinedNamedList from "./exim/undefined-named-list.js";
import eximUnknownOption from "./exim/unknown-option.js";
import postfixDuplicateParameter from "./postfix/duplicate-parameter.js";
import postfixMasterUnknownOverride from "./postfix/master-unknown-override.js";
import postfixSyntax from "./postfix/syntax.js";
import postfixUndefinedReference from "./postfix/undefined-reference.js";
import postfixUnknownParameter from "./postfix/unknown-parameter.js";

export const rules: Record<string, Rule> = {
  "exim/duplicate-option": eximDuplicateOption,
  "exim/include-problem": eximIncludeProblem,
  "exim/syntax": eximSyntax,
  "exim/undefined-acl": eximUndefinedAcl,
  "exim/undefined-macro": eximUndefinedMacro,
  "exim/undefined-named-list": eximUndefinedNamedList,
  "exim/unknown-option": eximUnknownOption,
  "postfix/duplicate-parameter": postfixDuplicateParameter,
  "postfix/master-unknown-override": postfixMasterUnknownOverride,
  "postfix/syntax": postfixSyntax,
  "postfix/undefined-reference": postfixUndefinedReference,
  "postfix/unknown-parameter": postfixUnknownParameter,
};
