/**
 * The default China landscape (see `china/index.ts`).
 */
export {
  chinaData, chinaLandscape, chinaPhoneHistory, chinaSeasonality, PHONE_MAKERS, PHONE_TRACKERS,
  type ChinaLandscapeOptions, type HistoryRow, type PhoneMaker, type PhoneTracker,
} from './china/index.js';
