/** The two languages of the console; the first that matches the browser's wins, English otherwise. */
export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];

/**
 * A feature's strings in both languages. The Chinese object must have every English key, so a string cannot be
 * forgotten in one language (the compiler says which). `{name}` in a string is replaced by `t(key, { name })`.
 */
export function defineMessages<const T extends Record<string, string>>(messages: { en: T; "zh-CN": Record<keyof T, string> }) {
  return messages;
}
