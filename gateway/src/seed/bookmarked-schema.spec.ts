import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BOOKMARKED_SCHEMA_PATH, readBookmarkedSchema } from './bookmarked-schema';

/** The platform's reference file, when this checkout sits beside shared/. */
const SHARED_SCHEMA_PATH = fileURLToPath(new URL('../../../../shared/bookmarked/schema.sql', import.meta.url));

describe('the vendored Bookmarked schema', () => {
  it.runIf(existsSync(SHARED_SCHEMA_PATH))('is a byte-for-byte copy of shared/bookmarked/schema.sql', () => {
    expect(readFileSync(BOOKMARKED_SCHEMA_PATH).equals(readFileSync(SHARED_SCHEMA_PATH))).toBe(true);
  });

  it('is the file loadBookmarkedSchema runs', async () => {
    expect(BOOKMARKED_SCHEMA_PATH).toMatch(/gateway\/sql\/bookmarked-schema\.sql$/);
    expect(await readBookmarkedSchema()).toContain('CREATE TABLE bookmarked.sync_errors');
  });
});
