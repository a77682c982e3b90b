// Run against a running host by tests/MailHub.Host.Tests (TypeScriptClientTests), compiled by tsconfig.live.json:
//   node <out>/test/live.js BASE_URL EMAIL PASSWORD
// The client as a script uses it: a refused sign-in, field errors, a bearer token, an answer typed from the schema.
import assert from "node:assert/strict";
import { createMailHubClient, fieldErrors, problemMessage } from "../index.ts";

const [baseUrl, email, password] = process.argv.slice(2);
if (!baseUrl || !email || !password)
  throw new Error("usage: node live.js BASE_URL EMAIL PASSWORD");

const anonymous = createMailHubClient(baseUrl);

const wrong = await anonymous.POST("/api/auth/token", { body: { email, password: `${password}-wrong` } });
assert.equal(wrong.response.status, 401);
assert.equal(wrong.data, undefined);
// The problem's own sentence, not the HTTP status line it falls back to without a body.
const refusal = problemMessage(wrong.error, wrong.response);
assert.ok(refusal.length > 0 && !refusal.startsWith("HTTP "), refusal);
console.log("wrong password: 401, problem says", JSON.stringify(refusal));

const malformed = await anonymous.POST("/api/auth/token", { body: { email: "not-an-address", password: "" } });
assert.equal(malformed.response.status, 400);
const errors = fieldErrors(malformed.error);
assert.deepEqual(Object.keys(errors).sort(), ["email", "password"]);
assert.ok(errors["email"]?.[0], "a message for the e-mail field");
console.log("malformed sign-in: 400, field errors", JSON.stringify(errors));

const unauthenticated = await anonymous.GET("/api/auth/me");
assert.equal(unauthenticated.response.status, 401);

const token = await anonymous.POST("/api/auth/token", { body: { email, password } });
assert.ok(token.data, problemMessage(token.error, token.response));
let reads = 0;
const client = createMailHubClient(baseUrl, { token: () => { reads++; return token.data?.accessToken; } });
const me = await client.GET("/api/auth/me");
assert.ok(me.data, problemMessage(me.error, me.response));
assert.equal(me.data.email, email);
assert.equal(me.data.role, "admin");
assert.equal(reads, 1, "the token is read before each request");
console.log("signed in with a bearer token as", me.data.email, me.data.role);
console.log("PASS: the TypeScript client against the host");
