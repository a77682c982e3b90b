import { useEffect, useRef, useState } from "react";
import { Select } from "antd";
import { api, type Schemas } from "../../api";
import { useT } from "../../i18n/I18n";

type Kind = Schemas["AddressSuggestion"]["kind"];

interface Props {
  label: string;
  value: string[];
  onChange: (addresses: string[]) => void;
  placeholder?: string;
}

/**
 * To, Cc or Bcc: addresses as tags, suggested as the agent types (GET /api/directory/suggestions: recent correspondents,
 * colleagues, other customers), each with what it is.
 */
export function AddressField({ label, value, onChange, placeholder }: Props) {
  const t = useT();
  const [options, setOptions] = useState<{ value: string; label: string; kind: Kind }[]>([]);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  function search(q: string) {
    window.clearTimeout(timer.current);
    if (q.trim().length < 1) {
      setOptions([]);
      return;
    }
    timer.current = window.setTimeout(async () => {
      const { data } = await api.GET("/api/directory/suggestions", { params: { query: { q: q.trim() } } });
      setOptions((data?.items ?? []).map(s => ({
        value: s.address, label: s.name && s.name !== s.address ? `${s.name} <${s.address}>` : s.address, kind: s.kind,
      })));
    }, 200);
  }

  return (
    <Select
      mode="tags"
      aria-label={label}
      prefix={<span className="composer-field-label">{label}</span>}
      placeholder={placeholder}
      value={value}
      onChange={next => onChange(next.map(a => a.trim()).filter(a => a.length > 0))}
      onSearch={search}
      options={options}
      optionRender={option => (
        <span className="composer-suggestion">
          <span>{option.data.label}</span>
          <span className="composer-suggestion-kind">{t(`composer.kind.${option.data.kind}`)}</span>
        </span>
      )}
      filterOption={false}
      tokenSeparators={[",", ";", " ", "，", "；"]}
      notFoundContent={null}
      popupRender={menu => <div aria-label={t("composer.suggestions")}>{menu}</div>}
      style={{ width: "100%" }}
      variant="borderless"
    />
  );
}
