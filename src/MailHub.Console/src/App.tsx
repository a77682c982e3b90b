import { App as AntApp } from "antd";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { I18nProvider } from "./i18n/I18n";
import { SessionProvider } from "./features/session/Session";
import { SignInPage } from "./features/session/SignInPage";
import { ChangePasswordPage } from "./features/session/ChangePasswordPage";
import { Layout } from "./features/shell/Layout";
import { NotFoundPage } from "./features/shell/NotFoundPage";
import { ConversationsPage } from "./features/list/ConversationsPage";
import { ThreadPage } from "./features/thread/ThreadPage";
import { AdminHome, AdminLayout, adminSections } from "./features/admin";
import { WelcomePage } from "./features/people";

/** The console's pages; every feature's page is one route here. */
export function App() {
  return (
    <I18nProvider>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/sign-in" element={<SignInPage />} />
              <Route path="/password" element={<ChangePasswordPage />} />
              <Route path="/welcome" element={<WelcomePage />} />
              <Route element={<Layout />}>
                <Route index element={<Navigate to="/conversations" replace />} />
                <Route path="/conversations" element={<ConversationsPage />}><Route path=":id" element={<ThreadPage />} /></Route>
                <Route path="/admin" element={<AdminLayout />}>
                  <Route index element={<AdminHome />} />
                  {adminSections.map(s => <Route key={s.path} path={`${s.path}/*`} element={s.page} />)}
                </Route>
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </I18nProvider>
  );
}
