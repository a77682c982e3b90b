import "./admin.css";
export { AdminLayout, AdminHome, canOpen } from "./AdminLayout";
export { adminSections } from "./sections";
