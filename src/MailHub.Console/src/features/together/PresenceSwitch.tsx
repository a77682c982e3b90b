import { App, Badge, Radio } from "antd";
import { useCallback, useEffect, useState } from "react";
import { api } from "../../api";
import { useT } from "../../i18n/I18n";
import { useReconnected } from "../../live";
import { useAccount } from "../session/Session";

type Status = "online" | "away" | "offline";

const statuses: Status[] = ["online", "away", "offline"];
const colors: Record<Status, "success" | "warning" | "default"> = { online: "success", away: "warning", offline: "default" };

/**
 * The agent's presence in the header: online (routing hands them new conversations), away (it does not; what they
 * have stays theirs) or offline (their open conversations go back to the team's queue). Opening the console signs an
 * agent in (online, unless they were away), so it is read again whenever the live connection is (re)established.
 */
export function PresenceSwitch() {
  const t = useT();
  const account = useAccount();
  const { message } = App.useApp();
  const [status, setStatus] = useState<Status>();
  const memberId = account.id;

  const read = useCallback(async () => {
    const { data } = await api.GET("/api/routing/agents/{memberId}", { params: { path: { memberId } } });
    if (data)
      setStatus(data.status as Status);
  }, [memberId]);

  useEffect(() => void read(), [read]);
  useReconnected(() => void read());

  const change = async (next: Status) => {
    const before = status;
    setStatus(next);
    const { data, error } = await api.PUT("/api/routing/agents/{memberId}/presence", {
      params: { path: { memberId } },
      body: { status: next },
    });
    if (data)
      setStatus(data.status as Status);
    else {
      setStatus(before);
      void message.error(t("together.presence.failed", { error: error?.detail ?? error?.title ?? "" }));
    }
  };

  return (
    <Radio.Group
      aria-label={t("together.presence")}
      size="small"
      optionType="button"
      value={status}
      onChange={e => void change(e.target.value as Status)}
      data-presence={status}
    >
      {statuses.map(s => (
        <Radio.Button key={s} value={s} aria-label={t(`together.presence.${s}`)}>
          <Badge status={colors[s]} /> {t(`together.presence.${s}`)}
        </Radio.Button>
      ))}
    </Radio.Group>
  );
}
