// What the list shows, kept in the page's URL (?view=&status=...) so a reload, a shared link and the opened
// conversation beside the list keep it; defaults are left out of the URL.
import type { paths } from "@mailhub/client";

export const views = ["mine", "unassigned", "teams", "all"] as const;
export const statuses = ["open", "pending", "snoozed", "closed"] as const;
export const priorities = ["urgent", "high", "normal", "low"] as const;
export const sorts = ["latest", "waiting"] as const;

export type View = (typeof views)[number];
export type Status = (typeof statuses)[number];
export type Priority = (typeof priorities)[number];
export type Sort = (typeof sorts)[number];

export interface ListQuery {
  view: View;
  status: Status;
  mailbox: string | null;
  tag: string | null;
  priority: Priority | null;
  q: string;
  sort: Sort;
}

export type ListParams = NonNullable<paths["/api/conversations"]["get"]["parameters"]["query"]>;

const defaults: ListQuery = { view: "mine", status: "open", mailbox: null, tag: null, priority: null, q: "", sort: "latest" };

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

/** Who may open the "all" view: supervisors and admins. */
export function seesAll(role: string): boolean {
  return role === "admin" || role === "supervisor";
}

/** The view a role lands on: an admin, who rarely answers mail, every team's; everyone else their own. */
function homeView(role: string): View {
  return role === "admin" ? "all" : "mine";
}

/** The query in <paramref>search</paramref>; "all" falls back to "mine" for those who may not see every team's. */
export function readQuery(search: URLSearchParams, role: string): ListQuery {
  const view = oneOf(views, search.get("view")) ?? homeView(role);
  return {
    view: view === "all" && !seesAll(role) ? "mine" : view,
    status: oneOf(statuses, search.get("status")) ?? defaults.status,
    mailbox: search.get("mailbox") || null,
    tag: search.get("tag") || null,
    priority: oneOf(priorities, search.get("priority")),
    q: search.get("q") ?? "",
    sort: oneOf(sorts, search.get("sort")) ?? defaults.sort,
  };
}

/** The URL's search part for <paramref>query</paramref>, defaults left out ("" when all are defaults). */
export function writeQuery(query: ListQuery, role: string): string {
  const search = new URLSearchParams();
  const home = { ...defaults, view: homeView(role) };
  for (const key of Object.keys(home) as (keyof ListQuery)[]) {
    const value = query[key];
    if (value !== null && value !== "" && value !== home[key])
      search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** GET /api/conversations' parameters for the query (without the cursor). */
export function listParams(query: ListQuery, limit: number): ListParams {
  return {
    view: query.view,
    status: query.status,
    sort: query.sort,
    limit,
    ...(query.mailbox ? { mailbox: query.mailbox } : {}),
    ...(query.tag ? { tag: query.tag } : {}),
    ...(query.priority ? { priority: query.priority } : {}),
    ...(query.q.trim() ? { q: query.q.trim() } : {}),
  };
}

/** One key per distinct query: a page read for an older one is dropped. */
export function queryKey(query: ListQuery): string {
  return JSON.stringify(listParams(query, 0));
}
