export { PeoplePage } from "./PeoplePage";
export { WelcomePage } from "./WelcomePage";
