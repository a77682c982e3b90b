import type { Locale } from "./define";
import { messages as session } from "../features/session/messages";
import { messages as shell } from "../features/shell/messages";
import { messages as list } from "../features/list/messages";
import { messages as composer } from "../features/composer/messages";
import { messages as thread } from "../features/thread/messages";
import { messages as customer } from "../features/customer/messages";
import { messages as together } from "../features/together/messages";
import { messages as notifications } from "../features/notifications/messages";
import { messages as admin } from "../features/admin/messages";
import { messages as mailboxes } from "../features/mailboxes/messages";
import { messages as people } from "../features/people/messages";
import { messages as rules } from "../features/rules/messages";
import { messages as replies } from "../features/replies/messages";
import { messages as smtp } from "../features/smtp/messages";
import { messages as sandbox } from "../features/sandbox/messages";
import { messages as audit } from "../features/audit/messages";
import { messages as chaos } from "../features/sandbox-chaos/messages";
import { messages as hooks } from "../features/sandbox-webhooks/messages";
import { messages as retention } from "../features/sandbox-retention/messages";
import { messages as ephemeral } from "../features/sandbox-mailboxes/messages";
import { messages as directory } from "../features/directory/messages";
import { messages as campaigns } from "../features/campaigns/messages";

// Every feature's strings, one line each: add yours to the list.
const features = [session, shell, list, composer, thread, customer, together, notifications, admin, mailboxes, people, rules, replies, smtp, sandbox, audit, chaos, hooks, retention, ephemeral, directory, campaigns] as const;

type Keys<F> = F extends readonly [infer Head, ...infer Rest] ? (Head extends { en: infer E } ? keyof E : never) | Keys<Rest> : never;

/** Every key a component may pass to t(). */
export type MessageKey = Keys<typeof features> & string;

export const catalogs: Record<Locale, Record<string, string>> = {
  en: Object.assign({}, ...features.map(f => f.en)),
  "zh-CN": Object.assign({}, ...features.map(f => f["zh-CN"])),
};
