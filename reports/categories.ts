import { CATEGORY_TITLES } from "../harness/drill/verdict.js";

/**
 * Allure categories, matched on the stage tag every kubedrill failure message starts with,
 * so the report separates a failed recovery from a failed verification from broken infrastructure.
 */
export const ALLURE_CATEGORIES = [
  { name: CATEGORY_TITLES.breakage, messageRegex: "(?s)\\[breakage\\].*", matchedStatuses: ["failed", "broken"] },
  { name: CATEGORY_TITLES.regression, messageRegex: "(?s)\\[regression\\].*", matchedStatuses: ["failed"] },
  { name: CATEGORY_TITLES.recovery, messageRegex: "(?s)\\[recovery\\].*", matchedStatuses: ["failed", "broken"] },
  { name: CATEGORY_TITLES.verification, messageRegex: "(?s)\\[verification\\].*", matchedStatuses: ["failed", "broken"] },
  { name: CATEGORY_TITLES.infrastructure, messageRegex: "(?s)\\[(infrastructure|input|load|cleanup|interrupted)\\].*", matchedStatuses: ["failed", "broken"] },
  { name: `${CATEGORY_TITLES.infrastructure} (unexpected error)`, matchedStatuses: ["broken"] },
];
