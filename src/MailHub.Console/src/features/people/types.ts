import type { Schemas } from "../../api";

export type Member = Schemas["MemberResponse"];
export type TeamNode = Schemas["DepartmentNode"];
export type Presence = Schemas["AgentPresence"];

export const roles = ["agent", "supervisor", "admin"] as const;
export type Role = (typeof roles)[number];

/** The tree as antd's Tree and TreeSelect take it (value and key are the team's id). */
export interface TeamOption {
  key: string;
  value: string;
  title: string;
  children: TeamOption[];
}

export function teamOptions(nodes: TeamNode[]): TeamOption[] {
  return nodes.map(n => ({ key: n.id, value: n.id, title: n.name, children: teamOptions(n.children) }));
}

/** Every team by id, for names. */
export function teamsById(nodes: TeamNode[], into = new Map<string, TeamNode>()): Map<string, TeamNode> {
  for (const node of nodes) {
    into.set(node.id, node);
    teamsById(node.children, into);
  }
  return into;
}
