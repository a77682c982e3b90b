import { useCallback, useEffect, useRef, useState } from "react";
import { Alert, App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import type { paths } from "@mailhub/client";
import { api, fieldErrors, problemMessage } from "../../api";
import type { MessageKey } from "../../i18n/catalog";
import { useT, type Translate } from "../../i18n/I18n";
import { useAccount } from "../session/Session";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;
type Rules = Json<paths["/api/sandbox/chaos"]["get"]>;
type Rule = Rules["rules"][number];

const stages = ["connect", "ehlo", "auth", "mail", "rcpt", "data"] as const;
/** Stages before RCPT TO: no recipient is known yet, so their rules act only on SMTP endpoints marked sandbox. */
const endpointOnlyStages: readonly string[] = ["connect", "ehlo", "auth", "mail"];
const inboundActions = ["reply", "delay", "drop"] as const;
const outboundActions = ["reply", "bounce"] as const;

interface Fields {
  direction: "inbound" | "outbound";
  stage?: string;
  pattern?: string;
  action: string;
  code?: number | null;
  text?: string;
  status?: string;
  probability?: number | null;
  delaySeconds?: number | null;
}

function problem(t: Translate, error: unknown, response: Response | undefined): string {
  return response ? problemMessage(error, response) : t("chaos.unreachable");
}

/** One rule in words: "RCPT TO *@example.com → 451 4.7.1 Try later, 50 %". */
function describe(t: Translate, rule: Rule): string {
  const what = rule.action === "reply" ? `${rule.code ?? ""} ${rule.text ?? ""}`.trim()
    : rule.action === "bounce" ? `${t("chaos.action.bounce")} ${rule.status ?? ""} ${rule.text ?? ""}`.trim()
    : t(`chaos.action.${rule.action}` as MessageKey);
  const delay = rule.delaySeconds ? ` · ${rule.delaySeconds} s` : "";
  return `${what}${delay}`;
}

/** /admin/sandbox/chaos: the failure-injection rules (GET/PUT /api/sandbox/chaos), listed, added, removed. */
export function ChaosRules() {
  const t = useT();
  const { message } = App.useApp();
  const account = useAccount();
  const isAdmin = account.role === "admin";
  const [rules, setRules] = useState<Rule[]>([]);
  const [sandboxEndpoints, setSandboxEndpoints] = useState<string[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Fields>();
  const direction = Form.useWatch("direction", form) ?? "inbound";
  const stage = Form.useWatch("stage", form);
  const action = Form.useWatch("action", form);
  // The list as last answered and whether a save runs, read by the handlers (not their render's copies): a rule is added to the
  // rules in force, and an Add while a save runs is not a second save.
  const current = useRef<Rule[]>([]);
  const saving = useRef(false);
  // Every answer that replaces the list takes a number; an older answer that arrives later (the page's first GET, slow on a
  // loaded machine, after the first PUT's answer) is dropped instead of putting the old list back.
  const sequence = useRef(0);
  const shown = useRef(0);

  const take = useCallback((answer: Rules, ticket: number) => {
    if (ticket < shown.current)
      return;
    shown.current = ticket;
    current.current = answer.rules;
    setRules(answer.rules);
    setSandboxEndpoints(answer.sandboxEndpoints ?? []);
  }, []);

  const load = useCallback(async () => {
    const ticket = ++sequence.current;
    try {
      const { data, error: refused, response } = await api.GET("/api/sandbox/chaos");
      if (data) {
        take(data, ticket);
        setLoadError(null);
      } else {
        setLoadError(t("chaos.loadFailed", { reason: problem(t, refused, response) }));
      }
    } catch {
      setLoadError(t("chaos.unreachable"));
    }
  }, [t, take]);

  useEffect(() => { void load(); }, [load]);

  /** PUT the whole list; ok when it was taken, the refusal's field errors on a 400. */
  async function save(next: Rule[], done: string): Promise<{ ok: boolean; refused?: Record<string, string[]> }> {
    const ticket = ++sequence.current;
    try {
      const { data, error: refused, response } = await api.PUT("/api/sandbox/chaos", { body: { rules: next } });
      if (data) {
        take(data, ticket);
        void message.success(done);
        return { ok: true };
      }
      if (response.status === 400)
        return { ok: false, refused: fieldErrors(refused) };
      void message.error(t("chaos.failed", { reason: problem(t, refused, response) }));
      return { ok: false };
    } catch {
      void message.error(t("chaos.unreachable"));
      return { ok: false };
    }
  }

  async function add(fields: Fields) {
    if (saving.current)
      return;
    saving.current = true;
    setBusy(true);
    setError(null);
    const rule: Rule = {
      direction: fields.direction,
      stage: fields.direction === "inbound" ? fields.stage : null,
      pattern: fields.pattern?.trim() || "*",
      action: fields.action,
      code: fields.code ?? null,
      text: fields.text?.trim() || null,
      status: fields.action === "bounce" ? fields.status?.trim() || null : null,
      probability: fields.probability ?? 100,
      delaySeconds: fields.delaySeconds ?? 0,
    };
    const index = current.current.length;
    try {
      const outcome = await save([...current.current, rule], t("chaos.added"));
      if (outcome.ok) {
        // Closed, the dialog is unmounted (destroyOnHidden, no forceRender; its fields are reset in afterClose, the form's store
        // outlives it): the next one opens with a fresh Add button. Kept mounted, its button's loading icon was still in its leave animation when the dialog went display: none,
        // which never ends there (no transitionend): the icon (aria-label "loading") stayed, and the next dialog's Add read
        // "loading Add".
        setAdding(false);
        return;
      }
      if (outcome.refused) {
        // Errors come keyed "rules[n].field": show the new rule's on its fields.
        const prefix = `rules[${index}].`;
        const mine = Object.entries(outcome.refused).filter(([key]) => key.toLowerCase().startsWith(prefix));
        if (mine.length > 0)
          form.setFields(mine.map(([key, errors]) => ({ name: key.slice(prefix.length) as keyof Fields, errors })));
        else
          setError(Object.values(outcome.refused).flat().join(" "));
      }
    } finally {
      saving.current = false;
      setBusy(false);
    }
  }

  const remove = (index: number) => void save(current.current.filter((_, i) => i !== index), t("chaos.removed"));
  const earlyStage = direction === "inbound" && !!stage && endpointOnlyStages.includes(stage);
  const endpointHint = t("chaos.endpointOnly", {
    endpoints: sandboxEndpoints === null ? "…" : sandboxEndpoints.length === 0 ? t("chaos.noSandboxEndpoint") : sandboxEndpoints.join(", "),
  });

  return (
    <div className="chaos-rules">
      <Typography.Paragraph type="secondary">{t("chaos.help")}</Typography.Paragraph>
      {loadError && (
        <Alert type="error" showIcon role="alert" title={loadError} style={{ marginBottom: 12 }}
               action={<Button size="small" onClick={() => void load()}>{t("sandbox.retry")}</Button>} />
      )}
      {rules.some(r => r.direction === "inbound" && !!r.stage && endpointOnlyStages.includes(r.stage)) && (
        <Alert type={sandboxEndpoints?.length === 0 ? "warning" : "info"} showIcon title={endpointHint} style={{ marginBottom: 12 }} />
      )}
      <Space style={{ marginBottom: 12 }} wrap>
        {isAdmin ? (
          <>
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => { setError(null); setAdding(true); }}>{t("chaos.add")}</Button>
            <Popconfirm title={t("chaos.clearConfirm")} okText={t("chaos.clear")} cancelText={t("chaos.cancel")} okButtonProps={{ danger: true }}
                        onConfirm={() => void save([], t("chaos.cleared"))}>
              <Button danger icon={<DeleteOutlined aria-hidden />} disabled={rules.length === 0}>{t("chaos.clear")}</Button>
            </Popconfirm>
          </>
        ) : <Typography.Text type="secondary">{t("chaos.readOnly")}</Typography.Text>}
      </Space>
      <Table<Rule & { key: number }> size="small" pagination={false} aria-label={t("chaos.rules")}
        dataSource={rules.map((rule, key) => ({ ...rule, key }))} locale={{ emptyText: t("chaos.none") }}
        columns={[
          {
            title: t("chaos.direction"),
            render: (_, rule) => <Tag color={rule.direction === "inbound" ? "blue" : "purple"}>{t(`chaos.direction.${rule.direction}` as MessageKey)}</Tag>,
          },
          { title: t("chaos.stage"), render: (_, rule) => rule.stage ? t(`chaos.stage.${rule.stage}` as MessageKey) : "—" },
          {
            title: t("chaos.pattern"),
            render: (_, rule) => !rule.pattern || rule.pattern === "*" ? t("chaos.everything") : <Typography.Text code>{rule.pattern}</Typography.Text>,
          },
          { title: t("chaos.what"), render: (_, rule) => describe(t, rule) },
          { title: t("chaos.probability"), render: (_, rule) => `${rule.probability ?? 100} %` },
          ...(isAdmin ? [{
            title: t("chaos.actions"),
            width: 120,
            render: (_: unknown, rule: Rule & { key: number }) => (
              <Popconfirm title={t("chaos.removeConfirm")} okText={t("chaos.remove")} cancelText={t("chaos.cancel")} okButtonProps={{ danger: true }}
                          placement="topRight" onConfirm={() => remove(rule.key)}>
                <Button danger size="small" icon={<DeleteOutlined aria-hidden />} aria-label={t("chaos.removeNamed", { n: rule.key + 1 })}>
                  {t("chaos.remove")}
                </Button>
              </Popconfirm>
            ),
          }] : []),
        ]} />

      <Modal open={adding} title={t("chaos.add")} okText={t("chaos.save")} cancelText={t("chaos.cancel")} confirmLoading={busy}
             onOk={() => { if (!saving.current) form.submit(); }} onCancel={() => setAdding(false)}
             afterClose={() => { form.resetFields(); setError(null); }} destroyOnHidden style={{ top: 24 }}>
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
        <Form<Fields> form={form} layout="vertical" onFinish={add} requiredMark={false}
                      initialValues={{ direction: "inbound", stage: "rcpt", action: "reply", code: 451, probability: 100 }}
                      onValuesChange={changed => {
                        if (changed.direction)
                          form.setFieldsValue({ action: "reply" });
                      }}>
          <Form.Item label={t("chaos.direction")} name="direction">
            <Select aria-label={t("chaos.direction")} options={(["inbound", "outbound"] as const).map(d => ({ value: d, label: t(`chaos.direction.${d}`) }))} />
          </Form.Item>
          {direction === "inbound" && (
            <Form.Item label={t("chaos.stage")} name="stage" extra={earlyStage ? endpointHint : undefined}>
              <Select aria-label={t("chaos.stage")} options={stages.map(s => ({ value: s, label: t(`chaos.stage.${s}`) }))} />
            </Form.Item>
          )}
          <Form.Item label={t("chaos.pattern")} name="pattern" tooltip={t("chaos.patternHelp")}>
            <Input autoComplete="off" placeholder="*@example.com" />
          </Form.Item>
          <Form.Item label={t("chaos.action")} name="action">
            <Select aria-label={t("chaos.action")}
                    options={(direction === "inbound" ? inboundActions : outboundActions).map(a => ({ value: a, label: t(`chaos.action.${a}`) }))} />
          </Form.Item>
          <Space wrap size="middle" align="start">
            {(action === "reply" || action === "bounce") && (
              <Form.Item label={t("chaos.code")} name="code"
                         rules={[{ required: action === "reply", type: "number", min: 400, max: 599, message: t("chaos.codeRequired") }]}>
                <InputNumber min={400} max={599} precision={0} style={{ width: 110 }} />
              </Form.Item>
            )}
            {action === "bounce" && (
              <Form.Item label={t("chaos.status")} name="status" rules={[{ pattern: /^[45]\.\d{1,3}\.\d{1,3}$/, message: t("chaos.statusInvalid") }]}>
                <Input autoComplete="off" placeholder="5.1.1" style={{ width: 110 }} />
              </Form.Item>
            )}
            <Form.Item label={t("chaos.probability")} name="probability">
              <InputNumber min={0} max={100} precision={0} style={{ width: 110 }} />
            </Form.Item>
            <Form.Item label={t("chaos.delay")} name="delaySeconds"
                       rules={[{ required: action === "delay", type: "number", min: action === "delay" ? 0.1 : 0, max: 300, message: t("chaos.delayRequired") }]}>
              <InputNumber min={0} max={300} step={0.5} style={{ width: 110 }} />
            </Form.Item>
          </Space>
          {action !== "delay" && action !== "drop" && (
            <Form.Item label={t("chaos.text")} name="text" rules={[{ max: 500 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
