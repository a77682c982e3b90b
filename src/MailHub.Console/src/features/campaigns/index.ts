export { CampaignsPage } from "./CampaignsPage";
