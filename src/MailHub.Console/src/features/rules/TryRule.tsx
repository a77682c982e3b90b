import { useState } from "react";
import { Alert, Button, Card, Form, Input, List, Select, Tag, Typography } from "antd";
import { api, type Schemas } from "../../api";
import type { MessageKey } from "../../i18n/catalog";
import { useT, type Translate } from "../../i18n/I18n";
import { describeTarget, languageName, mailboxName } from "./describe";
import { routingError } from "./routingErrors";
import type { RoutingData } from "./useRoutingData";

type Trial = Schemas["RoutingTrial"];
type Condition = Schemas["ConditionTrial"];

interface Fields {
  mailboxId?: string;
  from: string;
  subject?: string;
  body?: string;
}

/** "Try it": a sample message run through the rules (POST /api/routing/rules/try), the winner and each rule's reasons. */
export function TryRule({ data }: { data: RoutingData }) {
  const t = useT();
  const [trial, setTrial] = useState<Trial | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(fields: Fields) {
    setBusy(true);
    setError(null);
    try {
      const { data: answer, error: refusal, response } = await api.POST("/api/routing/rules/try", {
        body: { mailboxId: fields.mailboxId ?? null, from: fields.from.trim(), subject: fields.subject ?? "", body: fields.body ?? "", language: null },
      });
      if (answer)
        setTrial(answer);
      else
        setError(routingError(t, refusal, response));
    } catch {
      setError(t("rules.error.failed", { detail: "network" }));
    } finally {
      setBusy(false);
    }
  }

  const winner = trial?.rules.find(r => r.wins);
  const winnerRule = winner && data.rules.find(r => r.id === winner.id);
  return (
    <Card title={t("rules.try.title")} size="small" className="rules-try">
      <Typography.Paragraph type="secondary">{t("rules.try.intro")}</Typography.Paragraph>
      <Form<Fields> layout="vertical" onFinish={run} requiredMark={false}>
        <Form.Item label={t("rules.try.mailbox")} name="mailboxId">
          <Select allowClear showSearch optionFilterProp="label" aria-label={t("rules.try.mailbox")} placeholder={t("rules.try.anyMailbox")}
                  options={data.mailboxes.map(m => ({ value: m.id, label: `${m.name} <${m.address}>` }))} />
        </Form.Item>
        <Form.Item label={t("rules.try.from")} name="from" rules={[{ required: true, type: "email", message: t("rules.try.fromRequired") }]}>
          <Input placeholder="li.na@example.cn" />
        </Form.Item>
        <Form.Item label={t("rules.try.subject")} name="subject">
          <Input />
        </Form.Item>
        <Form.Item label={t("rules.try.body")} name="body">
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>{t("rules.try.run")}</Button>
      </Form>
      {error && <Alert type="error" title={error} role="alert" style={{ marginTop: 16 }} />}
      {trial && (
        <div className="rules-try-result" role="region" aria-label={t("rules.try.results")} aria-live="polite">
          <Alert style={{ marginTop: 16 }} type={winner ? "success" : "info"}
                 title={winner && winnerRule
                   ? t("rules.try.winner", { name: winner.name, target: describeTarget(winnerRule, data, t) })
                   : t("rules.try.none")}
                 description={trial.language ? t("rules.try.language", { value: languageName(t, trial.language) }) : undefined} />
          <List size="small" header={t("rules.try.results")} dataSource={trial.rules}
                renderItem={rule => (
                  <List.Item>
                    <div>
                      <Typography.Text strong>{rule.name}</Typography.Text>{" "}
                      {rule.wins ? <Tag color="green">{t("rules.try.matched")}</Tag>
                        : !rule.enabled ? <Tag>{t("rules.try.disabled")}</Tag>
                        : rule.matched ? <Tag color="gold">{t("rules.try.earlier")}</Tag>
                        : <Tag color="red">{t("rules.try.notMatched")}</Tag>}
                      {rule.conditions.length === 0
                        ? <div className="rules-reason">{t("rules.try.noConditions")}</div>
                        : rule.conditions.map(c => <div key={c.kind} className="rules-reason">{reason(t, c, data)}</div>)}
                    </div>
                  </List.Item>
                )} />
        </div>
      )}
    </Card>
  );
}

/** The mailbox of a sample sent to none. */
const noMailbox = "00000000-0000-0000-0000-000000000000";

/** "✓ Subject or text contains: “退款” (found: 退款)" / "✗ Language: English (the sample has: Chinese)". */
function reason(t: Translate, c: Condition, data: RoutingData): string {
  const or = t("rules.or");
  const show = (value: string) => c.kind === "mailbox" ? mailboxName(data, value, t) : c.kind === "language" ? languageName(t, value) : value;
  const condition = t(`rules.when.${c.kind}` as MessageKey, { values: c.wanted.map(show).join(or) });
  const found = c.found && c.found !== noMailbox ? show(c.found) : t("rules.try.nothing");
  return t(c.matched ? "rules.try.met" : "rules.try.unmet", { condition, found });
}
