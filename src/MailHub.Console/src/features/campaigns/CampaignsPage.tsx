import { Route, Routes } from "react-router";
import { CampaignList } from "./CampaignList";
import { CampaignDetail } from "./CampaignDetail";
import { SuppressionsPage } from "./SuppressionsPage";
import "./campaigns.css";

/** /admin/campaigns: the list and the audiences; /admin/campaigns/suppressions; /admin/campaigns/{id}: one campaign, its report. */
export function CampaignsPage() {
  return (
    <Routes>
      <Route index element={<CampaignList />} />
      <Route path="suppressions" element={<SuppressionsPage />} />
      <Route path=":id" element={<CampaignDetail />} />
    </Routes>
  );
}
