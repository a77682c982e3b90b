import { createMailHubClient } from "@mailhub/client";

export { fieldErrors, problemMessage, type Schemas } from "@mailhub/client";

/**
 * The console's API client: the typed client generated from the host's OpenAPI document, on this origin, signed in
 * with the host's cookie; it sends the antiforgery header on every change.
 */
export const api = createMailHubClient("");

/** Raised when the host answers 401 to a signed-in page (the session ended or was signed out elsewhere). */
export const signedOutEvent = "mailhub:signed-out";

api.use({
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith("/api/auth/"))
      window.dispatchEvent(new Event(signedOutEvent));
    return response;
  },
});
