import type { DxLinkOrigin } from './roster-fragments';

/**
 * Remediation steps shared by the tools: each names the record, the system and who acts. The
 * SIS is the system of record, so a Bookmarked fault is fixed by Bookmarked support (usually
 * by re-running the roster sync) and a source fault by the district's SIS admin, after which
 * the sync carries the fix into Bookmarked. Tools' own `remediation.ts` files build on these.
 */

export const SIS_ADMIN = 'District SIS admin';
export const SUPPORT = 'Bookmarked support';

export const remedy = {
  studentNotInSource: (student: string, bookmarkedId: string) =>
    `${SIS_ADMIN}: ${student} is in Bookmarked but not in the SIS data. If the student attends, add them to the SIS (or to the OneRoster export's scope); if they left, ${SUPPORT} retires Bookmarked account ${bookmarkedId}.`,

  studentNotInBookmarked: (student: string, rejected: boolean) =>
    rejected
      ? `${SUPPORT}: ${student} is in the SIS but the roster sync rejected it (see the IMPORT_REJECTED finding); fix the cause and re-run the sync for the district.`
      : `${SUPPORT}: ${student} is in the SIS but has no live Bookmarked record; re-run the roster sync for the district and check its log. If the row was deleted by hand, restore it.`,

  importRejected: (record: string, message: string) =>
    `${SUPPORT}: the roster sync rejected ${record} with ${message}. Fix the cause (when the SIS sends a value Bookmarked refuses, ask the ${SIS_ADMIN} to correct it in the SIS) and re-run the sync.`,

  fieldMismatch: (record: string, differences: string) =>
    `${SUPPORT}: Bookmarked holds other values than the SIS for ${record} (${differences}). Re-run the roster sync; if the values stay, correct the Bookmarked record to the SIS values (the SIS is the system of record).`,

  membershipNotInBookmarked: (person: string, school: string) =>
    `${SUPPORT}: the SIS lists ${person} at ${school} but Bookmarked does not; re-run the roster sync, or add the membership in Bookmarked.`,

  staleMembership: (person: string, school: string) =>
    `${SUPPORT}: end ${person}'s membership at ${school} in Bookmarked; the SIS no longer lists them there and the sync did not remove it.`,

  phantomParentLink: (parent: string, student: string, origins: readonly DxLinkOrigin[]) => {
    if (origins.includes('INVITE')) {
      return `${SUPPORT}: remove the link between ${parent} and ${student} in Bookmarked. It was made by invitation code, the SIS never linked them, so no sync will remove it.`;
    }
    if (origins.includes('MANUAL')) {
      return `${SUPPORT}: remove the hand-made link between ${parent} and ${student} in Bookmarked (origin manual); the SIS does not link them.`;
    }
    return `${SUPPORT}: remove the SIS-imported link between ${parent} and ${student} in Bookmarked; the SIS no longer has it and the sync did not delete it. Re-run the roster sync and check its log.`;
  },

  parentLinkNotInBookmarked: (parent: string, student: string, parentInBookmarked: boolean) =>
    parentInBookmarked
      ? `${SUPPORT}: the SIS links ${parent} to ${student} but Bookmarked does not; re-run the roster sync for the district (check its log for the link).`
      : `${SUPPORT}: the SIS links ${parent} to ${student}, but that parent has no live Bookmarked account with this email; re-run the roster sync and check its log for the parent.`,

  duplicateEmailInSource: (email: string, people: string) =>
    `${SIS_ADMIN}: give each of ${people} their own email in the SIS; they share ${email}, and Bookmarked keys parent accounts by email, so their data overwrites each other until then.`,

  duplicateAccountInBookmarked: (email: string, accounts: string) =>
    `${SUPPORT}: ${accounts} are live Bookmarked accounts sharing ${email}; merge them into the one whose sourcedId matches the SIS parent and retire the others.`,

  mergedAccount: (account: string, people: string) =>
    `${SUPPORT}: Bookmarked account ${account} stands for several SIS parents (${people}). Once the ${SIS_ADMIN} gives each parent their own email, split the account and re-run the sync so each parent gets their own.`,

  classNotInBookmarked: (section: string) =>
    `${SUPPORT}: the SIS has class ${section} but Bookmarked has no live record of it; re-run the roster sync and check its log for the class.`,

  enrollmentNotInSource: (student: string) =>
    `${SIS_ADMIN}: ${student} has no live class enrollment in the SIS; enroll them in their classes (or include the enrollments in the export). Bookmarked shows no classes until then.`,

  enrollmentNotInBookmarked: (person: string, section: string, cause: 'person' | 'class' | 'enrollment') => {
    const why =
      cause === 'person'
        ? ` It follows once ${person} is in Bookmarked.`
        : cause === 'class'
          ? ` It follows once the class is in Bookmarked.`
          : ' Re-run the roster sync and check its log for the enrollment.';
    return `${SUPPORT}: the SIS enrolls ${person} in ${section} but Bookmarked does not.${why}`;
  },

  phantomEnrollment: (person: string, section: string) =>
    `${SUPPORT}: end ${person}'s enrollment in ${section} in Bookmarked; the SIS does not have it (or has ended it) and the sync did not remove it.`,

  teacherMismatch: (section: string, sourceTeachers: string, bookmarkedTeachers: string) =>
    `${SUPPORT}: set the teachers of ${section} in Bookmarked to the SIS's (${sourceTeachers}); Bookmarked has ${bookmarkedTeachers}. Re-run the roster sync and check its log.`,
};

export const noIssueStep = (what: string) =>
  `No data fault found: ${what} agree. If the user still sees the problem, ask them to sign out and in again and send a screenshot; the cause is outside the roster data.`;

export const inconclusiveStep = (ask: string) => `Ask the requester for ${ask}, then run the tool again.`;
