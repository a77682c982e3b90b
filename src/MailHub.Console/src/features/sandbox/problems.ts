import type { Translate } from "../../i18n/I18n";
import { problemMessage } from "../../api";

/** A refusal of the API in the user's language where we know it, else the server's own sentence. */
export function sandboxProblem(t: Translate, problem: unknown, response: Response | undefined): string {
  if (!response)
    return t("sandbox.unreachable");
  if (response.status === 403)
    return t("sandbox.forbidden");
  if (response.status === 404)
    return t("sandbox.gone");
  return problemMessage(problem, response);
}
