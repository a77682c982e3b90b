import { useCallback, useEffect, useRef, useState } from "react";
import { api, type Schemas } from "../../api";
import { useT } from "../../i18n/I18n";
import { useLive, useReconnected } from "../../live";
import { errorText, type Mailbox, type Provider } from "./form";

/** The provider presets (GET /api/channels/providers), read once per page. */
export function useProviders(): Provider[] | null {
  const [providers, setProviders] = useState<Provider[] | null>(null);
  useEffect(() => {
    void api.GET("/api/channels/providers").then(({ data }) => setProviders(data ?? []));
  }, []);
  return providers;
}

/** The platform's default sender (MailHub:Outbound:DefaultRelay). */
export function useDefaultRelay(): Schemas["DefaultRelayResponse"] | null {
  const [relay, setRelay] = useState<Schemas["DefaultRelayResponse"] | null>(null);
  useEffect(() => {
    void api.GET("/api/channels/outbound/default-relay").then(({ data }) => setRelay(data ?? null));
  }, []);
  return relay;
}

/**
 * The mailboxes with their health, read again on every "mailbox" push (gathered for 300 ms: a sync pass changes its
 * status twice) and after every (re)connection.
 */
export function useMailboxList() {
  const t = useT();
  const [mailboxes, setMailboxes] = useState<Mailbox[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<number | null>(null);

  const reload = useCallback(async () => {
    const { data, error: refused, response } = await api.GET("/api/channels/mailboxes");
    if (data) {
      setMailboxes(data);
      setError(null);
    } else {
      setError(errorText(t, refused, response));
    }
  }, [t]);

  useEffect(() => {
    void reload();
    return () => {
      if (timer.current !== null)
        window.clearTimeout(timer.current);
    };
  }, [reload]);
  useLive("mailbox", () => {
    if (timer.current === null)
      timer.current = window.setTimeout(() => { timer.current = null; void reload(); }, 300);
  });
  useReconnected(() => void reload());
  return { mailboxes, error, reload };
}
