/**
 * The default China landscape (see `china/index.ts`).
 */
export {
  chinaData, chinaLandscape, chinaSeasonality, PHONE_MAKERS, PHONE_TRACKERS,
  type ChinaLandscapeOptions, type PhoneMaker, type PhoneTracker,
  type ChinaLandscapeIds, type ChinaAgent, type ChinaPhoneAgent, type ChinaAssistantAgent,
} from './china/index.js';
export type { ChinaData, ChinaAssistantData, ChinaInstalledBase, ChinaSubsidy, ChinaLaunch, ChinaAIStep, ChinaParameter, SourcedFigure, NotedFigure, ByBrand, SomeBrands } from '../data/china-data.js';
