// Who a conversation can be transferred to: the members with their presence, and the teams; read once per thread page.
import { useEffect, useState } from "react";
import type { paths } from "@mailhub/client";
import { api } from "../../api";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;
export type Member = Json<paths["/api/directory/members"]["get"]>[number];
export type Team = Json<paths["/api/directory/departments"]["get"]>[number];

export interface Agents {
  members: Member[];
  teams: Team[];
  /** online, away or offline, by member id. */
  presence: ReadonlyMap<string, string>;
}

export function useAgents(open: boolean): Agents {
  const [agents, setAgents] = useState<Agents>({ members: [], teams: [], presence: new Map() });
  useEffect(() => {
    if (!open)
      return;
    let stale = false;
    void Promise.all([
      api.GET("/api/directory/members").catch(() => ({ data: undefined })),
      api.GET("/api/directory/departments").catch(() => ({ data: undefined })),
      api.GET("/api/routing/agents").catch(() => ({ data: undefined })),
    ]).then(([members, teams, presence]) => {
      if (!stale)
        setAgents({
          members: members.data ?? [],
          teams: teams.data ?? [],
          presence: new Map((presence.data ?? []).map(p => [p.agentId, p.status])),
        });
    });
    return () => { stale = true; };
  }, [open]);
  return agents;
}

// Whether the signed-in account is in the directory, read once per account: only members take conversations (the
// built-in administrator of a fresh install is not one), so "Assign to me" is offered to members only.
const membership = new Map<string, Promise<boolean>>();

export function useIsMember(accountId: string): boolean {
  const [member, setMember] = useState(false);
  useEffect(() => {
    let stale = false;
    let check = membership.get(accountId);
    if (!check) {
      check = api.GET("/api/directory/members/{id}", { params: { path: { id: accountId } } })
        .then(({ response }) => response.ok, () => false);
      membership.set(accountId, check);
    }
    void check.then(ok => { if (!stale) setMember(ok); });
    return () => { stale = true; };
  }, [accountId]);
  return member;
}
