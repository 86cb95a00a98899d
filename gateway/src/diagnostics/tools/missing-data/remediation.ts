import { inconclusiveStep, noIssueStep, remedy } from '../../remediation';

/** Missing Data Finder's steps per finding kind. */
export const missingDataRemedies = {
  STUDENT_NOT_IN_SOURCE: remedy.studentNotInSource,
  STUDENT_NOT_IN_BOOKMARKED: remedy.studentNotInBookmarked,
  IMPORT_REJECTED: remedy.importRejected,
  ENROLLMENT_NOT_IN_SOURCE: remedy.enrollmentNotInSource,
  CLASS_NOT_IN_BOOKMARKED: remedy.classNotInBookmarked,
  ENROLLMENT_NOT_IN_BOOKMARKED: remedy.enrollmentNotInBookmarked,
  TEACHER_MISMATCH: remedy.teacherMismatch,
  noIssue: (student: string) => noIssueStep(`the SIS and Bookmarked records, classes, enrollments and teachers of ${student}`),
  incompleteName: () => inconclusiveStep("the student's first and last name ('Ana Lopez' or 'Lopez, Ana')"),
  unknownStudent: () => inconclusiveStep("the student's name as the school has it and their campus"),
  ambiguousStudent: () => inconclusiveStep("the student's campus (school input) or student number, to tell the candidates apart"),
};
