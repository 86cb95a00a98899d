import { normalizeEmail } from '../../domain/names';
import type {
  ClassRecord,
  EnrollmentRecord,
  GuardianLinkRecord,
  MembershipRecord,
  PersonRecord,
  SchoolRecord,
} from '../../domain/roster';
import type { OneRosterVersion } from './oneroster-format';

/** A course row; not part of the domain yet, kept because it is small and support asks about it. */
export interface CourseInfo {
  sourcedId: string;
  title: string;
  courseCode: string | null;
  orgSourcedId: string | null;
}

export interface AcademicSessionInfo {
  sourcedId: string;
  title: string;
  type: string;
  startDate: string | null;
  endDate: string | null;
  parentSourcedId: string | null;
}

export interface BundleManifest {
  /** `oneroster.version` as the manifest states it, when it does. */
  onerosterVersion: OneRosterVersion | null;
  /** `file.<name>` rows: absent, bulk or delta. */
  fileModes: ReadonlyMap<string, 'absent' | 'bulk' | 'delta'>;
  /** Every propertyName → value row, as written. */
  properties: ReadonlyMap<string, string>;
}

/** Something a support engineer should know that does not stop the bundle from loading. */
export interface BundleWarning {
  file: string;
  line: number | null;
  column: number | null;
  message: string;
}

/** What loading found, so a diagnosis can say how much of the file never became a record. */
export interface BundleCounts {
  /** Data rows read per file, deleted ones included. */
  rows: Record<string, number>;
  /** Live users not exposed as people: aides, proctors, `ext:` roles, 1.2 users without a live role. */
  usersNotExposed: number;
  /** Enrollment rows dropped: deleted, a dead or unknown class or user, or a role other than student/teacher. */
  enrollmentsNotLive: number;
  /** Demographics rows read (validated; not part of the domain). */
  demographics: number;
  /** Warnings beyond the ones kept in `warnings`. */
  warningsDropped: number;
}

/**
 * A parsed OneRoster bundle: live records only, indexed by key. Every key is a sourcedId (the
 * source's own ids). Treat it as read-only. Schools, people, classes, courses and sessions are
 * stored objects (readers hand them out); enrollments, memberships and parent links are kept
 * as columns by the loader (compact-index.ts) and made into records by each lookup.
 */
export interface OneRosterBundle {
  readonly version: OneRosterVersion;
  /** Names the bundle in messages (an upload's file name, a folder name). */
  readonly label: string;
  readonly manifest: BundleManifest | null;
  /** Live orgs of type school. */
  readonly schools: ReadonlyMap<string, SchoolRecord>;
  readonly people: ReadonlyMap<string, PersonRecord>;
  readonly classes: ReadonlyMap<string, ClassRecord>;
  readonly courses: ReadonlyMap<string, CourseInfo>;
  readonly academicSessions: ReadonlyMap<string, AcademicSessionInfo>;
  readonly classesBySchoolId: ReadonlyMap<string, readonly ClassRecord[]>;
  readonly enrollmentsByClassId: ReadonlyMap<string, readonly EnrollmentRecord[]>;
  readonly enrollmentsByUserId: ReadonlyMap<string, readonly EnrollmentRecord[]>;
  readonly membershipsByUserId: ReadonlyMap<string, readonly MembershipRecord[]>;
  readonly guardianLinksByStudentId: ReadonlyMap<string, readonly GuardianLinkRecord[]>;
  readonly guardianLinksByParentId: ReadonlyMap<string, readonly GuardianLinkRecord[]>;
  /**
   * Keyed by the normalised family name. Family names repeat, so this holds far fewer keys
   * than one per person; a name lookup filters the few candidates by given name.
   */
  readonly peopleByFamilyName: ReadonlyMap<string, readonly PersonRecord[]>;
  /** Keyed by normalizeEmail(). */
  readonly peopleByEmail: ReadonlyMap<string, readonly PersonRecord[]>;
  /** Keyed by the trimmed identifier. */
  readonly peopleByIdentifier: ReadonlyMap<string, readonly PersonRecord[]>;
  readonly counts: BundleCounts;
  /** The first warnings met (capped); `counts.warningsDropped` says how many more. */
  readonly warnings: readonly BundleWarning[];
}

export function emailKey(email: string | null): string | null {
  const key = normalizeEmail(email);
  return key || null;
}

/** Appends to a Map of arrays, creating the array on first use. */
export function addToIndex<Value>(index: Map<string, Value[]>, key: string, value: Value): void {
  const values = index.get(key);
  if (values) values.push(value);
  else index.set(key, [value]);
}

/**
 * Copies every array of an index to its exact length. push() grows a one-element array to
 * room for 17, so a student with six enrollments would otherwise carry 11 empty slots.
 */
export function compactIndex<Value>(index: Map<string, Value[]>): void {
  for (const [key, values] of index) if (values.length > 1) index.set(key, values.slice());
}

/**
 * An index built on its first use, for lookups a request may never make: a cold run that
 * finds a student by email does not pay for the name and identifier indexes.
 */
export class LazyIndex<Value> implements ReadonlyMap<string, readonly Value[]> {
  #build: (() => Map<string, Value[]>) | null;
  #built: Map<string, Value[]> | null = null;

  /** `build` returns a fresh index; its arrays are compacted once built. */
  constructor(build: () => Map<string, Value[]>) {
    this.#build = build;
  }

  get #index(): Map<string, Value[]> {
    if (this.#built === null) {
      const index = (this.#build as () => Map<string, Value[]>)();
      compactIndex(index);
      this.#built = index;
      this.#build = null;
    }
    return this.#built;
  }

  get size(): number {
    return this.#index.size;
  }

  get(key: string): readonly Value[] | undefined {
    return this.#index.get(key);
  }

  has(key: string): boolean {
    return this.#index.has(key);
  }

  keys(): MapIterator<string> {
    return this.#index.keys();
  }

  values(): MapIterator<readonly Value[]> {
    return this.#index.values();
  }

  entries(): MapIterator<[string, readonly Value[]]> {
    return this.#index.entries();
  }

  forEach(
    callback: (value: readonly Value[], key: string, map: ReadonlyMap<string, readonly Value[]>) => void,
    thisArg?: unknown,
  ): void {
    for (const [key, value] of this.#index) callback.call(thisArg, value, key, this);
  }

  [Symbol.iterator](): MapIterator<[string, readonly Value[]]> {
    return this.#index.entries();
  }
}
