import { Select } from "antd";
import { useLocale, useT } from "../../i18n/I18n";
import type { Locale } from "../../i18n/define";

// Each language is named in itself, so a user who cannot read the current one still finds theirs.
const options: { value: Locale; label: string }[] = [
  { value: "zh-CN", label: "简体中文" },
  { value: "en", label: "English" },
];

/** The header's language switch; the choice is remembered in this browser. */
export function LanguageSwitch() {
  const t = useT();
  const [locale, setLocale] = useLocale();
  return <Select<Locale> aria-label={t("shell.language")} value={locale} onChange={setLocale} options={options}
                 style={{ width: 120 }} />;
}
