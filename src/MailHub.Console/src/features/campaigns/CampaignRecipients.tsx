import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Select, Space, Table, Tag, Typography } from "antd";
import { ReloadOutlined } from "@ant-design/icons";
import type { paths } from "@mailhub/client";
import { api, problemMessage } from "../../api";
import type { MessageKey } from "../../i18n/catalog";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";
import type { Json } from "./shared";

type Recipient = Json<paths["/api/campaigns/{id}/recipients"]["get"]>["items"][number];
const statuses = ["queued", "sending", "sent", "failed", "bounced", "complained", "unsubscribed", "opened", "clicked", "suppressed", "cancelled"] as const;
const colors: Record<string, string> = { sent: "green", failed: "red", bounced: "volcano", complained: "magenta", suppressed: "default", cancelled: "default", queued: "blue", sending: "geekblue" };
const pageSize = 50;

/** A campaign's recipients, filtered by status, with the reason of a failure or a skip. */
export function CampaignRecipients({ id, changed }: { id: string; changed: number }) {
  const t = useT();
  const [locale] = useLocale();
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [items, setItems] = useState<Recipient[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const read = useCallback(async () => {
    try {
      const { data, error: problem, response } = await api.GET("/api/campaigns/{id}/recipients", {
        params: { path: { id }, query: { status: status ?? null, limit: pageSize, offset: (page - 1) * pageSize } as never },
      });
      if (!data) {
        setError(problemMessage(problem, response));
        return;
      }
      setError(null);
      setItems(data.items);
      setTotal(data.total);
    } catch {
      setError(t("campaigns.unreachable"));
    } finally {
      setLoading(false);
    }
  }, [id, status, page, t]);
  // Again when the campaign moves (a push, at most one a second): the statuses change as it sends.
  useEffect(() => { void read(); }, [read, changed]);

  return (
    <section aria-labelledby="campaign-recipients-title" className="campaigns-recipients">
      <Typography.Title level={4} id="campaign-recipients-title">{t("campaigns.recipients")}</Typography.Title>
      <Space wrap>
        <Select aria-label={t("campaigns.recipientFilter")} placeholder={t("campaigns.allStatuses")} allowClear style={{ width: 200 }} value={status}
                onChange={v => { setStatus(v ?? undefined); setPage(1); }}
                options={statuses.map(s => ({ value: s, label: t(`campaigns.recipient.${s}` as MessageKey) }))} />
        <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void read()}>{t("campaigns.refresh")}</Button>
      </Space>
      {error && <Alert type="error" showIcon role="alert" title={error} />}
      <Table<Recipient> rowKey="id" size="small" dataSource={items} loading={loading} aria-label={t("campaigns.recipients")}
        locale={{ emptyText: t("campaigns.noRecipients") }} scroll={{ x: "max-content" }}
        pagination={{ current: page, pageSize, total, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
        columns={[
          { title: t("campaigns.recipientEmail"), dataIndex: "email" },
          { title: t("campaigns.recipientName"), render: (_, r) => r.name ?? "—" },
          {
            title: t("campaigns.status"),
            render: (_, r) => (
              <Space size={4}>
                <Tag color={colors[r.status]}>{t(`campaigns.recipient.${r.status}` as MessageKey)}</Tag>
                {r.unsubscribedAt && <Tag color="orange">{t("campaigns.recipient.unsubscribed")}</Tag>}
                {r.openedAt && <Tag color="blue">{t("campaigns.recipient.opened")}</Tag>}
                {r.clickedAt && <Tag color="purple">{t("campaigns.recipient.clicked")}</Tag>}
              </Space>
            ),
          },
          { title: t("campaigns.recipientReason"), render: (_, r) => r.error ?? "" },
          { title: t("campaigns.recipientSentAt"), render: (_, r) => (r.sentAt ? formatDateTime(r.sentAt, locale) : "—"), width: 170 },
          { title: t("campaigns.recipientAttempts"), dataIndex: "attempts", width: 90 },
        ]} />
    </section>
  );
}
