import { type FindingKind, systemOfKind } from '../../findings';
import { remedy, SIS_ADMIN, SUPPORT } from '../../remediation';

/** The district report's steps per finding, and one summary step per kind found. */
export const reportRemedies = {
  STUDENT_NOT_IN_SOURCE: remedy.studentNotInSource,
  STUDENT_NOT_IN_BOOKMARKED: remedy.studentNotInBookmarked,
  IMPORT_REJECTED: remedy.importRejected,
  PHANTOM_PARENT_LINK: remedy.phantomParentLink,
  PARENT_LINK_NOT_IN_BOOKMARKED: remedy.parentLinkNotInBookmarked,
  CLASS_NOT_IN_BOOKMARKED: remedy.classNotInBookmarked,
  ENROLLMENT_NOT_IN_SOURCE: remedy.enrollmentNotInSource,
  ENROLLMENT_NOT_IN_BOOKMARKED: remedy.enrollmentNotInBookmarked,
  PHANTOM_ENROLLMENT: remedy.phantomEnrollment,
  TEACHER_MISMATCH: remedy.teacherMismatch,
  STALE_SCHOOL_MEMBERSHIP: remedy.staleMembership,
  SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED: remedy.membershipNotInBookmarked,
  DUPLICATE_EMAIL_IN_SOURCE: remedy.duplicateEmailInSource,
  MERGED_ACCOUNT_IN_BOOKMARKED: remedy.mergedAccount,
  DUPLICATE_ACCOUNT_IN_BOOKMARKED: remedy.duplicateAccountInBookmarked,
  FIELD_MISMATCH: remedy.fieldMismatch,
};

/** One step per kind found, with its count: the report's run-level remediation. */
export function reportSteps(counts: Partial<Record<FindingKind, number>>): string[] {
  const steps: Record<FindingKind, (n: number) => string> = {
    STUDENT_NOT_IN_SOURCE: (n) =>
      `${SIS_ADMIN}: ${n} student(s) are live in Bookmarked but not in the SIS data; add those who attend to the SIS export, and ${SUPPORT} retires the others.`,
    ENROLLMENT_NOT_IN_SOURCE: (n) =>
      `${SIS_ADMIN}: ${n} student(s) have no live class enrollment in the SIS; enroll them or include their enrollments in the export.`,
    DUPLICATE_EMAIL_IN_SOURCE: (n) =>
      `${SIS_ADMIN}: ${n} email(s) are shared by several parents in the SIS; give each parent their own email.`,
    TRANSFER_NOT_IN_SOURCE: (n) => `${SIS_ADMIN}: record ${n} campus transfer(s) in the SIS.`,
    STUDENT_NOT_IN_BOOKMARKED: (n) =>
      `${SUPPORT}: ${n} SIS student(s) have no live Bookmarked record; re-run the roster sync and check its log.`,
    IMPORT_REJECTED: (n) =>
      `${SUPPORT}: the roster sync rejected ${n} record(s); fix the causes quoted in the findings and re-run the sync.`,
    PHANTOM_PARENT_LINK: (n) => `${SUPPORT}: remove ${n} SIS-imported parent link(s) the SIS no longer has.`,
    PARENT_LINK_NOT_IN_BOOKMARKED: (n) =>
      `${SUPPORT}: ${n} SIS parent link(s) are missing in Bookmarked; re-run the roster sync.`,
    CLASS_NOT_IN_BOOKMARKED: (n) =>
      `${SUPPORT}: ${n} SIS class(es) are missing in Bookmarked; re-run the roster sync and check its log.`,
    ENROLLMENT_NOT_IN_BOOKMARKED: (n) =>
      `${SUPPORT}: ${n} SIS enrollment(s) are missing in Bookmarked; most follow once their student or class is imported.`,
    PHANTOM_ENROLLMENT: (n) => `${SUPPORT}: end ${n} Bookmarked enrollment(s) the SIS does not have.`,
    TEACHER_MISMATCH: (n) =>
      `${SUPPORT}: ${n} class(es) have other teachers in Bookmarked than in the SIS; re-run the roster sync.`,
    STALE_SCHOOL_MEMBERSHIP: (n) => `${SUPPORT}: end ${n} Bookmarked campus membership(s) the SIS no longer lists.`,
    SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED: (n) =>
      `${SUPPORT}: ${n} SIS campus membership(s) are missing in Bookmarked; re-run the roster sync.`,
    MERGED_ACCOUNT_IN_BOOKMARKED: (n) =>
      `${SUPPORT}: split ${n} Bookmarked account(s) that stand for several SIS parents, once the district has separated their emails.`,
    DUPLICATE_ACCOUNT_IN_BOOKMARKED: (n) => `${SUPPORT}: merge the duplicate Bookmarked parent accounts of ${n} email(s).`,
    FIELD_MISMATCH: (n) =>
      `${SUPPORT}: ${n} student or parent record(s) hold other values in Bookmarked than in the SIS; re-run the roster sync (the SIS is the system of record).`,
  };
  const kinds = (Object.keys(counts) as FindingKind[]).sort(
    (a, b) => Number(systemOfKind(a) === 'BOOKMARKED') - Number(systemOfKind(b) === 'BOOKMARKED'),
  );
  return kinds.map((kind) => steps[kind](counts[kind] as number));
}
