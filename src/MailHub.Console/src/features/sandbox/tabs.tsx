import type { ReactNode } from "react";
import type { MessageKey } from "../../i18n/catalog";
import { CapturedMail } from "./CapturedMail";
import { ChaosRules } from "../sandbox-chaos";
import { WebhooksTab } from "../sandbox-webhooks";
import { RetentionTab } from "../sandbox-retention";
import { EphemeralTab } from "../sandbox-mailboxes";

/**
 * The sandbox page's tabs, in order: each is /admin/sandbox/<key>/... and its page. Later QA tools (chaos rules,
 * webhooks) add an entry here, with their own feature folder for the page.
 */
export interface SandboxTab {
  key: string;
  label: MessageKey;
  page: ReactNode;
}

export const sandboxTabs: SandboxTab[] = [
  { key: "messages", label: "sandbox.tab.messages", page: <CapturedMail /> },
  { key: "chaos", label: "chaos.tab", page: <ChaosRules /> },
  { key: "webhooks", label: "hooks.tab", page: <WebhooksTab /> },
  { key: "retention", label: "retention.tab", page: <RetentionTab /> },
  { key: "mailboxes", label: "eph.tab", page: <EphemeralTab /> },
];
