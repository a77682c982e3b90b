import { useCallback, useEffect, useState } from "react";
import { Alert, App, Button, Input, Modal, Table, Typography } from "antd";
import { EditOutlined } from "@ant-design/icons";
import { api, type Schemas } from "../../api";
import { useT } from "../../i18n/I18n";
import { repliesError } from "./repliesErrors";

type Signature = Schemas["OwnedSignatureResponse"];

interface Owner {
  kind: "mailbox" | "agent";
  id: string;
  name: string;
  detail: string;
}

/** Every mailbox's and agent's signature (admins): shown as the composer will put it, edited in a dialog with its preview. */
export function SignaturesTab({ mailboxes, members }: { mailboxes: Schemas["MailboxResponse"][]; members: Schemas["MemberResponse"][] }) {
  const t = useT();
  const { message } = App.useApp();
  const [signatures, setSignatures] = useState<Signature[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [editing, setEditing] = useState<Owner | null>(null);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    try {
      const { data } = await api.GET("/api/conversations/signatures");
      if (data)
        setSignatures(data);
      else
        setFailed(true);
    } catch {
      setFailed(true);
    }
  }, []);
  useEffect(() => { void reload(); }, [reload]);

  const of = (owner: Owner) => signatures?.find(s => s.owner === owner.kind && s.ownerId === owner.id);

  function open(owner: Owner) {
    setText(of(owner)?.text ?? "");
    setEditing(owner);
  }

  async function save() {
    if (!editing)
      return;
    setBusy(true);
    try {
      const body = { text, html: null };
      const { error, response } = editing.kind === "mailbox"
        ? await api.PUT("/api/conversations/signatures/mailboxes/{mailboxId}", { params: { path: { mailboxId: editing.id } }, body })
        : await api.PUT("/api/conversations/signatures/agents/{agentId}", { params: { path: { agentId: editing.id } }, body });
      if (response.ok) {
        void message.success(t("replies.signatures.saved", { name: editing.name }));
        setEditing(null);
      } else {
        void message.error(repliesError(t, error, response));
      }
      await reload();
    } catch {
      void message.error(t("replies.error.failed", { detail: "network" }));
    } finally {
      setBusy(false);
    }
  }

  if (failed && !signatures)
    return <Alert type="error" role="alert" title={t("replies.error.load")} />;
  const table = (owners: Owner[], label: string, empty: string) => (
    <Table<Owner> rowKey="id" dataSource={owners} loading={signatures === null} pagination={false} size="small" aria-label={label}
                  locale={{ emptyText: empty }}
                  columns={[
                    { key: "name", title: t("replies.signatures.name"), width: 260,
                      render: (_, owner) => <><Typography.Text strong>{owner.name}</Typography.Text><div className="replies-detail">{owner.detail}</div></> },
                    { key: "signature", title: t("replies.signatures.signature"),
                      render: (_, owner) => of(owner)
                        ? <div className="replies-signature">{of(owner)!.text}</div>
                        : <Typography.Text type="secondary">{t("replies.signatures.none")}</Typography.Text> },
                    { key: "edit", width: 60,
                      render: (_, owner) => <Button icon={<EditOutlined />} aria-label={t("replies.signatures.edit", { name: owner.name })}
                                                    onClick={() => open(owner)} /> },
                  ]} />
  );

  return (
    <>
      <Typography.Paragraph type="secondary">{t("replies.signatures.intro")}</Typography.Paragraph>
      <Typography.Title level={5}>{t("replies.signatures.mailboxes")}</Typography.Title>
      {table(mailboxes.map(m => ({ kind: "mailbox", id: m.id, name: m.name, detail: m.address })),
        t("replies.signatures.mailboxTable"), t("replies.signatures.noMailboxes"))}
      <Typography.Title level={5} style={{ marginTop: 24 }}>{t("replies.signatures.agents")}</Typography.Title>
      {table(members.map(m => ({ kind: "agent", id: m.id, name: m.name, detail: m.email })),
        t("replies.signatures.agentTable"), t("replies.signatures.noAgents"))}
      <Modal open={editing !== null} title={editing ? t("replies.signatures.editTitle", { name: editing.name }) : ""}
             onCancel={() => setEditing(null)} onOk={() => void save()} confirmLoading={busy}
             okText={t("replies.form.save")} cancelText={t("replies.form.cancel")} destroyOnHidden>
        <Input.TextArea value={text} onChange={e => setText(e.target.value)} autoSize={{ minRows: 4, maxRows: 10 }} maxLength={10000}
                        aria-label={t("replies.signatures.text")} />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 4 }}>{t("replies.signatures.hint")}</Typography.Paragraph>
        <div className="replies-signature-preview" role="region" aria-label={t("replies.preview")}>
          <div className="replies-signature">{"-- \n" + text}</div>
        </div>
      </Modal>
    </>
  );
}
