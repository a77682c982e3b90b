// The names the list shows and the bulk actions choose from: mailboxes, agents and teams, read once per page.
import { useEffect, useState } from "react";
import { api, type Schemas } from "../../api";

export interface Directory {
  mailboxes: Schemas["MailboxResponse"][];
  members: Schemas["MemberResponse"][];
  teams: Schemas["Department"][];
}

const empty: Directory = { mailboxes: [], members: [], teams: [] };

export function useDirectory(): Directory {
  const [directory, setDirectory] = useState(empty);
  useEffect(() => {
    let stale = false;
    void Promise.all([
      api.GET("/api/channels/mailboxes").catch(() => ({ data: undefined })),
      api.GET("/api/directory/members").catch(() => ({ data: undefined })),
      api.GET("/api/directory/departments").catch(() => ({ data: undefined })),
    ]).then(([mailboxes, members, teams]) => {
      if (!stale)
        setDirectory({ mailboxes: mailboxes.data ?? [], members: members.data ?? [], teams: teams.data ?? [] });
    });
    return () => { stale = true; };
  }, []);
  return directory;
}
