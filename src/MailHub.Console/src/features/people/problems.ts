import { fieldErrors, problemMessage } from "../../api";
import type { Translate } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/catalog";

/** What the host refused, in the user's language: messages per form field, and one for the page when no field is named. */
export interface Refusal {
  fields: Record<string, string>;
  message?: string;
}

// The host's fields (problem details' errors) and what they mean here, by status.
const conflicts: Record<string, MessageKey> = { account: "people.error.accountTaken", email: "people.error.emailTaken" };
const invalid: Record<string, MessageKey> = {
  account: "people.error.account",
  email: "people.error.email",
  password: "people.error.password",
  departmentIds: "people.error.teams",
  parentId: "people.error.moveCycle",
  capacity: "people.error.capacity",
};

/** Maps a refused call on members or teams; <paramref name="teamName"/> names the team a refused delete was about. */
export function explain(t: Translate, problem: unknown, response: Response, teamName?: string): Refusal {
  const errors = fieldErrors(problem);
  const fields: Record<string, string> = {};
  let message: string | undefined;
  for (const [field, messages] of Object.entries(errors)) {
    const known = response.status === 409 ? conflicts[field] : invalid[field];
    if (response.status === 409 && field === "id" && teamName !== undefined)
      message = t("people.error.teamNotEmpty", { name: teamName });
    else if (known)
      fields[field] = t(known);
    else
      message = t("people.error.other", { detail: messages[0] ?? "" });
  }
  if (Object.keys(fields).length === 0 && message === undefined) {
    if (response.status === 403)
      message = t("people.error.forbidden");
    else if (response.status === 404)
      message = t("people.error.notFound");
    else
      message = t("people.error.other", { detail: problemMessage(problem, response) });
  }
  return { fields, message };
}
