// What the rules page shows: the rules in order, the teams' settings, and the names rules refer to (mailboxes, teams, agents).
import { useCallback, useEffect, useState } from "react";
import { api, type Schemas } from "../../api";

export type Rule = Schemas["RoutingRuleResponse"];
export type TeamSettings = Schemas["TeamSettings"];

export interface RoutingData {
  rules: Rule[];
  teamSettings: TeamSettings[];
  mailboxes: Schemas["MailboxResponse"][];
  members: Schemas["MemberResponse"][];
  teams: Schemas["Department"][];
}

export type RoutingState =
  | { phase: "loading" }
  | { phase: "failed" }
  | { phase: "ready"; data: RoutingData };

export function useRoutingData(): [RoutingState, () => Promise<void>, (rules: Rule[]) => void] {
  const [state, setState] = useState<RoutingState>({ phase: "loading" });
  const reload = useCallback(async () => {
    try {
      const [rules, teamSettings, mailboxes, members, teams] = await Promise.all([
        api.GET("/api/routing/rules"), api.GET("/api/routing/teams"), api.GET("/api/channels/mailboxes"),
        api.GET("/api/directory/members"), api.GET("/api/directory/departments"),
      ]);
      if (!rules.data)
        throw new Error("rules");
      setState({
        phase: "ready",
        data: {
          rules: rules.data, teamSettings: teamSettings.data ?? [], mailboxes: mailboxes.data ?? [], members: members.data ?? [],
          teams: teams.data ?? [],
        },
      });
    } catch {
      setState(previous => previous.phase === "ready" ? previous : { phase: "failed" });
    }
  }, []);
  useEffect(() => { void reload(); }, [reload]);
  // The order shown at once while a drag is saved (put back by the next reload if the save fails).
  const showRules = useCallback((rules: Rule[]) =>
    setState(previous => previous.phase === "ready" ? { phase: "ready", data: { ...previous.data, rules } } : previous), []);
  return [state, reload, showRules];
}
