import { useState } from "react";
import { Button, DatePicker, Form, Modal, Space } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useT } from "../../i18n/I18n";

/** Later today, tomorrow at 9, next Monday at 9: the times agents pick most, in the browser's time zone. */
function presets(now: Dayjs) {
  const nextMonday = now.add(((8 - now.day()) % 7) || 7, "day");
  return {
    laterToday: now.add(3, "hour").startOf("minute"),
    tomorrow: now.add(1, "day").hour(9).minute(0).second(0).millisecond(0),
    nextWeek: nextMonday.hour(9).minute(0).second(0).millisecond(0),
  };
}

/** Snooze until a time: the conversation comes back by itself then (or when the customer writes). */
export function SnoozeDialog({ open, busy, onSnooze, onCancel }: {
  open: boolean;
  busy: boolean;
  onSnooze: (until: Date) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [until, setUntil] = useState<Dayjs | null>(null);
  const [error, setError] = useState<string | null>(null);
  const choices = presets(dayjs());

  const submit = () => {
    if (!until)
      return setError(t("thread.snooze.pickTime"));
    if (!until.isAfter(dayjs()))
      return setError(t("thread.snooze.inPast"));
    onSnooze(until.toDate());
  };

  return (
    <Modal open={open} title={t("thread.snooze.title")} okText={t("thread.snooze.submit")} cancelText={t("thread.cancel")}
           confirmLoading={busy} onOk={submit} onCancel={onCancel} destroyOnHidden
           afterOpenChange={visible => { if (visible) { setUntil(choices.tomorrow); setError(null); } }}>
      <Space wrap style={{ marginBottom: 16 }}>
        {(["laterToday", "tomorrow", "nextWeek"] as const).map(key => (
          <Button key={key} onClick={() => { setUntil(choices[key]); setError(null); }}>{t(`thread.snooze.${key}`)}</Button>
        ))}
      </Space>
      <Form layout="vertical">
        <Form.Item label={t("thread.snooze.until")} validateStatus={error ? "error" : undefined} help={error ?? undefined}>
          <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" value={until} aria-label={t("thread.snooze.until")}
                      disabledDate={d => d.isBefore(dayjs(), "day")} onChange={v => { setUntil(v); setError(null); }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
