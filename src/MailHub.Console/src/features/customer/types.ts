import type { paths } from "@mailhub/client";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;

/** A customer with their conversations, as GET /api/directory/customers/{id} answers. */
export type Customer = Json<paths["/api/directory/customers/{id}"]["get"]>;
