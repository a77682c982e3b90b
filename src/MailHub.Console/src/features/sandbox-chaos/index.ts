export { ChaosRules } from "./ChaosRules";
