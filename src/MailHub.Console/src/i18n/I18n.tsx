import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { catalogs, type MessageKey } from "./catalog";
import { locales, type Locale } from "./define";

const storageKey = "mailhub.locale";

/** The remembered choice, else the browser's first language we have (zh, zh-CN, zh-TW → Chinese), else English. */
function initialLocale(): Locale {
  const saved = localStorage.getItem(storageKey);
  if (saved && (locales as readonly string[]).includes(saved))
    return saved as Locale;
  for (const language of navigator.languages ?? [navigator.language])
  {
    if (language.toLowerCase().startsWith("zh"))
      return "zh-CN";
    if (language.toLowerCase().startsWith("en"))
      return "en";
  }
  return "en";
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(storageKey, next);
    setLocaleState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    dayjs.locale(locale === "zh-CN" ? "zh-cn" : "en");
  }, [locale]);
  const value = useMemo<I18nValue>(() => ({
    locale,
    setLocale,
    t: (key, values) => {
      const text = catalogs[locale][key] ?? catalogs.en[key] ?? key;
      return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole)) : text;
    },
  }), [locale, setLocale]);
  return (
    <I18nContext.Provider value={value}>
      {/* Ant Design spaces out two-character Chinese button labels ("关 闭"); Chinese UIs write them as words ("关闭"). */}
      <ConfigProvider locale={locale === "zh-CN" ? zhCN : enUS} button={{ autoInsertSpace: false }}>{children}</ConfigProvider>
    </I18nContext.Provider>
  );
}

function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value)
    throw new Error("useT() and useLocale() need <I18nProvider> above them.");
  return value;
}

/** t(key, values?): the string of the current language. */
export function useT(): Translate {
  return useI18n().t;
}

export function useLocale(): [Locale, (locale: Locale) => void] {
  const { locale, setLocale } = useI18n();
  return [locale, setLocale];
}

/** A date and time in the browser's time zone, written the way the current language writes it. */
export function formatDateTime(value: string | Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

/** "3 minutes ago" / "3 分钟前" for recent times, the date and time otherwise. */
export function formatRelative(value: string | Date, locale: Locale, now = Date.now()): string {
  const seconds = Math.round((new Date(value).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const abs = Math.abs(seconds);
  if (abs < 60)
    return format.format(seconds, "second");
  if (abs < 3600)
    return format.format(Math.round(seconds / 60), "minute");
  if (abs < 86400)
    return format.format(Math.round(seconds / 3600), "hour");
  return formatDateTime(value, locale);
}
