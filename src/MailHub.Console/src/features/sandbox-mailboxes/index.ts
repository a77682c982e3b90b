export { EphemeralTab } from "./EphemeralTab";
