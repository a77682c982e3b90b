import { useCallback, useEffect, useRef, useState } from "react";
import { Alert, Button, Popconfirm, Progress, Space, Table, Tag, Typography } from "antd";
import { PlusOutlined, ReloadOutlined, StopOutlined } from "@ant-design/icons";
import { Link, useNavigate } from "react-router";
import { api, problemMessage } from "../../api";
import type { MessageKey } from "../../i18n/catalog";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";
import { useLive, useReconnected } from "../../live";
import { AudienceUpload } from "./AudienceUpload";
import { DirectoryAudience } from "./DirectoryAudience";
import { CampaignEditor } from "./CampaignEditor";
import { movesOf, progressOf, statusColors, type CampaignItem, type CampaignPush } from "./shared";
import { useMoves } from "./useMoves";

/**
 * /admin/campaigns: every campaign with its status and a progress bar of its recipients that moves live (the "campaign"
 * push), send/pause/resume/cancel; the audiences below (upload, or from the directory's customers).
 */
export function CampaignList() {
  const t = useT();
  const [locale] = useLocale();
  const navigate = useNavigate();
  const [campaigns, setCampaigns] = useState<CampaignItem[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [audiencesChanged, setAudiencesChanged] = useState(0);
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
  useReconnected(() => void read());
  // A campaign's counts and status, pushed as they change: the row moves without a reload; one not listed yet, a re-read.
  useLive("campaign", data => {
    const push = data as CampaignPush;
    if (!campaigns.some(c => c.id === push.id)) {
      void read();
      return;
    }
    setCampaigns(list => list.map(c => (c.id === push.id ? { ...c, status: push.status, counts: push.counts } : c)));
  });

  const { move, acting, holder } = useMoves(read, setError);

  return (
    <section className="campaigns-page" aria-labelledby="campaigns-title">
      {holder}
      <header>
        <Typography.Title level={3} id="campaigns-title" style={{ margin: 0 }}>{t("campaigns.title")}</Typography.Title>
        <Typography.Text type="secondary">{t("campaigns.help")}</Typography.Text>
      </header>
      <Space wrap>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing(true)}>{t("campaigns.new")}</Button>
        <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void read()} loading={loading}>{t("campaigns.refresh")}</Button>
        <Button icon={<StopOutlined aria-hidden />} onClick={() => navigate("suppressions")}>{t("campaigns.suppressions")}</Button>
      </Space>
      {error && <Alert type="error" showIcon role="alert" title={error} action={<Button size="small" onClick={() => void read()}>{t("campaigns.retry")}</Button>} />}
      <Table<CampaignItem> rowKey="id" size="small" dataSource={campaigns} loading={loading} pagination={false} aria-label={t("campaigns.list")}
        locale={{ emptyText: t("campaigns.none") }} scroll={{ x: "max-content" }}
        columns={[
          {
            title: t("campaigns.name"),
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <Link to={c.id} aria-label={t("campaigns.open", { name: c.name })}><Typography.Text strong>{c.name}</Typography.Text></Link>
                <Typography.Text type="secondary">{c.subject}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t("campaigns.status"),
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <Tag color={statusColors[c.status]}>{t(`campaigns.status.${c.status}` as MessageKey)}</Tag>
                {c.status === "scheduled" && c.sendAt && <Typography.Text type="secondary">{formatDateTime(c.sendAt, locale)}</Typography.Text>}
              </Space>
            ),
          },
          { title: t("campaigns.progress"), render: (_, c) => <CampaignProgress name={c.name} status={c.status} counts={c.counts} /> },
          { title: t("campaigns.counts"), render: (_, c) => <CountTags counts={c.counts} /> },
          { title: t("campaigns.created"), render: (_, c) => formatDateTime(c.createdAt, locale), width: 170 },
          {
            title: t("campaigns.actions"),
            render: (_, c) => <MoveButtons id={c.id} name={c.name} status={c.status} acting={acting === c.id} move={move} />,
          },
        ]} />
      <CampaignEditor open={editing} campaign={null} onClose={saved => { setEditing(false); if (saved) navigate(saved); }} />
      <AudienceUpload key={`upload-${audiencesChanged}`} />
      <DirectoryAudience onImported={() => setAudiencesChanged(n => n + 1)} />
    </section>
  );
}

/** The recipients handed on out of all, named "{campaign}: {done} of {total}". */
export function CampaignProgress({ name, status, counts }: { name: string; status: string; counts: CampaignItem["counts"] }) {
  const t = useT();
  const { done, total, percent } = progressOf(counts);
  const label = t("campaigns.progressOf", { done, total });
  return (
    <div className="campaigns-progress">
      <Progress percent={percent} size="small" status={status === "sending" ? "active" : status === "cancelled" ? "exception" : undefined}
                aria-label={`${name}: ${label}`} format={() => label} />
    </div>
  );
}

export function CountTags({ counts }: { counts: CampaignItem["counts"] }) {
  const t = useT();
  return (
    <span className="campaigns-counts">
      <Tag color="green">{t("campaigns.sent", { count: counts.sent })}</Tag>
      {counts.queued > 0 && <Tag color="blue">{t("campaigns.queued", { count: counts.queued })}</Tag>}
      {counts.failed > 0 && <Tag color="red">{t("campaigns.failed", { count: counts.failed })}</Tag>}
      {counts.bounced > 0 && <Tag color="volcano">{t("campaigns.bounced", { count: counts.bounced })}</Tag>}
      {counts.suppressed > 0 && <Tag>{t("campaigns.suppressed", { count: counts.suppressed })}</Tag>}
      {counts.unsubscribed > 0 && <Tag color="orange">{t("campaigns.unsubscribed", { count: counts.unsubscribed })}</Tag>}
      {counts.complained > 0 && <Tag color="magenta">{t("campaigns.complained", { count: counts.complained })}</Tag>}
      {counts.opened > 0 && <Tag color="blue">{t("campaigns.opened", { count: counts.opened })}</Tag>}
      {counts.clicked > 0 && <Tag color="purple">{t("campaigns.clicked", { count: counts.clicked })}</Tag>}
    </span>
  );
}

/** The moves the status allows; cancel asks first. Each button is named "{move} {campaign}". */
export function MoveButtons({ id, name, status, acting, move, size = "small" }: {
  id: string; name: string; status: string; acting: boolean; size?: "small" | "middle";
  move: (id: string, name: string, action: "send" | "pause" | "resume" | "cancel") => Promise<void>;
}) {
  const t = useT();
  return (
    <Space>
      {movesOf(status).map(action => action === "cancel"
        ? (
          <Popconfirm key={action} title={t("campaigns.cancelConfirm")} okText={t("campaigns.yes")} cancelText={t("campaigns.no")}
                      onConfirm={() => void move(id, name, action)}>
            <Button size={size} danger loading={acting} aria-label={`${t("campaigns.cancel")} ${name}`}>{t("campaigns.cancel")}</Button>
          </Popconfirm>
        )
        : (
          <Button key={action} size={size} type={action === "send" ? "primary" : "default"} loading={acting}
                  aria-label={`${t(`campaigns.${action}`)} ${name}`} onClick={() => void move(id, name, action)}>
            {t(`campaigns.${action}`)}
          </Button>
        ))}
    </Space>
  );
}
