import { useEffect, useState } from "react";
import { Button, InputNumber, Select, Space, Typography } from "antd";
import { api, problemMessage } from "../../api";
import { useT } from "../../i18n/I18n";

interface Preset { provider: string; perMinute: number; perDay: number; note?: string }

let presetsOnce: Promise<Preset[]> | null = null;
/** The providers' conservative paces (GET /api/campaigns/pace/presets), read once; none on a host without them. */
function presets(): Promise<Preset[]> {
  presetsOnce ??= api.GET("/api/campaigns/pace/presets")
    .then(r => (r.response.ok && Array.isArray(r.data) ? r.data : []))
    .catch(() => { presetsOnce = null; return []; });
  return presetsOnce;
}

/** One mailbox's pace for campaigns (per minute, per day; replies keep their share): shown, changed, or set from a provider's preset. */
export function MailboxPace({ mailboxId, label }: { mailboxId: string; label: string }) {
  const t = useT();
  const [perMinute, setPerMinute] = useState<number | null>(null);
  const [perDay, setPerDay] = useState<number | null>(null);
  const [known, setKnown] = useState<Preset[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api.GET("/api/campaigns/pace/{mailboxId}", { params: { path: { mailboxId } } }).then(({ data }) => {
      if (data) { setPerMinute(data.perMinute); setPerDay(data.perDay); }
    }).catch(() => undefined);
    void presets().then(setKnown);
  }, [mailboxId]);

  const save = async () => {
    if (!perMinute || !perDay)
      return;
    setBusy(true);
    try {
      const { error, response } = await api.PUT("/api/campaigns/pace/{mailboxId}", { params: { path: { mailboxId } }, body: { perMinute, perDay } });
      setStatus(response.ok ? t("campaigns.paceSaved") : problemMessage(error, response));
    } catch {
      setStatus(t("campaigns.unreachable"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="campaigns-pace">
      <Typography.Text strong>{label}</Typography.Text>
      <Space wrap>
        {known.length > 0 && (
          <Select aria-label={t("campaigns.pacePreset", { mailbox: label })} placeholder={t("campaigns.pacePresetPlaceholder")} style={{ width: 260 }}
                  options={known.map(p => ({ value: p.provider, label: t("campaigns.presetOption", { provider: p.provider, perMinute: p.perMinute, perDay: p.perDay }), title: p.note }))}
                  onChange={(provider: string) => {
                    const p = known.find(k => k.provider === provider);
                    if (p) { setPerMinute(p.perMinute); setPerDay(p.perDay); setStatus(null); }
                  }} />
        )}
        <InputNumber aria-label={t("campaigns.pacePerMinute", { mailbox: label })} min={1} max={100000} value={perMinute}
                     onChange={v => { setPerMinute(v); setStatus(null); }} addonAfter={t("campaigns.perMinuteUnit")} />
        <InputNumber aria-label={t("campaigns.pacePerDay", { mailbox: label })} min={1} max={10000000} value={perDay}
                     onChange={v => { setPerDay(v); setStatus(null); }} addonAfter={t("campaigns.perDayUnit")} />
        <Button size="small" loading={busy} onClick={() => void save()} aria-label={t("campaigns.paceSave", { mailbox: label })}>{t("campaigns.save")}</Button>
        {status && <Typography.Text role="status">{status}</Typography.Text>}
      </Space>
    </div>
  );
}
