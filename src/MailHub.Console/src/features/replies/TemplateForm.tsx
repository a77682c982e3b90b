import { useEffect, useRef, useState } from "react";
import { Alert, Button, Card, Drawer, Form, Input, Radio, Select, Space, Typography } from "antd";
import type { TextAreaRef } from "antd/es/input/TextArea";
import { api, type Schemas } from "../../api";
import type { MessageKey } from "../../i18n/catalog";
import { useT } from "../../i18n/I18n";
import { useAccount } from "../session/Session";
import { repliesError } from "./repliesErrors";
import { usePreview } from "./usePreview";

export type Template = Schemas["ReplyTemplate"];
type Scope = Template["scope"];

interface Fields {
  name: string;
  scope: Scope;
  teamId?: string;
  text: string;
}

export const variables = ["customer.name", "agent.name", "conversation.number", "customer.email", "conversation.subject"] as const;

interface Props {
  template: Template | "new" | null;
  teams: Schemas["Department"][];
  onClose: () => void;
  onSaved: () => void;
}

/** A canned reply's form: name, who uses it, the text with variables, and its live preview beside it. */
export function TemplateForm({ template, teams, onClose, onSaved }: Props) {
  const t = useT();
  const account = useAccount();
  const [form] = Form.useForm<Fields>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const text = Form.useWatch("text", form);
  const scope = Form.useWatch("scope", form);
  const preview = usePreview(text);
  const textArea = useRef<TextAreaRef>(null);
  const writesShared = account.role === "admin" || account.role === "supervisor";

  useEffect(() => {
    if (template === null)
      return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(template === "new"
      ? { scope: writesShared ? "shared" : "personal", text: "" }
      : { name: template.name, scope: template.scope, teamId: template.teamId ?? undefined, text: template.text });
  }, [template, form, writesShared]);

  function insert(variable: string) {
    const area = textArea.current?.resizableTextArea?.textArea;
    const current: string = form.getFieldValue("text") ?? "";
    const token = `{{${variable}}}`;
    const at = area ? area.selectionStart : current.length;
    const end = area ? area.selectionEnd : current.length;
    form.setFieldValue("text", current.slice(0, at) + token + current.slice(end));
    requestAnimationFrame(() => { area?.focus(); area?.setSelectionRange(at + token.length, at + token.length); });
  }

  async function save(fields: Fields) {
    setBusy(true);
    setError(null);
    const body = { name: fields.name, text: fields.text, html: null, scope: fields.scope, teamId: fields.scope === "team" ? fields.teamId : null };
    try {
      const { error: refusal, response } = template === "new" || template === null
        ? await api.POST("/api/conversations/templates", { body })
        : await api.PUT("/api/conversations/templates/{id}", { params: { path: { id: template.id } }, body });
      if (response.ok)
        onSaved();
      else
        setError(repliesError(t, refusal, response));
    } catch {
      setError(t("replies.error.failed", { detail: "network" }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Drawer open={template !== null} onClose={onClose} size="large" destroyOnHidden
            title={t(template === "new" ? "replies.form.new" : "replies.form.edit")}
            extra={<Space>
              <Button onClick={onClose}>{t("replies.form.cancel")}</Button>
              <Button type="primary" loading={busy} onClick={() => form.submit()}>{t("replies.form.save")}</Button>
            </Space>}>
      <Form<Fields> form={form} layout="vertical" onFinish={save} requiredMark={false}>
        {error && <Alert type="error" title={error} role="alert" style={{ marginBottom: 16 }} />}
        <Form.Item label={t("replies.form.name")} name="name" rules={[{ required: true, whitespace: true, message: t("replies.form.nameRequired") }]}>
          <Input placeholder={t("replies.form.namePlaceholder")} maxLength={200} />
        </Form.Item>
        <Form.Item label={t("replies.form.scope")} name="scope">
          <Radio.Group aria-label={t("replies.form.scope")}>
            <Radio value="shared" disabled={!writesShared}>{t("replies.form.scopeShared")}</Radio>
            <Radio value="team" disabled={!writesShared}>{t("replies.form.scopeTeam")}</Radio>
            <Radio value="personal">{t("replies.form.scopePersonal")}</Radio>
          </Radio.Group>
        </Form.Item>
        {scope === "team" && (
          <Form.Item label={t("replies.form.team")} name="teamId" rules={[{ required: true, message: t("replies.form.teamRequired") }]}>
            <Select showSearch aria-label={t("replies.form.team")} optionFilterProp="label"
                    options={teams.map(d => ({ value: d.id, label: d.name }))} />
          </Form.Item>
        )}
        <Form.Item label={t("replies.form.variables")}>
          <Space wrap>
            {variables.map(v => (
              <Button key={v} size="small" onClick={() => insert(v)}
                      aria-label={t("replies.form.insert", { variable: t(`replies.variable.${v}` as MessageKey) })}>
                {t(`replies.variable.${v}` as MessageKey)} <code>{`{{${v}}}`}</code>
              </Button>
            ))}
          </Space>
        </Form.Item>
        <Form.Item label={t("replies.form.text")} name="text" rules={[{ required: true, message: t("replies.form.textRequired") }]}>
          <Input.TextArea ref={textArea} autoSize={{ minRows: 6, maxRows: 16 }} />
        </Form.Item>
      </Form>
      <Card size="small" title={t("replies.preview")} role="region" aria-label={t("replies.preview")}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t("replies.previewHint")}</Typography.Paragraph>
        <div className="replies-preview" aria-live="polite">{preview ?? t("replies.previewEmpty")}</div>
      </Card>
    </Drawer>
  );
}
