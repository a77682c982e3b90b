import type { Schemas } from "../../api";

type Signature = Schemas["SignatureResponse"] | null | undefined;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Plain text as HTML paragraphs, line breaks kept. */
export function textToHtml(text: string): string {
  return text.split(/\n{2,}/).map(p => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`).join("");
}

/**
 * An empty reply with the signatures below it ("-- " line, RFC 3676 §4.3 style): the agent's above the mailbox's. The
 * agent types above them, and can still edit them.
 */
export function withSignatures(agent: Signature, mailbox: Signature): string {
  const parts = [agent, mailbox].filter((s): s is Schemas["SignatureResponse"] => !!s)
    .map(s => s.html ?? textToHtml(s.text));
  return parts.length === 0 ? "" : `<p><br></p><div class="signature">-- <br>${parts.join("")}</div>`;
}
