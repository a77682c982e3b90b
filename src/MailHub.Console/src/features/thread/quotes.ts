// Where the quoted part of a message begins, so it can be folded away ("Show quoted text"), for plain text and for the
// sanitized HTML (which keeps no class or id: Gmail's gmail_quote and Outlook's divRplyFwdMsg are gone, the structure and
// the words stay). Only a quote at the end is folded: an answer written between quoted lines stays visible.

/** "On Mon, 7 Dec 2026 at 10:00, Zhang San <a@b> wrote:", "在 2026年12月7日 10:00，张三 写道：", and their kin. */
const attribution = /(\bwrote|写道|寫道|schrieb|a écrit|escribió|ha scritto|skrev)\s*[:：]?\s*$/i;

/** The separator lines Outlook, Foxmail, QQ Mail and NetEase put above the original message. */
const separator = /^\s*-{2,}\s*(original message|原始邮件|原始郵件|回复的原邮件|原邮件)\s*-{2,}/i;

/** Outlook's rule of underscores above the original's "From:" block. */
const rule = /^\s*_{10,}\s*$/;

/** The header block of a quoted original ("From: …" / "发件人：…"), after a separator or a rule. */
const quotedHeader = /^\s*(from|发件人|寄件者)\s*[:：]/i;

/** The lines under "From:" in such a block. */
const quotedHeaderField = /^\s*(sent|date|to|subject|cc|发送时间|时间|日期|收件人|主题|抄送)\s*[:：]/i;

export interface SplitText {
  body: string;
  quoted: string | null;
}

/** Splits plain text into what the sender wrote and the trailing quote (null when there is none). */
export function splitQuotedText(text: string): SplitText {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  let start = -1;
  // A separator line, Outlook's rule above "From:", or a "From:" block after a blank line: from there on.
  for (let i = 1; i < lines.length && start < 0; i++) {
    const line = lines[i]!;
    if (separator.test(line) || (rule.test(line) && lines.slice(i + 1, i + 3).some(l => quotedHeader.test(l))))
      start = i;
    else if (quotedHeader.test(line) && lines[i - 1]!.trim() === "" && lines.slice(i + 1, i + 4).some(l => quotedHeaderField.test(l)))
      start = i;
  }
  // A block of "> " lines that runs to the end, with the attribution line above it.
  if (start < 0) {
    let i = lines.length - 1;
    while (i >= 0 && lines[i]!.trim() === "")
      i--;
    let first = -1;
    while (i >= 0 && (lines[i]!.startsWith(">") || (lines[i]!.trim() === "" && first >= 0))) {
      if (lines[i]!.startsWith(">"))
        first = i;
      i--;
    }
    if (first >= 0) {
      start = first;
      let above = first - 1;
      while (above >= 0 && lines[above]!.trim() === "")
        above--;
      if (above >= 0 && attribution.test(lines[above]!)) {
        start = above;
        // Wrapped over two lines: "On Mon, 7 Dec 2026, Zhang San <a@b>" / "wrote:".
        if (above > 0 && /^\s*(on|在)\s/i.test(lines[above - 1]!) && !/^\s*(on|在)\s/i.test(lines[above]!))
          start = above - 1;
      }
    }
  }
  if (start <= 0)
    return { body: text, quoted: null };
  const body = lines.slice(0, start).join("\n").replace(/\s+$/, "");
  if (body.length === 0)
    return { body: text, quoted: null }; // all of it quoted (a bare forward): show it
  return { body, quoted: lines.slice(start).join("\n") };
}

/** Whether nothing but blanks comes after node in the document (outside it). */
function nothingAfter(node: Node, root: Node): boolean {
  for (let at: Node | null = node; at && at !== root; at = at.parentNode) {
    for (let next = at.nextSibling; next; next = next.nextSibling) {
      if ((next.textContent ?? "").trim().length > 0 || (next instanceof Element && next.querySelector("img")))
        return false;
    }
  }
  return true;
}

/** Removes node and everything after it in the document, up to root. */
function cutFrom(node: Node, root: Node) {
  for (let at: Node | null = node; at && at !== root; at = at.parentNode) {
    while (at.nextSibling)
      at.parentNode!.removeChild(at.nextSibling);
  }
  node.parentNode?.removeChild(node);
}

/** The element just before node in reading order that holds text (skipping blank ones and line breaks). */
function previousWithText(node: Node): Node | null {
  let at: Node | null = node;
  while (at) {
    let previous: Node | null = at.previousSibling;
    while (previous && (previous.textContent ?? "").trim() === "")
      previous = previous.previousSibling;
    if (previous)
      return previous;
    at = at.parentNode;
    if (at instanceof HTMLBodyElement)
      return null;
  }
  return null;
}

/** Where the trailing quote of the HTML starts: a separator or "From:" block, or a last blockquote with its attribution. */
function quoteStart(body: HTMLElement): Node | null {
  const walker = body.ownerDocument.createTreeWalker(body, NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node as Element;
    if (element.tagName === "HR") {
      const next = element.nextElementSibling;
      if (next && quotedHeader.test(next.textContent ?? "") && previousWithText(element))
        return element;
      continue;
    }
    // The innermost element whose own text begins with a separator line.
    const own = Array.from(element.childNodes).filter(c => c.nodeType === Node.TEXT_NODE).map(c => c.textContent ?? "").join("");
    if (separator.test(own) && previousWithText(element))
      return element;
  }
  const quotes = Array.from(body.querySelectorAll("blockquote")).filter(q => !q.parentElement?.closest("blockquote"));
  const last = quotes.at(-1);
  if (!last || !nothingAfter(last, body))
    return null;
  const above = previousWithText(last);
  return above && attribution.test((above.textContent ?? "").trim()) ? above : last;
}

export interface SplitHtml {
  body: string;
  /** The whole message, quote included; null when there is no quote to fold. */
  full: string | null;
}

/** The sanitized HTML without its trailing quote, and the whole of it; parsed inertly (no script runs, nothing loads). */
export function splitQuotedHtml(html: string): SplitHtml {
  const document = new DOMParser().parseFromString(`<!doctype html><body>${html}`, "text/html");
  const start = quoteStart(document.body);
  if (!start)
    return { body: html, full: null };
  cutFrom(start, document.body);
  const shown = document.body.innerHTML;
  if ((document.body.textContent ?? "").trim().length === 0 && !document.body.querySelector("img"))
    return { body: html, full: null }; // nothing but the quote: show it
  return { body: shown, full: html };
}
