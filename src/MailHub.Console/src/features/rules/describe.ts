// Rules in words: what a rule catches and what it does, with the names of the mailboxes, teams and agents it refers to.
import type { MessageKey } from "../../i18n/catalog";
import type { Translate } from "../../i18n/I18n";
import type { RoutingData, Rule } from "./useRoutingData";

export const strategies = ["round-robin", "least-open", "manual"] as const;
export const priorities = ["low", "normal", "high", "urgent"] as const;
export const languages = ["zh", "en", "ja", "ko", "ru"] as const;

export function languageName(t: Translate, code: string): string {
  return (languages as readonly string[]).includes(code) ? t(`rules.language.${code}` as MessageKey) : code;
}

export function mailboxName(data: RoutingData, id: string, t: Translate): string {
  const mailbox = data.mailboxes.find(m => m.id === id);
  return mailbox ? mailbox.name || mailbox.address : t("rules.unknown");
}

export function teamName(data: RoutingData, id: string | null | undefined, t: Translate): string {
  return data.teams.find(d => d.id === id)?.name ?? t("rules.unknown");
}

export function agentName(data: RoutingData, id: string | null | undefined, t: Translate): string {
  return data.members.find(m => m.id === id)?.name ?? t("rules.unknown");
}

/** The rule's conditions, one line each; "Every conversation" when it has none. */
export function describeConditions(rule: Rule, data: RoutingData, t: Translate): string[] {
  const c = rule.conditions;
  const or = t("rules.or");
  const lines: string[] = [];
  if (c.mailboxIds?.length)
    lines.push(t("rules.when.mailbox", { values: c.mailboxIds.map(id => mailboxName(data, id, t)).join(or) }));
  if (c.senderAddresses?.length)
    lines.push(t("rules.when.senderAddress", { values: c.senderAddresses.join(or) }));
  if (c.senderDomains?.length)
    lines.push(t("rules.when.senderDomain", { values: c.senderDomains.join(or) }));
  if (c.keywords?.length)
    lines.push(t("rules.when.keyword", { values: c.keywords.map(k => `“${k}”`).join(or) }));
  if (c.languages?.length)
    lines.push(t("rules.when.language", { values: c.languages.map(l => languageName(t, l)).join(or) }));
  return lines.length ? lines : [t("rules.anything")];
}

/** Where the rule sends what it catches, as one phrase ("Team 售后"). */
export function describeTarget(rule: Rule, data: RoutingData, t: Translate): string {
  return rule.assignTo.teamId
    ? t("rules.then.team", { name: teamName(data, rule.assignTo.teamId, t) })
    : t("rules.then.agent", { name: agentName(data, rule.assignTo.agentId, t) });
}

/** What the rule does, one line each: the team or agent (and how, when the rule says), tags, priority. */
export function describeActions(rule: Rule, data: RoutingData, t: Translate): string[] {
  const lines = [describeTarget(rule, data, t)
    + (rule.strategy && rule.assignTo.teamId ? ` · ${t("rules.then.strategy", { value: t(`rules.strategy.${rule.strategy}` as MessageKey) })}` : "")];
  if (rule.tags.length)
    lines.push(t("rules.then.tags", { values: rule.tags.join(", ") }));
  if (rule.priority)
    lines.push(t("rules.then.priority", { value: t(`rules.priority.${rule.priority}` as MessageKey) }));
  return lines;
}
