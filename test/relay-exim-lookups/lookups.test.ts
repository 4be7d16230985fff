/**
 * File lookups in Exim ACL lists (lsearch, net24-lsearch, net-iplsearch,
 * lsearch*@, files named in lists; cdb, dsearch and ${lookup} left
 * undecided): what `mtalint relay` answers for each configuration of
 * cases.ts, with its lookup files written beside it. oracle.test.ts runs the
 * same configurations under the real exim -bh.
 */
import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { simulateEximRelayAt } from "../../src/relay/exim/index.js";
import { fileListItems, lsearchKeys, netKey, parseLookupItem } from "../../src/relay/exim/lookups.js";
import { BASE_SCENARIO, CASES, ourLine, writeCase } from "./cases.js";

describe("Exim relay simulator: file lookups in ACL lists", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { root, config } = writeCase(c);
      try {
        const v = simulateEximRelayAt(config, { ...BASE_SCENARIO, ...c.scenario }).verdict;
        if (typeof c.ours === "string") expect(ourLine(v)).toBe(c.ours);
        else {
          expect(v.verdict, ourLine(v)).toBe("UNKNOWN");
          expect(v.reason).toMatch(c.ours);
        }
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }

  it("never reads a file outside the configuration's directory, even through ../", () => {
    const c = { name: "", acl: "accept domains = lsearch;ROOT/../../etc/hostname\n  accept", ours: "" };
    const { root, config } = writeCase(c);
    try {
      const v = simulateEximRelayAt(config, BASE_SCENARIO).verdict;
      expect(v.verdict).toBe("UNKNOWN");
      expect(v.reason).toMatch(/outside the configuration's directory/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("lookup item parts", () => {
  it.each([
    ["lsearch;/etc/exim4/x", { type: "lsearch", defaults: "", partial: false, argument: "/etc/exim4/x" }],
    ["lsearch*@;/f", { type: "lsearch", defaults: "*@", partial: false, argument: "/f" }],
    ["partial-lsearch;/f", { type: "lsearch", defaults: "", partial: true, argument: "/f" }],
    ["net24-lsearch;/f", { type: "lsearch", net: { bits: 24 }, argument: "/f" }],
    ["net-iplsearch;/f", { type: "iplsearch", net: {}, argument: "/f" }],
    ["CDB;/f.cdb", { type: "cdb", argument: "/f.cdb" }],
  ])("%s", (text, expected) => {
    expect(parseLookupItem(text)).toMatchObject(expected);
  });

  it("is undefined for plain items", () => {
    expect(parseLookupItem("*.example")).toBeUndefined();
    expect(parseLookupItem("/etc/exim4/list")).toBeUndefined();
  });

  it.each([
    ["net-lsearch;/f", "192.0.2.9", "192.0.2.9"],
    ["net24-lsearch;/f", "192.0.2.9", "192.0.2.0/24"],
    ["net16-lsearch;/f", "192.0.2.9", "192.0.0.0/16"],
    ["net-lsearch;/f", "2001:db8::1", "2001.0db8.0000.0000.0000.0000.0000.0001"],
    ["net64-lsearch;/f", "2001:db8::1", "2001.0db8.0000.0000.0000.0000.0000.0000/64"],
    ["net-iplsearch;/f", "2001:db8::1", "2001:0db8:0000:0000:0000:0000:0000:0001"],
    ["net33-lsearch;/f", "192.0.2.9", undefined],
    ["net-lsearch;/f", "::ffff:192.0.2.9", undefined],
  ])("%s key for %s", (item, client, key) => {
    expect(netKey(parseLookupItem(item)!, client)).toBe(key);
  });

  it("lsearch keys", () => {
    const text = 'a.example: data\nB.Example data\n  continued.example\n#comment.example\n\n"q:uoted" x\nlast\r\n';
    expect([...lsearchKeys(text)]).toEqual(["a.example", "b.example", "q:uoted", "last"]);
  });

  it("items of a file named in a list", () => {
    const text = "a.example # comment\n\n  # only a comment\nb#c.example\n";
    expect(fileListItems(text, true)).toEqual(["a.example", "b"]);
    expect(fileListItems(text, false)).toEqual(["a.example", "b#c.example"]);
  });
});
