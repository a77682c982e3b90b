// Type-checked (tsc --noEmit), not run: how the console and integrators call the API. If a regeneration drops an
// endpoint or a field these lines use, or turns the types into `any`, the check fails.
import { createMailHubClient, fieldErrors, problemMessage, type MailHubClient, type Schemas } from "../index";

export async function signedInAgent(baseUrl: string, email: string, password: string): Promise<Schemas["MeResponse"]> {
  const anonymous = createMailHubClient(baseUrl);
  const token = await anonymous.POST("/api/auth/token", { body: { email, password } });
  if (!token.data)
    throw new Error(problemMessage(token.error, token.response));
  const accessToken: string = token.data.accessToken;

  const client = createMailHubClient(baseUrl, { token: () => accessToken });
  const { data, error, response } = await client.GET("/api/auth/me");
  if (!data)
    throw new Error(problemMessage(error, response));
  const role: string = data.role;
  // @ts-expect-error: MeResponse has no such field; a generation that loses the types fails here.
  void data.passwordHash;
  return { ...data, role };
}

/** A form's submit: the field errors go next to their inputs, keyed as the form names them. */
export async function createSandboxMailbox(baseUrl: string, token: string, name: string): Promise<Record<string, string[]>> {
  const client = createMailHubClient(baseUrl, { token });
  const { error, response } = await client.POST("/api/channels/mailboxes", { body: { name, provider: "sandbox" } });
  if (response.ok)
    return {};
  return fieldErrors(error);
}

/** Never called: calls the types must refuse, so a generation that loses them (everything `any`) fails the check. */
export function refusedByTheTypes(client: MailHubClient): void {
  // @ts-expect-error: name is a string.
  void client.POST("/api/channels/mailboxes", { body: { name: 42 } });
  // @ts-expect-error: no such route.
  void client.GET("/api/no-such-route");
  // @ts-expect-error: signing in needs a body.
  void client.POST("/api/auth/token", {});
}
