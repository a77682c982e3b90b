import { problemMessage, type Schemas } from "../../api";
import type { Translate } from "../../i18n/I18n";
import type { Locale } from "../../i18n/define";

export type Mailbox = Schemas["MailboxResponse"];
export type Provider = Schemas["ProviderPreset"];
export type ServerPreset = Schemas["ServerPreset"];
export type MailboxRequest = Schemas["MailboxRequest"];
export type TestStep = Schemas["TestStep"];

/** One server as the wizard edits it. */
export interface ServerValues {
  host?: string;
  port?: number;
  security?: string;
  acceptInvalidCertificate?: boolean;
}

/** Everything the wizard's form holds, over all its steps. */
export interface WizardValues {
  provider: string;
  protocol: "imap" | "pop3";
  inbound: ServerValues;
  outbound: ServerValues & { useDefault?: boolean };
  name?: string;
  address?: string;
  displayName?: string;
  username?: string;
  password?: string;
  oauth2?: boolean;
  folders: string[];
  importMode: "new" | "recent";
  importDays?: number;
  onServer: "leave" | "markRead" | "move" | "delete";
  moveTo?: string;
  deleteAfter?: number;
  saveToSent?: boolean;
  sentFolder?: string;
  claims: string[];
  allowPlusAddressing: boolean;
  subjectTokens: boolean;
  signature?: string;
  enabled: boolean;
}

export const securities = ["ssl", "starttls", "none"] as const;

export function providerName(provider: Provider, locale: Locale): string {
  return locale === "zh-CN" ? provider.nameZh : provider.name;
}

export function providerHelp(provider: Provider | undefined, locale: Locale): string | null | undefined {
  return locale === "zh-CN" ? provider?.passwordHelpZh : provider?.passwordHelp;
}

/** What a new mailbox starts with: the first provider's servers, new mail only, left on the server. */
export function initialValues(): WizardValues {
  return {
    provider: "other", protocol: "imap", inbound: { security: "ssl", port: 993 }, outbound: { security: "ssl", port: 465 },
    folders: ["INBOX"], importMode: "new", importDays: 7, onServer: "leave", deleteAfter: 30, claims: [],
    allowPlusAddressing: true, subjectTokens: true, enabled: true, oauth2: false,
  };
}

/** A saved mailbox as the wizard edits it (the password stays empty: left so, the stored one is kept). */
export function valuesOf(m: Mailbox): WizardValues {
  return {
    provider: m.provider,
    protocol: m.inbound.protocol === "pop3" ? "pop3" : "imap",
    inbound: { host: m.inbound.host ?? undefined, port: m.inbound.port ?? undefined, security: m.inbound.security ?? "ssl",
      acceptInvalidCertificate: m.inbound.acceptInvalidCertificate },
    outbound: { useDefault: m.outbound.defaultRelay, host: m.outbound.host ?? undefined, port: m.outbound.port ?? undefined,
      security: m.outbound.security ?? "ssl", acceptInvalidCertificate: m.outbound.acceptInvalidCertificate },
    name: m.name, address: m.address, displayName: m.displayName ?? undefined, username: m.inbound.username ?? undefined,
    oauth2: m.inbound.auth === "oauth2",
    folders: m.inbound.folders.length ? m.inbound.folders : ["INBOX"],
    importMode: m.initialImport.mode === "recent" ? "recent" : "new", importDays: m.initialImport.days || 7,
    onServer: (["leave", "markRead", "move", "delete"] as const).find(a => a === m.onServer.action) ?? "leave",
    moveTo: m.onServer.folder ?? undefined, deleteAfter: m.onServer.afterDays || 30,
    saveToSent: m.saveToSent, sentFolder: m.sentFolder ?? undefined, claims: m.claims,
    allowPlusAddressing: m.allowPlusAddressing, subjectTokens: m.subjectTokens, enabled: m.enabled,
  };
}

/** The API's body for the form's values. */
export function requestOf(v: WizardValues): MailboxRequest {
  const auth = v.oauth2 ? "oauth2" : "password";
  const folders = v.protocol === "pop3" ? ["INBOX"] : v.folders;
  return {
    name: v.name?.trim(), address: v.address?.trim(), displayName: v.displayName?.trim() || null, provider: v.provider,
    inbound: {
      protocol: v.protocol, host: v.inbound.host?.trim(), port: v.inbound.port, security: v.inbound.security,
      username: v.username?.trim() || null, password: v.password || null, auth,
      acceptInvalidCertificate: v.inbound.acceptInvalidCertificate ?? false, folders,
    },
    // No outbound: the platform's default sender sends for it.
    outbound: v.outbound.useDefault ? null : {
      host: v.outbound.host?.trim(), port: v.outbound.port, security: v.outbound.security,
      username: v.username?.trim() || null, auth, acceptInvalidCertificate: v.outbound.acceptInvalidCertificate ?? false,
    },
    initialImport: { mode: v.importMode, days: v.importMode === "recent" ? v.importDays : null },
    onServer: { action: v.onServer, folder: v.onServer === "move" ? v.moveTo : null, afterDays: v.onServer === "delete" ? v.deleteAfter : null },
    saveToSent: v.saveToSent ?? false, sentFolder: v.sentFolder?.trim() || null, claims: v.claims,
    allowPlusAddressing: v.allowPlusAddressing, subjectTokens: v.subjectTokens, enabled: v.enabled,
  };
}

/** A saved mailbox's body unchanged but for enabled (passwords left out: the stored ones are kept). */
export function withEnabled(m: Mailbox, enabled: boolean): MailboxRequest {
  if (m.inbound.protocol === "sandbox" || m.inbound.protocol === "relay")
    return {
      name: m.name, address: m.address, displayName: m.displayName, provider: m.provider, enabled,
      inbound: { protocol: m.inbound.protocol }, claims: m.claims, allowPlusAddressing: m.allowPlusAddressing, subjectTokens: m.subjectTokens,
      outbound: m.outbound.defaultRelay ? null : { host: m.outbound.host, port: m.outbound.port, security: m.outbound.security,
        username: m.outbound.username, auth: m.outbound.auth, acceptInvalidCertificate: m.outbound.acceptInvalidCertificate },
    };
  return { ...requestOf(valuesOf(m)), enabled };
}

/** Where the API's field errors ("inbound.host") are in the wizard's form. */
export function formField(apiField: string): (string | number)[] {
  switch (apiField) {
    case "inbound.password": return ["password"];
    case "inbound.username": case "outbound.username": return ["username"];
    case "inbound.folders": return ["folders"];
    case "initialImport.mode": return ["importMode"];
    case "initialImport.days": return ["importDays"];
    case "onServer.action": return ["onServer"];
    case "onServer.folder": return ["moveTo"];
    case "onServer.afterDays": return ["deleteAfter"];
    case "inbound.protocol": return ["protocol"];
    default: return apiField.split(".");
  }
}

/** The wizard's step that holds a form field. */
export function stepOf(field: (string | number)[]): number {
  const [first] = field;
  if (first === "provider" || first === "protocol" || first === "inbound" || first === "outbound")
    return 0;
  if (first === "name" || first === "address" || first === "displayName" || first === "username" || first === "password")
    return 1;
  return 3;
}

/** A refused or failed call in the user's language: too many tries, no answer, else the server's sentence. */
export function errorText(t: Translate, error: unknown, response: Response | undefined): string {
  if (!response)
    return t("mailboxes.unreachable");
  if (response.status === 429) {
    const seconds = Number(response.headers.get("Retry-After"));
    return t("mailboxes.tooMany", { seconds: seconds > 0 ? seconds : 60 });
  }
  return problemMessage(error, response);
}

/** Whether a status message is a refused login (expired authorization code, "Unsafe Login"). */
export function isLoginFailure(message: string | null | undefined): boolean {
  return !!message && /refused the login|authenticat|unsafe login|password|authorization code|授权码|LOGIN/i.test(message);
}
