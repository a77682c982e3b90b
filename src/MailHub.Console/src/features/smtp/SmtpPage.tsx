import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Spin, Typography } from "antd";
import { api } from "../../api";
import { useT } from "../../i18n/I18n";
import { EndpointsCard } from "./EndpointsCard";
import { RefusalsCard } from "./RefusalsCard";
import { RelayAccountsCard } from "./RelayAccountsCard";
import { smtpProblem } from "./problems";
import type { RefusalPage, RelayAccount, SmtpListener } from "./types";
import "./smtp.css";

/** Refusals are kept in the node's memory and read cheaply: the page reads them again this often while it is open. */
const refusalsEvery = 10_000;

/** /admin/smtp: the listener's endpoints and domains, its relay accounts, and why relays were refused. */
export function SmtpPage() {
  const t = useT();
  const [listener, setListener] = useState<SmtpListener | null>(null);
  const [accounts, setAccounts] = useState<RelayAccount[]>([]);
  const [refusals, setRefusals] = useState<RefusalPage | null>(null);
  const [readingRefusals, setReadingRefusals] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const readListener = useCallback(async () => {
    try {
      const [settings, relays] = await Promise.all([api.GET("/api/channels/smtp"), api.GET("/api/channels/relay-accounts")]);
      if (settings.data && relays.data) {
        setListener(settings.data);
        setAccounts(relays.data);
        setError(null);
      } else {
        const failed = settings.data ? relays : settings;
        setError(t("smtp.loadFailed", { reason: smtpProblem(t, failed.error, failed.response) }));
      }
    } catch {
      setError(t("smtp.unreachable"));
    }
  }, [t]);

  const readRefusals = useCallback(async () => {
    setReadingRefusals(true);
    try {
      const { data } = await api.GET("/api/channels/smtp/refusals");
      if (data)
        setRefusals(data);
    } catch {
      // The next round tries again; the listener's own error says when MailHub is away.
    } finally {
      setReadingRefusals(false);
    }
  }, []);

  useEffect(() => {
    void readListener();
    void readRefusals();
    const timer = setInterval(() => void readRefusals(), refusalsEvery);
    return () => clearInterval(timer);
  }, [readListener, readRefusals]);

  return (
    <section className="smtp-page" aria-labelledby="smtp-title">
      <header className="smtp-header">
        <Typography.Title level={3} id="smtp-title" style={{ margin: 0 }}>{t("smtp.title")}</Typography.Title>
        {listener && <Typography.Text type="secondary">{t("smtp.node", { node: listener.node })}</Typography.Text>}
      </header>
      {error && (
        <Alert type="error" showIcon role="alert" title={error}
               action={<Button size="small" onClick={() => void readListener()}>{t("smtp.retry")}</Button>} />
      )}
      {!listener && !error && <Spin />}
      {listener && (
        <>
          {!listener.enabled && <Alert type="warning" showIcon title={t("smtp.off")} />}
          <EndpointsCard listener={listener} />
          <RelayAccountsCard accounts={accounts} configured={listener.configuredRelayAccounts} onChanged={() => void readListener()} />
        </>
      )}
      <RefusalsCard page={refusals} loading={readingRefusals} onRefresh={() => void readRefusals()} />
    </section>
  );
}
