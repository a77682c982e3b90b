// The conversation's records as the API answers them, read from the API's paths (not its schema names, which may move).
import type { paths } from "@mailhub/client";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;

export type Conversation = Json<paths["/api/conversations/{id}"]["get"]>;
export type ThreadMessage = Conversation["messages"][number];
export type Attachment = ThreadMessage["attachments"][number];
export type HistoryItem = Json<paths["/api/conversations/{id}/history"]["get"]>["items"][number];
export type Priority = Conversation["priority"];

export const priorities: readonly Priority[] = ["low", "normal", "high", "urgent"];
