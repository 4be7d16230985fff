/**
 * JSON schema of .mtalint.json. Rule ids are checked in config.ts, not here,
 * so that an unknown id can be reported with a did-you-mean.
 */
const version = {
  type: "string",
  pattern: "^[0-9]+(\\.[0-9]+){0,2}$",
  description: "An MTA release as major.minor or major.minor.patch, e.g. \"3.7\" or \"4.96\".",
} as const;

export const configSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://mtalint.invalid/schemas/mtalint-config.json",
  title: "mtalint configuration (.mtalint.json)",
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string" },
    rules: {
      description: "Rule id → severity, or \"off\" to turn the rule off.",
      type: "object",
      additionalProperties: { enum: ["off", "error", "warning", "warn", "info"] },
    },
    postfixVersion: { ...version, description: "The Postfix release the configuration runs on." },
    eximVersion: { ...version, description: "The Exim release the configuration runs on." },
    fromVersion: { ...version, description: "The release being upgraded from (update-drift rules)." },
    ignore: {
      description: "Globs, relative to the directory of this file, of paths not to lint.",
      type: "array",
      items: { type: "string", minLength: 1 },
    },
  },
} as const;

/** The property names the schema allows at the top level (for did-you-mean). */
export const configProperties = Object.keys(configSchema.properties);
