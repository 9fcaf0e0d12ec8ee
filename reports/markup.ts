/**
 * Escaping for the XML, SVG and HTML that the reports write. Drill messages carry command
 * output, which can hold colour codes and other control characters that XML 1.0 forbids
 * even as character references, so those are dropped (colour codes) or replaced with U+FFFD.
 */

const ANSI_SEQUENCE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
/** Everything outside XML 1.0's Char production, lone surrogates included. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** xmlSafe removes what no XML document may contain. */
export function xmlSafe(text: string): string {
  return text.replace(ANSI_SEQUENCE, "").replace(NOT_XML_CHAR, "\uFFFD");
}

/** escapeText makes text safe as element content in XML and HTML. */
export function escapeText(text: string): string {
  return xmlSafe(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** escapeAttribute makes text safe inside a double- or single-quoted attribute, keeping line breaks and tabs. */
export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, "&quot;").replace(/'/g, "&#39;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
