import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { oracleRoot, oraclesRequired } from "../helpers/oracles.js";

/**
 * Debian's postfix-doc (3.7.11) and exim4-doc-html (4.96), extracted by
 * scripts/setup-oracles.sh into ROOT/docs. The rule pages' documentation links
 * are checked against them: a link we cannot find in the real manual fails.
 */
export const docsRoot = join(oracleRoot, "docs/usr/share/doc");
export const postfixHtmlDir = join(docsRoot, "postfix/html");
export const eximSpecDir = join(docsRoot, "exim4-doc-html/spec_html");

export const POSTFIX_URL = "https://www.postfix.org/";
export const EXIM_SPEC_URL = "https://www.exim.org/exim-html-current/doc/html/spec_html/";

export interface DocOracleStatus {
  available: boolean;
  reason: string;
}

export function docOracleStatus(): DocOracleStatus {
  const missing = [join(postfixHtmlDir, "postconf.5.html"), join(eximSpecDir, "ch-access_control_lists.html")].filter((p) => !existsSync(p));
  if (missing.length === 0) return { available: true, reason: "" };
  const reason = `Debian's postfix-doc/exim4-doc-html not found (${missing.join(", ")}); run 'npm run oracles' (scripts/setup-oracles.sh) to check the documentation links against them`;
  if (oraclesRequired) throw new Error(`MTALINT_REQUIRE_ORACLES=1 but ${reason}`);
  console.warn(`skipping documentation oracle tests: ${reason}`);
  return { available: false, reason };
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", ge: "≥", le: "≤" };

/** Visible text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed. */
export function htmlText(fragment: string): string {
  return fragment
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
      e[0] === "#" ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
    )
    .replace(/\s+/g, " ")
    .trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function readManual(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/** Postfix pages mark targets with <a name="x">text</a> (some with id=); returns the link text, or undefined when absent. */
export function postfixAnchorText(html: string, anchor: string): string | undefined {
  const a = escapeRegExp(anchor);
  const named = new RegExp(`<a\\s+(?:name|id)="${a}"[^>]*>([\\s\\S]*?)</a>`, "i").exec(html);
  if (named) return htmlText(named[1]!);
  return new RegExp(`\\sid="${a}"`).test(html) ? "" : undefined;
}

/** "44. Access control lists" → "Access control lists". */
export function eximChapterTitle(html: string): string | undefined {
  const m = /<title>([\s\S]*?)<\/title>/.exec(html);
  return m ? htmlText(m[1]!).replace(/^\d+\.\s*/, "") : undefined;
}

export function eximCanonicalUrl(html: string): string | undefined {
  return /<link rel="canonical" href="([^"]*)"/.exec(html)?.[1];
}

/** The heading of a section: <h3 id="SECTrelaycontrol" ...>54. Using an ACL to control relaying</h3>. */
export function eximSectionTitle(html: string, anchor: string): string | undefined {
  const m = new RegExp(`<h3 id="${escapeRegExp(anchor)}"[^>]*>([\\s\\S]*?)</h3>`).exec(html);
  return m ? htmlText(m[1]!).replace(/^\d+\.\s*/, "") : undefined;
}

export interface Reference {
  title: string;
  url: string;
}

const POSTFIX_RE = /^https:\/\/www\.postfix\.org\/([A-Za-z0-9_.-]+)\.html(?:#([A-Za-z0-9_-]+))?$/;
const EXIM_RE = /^https:\/\/www\.exim\.org\/exim-html-current\/doc\/html\/spec_html\/(ch-[a-z0-9_]+)\.html(?:#([A-Za-z0-9_]+))?$/;

/** "postconf.5" → "postconf(5)"; README pages keep their name. */
function manName(page: string): string {
  const m = /^(.+)\.(\d)$/.exec(page);
  return m ? `${m[1]}(${m[2]})` : page;
}

/**
 * What is wrong with a reference's form, without the manuals: a postfix.org page or an
 * Exim spec chapter by topic name; anchors that are labels, not generated numbers
 * (Postfix's "id396877", Exim's "SECID82" change between releases).
 */
export function referenceShapeProblems(ref: Reference): string[] {
  const p = POSTFIX_RE.exec(ref.url);
  if (p) {
    const problems: string[] = [];
    if (!ref.title.startsWith(`${manName(p[1]!)}: `)) problems.push(`title should start with "${manName(p[1]!)}: "`);
    if (p[2] && /^id\d+$/.test(p[2])) problems.push(`anchor #${p[2]} is a generated number that changes between Postfix releases`);
    return problems;
  }
  const e = EXIM_RE.exec(ref.url);
  if (e) {
    const problems: string[] = [];
    if (!ref.title.startsWith("Exim specification: ")) problems.push('title should start with "Exim specification: "');
    if (e[2] && !/^(SECT|CHAP)/.test(e[2])) problems.push(`anchor #${e[2]} is not a SECT/CHAP label; numbered ids change between Exim releases`);
    return problems;
  }
  return [`${ref.url} is neither https://www.postfix.org/PAGE.html[#anchor] nor ${EXIM_SPEC_URL}ch-TOPIC.html[#SECTlabel]`];
}

/** What the real manuals say is wrong with a reference (needs the documentation oracle). */
export function referenceProblems(ref: Reference): string[] {
  const shape = referenceShapeProblems(ref);
  if (shape.length) return shape;
  const p = POSTFIX_RE.exec(ref.url);
  if (p) {
    const [, page, anchor] = p;
    const html = readManual(join(postfixHtmlDir, `${page}.html`));
    if (html === undefined) return [`postfix-doc has no ${page}.html`];
    if (!anchor) return [];
    const text = postfixAnchorText(html, anchor);
    if (text === undefined) return [`${page}.html has no anchor #${anchor}`];
    const expected = `${manName(page!)}: ${text}`;
    return text === "" || ref.title === expected ? [] : [`title "${ref.title}" should be "${expected}" (the anchor's text in ${page}.html)`];
  }
  const [, chapter, anchor] = EXIM_RE.exec(ref.url)!;
  const html = readManual(join(eximSpecDir, `${chapter}.html`));
  if (html === undefined) return [`exim4-doc-html has no spec_html/${chapter}.html`];
  const problems: string[] = [];
  const canonical = eximCanonicalUrl(html);
  const pageUrl = ref.url.replace(/#.*$/, "");
  if (canonical !== pageUrl) problems.push(`${chapter}.html names its online address ${canonical ?? "(none)"}, not ${pageUrl}`);
  let expected = `Exim specification: ${eximChapterTitle(html) ?? "(no title)"}`;
  if (anchor) {
    const section = eximSectionTitle(html, anchor);
    if (section === undefined) problems.push(`${chapter}.html has no section #${anchor}`);
    expected += ` — ${section ?? "(missing section)"}`;
  }
  if (ref.title !== expected) problems.push(`title "${ref.title}" should be "${expected}" (from ${chapter}.html)`);
  return problems;
}
