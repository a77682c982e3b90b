// The notifications bell and panel (the header mounts <NotificationsBell />).
export { NotificationsBell } from "./NotificationsBell";
