import type { Translate } from "../../i18n/I18n";
import { problemMessage } from "../../api";

/** A refusal of the API in the user's language where we know it, else the server's own sentence. */
export function smtpProblem(t: Translate, problem: unknown, response: Response | undefined): string {
  if (!response)
    return t("smtp.unreachable");
  if (response.status === 403)
    return t("smtp.forbidden");
  return problemMessage(problem, response);
}
