import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Descriptions, Empty, List, Spin, Tag, Typography } from "antd";
import { EditOutlined } from "@ant-design/icons";
import { Link } from "react-router";
import { api, problemMessage } from "../../api";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/catalog";
import { CustomerEditDialog } from "./CustomerEditDialog";
import type { Customer } from "./types";

type State = { phase: "loading" } | { phase: "failed"; error: string } | { phase: "ready"; customer: Customer };

const stateColor: Record<string, string> = { open: "blue", pending: "orange", snoozed: "purple", closed: "default" };

/**
 * The customer of the open conversation: who they are (as matched or created from their address), their company or
 * department, their tags, their other conversations, and editing them. Read again when the conversation changes (revision).
 */
export function CustomerPanel({ customerId, conversationId, revision }: { customerId: string; conversationId: string; revision: number }) {
  const t = useT();
  const [locale] = useLocale();
  const [state, setState] = useState<State>({ phase: "loading" });
  const [editing, setEditing] = useState(false);

  const load = useCallback(async () => {
    try {
      const { data, error, response } = await api.GET("/api/directory/customers/{id}", { params: { path: { id: customerId } } });
      setState(data ? { phase: "ready", customer: data } : { phase: "failed", error: problemMessage(error, response) });
    } catch (e) {
      setState({ phase: "failed", error: e instanceof Error ? e.message : String(e) });
    }
  }, [customerId]);
  useEffect(() => { void load(); }, [load, revision]);

  if (state.phase === "loading")
    return <aside className="customer-panel" aria-label={t("customer.panel")}><Spin aria-label={t("customer.loading")} /></aside>;
  if (state.phase === "failed")
    return <aside className="customer-panel" aria-label={t("customer.panel")}><Alert type="warning" showIcon title={t("customer.failed", { reason: state.error })} /></aside>;

  const customer = state.customer;
  const others = customer.conversations.filter(c => c.conversationId !== conversationId);
  const none = t("customer.none");
  return (
    <aside className="customer-panel" aria-label={t("customer.panel")}>
      <div className="customer-panel-head">
        <Typography.Title level={5} style={{ margin: 0 }}>{customer.name}</Typography.Title>
        <Button size="small" icon={<EditOutlined />} aria-label={t("customer.edit")} onClick={() => setEditing(true)} />
      </div>
      <Descriptions column={1} size="small" className="customer-panel-fields" items={[
        { key: "company", label: t("customer.company"), children: customer.company || none },
        { key: "emails", label: t("customer.emails"), children: customer.emails.length
          ? <span className="customer-emails">{customer.emails.map(email => <span key={email}>{breakable(email)}</span>)}</span>
          : none },
        { key: "phone", label: t("customer.phone"), children: customer.phone || none },
        { key: "tags", label: t("customer.tags"), children: customer.tags.length
          ? <span aria-label={t("customer.tags")}>{customer.tags.map(tag => <Tag key={tag}>{tag}</Tag>)}</span>
          : none },
        ...(customer.notes ? [{ key: "notes", label: t("customer.notes"), children: <span className="customer-notes">{customer.notes}</span> }] : []),
      ]} />
      <Typography.Text type="secondary" className="customer-since">{t("customer.since", { date: formatDateTime(customer.createdAt, locale) })}</Typography.Text>
      <Typography.Title level={5} className="customer-panel-section">{t("customer.conversations")}</Typography.Title>
      {others.length === 0
        ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("customer.noConversations")} />
        : (
          <List size="small" aria-label={t("customer.conversations")} dataSource={others} renderItem={c => (
            <List.Item key={c.conversationId}>
              <Link to={`/conversations/${c.conversationId}`} className="customer-conversation">
                <span>#{c.number} {c.subject}</span>
                <span>
                  <Tag color={stateColor[c.state] ?? "default"}>
                    {c.state in stateColor ? t(`customer.state.${c.state}` as MessageKey) : c.state}
                  </Tag>
                  <Typography.Text type="secondary">{formatDateTime(c.openedAt, locale)}</Typography.Text>
                </span>
              </Link>
            </List.Item>
          )} />
        )}
      <CustomerEditDialog open={editing} customer={customer} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); void load(); }} />
    </aside>
  );
}

/** An address that wraps at its "@" and dots in a narrow panel, not in the middle of a name. */
function breakable(email: string) {
  return email.split(/(?<=[@.])/).flatMap((part, i) => i === 0 ? [part] : [<wbr key={i} />, part]);
}
