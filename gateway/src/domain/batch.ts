/** Results of a batch lookup in key order, null where a key found nothing (DataLoader's contract). */
export function alignByKey<K, T>(keys: readonly K[], records: readonly T[], keyOf: (record: T) => K | null): (T | null)[] {
  const byKey = new Map<K, T>();
  for (const record of records) {
    const key = keyOf(record);
    if (key !== null && !byKey.has(key)) byKey.set(key, record);
  }
  return keys.map((key) => byKey.get(key) ?? null);
}

/** Results of a one-to-many batch lookup in key order, [] where a key found nothing. */
export function groupByKey<K, T>(keys: readonly K[], records: readonly T[], keyOf: (record: T) => K): T[][] {
  const byKey = new Map<K, T[]>();
  for (const record of records) {
    const key = keyOf(record);
    const group = byKey.get(key);
    if (group) group.push(record);
    else byKey.set(key, [record]);
  }
  return keys.map((key) => byKey.get(key) ?? []);
}
