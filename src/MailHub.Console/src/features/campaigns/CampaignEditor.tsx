import { useEffect, useState } from "react";
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Switch, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api, fieldErrors, problemMessage } from "../../api";
import { useT } from "../../i18n/I18n";
import { MailboxPace } from "./MailboxPace";
import type { CampaignFull } from "./shared";

interface Draft {
  name: string; audienceId?: string; mailboxIds: string[]; subject: string; html?: string; text?: string; perMinute?: number | null;
  sendAt?: Dayjs | null; trackOpens?: boolean; trackClicks?: boolean;
}

/**
 * A campaign's editor (a dialog): a new one, or a draft rewritten. Audience; the mailboxes it goes through (several in
 * rotation) with each one's pace; subject, HTML and text with merge fields ({{ name }}, custom fields,
 * {{ name | default: "..." }}); its own cap per minute; when to send; open and click tracking. Saved as a draft: its
 * page then previews it, warns of missing fields, tests and sends it.
 */
export function CampaignEditor({ open, campaign, onClose }: { open: boolean; campaign: CampaignFull | null; onClose: (savedId: string | null) => void }) {
  const t = useT();
  const [form] = Form.useForm<Draft>();
  const [audiences, setAudiences] = useState<{ value: string; label: string }[]>([]);
  const [mailboxes, setMailboxes] = useState<{ value: string; label: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The audience and mailbox choices wait for their lists: a choice opened before they came could lose the click that
  // picked an option while the list filled in.
  const [loaded, setLoaded] = useState(false);
  const chosen = Form.useWatch("mailboxIds", form) ?? [];

  useEffect(() => {
    if (!open)
      return;
    setError(null);
    form.resetFields();
    if (campaign) {
      form.setFieldsValue({
        name: campaign.name, audienceId: campaign.audienceId, mailboxIds: [...campaign.mailboxIds], subject: campaign.subject,
        html: campaign.html ?? "", text: campaign.text ?? "", perMinute: campaign.perMinute ?? null,
        sendAt: campaign.sendAt ? dayjs(campaign.sendAt) : null, trackOpens: campaign.trackOpens, trackClicks: campaign.trackClicks,
      });
    }
    setLoaded(false);
    void Promise.all([api.GET("/api/campaigns/audiences"), api.GET("/api/channels/mailboxes")]).then(([a, m]) => {
      setAudiences((a.data?.items ?? []).map(x => ({ value: x.id, label: `${x.name} (${x.subscribed})` })));
      setMailboxes((m.data ?? []).map(x => ({ value: x.id, label: `${x.name} <${x.address}>` })));
    }).catch(() => undefined).finally(() => setLoaded(true));
  }, [open, campaign, form]);

  const save = async (draft: Draft) => {
    setBusy(true);
    try {
      const body = {
        name: draft.name, audienceId: draft.audienceId!, mailboxIds: draft.mailboxIds, subject: draft.subject,
        html: draft.html || null, text: draft.text || null, perMinute: draft.perMinute ?? null,
        sendAt: draft.sendAt ? draft.sendAt.toISOString() : null,
        // Left out when off, so a host without tracking (it refuses true) still takes the draft.
        ...(draft.trackOpens ? { trackOpens: true } : {}), ...(draft.trackClicks ? { trackClicks: true } : {}),
      };
      const { data, error: problem, response } = campaign
        ? await api.PUT("/api/campaigns/{id}", { params: { path: { id: campaign.id } }, body: body as never })
        : await api.POST("/api/campaigns", { body: body as never });
      if (!data) {
        const fields = fieldErrors(problem);
        form.setFields(Object.entries(fields).map(([name, errors]) => ({
          name: (name.startsWith("mailboxIds") ? "mailboxIds" : name) as keyof Draft, errors,
        })));
        setError(problemMessage(problem, response));
        return;
      }
      setError(null);
      onClose(data.id);
    } catch {
      setError(t("campaigns.unreachable"));
    } finally {
      setBusy(false);
    }
  };

  const title = campaign ? t("campaigns.editTitle", { name: campaign.name }) : t("campaigns.new");
  return (
    <Modal open={open} title={title} width={800} onCancel={() => onClose(null)} destroyOnHidden
           footer={<Space><Button onClick={() => onClose(null)}>{t("campaigns.no")}</Button>
             <Button type="primary" loading={busy} onClick={() => form.submit()}>{t("campaigns.saveDraft")}</Button></Space>}>
      <Form form={form} name="campaign" layout="vertical" onFinish={v => void save(v)} aria-label={title} initialValues={{ mailboxIds: [] }}>
        <Form.Item name="name" label={t("campaigns.name")} rules={[{ required: true, message: t("campaigns.required") }]}><Input /></Form.Item>
        <Space style={{ display: "flex" }} align="start" wrap>
          <Form.Item name="audienceId" label={t("campaigns.audience")} rules={[{ required: true, message: t("campaigns.required") }]}>
            <Select options={audiences} loading={!loaded} disabled={!loaded} style={{ width: 340 }} />
          </Form.Item>
          <Form.Item name="mailboxIds" label={t("campaigns.mailbox")} extra={t("campaigns.mailboxHelp")}
                     rules={[{ required: true, type: "array", min: 1, message: t("campaigns.required") }]}>
            <Select mode="multiple" options={mailboxes} loading={!loaded} disabled={!loaded} style={{ width: 360 }} />
          </Form.Item>
        </Space>
        {chosen.length > 0 && (
          <section aria-label={t("campaigns.pace")} className="campaigns-paces">
            <Typography.Text type="secondary">{t("campaigns.paceHelp")}</Typography.Text>
            {chosen.map(id => <MailboxPace key={id} mailboxId={id} label={mailboxes.find(m => m.value === id)?.label ?? id} />)}
          </section>
        )}
        <Form.Item name="subject" label={t("campaigns.subject")} rules={[{ required: true, message: t("campaigns.required") }]}
                   extra={t("campaigns.mergeHelp")}><Input /></Form.Item>
        <Form.Item name="html" label={t("campaigns.html")}><Input.TextArea rows={5} /></Form.Item>
        <Form.Item name="text" label={t("campaigns.text")}><Input.TextArea rows={3} /></Form.Item>
        <Space style={{ display: "flex" }} align="start" wrap>
          <Form.Item name="perMinute" label={t("campaigns.perMinute")}><InputNumber min={1} max={100000} /></Form.Item>
          <Form.Item name="sendAt" label={t("campaigns.sendAt")} extra={t("campaigns.sendAtHelp")}>
            <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" disabledDate={d => d.isBefore(dayjs(), "day")} />
          </Form.Item>
          <Form.Item name="trackOpens" label={t("campaigns.trackOpens")} valuePropName="checked"><Switch /></Form.Item>
          <Form.Item name="trackClicks" label={t("campaigns.trackClicks")} valuePropName="checked"><Switch /></Form.Item>
        </Space>
      </Form>
      {error && <Alert type="error" showIcon role="alert" title={error} />}
    </Modal>
  );
}
