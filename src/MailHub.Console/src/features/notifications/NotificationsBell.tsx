import { BellOutlined } from "@ant-design/icons";
import { App, Badge, Button, Drawer, Empty, List, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { api, type Schemas } from "../../api";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";
import { useLive, useReconnected } from "../../live";

type Notification = Schemas["AgentNotification"];

const Max = 50;

/**
 * The bell in the header and its panel: what the agent was told of (assigned, transferred, mentioned, bounced reply),
 * newest first, unread ones marked; live (the "notification" push, with a toast), read again after "ready" and
 * "resync". Opening one marks it read and shows its conversation.
 */
export function NotificationsBell() {
  const t = useT();
  const [locale] = useLocale();
  const navigate = useNavigate();
  const { notification: toast } = App.useApp();
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);

  const read = useCallback(async () => {
    const { data } = await api.GET("/api/routing/notifications");
    if (data) {
      setItems(data.items);
      setUnread(data.unread);
    }
  }, []);

  const headline = useCallback((n: Notification) => {
    const name = n.fromName ?? t("notifications.someone");
    switch (n.kind) {
      case "transferred": return t("notifications.transferred", { name });
      case "mentioned": return t("notifications.mentioned", { name });
      case "bounced": return t("notifications.bounced");
      default: return n.fromName ? t("notifications.assigned", { name }) : t("notifications.assignedBySystem");
    }
  }, [t]);

  useEffect(() => void read(), [read]);
  useReconnected(() => void read());
  useLive("notification", data => {
    const n = data as Notification;
    setItems(current => [n, ...current.filter(c => c.id !== n.id)].slice(0, Max));
    setUnread(count => count + 1);
    toast.info({ message: headline(n), description: n.subject ?? undefined, placement: "bottomRight", duration: 6 });
  });

  const showRead = useCallback((ids: string[] | null, count: number) => {
    const at = new Date().toISOString();
    setItems(current => current.map(n => (ids === null || ids.includes(n.id)) && !n.readAt ? { ...n, readAt: at } : n));
    setUnread(count);
  }, []);
  // Read in another tab or browser of this agent: this bell agrees.
  useLive("notificationsRead", data => {
    const { ids, unread: count } = data as { ids: string[] | null; unread: number };
    showRead(ids, count);
  });

  const markRead = async (ids: string[] | null) => {
    const { data } = await api.POST("/api/routing/notifications/read", { body: ids ? { ids } : { all: true } });
    if (data)
      showRead(ids, data.unread);
  };

  const show = (n: Notification) => {
    if (!n.readAt)
      void markRead([n.id]);
    setOpen(false);
    void navigate(`/conversations/${n.conversationId}`);
  };

  return (
    <>
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={unread > 0 ? t("notifications.openUnread", { count: unread }) : t("notifications.open")}
          aria-haspopup="dialog"
          onClick={() => setOpen(true)}
        />
      </Badge>
      <Drawer
        title={t("notifications.title")}
        open={open}
        onClose={() => setOpen(false)}
        closable={{ "aria-label": t("notifications.close") }}
        width={420}
        extra={<Button size="small" onClick={() => void markRead(null)} disabled={unread === 0}>{t("notifications.markAll")}</Button>}
      >
        {items.length === 0
          ? <Empty description={t("notifications.empty")} />
          : (
            <List
              aria-label={t("notifications.title")}
              dataSource={items}
              renderItem={n => (
                <List.Item
                  key={n.id}
                  data-notification-kind={n.kind}
                  style={{ cursor: "pointer", background: n.readAt ? undefined : "rgba(22, 119, 255, 0.06)", paddingInline: 8 }}
                  onClick={() => show(n)}
                >
                  <List.Item.Meta
                    title={
                      <Button type="link" style={{ padding: 0, height: "auto", whiteSpace: "normal", textAlign: "start" }}
                        aria-label={`${headline(n)}: ${t("notifications.openConversation", { subject: n.subject ?? t("notifications.noSubject") })}`}
                        onClick={e => { e.stopPropagation(); show(n); }}>
                        {!n.readAt && <Badge status="processing" aria-label={t("notifications.unread")} />} {headline(n)}
                      </Button>
                    }
                    description={
                      <>
                        <Typography.Text strong>{n.subject ?? t("notifications.noSubject")}</Typography.Text>
                        {n.note && <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>{n.note}</Typography.Paragraph>}
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(n.at, locale)}</Typography.Text>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          )}
      </Drawer>
    </>
  );
}
