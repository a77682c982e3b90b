import { useCallback, useEffect, useState } from "react";
import { Alert, App, Button, InputNumber, Space, Table, Typography } from "antd";
import { SaveOutlined } from "@ant-design/icons";
import type { paths } from "@mailhub/client";
import { api, problemMessage } from "../../api";
import { useT } from "../../i18n/I18n";
import { useAccount } from "../session/Session";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;
type Policy = Json<paths["/api/sandbox/retention"]["get"]>;
type Mailbox = Json<paths["/api/channels/mailboxes"]["get"]>[number];

/** A limit as typed: empty keeps everything (null to the API). */
type Limits = { maxMessages: number | null; maxAgeHours: number | null };

const empty: Limits = { maxMessages: null, maxAgeHours: null };

/**
 * /admin/sandbox/retention: how much captured mail the sandbox keeps (GET/PUT /api/sandbox/retention): the default, and each
 * sandbox mailbox's own limits (empty: the default applies). Enforced in the background by the host.
 */
export function RetentionTab() {
  const t = useT();
  const { message } = App.useApp();
  const isAdmin = useAccount().role === "admin";
  const [mailboxes, setMailboxes] = useState<Mailbox[]>([]);
  const [fallback, setFallback] = useState<Limits>(empty);
  const [own, setOwn] = useState<Record<string, Limits>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [policy, boxes] = await Promise.all([api.GET("/api/sandbox/retention"), api.GET("/api/channels/mailboxes")]);
      if (!policy.data || !boxes.data) {
        const failed = policy.data ? boxes : policy;
        setLoadError(t("retention.loadFailed", { reason: problemMessage(failed.error, failed.response) }));
        return;
      }
      const p: Policy = policy.data;
      setFallback({ maxMessages: p.default?.maxMessages ?? null, maxAgeHours: p.default?.maxAgeHours ?? null });
      setOwn(Object.fromEntries((p.mailboxes ?? []).map(m => [m.mailboxId, { maxMessages: m.maxMessages ?? null, maxAgeHours: m.maxAgeHours ?? null }])));
      setMailboxes(boxes.data.filter(m => m.inbound.protocol === "sandbox"));
      setLoadError(null);
      setLoaded(true);
    } catch {
      setLoadError(t("sandbox.unreachable"));
    }
  }, [t]);

  useEffect(() => { void load(); }, [load]);

  async function save() {
    setBusy(true);
    try {
      const body = {
        default: fallback.maxMessages == null && fallback.maxAgeHours == null ? null : fallback,
        mailboxes: Object.entries(own)
          .filter(([id, l]) => mailboxes.some(m => m.id === id) && (l.maxMessages != null || l.maxAgeHours != null))
          .map(([mailboxId, l]) => ({ mailboxId, ...l })),
      };
      const { data, error, response } = await api.PUT("/api/sandbox/retention", { body });
      if (data)
        void message.success(t("retention.saved"));
      else
        void message.error(t("retention.failed", { reason: problemMessage(error, response) }));
    } catch {
      void message.error(t("sandbox.unreachable"));
    } finally {
      setBusy(false);
    }
  }

  const number = (value: number | null, label: string, change: (v: number | null) => void, hours = false) => (
    // Disabled until the policy is read: what is typed before would be replaced by what the read answers.
    <InputNumber value={value} min={hours ? 0.1 : 1} step={hours ? 1 : 10} precision={hours ? undefined : 0} disabled={!isAdmin || !loaded}
                 placeholder={t("retention.keepAll")} aria-label={label} style={{ width: 160 }}
                 onChange={v => change(typeof v === "number" ? v : null)} />
  );

  return (
    <div className="sandbox-retention">
      <Typography.Paragraph type="secondary">{t("retention.help")}</Typography.Paragraph>
      {loadError && (
        <Alert type="error" showIcon role="alert" title={loadError} style={{ marginBottom: 12 }}
               action={<Button size="small" onClick={() => void load()}>{t("sandbox.retry")}</Button>} />
      )}
      <Typography.Title level={5}>{t("retention.default")}</Typography.Title>
      <Space wrap size="large" style={{ marginBottom: 16 }}>
        <label>
          <Typography.Text>{t("retention.maxMessages")}</Typography.Text><br />
          {number(fallback.maxMessages, t("retention.defaultMaxMessages"), v => setFallback(f => ({ ...f, maxMessages: v })))}
        </label>
        <label>
          <Typography.Text>{t("retention.maxAge")}</Typography.Text><br />
          {number(fallback.maxAgeHours, t("retention.defaultMaxAge"), v => setFallback(f => ({ ...f, maxAgeHours: v })), true)}
        </label>
      </Space>
      <Typography.Title level={5}>{t("retention.perMailbox")}</Typography.Title>
      <Table<Mailbox> size="small" rowKey="id" pagination={false} aria-label={t("retention.perMailbox")} loading={!loaded && !loadError}
        dataSource={mailboxes} locale={{ emptyText: t("retention.noMailboxes") }}
        columns={[
          { title: t("retention.mailbox"), render: (_, m) => <span>{m.name} <Typography.Text type="secondary">{m.address}</Typography.Text></span> },
          {
            title: t("retention.maxMessages"),
            render: (_, m) => number(own[m.id]?.maxMessages ?? null, t("retention.mailboxMaxMessages", { name: m.name }),
              v => setOwn(o => ({ ...o, [m.id]: { ...(o[m.id] ?? empty), maxMessages: v } }))),
          },
          {
            title: t("retention.maxAge"),
            render: (_, m) => number(own[m.id]?.maxAgeHours ?? null, t("retention.mailboxMaxAge", { name: m.name }),
              v => setOwn(o => ({ ...o, [m.id]: { ...(o[m.id] ?? empty), maxAgeHours: v } })), true),
          },
        ]} />
      <Space style={{ marginTop: 16 }}>
        {isAdmin
          ? <Button type="primary" icon={<SaveOutlined aria-hidden />} loading={busy} disabled={!loaded} onClick={() => void save()}>{t("retention.save")}</Button>
          : <Typography.Text type="secondary">{t("retention.readOnly")}</Typography.Text>}
      </Space>
    </div>
  );
}
