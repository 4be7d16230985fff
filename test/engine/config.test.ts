import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configForPath, findConfigFile, isIgnored, locatePointer, parseConfig, type MtalintConfig } from "../../src/engine/config.js";
import { UsageError } from "../../src/errors.js";

const PATH = "/srv/mail/.mtalint.json";

function errorOf(text: string): string {
  try {
    parseConfig(PATH, text);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("parseConfig: valid files", () => {
  it("reads rules, versions and ignore globs into settings", () => {
    const c = parseConfig(
      PATH,
      `{
  "$schema": "./node_modules/mtalint/config-schema.json",
  "rules": { "postfix/duplicate-parameter": "off", "postfix/unknown-parameter": "error", "postfix/syntax": "warn", "mtalint/unused-disable": "info" },
  "postfixVersion": "3.7",
  "eximVersion": "4.96",
  "fromVersion": "3.5.1",
  "ignore": ["legacy/**"]
}`,
    );
    expect(c).toEqual({
      path: PATH,
      baseDir: "/srv/mail",
      ignore: ["legacy/**"],
      settings: {
        rules: { "postfix/duplicate-parameter": "off", "postfix/unknown-parameter": "error", "postfix/syntax": "warning", "mtalint/unused-disable": "info" },
        postfixVersion: "3.7",
        eximVersion: "4.96",
        fromVersion: "3.5.1",
      },
    });
  });

  it("an empty object is the default", () => {
    expect(parseConfig(PATH, "{}\n")).toEqual({ path: PATH, baseDir: "/srv/mail", ignore: [], settings: { rules: {} } });
  });
});

describe("parseConfig: mistakes are one-line UsageErrors with file, line and column", () => {
  it.each([
    {
      name: "invalid JSON: a trailing comma",
      text: '{\n  "rules": {\n    "postfix/syntax": "off",\n  }\n}\n',
      expected: /^\/srv\/mail\/\.mtalint\.json:4:3: invalid JSON: /,
    },
    { name: "invalid JSON: cut off", text: '{ "rules": {', expected: /^\/srv\/mail\/\.mtalint\.json:1:13: invalid JSON: / },
    {
      name: "unknown rule id, with did-you-mean",
      text: '{\n  "rules": {\n    "postfix/duplicate-parameters": "off"\n  }\n}\n',
      expected: '/srv/mail/.mtalint.json:3:5: unknown rule id "postfix/duplicate-parameters" (did you mean "postfix/duplicate-parameter"?) (at /rules/postfix~1duplicate-parameters)',
    },
    {
      name: "unknown rule id far from any rule: no suggestion",
      text: '{ "rules": { "nginx/server-tokens": "off" } }',
      expected: '/srv/mail/.mtalint.json:1:14: unknown rule id "nginx/server-tokens" (at /rules/nginx~1server-tokens)',
    },
    {
      name: "bad severity",
      text: '{\n  "rules": { "postfix/syntax": "fatal" }\n}',
      expected: '/srv/mail/.mtalint.json:2:14: must be one of "off", "error", "warning", "warn", "info", not "fatal" (at /rules/postfix~1syntax)',
    },
    {
      name: "misspelt top-level property, with did-you-mean",
      text: '{\n  "postfix_version": "3.7"\n}',
      expected: '/srv/mail/.mtalint.json:2:3: unknown property "postfix_version" (did you mean "postfixVersion"?) (at /postfix_version)',
    },
    {
      name: "version that is not a version",
      text: '{ "eximVersion": "latest" }',
      expected: '/srv/mail/.mtalint.json:1:3: must be a version such as "3.7" or "4.96", not "latest" (at /eximVersion)',
    },
    {
      name: "version as a number",
      text: '{ "postfixVersion": 3.7 }',
      expected: "/srv/mail/.mtalint.json:1:3: must be a string (at /postfixVersion)",
    },
    {
      name: "ignore as a string",
      text: '{\n\n  "ignore": "legacy/**" }',
      expected: "/srv/mail/.mtalint.json:3:3: must be an array (at /ignore)",
    },
    {
      name: "an empty glob, as the second item",
      text: '{ "ignore": [\n  "a/**",\n  ""\n] }',
      expected: "/srv/mail/.mtalint.json:3:3: must not be empty (at /ignore/1)",
    },
    {
      name: "not an object",
      text: '["postfix/syntax"]',
      expected: "/srv/mail/.mtalint.json:1:1: must be an object (at /)",
    },
    {
      name: "two mistakes: the first is named, the rest counted",
      text: '{ "rules": { "postfix/syntax": "fatal" }, "eximVersion": "x" }',
      expected: '/srv/mail/.mtalint.json:1:14: must be one of "off", "error", "warning", "warn", "info", not "fatal" (and 1 more) (at /rules/postfix~1syntax)',
    },
  ])("$name", ({ text, expected }) => {
    const message = errorOf(text);
    expect(message).not.toContain("\n");
    if (typeof expected === "string") expect(message).toBe(expected);
    else expect(message).toMatch(expected);
  });
});

describe("locatePointer", () => {
  const text = '{\n  "a": [1, {"b~c": true}],\n  "d/e": "x"\n}';
  it.each([
    ["", 0],
    ["/a", 4],
    ["/a/0", 10],
    ["/a/1", 13],
    ["/a/1/b~0c", 14],
    ["/d~1e", 31],
  ])("%s", (pointer, offset) => {
    expect(locatePointer(text, pointer)).toBe(offset);
  });
  it("a pointer to nothing", () => {
    expect(locatePointer(text, "/zzz")).toBeUndefined();
  });
});

describe("finding .mtalint.json", () => {
  const root = mkdtempSync(join(tmpdir(), "mtalint-config-"));
  mkdirSync(join(root, "etc/postfix/sub"), { recursive: true });
  writeFileSync(join(root, "etc/.mtalint.json"), '{ "rules": { "postfix/syntax": "warning" } }\n');
  writeFileSync(join(root, "etc/postfix/main.cf"), "myhostname = mx.example.org\n");

  it("from a file, searches its directory and upward", () => {
    expect(findConfigFile(join(root, "etc/postfix/main.cf"))).toBe(join(root, "etc/.mtalint.json"));
  });
  it("from a directory, starts in it", () => {
    expect(findConfigFile(join(root, "etc/postfix/sub"))).toBe(join(root, "etc/.mtalint.json"));
    expect(findConfigFile(join(root, "etc"))).toBe(join(root, "etc/.mtalint.json"));
  });
  it("stops at the filesystem root when there is none", () => {
    expect(findConfigFile(root)).toBeUndefined();
  });
  it("configForPath loads the nearest file, or an explicit one instead", () => {
    expect(configForPath(join(root, "etc/postfix")).settings.rules).toEqual({ "postfix/syntax": "warning" });
    writeFileSync(join(root, "other.json"), '{ "rules": { "postfix/syntax": "info" } }');
    expect(configForPath(join(root, "etc/postfix"), join(root, "other.json")).settings.rules).toEqual({ "postfix/syntax": "info" });
    expect(configForPath(root).path).toBeUndefined();
  });
  it("an explicit file that does not exist is a UsageError naming it", () => {
    expect(() => configForPath(root, join(root, "missing.json"))).toThrow(`${join(root, "missing.json")}: cannot read configuration: no such file or directory`);
  });
});

describe("isIgnored", () => {
  const config: MtalintConfig = { settings: { rules: {} }, baseDir: "/srv/conf", ignore: ["legacy/**", "*.orig", "staging"] };
  it.each([
    ["/srv/conf/legacy", true],
    ["/srv/conf/legacy/postfix/main.cf", true],
    ["/srv/conf/postfix/main.cf.orig", true],
    ["/srv/conf/main.cf.orig", true],
    ["/srv/conf/staging/exim.conf", true],
    ["/srv/conf/postfix/staging/main.cf", true],
    ["/srv/conf/postfix/main.cf", false],
    ["/srv/conf/legacy-2/main.cf", false],
    ["/srv/other/legacy/main.cf", false],
    ["/srv/conf", false],
  ])("%s → %s", (path, expected) => {
    expect(isIgnored(config, path)).toBe(expected);
  });
});
