import { fieldErrors, problemMessage } from "../../api";
import type { Translate } from "../../i18n/I18n";

/** A refusal of the templates or signatures API as a sentence in the user's language that says what to do next. */
export function repliesError(t: Translate, error: unknown, response: Response | undefined): string {
  switch (response?.status) {
    case 403:
      return t("replies.error.forbidden");
    case 404:
      return t("replies.error.notFound");
    case 400:
      return t("replies.error.invalid", { detail: Object.values(fieldErrors(error)).flat().join(" ") || problemMessage(error, response) });
    default:
      return t("replies.error.failed", { detail: response ? String(response.status) : "network" });
  }
}
