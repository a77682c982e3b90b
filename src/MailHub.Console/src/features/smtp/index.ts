export { SmtpPage } from "./SmtpPage";
