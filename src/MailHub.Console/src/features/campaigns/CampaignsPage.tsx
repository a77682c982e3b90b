import { useCallback, useEffect, useRef, useState } from "react";
import { Alert, Button, Popconfirm, Progress, Space, Table, Tag, Typography } from "antd";
import { PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import type { paths } from "@mailhub/client";
import { api, problemMessage } from "../../api";
import type { MessageKey } from "../../i18n/catalog";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";
import { AudienceUpload } from "./AudienceUpload";
import { CampaignEditor } from "./CampaignEditor";
import "./campaigns.css";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;
type Campaign = Json<paths["/api/campaigns"]["get"]>["items"][number];
type Move = "send" | "pause" | "resume" | "cancel";

/** While a campaign is on its way, the list reads its counts again this often. */
const refreshEvery = 2000;

const statusColors: Record<string, string> = {
  draft: "default", scheduled: "purple", sending: "blue", paused: "orange", done: "green", cancelled: "red",
};

/** The moves a status allows, as the API does (409 otherwise). */
function movesOf(status: string): Move[] {
  switch (status) {
    case "draft": return ["send", "cancel"];
    case "scheduled": case "sending": return ["pause", "cancel"];
    case "paused": return ["resume", "cancel"];
    default: return [];
  }
}

/** /admin/campaigns: every campaign with its status and a progress bar of its recipients, pause/resume/cancel; the audiences below. */
export function CampaignsPage() {
  const t = useT();
  const [locale] = useLocale();
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [acting, setActing] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const generation = useRef(0);

  const read = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const { data, error: problem, response } = await api.GET("/api/campaigns");
      if (mine !== generation.current)
        return;
      if (!data) {
        setError(t("campaigns.loadFailed", { reason: problemMessage(problem, response) }));
        return;
      }
      setError(null);
      setCampaigns(data.items);
    } catch {
      if (mine === generation.current)
        setError(t("campaigns.unreachable"));
    } finally {
      if (mine === generation.current)
        setLoading(false);
    }
  }, [t]);

  useEffect(() => { void read(); }, [read]);

  // Progress moves on its own while a campaign sends or waits for its time: read the counts again until none does.
  const active = campaigns.some(c => c.status === "sending" || c.status === "scheduled");
  useEffect(() => {
    if (!active)
      return;
    const timer = setInterval(() => void read(), refreshEvery);
    return () => clearInterval(timer);
  }, [active, read]);

  const move = async (campaign: Campaign, action: Move) => {
    setActing(campaign.id);
    try {
      const { error: problem, response } = await api.POST(`/api/campaigns/{id}/${action}`, { params: { path: { id: campaign.id } } });
      if (!response.ok)
        setError(t("campaigns.actionFailed", { reason: problemMessage(problem, response) }));
      await read();
    } catch {
      setError(t("campaigns.unreachable"));
    } finally {
      setActing(null);
    }
  };

  return (
    <section className="campaigns-page" aria-labelledby="campaigns-title">
      <header>
        <Typography.Title level={3} id="campaigns-title" style={{ margin: 0 }}>{t("campaigns.title")}</Typography.Title>
        <Typography.Text type="secondary">{t("campaigns.help")}</Typography.Text>
      </header>
      <Space>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing(true)}>{t("campaigns.new")}</Button>
        <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void read()} loading={loading}>{t("campaigns.refresh")}</Button>
      </Space>
      {error && <Alert type="error" showIcon role="alert" title={error} action={<Button size="small" onClick={() => void read()}>{t("campaigns.retry")}</Button>} />}
      <Table<Campaign> rowKey="id" size="small" dataSource={campaigns} loading={loading} pagination={false} aria-label={t("campaigns.list")}
        locale={{ emptyText: t("campaigns.none") }} scroll={{ x: "max-content" }}
        columns={[
          {
            title: t("campaigns.name"),
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{c.name}</Typography.Text>
                <Typography.Text type="secondary">{c.subject}</Typography.Text>
              </Space>
            ),
          },
          { title: t("campaigns.status"), render: (_, c) => <Tag color={statusColors[c.status]}>{t(`campaigns.status.${c.status}` as MessageKey)}</Tag> },
          {
            title: t("campaigns.progress"),
            render: (_, c) => {
              const total = c.counts.total;
              const done = total - c.counts.queued;
              const label = t("campaigns.progressOf", { done, total });
              return (
                <div className="campaigns-progress">
                  <Progress percent={total === 0 ? 0 : Math.floor((done * 100) / total)} size="small"
                            status={c.status === "sending" ? "active" : c.status === "cancelled" ? "exception" : undefined}
                            aria-label={`${c.name}: ${label}`} format={() => label} />
                </div>
              );
            },
          },
          {
            title: t("campaigns.counts"),
            render: (_, c) => (
              <span className="campaigns-counts">
                <Tag color="green">{t("campaigns.sent", { count: c.counts.sent })}</Tag>
                {c.counts.queued > 0 && <Tag color="blue">{t("campaigns.queued", { count: c.counts.queued })}</Tag>}
                {c.counts.failed > 0 && <Tag color="red">{t("campaigns.failed", { count: c.counts.failed })}</Tag>}
                {c.counts.suppressed > 0 && <Tag>{t("campaigns.suppressed", { count: c.counts.suppressed })}</Tag>}
                {c.counts.unsubscribed > 0 && <Tag color="orange">{t("campaigns.unsubscribed", { count: c.counts.unsubscribed })}</Tag>}
              </span>
            ),
          },
          { title: t("campaigns.created"), render: (_, c) => formatDateTime(c.createdAt, locale), width: 170 },
          {
            title: t("campaigns.actions"),
            render: (_, c) => (
              <Space>
                {movesOf(c.status).map(action => action === "cancel"
                  ? (
                    <Popconfirm key={action} title={t("campaigns.cancelConfirm")} okText={t("campaigns.yes")} cancelText={t("campaigns.no")}
                                onConfirm={() => void move(c, action)}>
                      <Button size="small" danger loading={acting === c.id} aria-label={`${t("campaigns.cancel")} ${c.name}`}>{t("campaigns.cancel")}</Button>
                    </Popconfirm>
                  )
                  : (
                    <Button key={action} size="small" type={action === "send" ? "primary" : "default"} loading={acting === c.id}
                            aria-label={`${t(`campaigns.${action}`)} ${c.name}`} onClick={() => void move(c, action)}>
                      {t(`campaigns.${action}`)}
                    </Button>
                  ))}
              </Space>
            ),
          },
        ]} />
      <CampaignEditor open={editing} onClose={saved => { setEditing(false); if (saved) void read(); }} />
      <AudienceUpload />
    </section>
  );
}
