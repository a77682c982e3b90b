import { useState } from "react";
import { Modal } from "antd";
import { api, problemMessage } from "../../api";
import { useT } from "../../i18n/I18n";
import type { Move } from "./shared";

/**
 * Send, pause, resume, cancel. Sending a draft first asks GET /check: when some recipients lack merge fields, a dialog
 * names them and sends only on "Send anyway". Cancelling is confirmed by the caller (Popconfirm).
 */
export function useMoves(onDone: () => void | Promise<void>, onError: (message: string) => void) {
  const t = useT();
  const [modal, holder] = Modal.useModal();
  const [acting, setActing] = useState<string | null>(null);

  const post = async (id: string, action: Move) => {
    setActing(id);
    try {
      const { error: problem, response } = await api.POST(`/api/campaigns/{id}/${action}`, { params: { path: { id } } });
      if (!response.ok)
        onError(t("campaigns.actionFailed", { reason: problemMessage(problem, response) }));
      await onDone();
    } catch {
      onError(t("campaigns.unreachable"));
    } finally {
      setActing(null);
    }
  };

  const move = async (id: string, name: string, action: Move) => {
    if (action !== "send")
      return post(id, action);
    setActing(id);
    let missing: { field: string; recipients: number }[] = [];
    try {
      const { data } = await api.GET("/api/campaigns/{id}/check", { params: { path: { id } } });
      missing = data?.missing ?? [];
    } catch {
      // the send below says what is wrong
    } finally {
      setActing(null);
    }
    if (missing.length === 0)
      return post(id, action);
    await modal.confirm({
      title: t("campaigns.missingBeforeSend", { name }),
      content: <ul className="campaigns-missing">{missing.map(m => <li key={m.field}>{t("campaigns.missing", { field: m.field, count: m.recipients })}</li>)}</ul>,
      okText: t("campaigns.sendAnyway"),
      cancelText: t("campaigns.notNow"),
      onOk: () => post(id, action),
    });
  };

  return { move, post, acting, holder };
}
