// The sandbox's records as the API answers them, read from the API's paths (not its schema names, which may move).
import type { paths } from "@mailhub/client";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;

export type SandboxPage = Json<paths["/api/sandbox/messages"]["get"]>;
export type SandboxItem = SandboxPage["items"][number];
export type SandboxMessage = Json<paths["/api/sandbox/messages/{id}"]["get"]>;
