export { RetentionTab } from "./RetentionTab";
