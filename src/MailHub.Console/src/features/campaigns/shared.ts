import type { paths } from "@mailhub/client";

export type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;
export type CampaignItem = Json<paths["/api/campaigns"]["get"]>["items"][number];
export type CampaignFull = Json<paths["/api/campaigns/{id}"]["get"]>;
export type Counts = CampaignFull["counts"];
export type Move = "send" | "pause" | "resume" | "cancel";

/** The "campaign" push (admins only, at most one a second per campaign): a campaign's status and counts now. */
export interface CampaignPush { id: string; status: string; counts: Counts }

export const statusColors: Record<string, string> = {
  draft: "default", scheduled: "purple", sending: "blue", paused: "orange", done: "green", cancelled: "red",
};

/** The moves a status allows, as the API does (409 otherwise). */
export function movesOf(status: string): Move[] {
  switch (status) {
    case "draft": return ["send", "cancel"];
    case "scheduled": case "sending": return ["pause", "cancel"];
    case "paused": return ["resume", "cancel"];
    default: return [];
  }
}

/** Recipients handed on (sent, failed, skipped, ...) out of all: what the progress bar shows. */
export function progressOf(counts: Counts) {
  const total = counts.total;
  const done = total - counts.queued;
  return { done, total, percent: total === 0 ? 0 : Math.floor((done * 100) / total) };
}
