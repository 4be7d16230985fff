/**
 * --before-version / --after-version for Postfix: judge a side with the
 * defaults of another release. The release facts (defaults guarded by
 * compatibility_level, defaults changed outright, parameters a release does
 * not have yet or any more) come from src/model/drift/.
 */
import { UsageError } from "../errors.js";
import { withDefaults, type PostfixConfig } from "../model/postfix/config.js";
import { postfixDefaultsFor } from "../model/drift/postfix.js";
import { isVersion } from "../model/drift/version.js";

export function parsePostfixVersion(text: string): string {
  if (!isVersion(text) || !/^\d+(\.\d+){0,2}$/.test(text)) throw new UsageError(`a Postfix version looks like 3.6 or 3.7.11, not "${text}"`);
  return text;
}

/** What --*-version models, printed with the report so the reader knows its reach. */
export const VERSION_NOTE =
  "release defaults come from mtalint's curated release facts (compatibility_level defaults, changed defaults, parameters added or removed); other defaults are the knowledge base's";

/** The config as Postfix `version` runs it: that release's defaults, parameters it lacks unset. */
export function atPostfixVersion(config: PostfixConfig, version: string): PostfixConfig {
  return withDefaults(config, postfixDefaultsFor(version), version);
}
