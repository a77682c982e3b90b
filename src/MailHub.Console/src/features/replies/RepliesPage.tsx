import { useEffect, useState } from "react";
import { Tabs, Typography } from "antd";
import { api, type Schemas } from "../../api";
import { useT } from "../../i18n/I18n";
import { useAccount } from "../session/Session";
import { SignaturesTab } from "./SignaturesTab";
import { TemplatesTab } from "./TemplatesTab";
import "./replies.css";

interface Names {
  teams: Schemas["Department"][];
  mailboxes: Schemas["MailboxResponse"][];
  members: Schemas["MemberResponse"][];
}

/** /admin/replies: canned replies (admins and supervisors) and signatures (admins). */
export function RepliesPage() {
  const t = useT();
  const account = useAccount();
  const [names, setNames] = useState<Names>({ teams: [], mailboxes: [], members: [] });
  useEffect(() => {
    let stale = false;
    void Promise.all([api.GET("/api/directory/departments"), api.GET("/api/channels/mailboxes"), api.GET("/api/directory/members")])
      .then(([teams, mailboxes, members]) => {
        if (!stale)
          setNames({ teams: teams.data ?? [], mailboxes: mailboxes.data ?? [], members: members.data ?? [] });
      }).catch(() => undefined);
    return () => { stale = true; };
  }, []);

  return (
    <section aria-labelledby="replies-title">
      <Typography.Title level={3} id="replies-title">{t("replies.title")}</Typography.Title>
      <Tabs items={[
        { key: "replies", label: t("replies.tab.replies"), children: <TemplatesTab teams={names.teams} /> },
        ...(account.role === "admin"
          ? [{ key: "signatures", label: t("replies.tab.signatures"), children: <SignaturesTab mailboxes={names.mailboxes} members={names.members} /> }]
          : []),
      ]} />
    </section>
  );
}
