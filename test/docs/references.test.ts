import { describe, expect, it } from "vitest";
import { ruleDocs } from "../../src/docs/catalog.js";
import { docOracleStatus, referenceProblems } from "./doc-oracle.js";

/**
 * Every documentation link of a rule page, checked against Debian's manuals
 * (postfix-doc 3.7.11, exim4-doc-html 4.96): the page exists, the #anchor is in
 * it, the title says what is there, and an Exim chapter's own canonical link is
 * the URL we print. Skipped with a message without the documentation oracle.
 */
const status = docOracleStatus();

describe.skipIf(!status.available)("rule references exist in the real Postfix and Exim manuals", () => {
  for (const doc of ruleDocs()) {
    it(`${doc.id}: ${doc.docs.references.length} reference(s)`, () => {
      const problems = doc.docs.references.flatMap((r) => referenceProblems(r).map((p) => `${r.url}: ${p}`));
      expect(problems).toEqual([]);
    });
  }

  it.each([
    ["a missing Postfix page", { title: "SASL_HOWTO: x", url: "https://www.postfix.org/SASL_HOWTO.html" }, "postfix-doc has no SASL_HOWTO.html"],
    ["a missing postconf(5) anchor", { title: "postconf(5): smtpd_relay_restriction", url: "https://www.postfix.org/postconf.5.html#smtpd_relay_restriction" }, "postconf.5.html has no anchor #smtpd_relay_restriction"],
    ["a title that is not the anchor's text", { title: "postconf(5): relay restrictions", url: "https://www.postfix.org/postconf.5.html#smtpd_relay_restrictions" }, 'should be "postconf(5): smtpd_relay_restrictions"'],
    ["a missing Exim chapter", { title: "Exim specification: Relaying", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-relaying.html" }, "exim4-doc-html has no spec_html/ch-relaying.html"],
    ["a wrong Exim chapter title", { title: "Exim specification: ACLs", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-access_control_lists.html" }, 'should be "Exim specification: Access control lists"'],
    ["a missing Exim section", { title: "Exim specification: Access control lists — Relay", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-access_control_lists.html#SECTrelay" }, "has no section #SECTrelay"],
  ])("negative control: %s is reported", (_name, ref, problem) => {
    expect(referenceProblems(ref).join("\n")).toContain(problem);
  });

  it("Debian's numbered chapter files are the same pages as the topic-named ones we link", () => {
    // exim4-doc-html ships both ch44.html and ch-access_control_lists.html; only the topic names
    // are the online (exim-html-current) addresses, which each page states in its canonical link.
    expect(referenceProblems({ title: "Exim specification: Access control lists", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-access_control_lists.html" })).toEqual([]);
  });
});
