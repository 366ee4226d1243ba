export { standard, PASSWORD } from './auth.scenarios'
export type { StandardScenario } from './auth.scenarios'
