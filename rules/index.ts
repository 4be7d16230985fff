/** Every rule, by id (sorted). Adding a rule: one file under rules/<kind>/, one line here. */
import type { Rule } from "../src/engine/rule.js";
import eximBroadRelayHosts from "./exim/broad-relay-hosts.js";
import eximDeprecatedOption from "./exim/deprecated-option.js";
import eximChangedDefault from "./exim/changed-default.js";
import eximDuplicateOption from "./exim/duplicate-option.js";
import eximIncludeProblem from "./exim/include-problem.js";
import eximMissingAuthenticatedAccept from "./exim/missing-authenticated-accept.js";
import eximOpenRelay from "./exim/open-relay.js";
import eximOptionTooNew from "./exim/option-too-new.js";
import eximPlaintextAuth from "./exim/plaintext-auth.js";
import eximRemovedOption from "./exim/removed-option.js";
import eximSyntax from "./exim/syntax.js";
import eximTaintedFilePath from "./exim/tainted-file-path.js";
import eximTaintedLookup from "./exim/tainted-lookup.js";
import eximUndefinedAcl from "./exim/undefined-acl.js";
import eximUndefinedMacro from "./exim/undefined-macro.js";
import eximUndefinedNamedList from "./exim/undefined-named-list.js";
import eximUnknownOption from "./exim/unknown-option.js";
import postfixBroadMynetworks from "./postfix/broad-mynetworks.js";
import postfixCompatLevelDrift from "./postfix/compat-level-drift.js";
import postfixDeprecatedParameter from "./postfix/deprecated-parameter.js";
import postfixDuplicateParameter from "./postfix/duplicate-parameter.js";
import postfixMasterUnknownOverride from "./postfix/master-unknown-override.js";
import postfixMissingPermitSaslAuthenticated from "./postfix/missing-permit-sasl-authenticated.js";
import postfixNoRelayProtection from "./postfix/no-relay-protection.js";
import postfixOpenRelay from "./postfix/open-relay.js";
import postfixParameterTooNew from "./postfix/parameter-too-new.js";
import postfixPlaintextAuth from "./postfix/plaintext-auth.js";
import postfixRemovedParameter from "./postfix/removed-parameter.js";
import postfixRemovedRestriction from "./postfix/removed-restriction.js";
import postfixSaslNotEnabled from "./postfix/sasl-not-enabled.js";
import postfixSyntax from "./postfix/syntax.js";
import postfixUndefinedReference from "./postfix/undefined-reference.js";
import postfixUnknownParameter from "./postfix/unknown-parameter.js";
import postfixUnreachableRestriction from "./postfix/unreachable-restriction.js";

export const rules: Record<string, Rule> = {
  "exim/broad-relay-hosts": eximBroadRelayHosts,
  "exim/deprecated-option": eximDeprecatedOption,
  "exim/changed-default": eximChangedDefault,
  "exim/duplicate-option": eximDuplicateOption,
  "exim/include-problem": eximIncludeProblem,
  "exim/missing-authenticated-accept": eximMissingAuthenticatedAccept,
  "exim/open-relay": eximOpenRelay,
  "exim/option-too-new": eximOptionTooNew,
  "exim/plaintext-auth": eximPlaintextAuth,
  "exim/removed-option": eximRemovedOption,
  "exim/syntax": eximSyntax,
  "exim/tainted-file-path": eximTaintedFilePath,
  "exim/tainted-lookup": eximTaintedLookup,
  "exim/undefined-acl": eximUndefinedAcl,
  "exim/undefined-macro": eximUndefinedMacro,
  "exim/undefined-named-list": eximUndefinedNamedList,
  "exim/unknown-option": eximUnknownOption,
  "postfix/broad-mynetworks": postfixBroadMynetworks,
  "postfix/compat-level-drift": postfixCompatLevelDrift,
  "postfix/deprecated-parameter": postfixDeprecatedParameter,
  "postfix/duplicate-parameter": postfixDuplicateParameter,
  "postfix/master-unknown-override": postfixMasterUnknownOverride,
  "postfix/missing-permit-sasl-authenticated": postfixMissingPermitSaslAuthenticated,
  "postfix/no-relay-protection": postfixNoRelayProtection,
  "postfix/open-relay": postfixOpenRelay,
  "postfix/parameter-too-new": postfixParameterTooNew,
  "postfix/plaintext-auth": postfixPlaintextAuth,
  "postfix/removed-parameter": postfixRemovedParameter,
  "postfix/removed-restriction": postfixRemovedRestriction,
  "postfix/sasl-not-enabled": postfixSaslNotEnabled,
  "postfix/syntax": postfixSyntax,
  "postfix/undefined-reference": postfixUndefinedReference,
  "postfix/unknown-parameter": postfixUnknownParameter,
  "postfix/unreachable-restriction": postfixUnreachableRestriction,
};
