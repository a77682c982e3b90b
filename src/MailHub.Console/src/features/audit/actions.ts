import type { MessageKey } from "../../i18n/catalog";
import type { Translate } from "../../i18n/I18n";
import { messages } from "./messages";

const prefix = "audit.action.";

/** The actions the log names that have a label in both languages (audit.action.* in messages.ts), in that order. */
export const knownActions: string[] = Object.keys(messages.en).filter(k => k.startsWith(prefix)).map(k => k.slice(prefix.length));

/** An action's label; an action without one (a new endpoint) is shown by its operation name. */
export function actionLabel(t: Translate, action: string): string {
  return knownActions.includes(action) ? t(`${prefix}${action}` as MessageKey) : action;
}
