/** The sample logs (samples/logs, written for mtalint) against the sample configurations they belong to. */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, test } from "vitest";
import { explainLog } from "../../src/explain/index.js";

const repo = resolve(import.meta.dirname, "../..");

test.each([
  {
    log: "postfix-relay-denied.maillog",
    config: "samples/postfix/relay-denied",
    groups: [
      ["authenticated-relay-denied", 3],
      ["authenticated-relay-denied", 2],
      ["client-outside-mynetworks", 1],
      ["recipient-domain-not-accepted", 1],
      ["replay-unknown", 1],
    ],
  },
  {
    log: "postfix-submission-sasl.maillog",
    config: "samples/postfix/submission-sasl",
    groups: [
      ["auth-not-offered-on-service", 2],
      ["not-authenticated", 1],
      ["auth-failed", 1],
    ],
  },
  {
    log: "exim-auth-denied.mainlog",
    config: "samples/exim/auth-denied/exim.conf",
    groups: [
      ["authenticated-relay-denied", 3],
      ["authenticated-relay-denied", 1],
      ["client-outside-mynetworks", 1],
      ["recipient-domain-not-accepted", 1],
    ],
  },
])("samples/logs/$log", ({ log, config, groups }) => {
  const lines = readFileSync(join(repo, "samples/logs", log), "utf8").split("\n");
  const r = explainLog(join(repo, config), lines);
  expect(r.groups.map((g) => [g.cause, g.count])).toEqual(groups);
  expect(r.rejections.differs).toBe(0);
  expect(r.lines.unrecognized).toBe(0);
});
