import { useEffect, useState } from "react";
import { Alert, Button, Drawer, Form, Input, Radio, Select, Space, Switch, Typography } from "antd";
import { api, fieldErrors, type Schemas } from "../../api";
import type { MessageKey } from "../../i18n/catalog";
import { useT } from "../../i18n/I18n";
import { languageName, languages, priorities, strategies } from "./describe";
import { routingError } from "./routingErrors";
import type { RoutingData, Rule } from "./useRoutingData";

interface Fields {
  name: string;
  mailboxIds: string[];
  senderAddresses: string[];
  senderDomains: string[];
  keywords: string[];
  languages: string[];
  target: "team" | "agent";
  teamId?: string;
  agentId?: string;
  strategy: string;
  tags: string[];
  priority?: string;
  enabled: boolean;
}

interface Props {
  /** The rule to edit, or "new". Null: closed. */
  rule: Rule | "new" | null;
  data: RoutingData;
  onClose: () => void;
  onSaved: () => void;
}

const teamsSetting = "team";

/** The rule's form in a drawer: name, conditions (any of each list; all lists), where it sends, tags, priority. */
export function RuleForm({ rule, data, onClose, onSaved }: Props) {
  const t = useT();
  const [form] = Form.useForm<Fields>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const target = Form.useWatch("target", form);

  useEffect(() => {
    if (rule === null)
      return;
    setError(null);
    form.resetFields();
    if (rule === "new") {
      form.setFieldsValue({ target: "team", strategy: teamsSetting, enabled: true });
      return;
    }
    const c = rule.conditions;
    form.setFieldsValue({
      name: rule.name, mailboxIds: c.mailboxIds ?? [], senderAddresses: c.senderAddresses ?? [], senderDomains: c.senderDomains ?? [],
      keywords: c.keywords ?? [], languages: c.languages ?? [], target: rule.assignTo.agentId ? "agent" : "team",
      teamId: rule.assignTo.teamId ?? undefined, agentId: rule.assignTo.agentId ?? undefined, strategy: rule.strategy ?? teamsSetting,
      tags: rule.tags, priority: rule.priority ?? undefined, enabled: rule.enabled,
    });
  }, [rule, form]);

  async function save(fields: Fields) {
    setBusy(true);
    setError(null);
    const body: Schemas["RoutingRuleRequest"] = {
      name: fields.name,
      order: rule === "new" || rule === null ? Math.max(0, ...data.rules.map(r => r.order)) + 10 : rule.order,
      conditions: {
        mailboxIds: fields.mailboxIds ?? [], senderAddresses: fields.senderAddresses ?? [], senderDomains: fields.senderDomains ?? [],
        keywords: fields.keywords ?? [], languages: fields.languages ?? [],
      },
      assignTo: fields.target === "team" ? { teamId: fields.teamId } : { agentId: fields.agentId },
      strategy: fields.target === "team" && fields.strategy !== teamsSetting ? fields.strategy : null,
      enabled: fields.enabled,
      tags: fields.tags ?? [],
      priority: fields.priority ?? null,
    };
    try {
      const { error: refusal, response } = rule === "new" || rule === null
        ? await api.POST("/api/routing/rules", { body })
        : await api.PUT("/api/routing/rules/{id}", { params: { path: { id: rule.id } }, body });
      if (response.ok) {
        onSaved();
        return;
      }
      const errors = fieldErrors(refusal);
      form.setFields(Object.entries(errors).map(([field, messages]) => ({
        name: fieldOf(field), errors: messages,
      })).filter(f => f.name !== null) as { name: keyof Fields; errors: string[] }[]);
      setError(routingError(t, refusal, response));
    } catch {
      setError(t("rules.error.failed", { detail: "network" }));
    } finally {
      setBusy(false);
    }
  }

  const tagsSelect = (label: MessageKey) => (
    <Select mode="tags" tokenSeparators={[",", "，"]} aria-label={t(label)} notFoundContent={null} />
  );

  return (
    <Drawer open={rule !== null} onClose={onClose} size="large" destroyOnHidden
            title={t(rule === "new" ? "rules.form.new" : "rules.form.edit")}
            extra={<Space>
              <Button onClick={onClose}>{t("rules.form.cancel")}</Button>
              <Button type="primary" loading={busy} onClick={() => form.submit()}>{t("rules.form.save")}</Button>
            </Space>}>
      <Form<Fields> form={form} layout="vertical" onFinish={save} requiredMark={false}>
        {error && <Alert type="error" title={error} role="alert" style={{ marginBottom: 16 }} />}
        <Form.Item label={t("rules.form.name")} name="name" rules={[{ required: true, whitespace: true, message: t("rules.form.nameRequired") }]}>
          <Input placeholder={t("rules.form.namePlaceholder")} maxLength={200} />
        </Form.Item>
        <Typography.Title level={5}>{t("rules.form.conditions")}</Typography.Title>
        <Form.Item label={t("rules.form.mailboxes")} name="mailboxIds">
          <Select mode="multiple" allowClear aria-label={t("rules.form.mailboxes")} optionFilterProp="label"
                  options={data.mailboxes.map(m => ({ value: m.id, label: `${m.name} <${m.address}>` }))} />
        </Form.Item>
        <Form.Item label={t("rules.form.senderAddresses")} name="senderAddresses" extra={t("rules.form.anyHint")}>
          {tagsSelect("rules.form.senderAddresses")}
        </Form.Item>
        <Form.Item label={t("rules.form.senderDomains")} name="senderDomains">
          {tagsSelect("rules.form.senderDomains")}
        </Form.Item>
        <Form.Item label={t("rules.form.keywords")} name="keywords">
          {tagsSelect("rules.form.keywords")}
        </Form.Item>
        <Form.Item label={t("rules.form.languages")} name="languages">
          <Select mode="tags" allowClear aria-label={t("rules.form.languages")}
                  options={languages.map(code => ({ value: code, label: languageName(t, code) }))} />
        </Form.Item>
        <Typography.Title level={5}>{t("rules.form.actions")}</Typography.Title>
        <Form.Item label={t("rules.form.target")} name="target">
          <Radio.Group aria-label={t("rules.form.target")}>
            <Radio value="team">{t("rules.form.toTeam")}</Radio>
            <Radio value="agent">{t("rules.form.toAgent")}</Radio>
          </Radio.Group>
        </Form.Item>
        {target !== "agent" ? <>
          <Form.Item label={t("rules.form.team")} name="teamId" rules={[{ required: true, message: t("rules.form.targetRequired") }]}>
            <Select showSearch aria-label={t("rules.form.team")} optionFilterProp="label"
                    options={data.teams.map(d => ({ value: d.id, label: d.name }))} />
          </Form.Item>
          <Form.Item label={t("rules.form.strategy")} name="strategy">
            <Select aria-label={t("rules.form.strategy")}
                    options={[teamsSetting, ...strategies].map(s => ({ value: s, label: t(`rules.strategy.${s}` as MessageKey) }))} />
          </Form.Item>
        </> : (
          <Form.Item label={t("rules.form.agent")} name="agentId" rules={[{ required: true, message: t("rules.form.targetRequired") }]}>
            <Select showSearch aria-label={t("rules.form.agent")} optionFilterProp="label"
                    options={data.members.map(m => ({ value: m.id, label: `${m.name} (${m.email})` }))} />
          </Form.Item>
        )}
        <Form.Item label={t("rules.form.tags")} name="tags">
          {tagsSelect("rules.form.tags")}
        </Form.Item>
        <Form.Item label={t("rules.form.priority")} name="priority">
          <Select allowClear aria-label={t("rules.form.priority")} placeholder={t("rules.form.priorityNone")}
                  options={priorities.map(p => ({ value: p, label: t(`rules.priority.${p}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item label={t("rules.form.enabled")} name="enabled" valuePropName="checked">
          <Switch aria-label={t("rules.form.enabled")} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** The form field a refusal's key names ("conditions.keywords" → keywords, "assignTo.teamId" → teamId). */
function fieldOf(key: string): keyof Fields | null {
  const last = key.split(".").pop() ?? key;
  const known: Record<string, keyof Fields> = {
    name: "name", mailboxIds: "mailboxIds", senderAddresses: "senderAddresses", senderDomains: "senderDomains", keywords: "keywords",
    languages: "languages", teamId: "teamId", agentId: "agentId", assignTo: "teamId", strategy: "strategy", tags: "tags", priority: "priority",
  };
  return known[last] ?? null;
}
