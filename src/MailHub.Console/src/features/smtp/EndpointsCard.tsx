import { Card, Space, Table, Tag, Typography } from "antd";
import { useT } from "../../i18n/I18n";
import { formatSize } from "../thread/Attachments";
import type { SmtpEndpoint, SmtpListener } from "./types";

/** Where the listener listens, with TLS and authentication per endpoint, and the domains it accepts mail for. */
export function EndpointsCard({ listener }: { listener: SmtpListener }) {
  const t = useT();
  return (
    <>
      <Card title={t("smtp.endpoints")} size="small" className="smtp-card"
            extra={<Typography.Text type="secondary">{t("smtp.limits", { size: formatSize(listener.maxMessageSize), recipients: listener.maxRecipients })}</Typography.Text>}>
        <Table<SmtpEndpoint> rowKey="name" size="small" pagination={false} dataSource={listener.endpoints} aria-label={t("smtp.endpoints")}
          scroll={{ x: "max-content" }}
          columns={[
            { title: t("smtp.endpoint.name"), dataIndex: "name" },
            { title: t("smtp.endpoint.address"), render: (_, e) => <Typography.Text code>{`${e.address}:${e.port}`}</Typography.Text> },
            {
              title: t("smtp.endpoint.listening"),
              render: (_, e) => e.listeningOn
                ? <Tag color="green">{e.listeningOn}</Tag>
                : <Tag color="red">{t("smtp.endpoint.notListening")}</Tag>,
            },
            { title: t("smtp.endpoint.tls"), render: (_, e) => t(`smtp.tls.${e.tlsMode}`) },
            {
              title: t("smtp.endpoint.auth"),
              render: (_, e) => (
                <Space size={4}>
                  <Tag color={e.authRequired ? "blue" : undefined}>{e.authRequired ? t("smtp.auth.required") : t("smtp.auth.optional")}</Tag>
                  {e.allowInsecureAuth && <Typography.Text type="secondary">{t("smtp.auth.insecureAllowed")}</Typography.Text>}
                </Space>
              ),
            },
            {
              title: t("smtp.endpoint.networks"),
              render: (_, e) => e.requireAllowedIp ? e.allowedNetworks.map(n => <Tag key={n}>{n}</Tag>) : t("smtp.networks.anyone"),
            },
          ]} />
      </Card>
      <Card title={t("smtp.domains")} size="small" className="smtp-card">
        <Typography.Paragraph type="secondary">{t("smtp.domains.help")}</Typography.Paragraph>
        <dl className="smtp-domains">
          <dt>{t("smtp.domains.configured")}</dt>
          <dd aria-label={t("smtp.domains.configured")}>
            {listener.acceptDomains.length === 0 ? t("smtp.domains.none") : listener.acceptDomains.map(d => <Tag key={d}>{d}</Tag>)}
          </dd>
          <dt>{t("smtp.domains.claimed")}</dt>
          <dd aria-label={t("smtp.domains.claimed")}>
            {listener.claimedAddresses.length === 0 ? t("smtp.domains.none") : listener.claimedAddresses.map(c => <Tag key={c.pattern}>{c.pattern}</Tag>)}
          </dd>
        </dl>
      </Card>
    </>
  );
}
