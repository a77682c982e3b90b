import { useEffect, useState } from "react";
import { Alert, Modal, Radio, Space, Spin, Typography } from "antd";
import type { paths } from "@mailhub/client";
import { api } from "../../api";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;
type CustomerConversation = Json<paths["/api/directory/customers/{id}"]["get"]>["conversations"][number];

/** Merge this conversation into another one of the same customer (theirs, as the directory lists them). */
export function MergeDialog({ open, busy, conversationId, customerId, onMerge, onCancel }: {
  open: boolean;
  busy: boolean;
  conversationId: string;
  customerId: string;
  onMerge: (into: string) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [locale] = useLocale();
  const [others, setOthers] = useState<CustomerConversation[] | null>(null);
  const [into, setInto] = useState<string | null>(null);

  useEffect(() => {
    if (!open)
      return;
    let stale = false;
    setOthers(null);
    setInto(null);
    api.GET("/api/directory/customers/{id}", { params: { path: { id: customerId } } })
      .then(({ data }) => { if (!stale) setOthers((data?.conversations ?? []).filter(c => c.conversationId !== conversationId)); })
      .catch(() => { if (!stale) setOthers([]); });
    return () => { stale = true; };
  }, [open, customerId, conversationId]);

  return (
    <Modal open={open} title={t("thread.merge.title")} okText={t("thread.merge.submit")} cancelText={t("thread.cancel")}
           confirmLoading={busy} onOk={() => into && onMerge(into)} onCancel={onCancel} destroyOnHidden
           okButtonProps={{ disabled: !into }}>
      <Typography.Paragraph type="secondary">{t("thread.merge.explain")}</Typography.Paragraph>
      {others === null && <Spin />}
      {others?.length === 0 && <Alert type="info" showIcon title={t("thread.merge.none")} />}
      {others && others.length > 0 && (
        <Radio.Group value={into} onChange={e => setInto(e.target.value as string)} aria-label={t("thread.merge.into")}>
          <Space orientation="vertical">
            {others.map(c => (
              <Radio key={c.conversationId} value={c.conversationId}>
                #{c.number} {c.subject} <Typography.Text type="secondary">· {c.state} · {formatDateTime(c.openedAt, locale)}</Typography.Text>
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      )}
    </Modal>
  );
}
