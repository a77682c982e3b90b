import type { Schemas } from "../../api";
import { useT } from "../../i18n/I18n";

export type Template = Schemas["ReplyTemplate"];

interface Props {
  templates: Template[];
  query: string;
  active: number;
  onChoose: (template: Template) => void;
}

/** The canned replies matching what follows the "/", above the editor; arrows and Enter in the editor choose. */
export function TemplatePicker({ templates, query, active, onChoose }: Props) {
  const t = useT();
  return (
    <ul className="composer-picker" role="listbox" aria-label={t("composer.templates")}>
      {templates.length === 0 && <li aria-disabled="true">{t("composer.noTemplates", { query })}</li>}
      {templates.map((template, i) => (
        <li key={template.id} role="option" aria-selected={i === active}
            // Keep the editor's focus and caret: the "/" typed there is what the choice replaces.
            onMouseDown={e => { e.preventDefault(); onChoose(template); }}>
          <div>{template.name}</div>
          <div className="preview">{template.text}</div>
        </li>
      ))}
    </ul>
  );
}
