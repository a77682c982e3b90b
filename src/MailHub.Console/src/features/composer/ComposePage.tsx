import { useCallback, useEffect, useState } from "react";
import { Spin, Typography } from "antd";
import { useParams } from "react-router";
import { api } from "../../api";
import { useT } from "../../i18n/I18n";
import { Composer, type ComposerConversation } from "./Composer";

/** /conversations/:id/compose: the composer on a page of its own, until the thread view mounts it under the thread. */
export function ComposePage() {
  const t = useT();
  const { id } = useParams();
  const [conversation, setConversation] = useState<ComposerConversation | null>(null);
  const load = useCallback(async () => {
    if (!id)
      return;
    const { data } = await api.GET("/api/conversations/{id}", { params: { path: { id } } });
    setConversation(data ?? null);
  }, [id]);
  useEffect(() => { void load(); }, [load]);

  if (!conversation)
    return <Spin aria-label={t("composer.loading")} style={{ margin: 48 }} />;
  return (
    <div style={{ padding: 16, maxWidth: 960, width: "100%", margin: "0 auto" }}>
      <Typography.Title level={4}>{t("composer.composeTitle", { number: conversation.number, subject: conversation.subject })}</Typography.Title>
      <Composer conversation={conversation} onSent={() => void load()} />
    </div>
  );
}
