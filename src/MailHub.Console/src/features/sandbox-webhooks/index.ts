export { WebhooksTab } from "./WebhooksTab";
