import { fieldErrors, problemMessage } from "../../api";
import type { Translate } from "../../i18n/I18n";

/** A refusal of the routing API as a sentence in the user's language that says what to do next. */
export function routingError(t: Translate, error: unknown, response: Response | undefined): string {
  switch (response?.status) {
    case 403:
      return t("rules.error.forbidden");
    case 404:
      return t("rules.error.notFound");
    case 409:
      return t("rules.error.conflict");
    case 400:
      return t("rules.error.invalid", { detail: Object.values(fieldErrors(error)).flat().join(" ") || problemMessage(error, response) });
    default:
      return t("rules.error.failed", { detail: response ? String(response.status) : "network" });
  }
}
