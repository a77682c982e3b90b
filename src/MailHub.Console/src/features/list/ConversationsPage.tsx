import { Outlet } from "react-router";

/** /conversations: the list slice builds the lists here (the thread opens in the Outlet beside them). */
export function ConversationsPage() {
  return <Outlet />;
}
