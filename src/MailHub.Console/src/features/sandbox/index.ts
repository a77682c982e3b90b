export { SandboxPage } from "./SandboxPage";
