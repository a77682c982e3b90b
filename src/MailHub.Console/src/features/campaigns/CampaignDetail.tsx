import { useCallback, useEffect, useState } from "react";
import { Alert, Button, DatePicker, Input, Popover, Select, Space, Spin, Tag, Typography } from "antd";
import { ArrowLeftOutlined, ClockCircleOutlined, EditOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { Link, useParams } from "react-router";
import { api, problemMessage } from "../../api";
import type { MessageKey } from "../../i18n/catalog";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";
import { useLive, useReconnected } from "../../live";
import { CampaignEditor } from "./CampaignEditor";
import { CampaignProgress, CountTags, MoveButtons } from "./CampaignList";
import { CampaignRecipients } from "./CampaignRecipients";
import { CampaignReport } from "./CampaignReport";
import { statusColors, type CampaignFull, type CampaignPush, type Json } from "./shared";
import { useMoves } from "./useMoves";
import type { paths } from "@mailhub/client";

type Preview = Json<paths["/api/campaigns/{id}/preview"]["get"]>;
type Check = Json<paths["/api/campaigns/{id}/check"]["get"]>;

/**
 * /admin/campaigns/{id}: one campaign. Its status and progress (live), the moves (send now, schedule at a time, pause,
 * resume, cancel), editing while a draft, the preview as a chosen recipient with the fields recipients lack, a test send
 * to typed addresses, the report over time and the recipients by status.
 */
export function CampaignDetail() {
  const t = useT();
  const [locale] = useLocale();
  const { id = "" } = useParams();
  const [campaign, setCampaign] = useState<CampaignFull | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [changed, setChanged] = useState(0);

  const read = useCallback(async () => {
    try {
      const { data, error: problem, response } = await api.GET("/api/campaigns/{id}", { params: { path: { id } } });
      if (!data) {
        setError(t("campaigns.loadFailed", { reason: problemMessage(problem, response) }));
        return;
      }
      setError(null);
      setCampaign(data);
    } catch {
      setError(t("campaigns.unreachable"));
    }
  }, [id, t]);
  useEffect(() => { void read(); }, [read]);
  useReconnected(() => void read());
  useLive("campaign", data => {
    const push = data as CampaignPush;
    if (push.id !== id)
      return;
    setCampaign(c => c && { ...c, status: push.status, counts: push.counts });
    setChanged(n => n + 1);
  });

  const { move, acting, holder } = useMoves(async () => { await read(); setChanged(n => n + 1); }, setError);

  if (!campaign)
    return error ? <Alert type="error" showIcon role="alert" title={error} /> : <Spin />;

  return (
    <section className="campaigns-page" aria-labelledby="campaign-title">
      {holder}
      <Link to=".." relative="path"><ArrowLeftOutlined aria-hidden /> {t("campaigns.back")}</Link>
      <header className="campaigns-header">
        <Typography.Title level={3} id="campaign-title" style={{ margin: 0 }}>{campaign.name}</Typography.Title>
        <Tag color={statusColors[campaign.status]}>{t(`campaigns.status.${campaign.status}` as MessageKey)}</Tag>
        {campaign.sendAt && (campaign.status === "scheduled" || campaign.status === "draft") && (
          <Typography.Text type="secondary">{t("campaigns.sendsAt", { at: formatDateTime(campaign.sendAt, locale) })}</Typography.Text>
        )}
      </header>
      {error && <Alert type="error" showIcon role="alert" title={error} closable onClose={() => setError(null)} />}
      <Space wrap align="center">
        <MoveButtons id={campaign.id} name={campaign.name} status={campaign.status} acting={acting === campaign.id} move={move} size="middle" />
        {campaign.status === "draft" && (
          <>
            <Schedule campaign={campaign} onScheduled={async () => { await read(); setChanged(n => n + 1); }} onError={setError} />
            <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>{t("campaigns.edit")}</Button>
          </>
        )}
      </Space>
      <CampaignProgress name={campaign.name} status={campaign.status} counts={campaign.counts} />
      <CountTags counts={campaign.counts} />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t("campaigns.subjectIs", { subject: campaign.subject })}
      </Typography.Paragraph>
      <PreviewAndTest key={`${campaign.id}-${campaign.status === "draft" ? changed : 0}`} campaign={campaign} />
      <CampaignReport id={campaign.id} changed={changed} />
      <CampaignRecipients id={campaign.id} changed={changed} />
      <CampaignEditor open={editing} campaign={campaign} onClose={saved => { setEditing(false); if (saved) { void read(); setChanged(n => n + 1); } }} />
    </section>
  );
}

/** Schedule a draft: pick a time, then it is saved with that send time and sent (it waits, "scheduled", until then). */
function Schedule({ campaign, onScheduled, onError }: { campaign: CampaignFull; onScheduled: () => Promise<void>; onError: (m: string) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [at, setAt] = useState<Dayjs | null>(campaign.sendAt ? dayjs(campaign.sendAt) : null);
  const [busy, setBusy] = useState(false);

  const schedule = async () => {
    if (!at)
      return;
    if (!at.isAfter(dayjs())) {
      onError(t("campaigns.scheduleInPast"));
      return;
    }
    setBusy(true);
    try {
      const body = {
        name: campaign.name, audienceId: campaign.audienceId, mailboxIds: campaign.mailboxIds, subject: campaign.subject, html: campaign.html,
        text: campaign.text, defaults: campaign.defaults, perMinute: campaign.perMinute, sendAt: at.toISOString(),
        ...(campaign.trackOpens ? { trackOpens: true } : {}), ...(campaign.trackClicks ? { trackClicks: true } : {}),
      };
      const saved = await api.PUT("/api/campaigns/{id}", { params: { path: { id: campaign.id } }, body: body as never });
      if (!saved.data) {
        onError(t("campaigns.actionFailed", { reason: problemMessage(saved.error, saved.response) }));
        return;
      }
      const sent = await api.POST("/api/campaigns/{id}/send", { params: { path: { id: campaign.id } } });
      if (!sent.response.ok)
        onError(t("campaigns.actionFailed", { reason: problemMessage(sent.error, sent.response) }));
      setOpen(false);
      await onScheduled();
    } catch {
      onError(t("campaigns.unreachable"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" title={t("campaigns.scheduleTitle")}
             content={(
               <Space direction="vertical">
                 <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" value={at} onChange={setAt} aria-label={t("campaigns.sendAt")}
                             disabledDate={d => d.isBefore(dayjs(), "day")} />
                 <Button type="primary" disabled={!at} loading={busy} onClick={() => void schedule()}>{t("campaigns.scheduleConfirm")}</Button>
               </Space>
             )}>
      <Button icon={<ClockCircleOutlined aria-hidden />}>{t("campaigns.schedule")}</Button>
    </Popover>
  );
}

/** The message as a chosen member of the audience gets it, the fields recipients lack, and a test send to typed addresses. */
function PreviewAndTest({ campaign }: { campaign: CampaignFull }) {
  const t = useT();
  const [members, setMembers] = useState<{ value: string; label: string }[]>([]);
  const [as, setAs] = useState<string | undefined>(undefined);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const [testTo, setTestTo] = useState("");
  const [tested, setTested] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);

  useEffect(() => {
    void api.GET("/api/campaigns/audiences/{id}", { params: { path: { id: campaign.audienceId }, query: { state: "subscribed", limit: 200 } } })
      .then(({ data }) => setMembers((data?.items ?? []).map(m => ({ value: m.email, label: m.name ? `${m.name} <${m.email}>` : m.email }))))
      .catch(() => undefined);
    void api.GET("/api/campaigns/{id}/check", { params: { path: { id: campaign.id } } }).then(({ data }) => setCheck(data ?? null)).catch(() => undefined);
  }, [campaign.id, campaign.audienceId]);

  useEffect(() => {
    void api.GET("/api/campaigns/{id}/preview", { params: { path: { id: campaign.id }, query: as ? { email: as } : {} } })
      .then(({ data, error, response }) => {
        setPreview(data ?? null);
        setPreviewError(data ? null : problemMessage(error, response));
      })
      .catch(() => setPreviewError(t("campaigns.unreachable")));
  }, [campaign.id, as, t]);

  const sendTest = async () => {
    const to = testTo.split(/[\s,;]+/).filter(Boolean);
    setTesting(true);
    try {
      const { data, error, response } = await api.POST("/api/campaigns/{id}/test", { params: { path: { id: campaign.id } }, body: { to, as: as ?? null } });
      setTested(data ? t("campaigns.testSent", { count: data.messageIds.length }) : problemMessage(error, response));
    } catch {
      setTested(t("campaigns.unreachable"));
    } finally {
      setTesting(false);
    }
  };

  return (
    <section aria-labelledby="campaign-preview-title" className="campaigns-preview">
      <Typography.Title level={4} id="campaign-preview-title">{t("campaigns.previewTitle")}</Typography.Title>
      <Space wrap>
        <Select aria-label={t("campaigns.previewAsLabel")} placeholder={t("campaigns.previewAsPlaceholder")} showSearch allowClear
                options={members} value={as} onChange={v => setAs(v ?? undefined)} style={{ width: 340 }}
                filterOption={(input, option) => (option?.label ?? "").toLowerCase().includes(input.toLowerCase())} />
      </Space>
      {previewError && <Alert type="error" showIcon role="alert" title={previewError} />}
      {preview && (
        <div className="campaigns-preview-body">
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t("campaigns.previewAs", { email: preview.email })}</Typography.Paragraph>
          <Typography.Paragraph><Typography.Text strong>{preview.subject}</Typography.Text></Typography.Paragraph>
          {preview.html && <iframe className="campaigns-preview-html" title={t("campaigns.htmlPreview")} sandbox="" srcDoc={preview.html} />}
          {preview.text && <pre className="campaigns-preview-text" aria-label={t("campaigns.textPreview")}>{preview.text}</pre>}
        </div>
      )}
      {check && check.missing.length > 0 && (
        <Alert type="warning" showIcon role="status" title={t("campaigns.missingTitle")}
               description={check.missing.map(m => t("campaigns.missing", { field: m.field, count: m.recipients })).join(" ")} />
      )}
      <Space wrap style={{ marginTop: 8 }}>
        <Input aria-label={t("campaigns.testTo")} placeholder={t("campaigns.testToPlaceholder")} value={testTo} onChange={e => setTestTo(e.target.value)} style={{ width: 340 }} />
        <Button onClick={() => void sendTest()} loading={testing} disabled={!testTo.trim()}>{t("campaigns.sendTest")}</Button>
      </Space>
      {tested && <Typography.Paragraph role="status" style={{ marginTop: 8 }}>{tested}</Typography.Paragraph>}
    </section>
  );
}
