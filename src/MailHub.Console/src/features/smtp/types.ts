// The listener's records as the API answers them, read from the API's paths (not its schema names, which may move).
import type { paths } from "@mailhub/client";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;

export type SmtpListener = Json<paths["/api/channels/smtp"]["get"]>;
export type SmtpEndpoint = SmtpListener["endpoints"][number];
export type RefusalPage = Json<paths["/api/channels/smtp/refusals"]["get"]>;
export type Refusal = RefusalPage["refusals"][number];
export type RelayAccount = Json<paths["/api/channels/relay-accounts"]["get"]>[number];
