export { RepliesPage } from "./RepliesPage";
