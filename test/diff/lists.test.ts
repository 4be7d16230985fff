import { describe, expect, it } from "vitest";
import { describeEdit, diffList } from "../../src/diff/lists.js";

const id = (s: string) => s;
const run = (a: string[], b: string[]) => diffList(a, b, id).map((e) => describeEdit(e, id, "L"));

describe("element-level list diff", () => {
  it("an element dropped from the middle is removed", () => {
    expect(run(["a", "b", "c"], ["a", "c"])).toEqual(["b removed from L"]);
  });
  it("a new element says what it now precedes", () => {
    expect(run(["a", "c"], ["a", "b", "c"])).toEqual(["b inserted into L before c"]);
    expect(run(["a"], ["a", "z"])).toEqual(["z inserted into L at the end"]);
  });
  it("an element present on both sides out of order is moved, not removed and inserted", () => {
    expect(run(["a", "b", "c", "d"], ["c", "a", "b", "d"])).toEqual(["c moved before a in L (position 3 → 1)"]);
  });
  it("on a tie the elements BEFORE lists first stay in place", () => {
    expect(run(["pm", "psa", "rn", "ru"], ["rn", "pm", "ru"])).toEqual(["rn moved before pm in L (position 3 → 1)", "psa removed from L"]);
  });
  it("duplicates are matched by occurrence", () => {
    expect(run(["a", "a", "b"], ["a", "b"])).toEqual(["a removed from L"]);
  });
  it("identical lists give no edits", () => {
    expect(diffList(["x", "y"], ["x", "y"], id)).toEqual([]);
  });
});
