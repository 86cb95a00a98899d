import type { ChangedRecord, FieldChange } from '../../diagnostics/compare/diff-records';
import { type ComparisonRunModel, comparisonRequest, runComparison, summarizeDiff } from '../../diagnostics/compare/run-compare';
import {
  createSavedComparison,
  deleteSavedComparison,
  listSavedComparisons,
  parseSavedComparisonFields,
  type SavedComparison,
  savedComparisonById,
  updateSavedComparison,
} from '../../diagnostics/compare/saved-comparisons';
import { assertReadOnlyDocument } from '../../diagnostics/execute-document';
import { NotFoundError } from '../../errors';
import { builder } from '../builder';
import { RunActorRef } from './diagnostic';
import { EnvironmentEnum } from './enums';

/**
 * Ad-hoc comparisons: run a read-only document, pick two record lists from its answer, join
 * them by a key and compare chosen fields. Saved comparisons keep the recipe.
 */

const DiffNormalizationEnum = builder.enumType('DiffNormalization', {
  values: {
    EXACT: { description: 'Values compare as they are.' },
    MATCHING: { description: "Strings compare with the rule book's normalisation: case, accents and spaces are ignored." },
  } as const,
});

const FieldChangeRef = builder.objectRef<FieldChange>('FieldChange');
FieldChangeRef.implement({
  fields: (t) => ({
    field: t.exposeString('field'),
    left: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.left }),
    right: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.right }),
  }),
});

const ChangedRecordRef = builder.objectRef<ChangedRecord>('ChangedRecord');
ChangedRecordRef.implement({
  fields: (t) => ({
    key: t.exposeString('key'),
    left: t.field({ type: 'JSON', resolve: (c) => c.left }),
    right: t.field({ type: 'JSON', resolve: (c) => c.right }),
    changes: t.field({ type: [FieldChangeRef], resolve: (c) => c.changes }),
  }),
});

const FieldChangeCountRef = builder.objectRef<{ field: string; count: number }>('FieldChangeCount');
FieldChangeCountRef.implement({
  fields: (t) => ({ field: t.exposeString('field'), count: t.exposeInt('count') }),
});

const SavedComparisonRefLite = builder.objectRef<{ id: string; name: string }>('SavedComparisonReference');
SavedComparisonRefLite.implement({
  fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name') }),
});

export const ComparisonRunRef = builder.objectRef<ComparisonRunModel>('ComparisonRun');
ComparisonRunRef.implement({
  description: 'The answer of an ad-hoc comparison. Lists hold at most `limit` records each; the counts are complete.',
  fields: (t) => ({
    id: t.exposeID('id'),
    recorded: t.exposeBoolean('recorded'),
    summary: t.string({ resolve: (run) => summarizeDiff(run) }),
    document: t.string({ resolve: (run) => run.request.document }),
    variables: t.field({ type: 'JSON', resolve: (run) => run.request.variables }),
    leftPath: t.string({ resolve: (run) => run.request.leftPath }),
    rightPath: t.string({ resolve: (run) => run.request.rightPath }),
    keyField: t.string({ resolve: (run) => run.request.keyField }),
    fields: t.stringList({ resolve: (run) => run.request.fields }),
    normalization: t.field({ type: DiffNormalizationEnum, resolve: (run) => run.request.normalization }),
    savedComparison: t.field({ type: SavedComparisonRefLite, nullable: true, resolve: (run) => run.request.savedComparison }),
    districtId: t.exposeID('districtId', {
      nullable: true,
      description: 'The `districtId` variable, when the document has one.',
    }),
    environment: t.field({
      type: EnvironmentEnum,
      nullable: true,
      resolve: (run) => run.environment as 'staging' | 'production' | null,
    }),
    leftCount: t.exposeInt('leftCount'),
    rightCount: t.exposeInt('rightCount'),
    onlyLeft: t.field({ type: ['JSON'], resolve: (run) => run.onlyLeft }),
    onlyLeftCount: t.exposeInt('onlyLeftCount'),
    onlyRight: t.field({ type: ['JSON'], resolve: (run) => run.onlyRight }),
    onlyRightCount: t.exposeInt('onlyRightCount'),
    changed: t.field({ type: [ChangedRecordRef], resolve: (run) => run.changed }),
    changedCount: t.exposeInt('changedCount'),
    identicalCount: t.exposeInt('identicalCount'),
    fieldChangeCounts: t.field({ type: [FieldChangeCountRef], resolve: (run) => run.fieldChangeCounts }),
    unkeyedLeft: t.int({ description: 'Left records without a key value (not compared).', resolve: (run) => run.unkeyed.left }),
    unkeyedRight: t.int({ resolve: (run) => run.unkeyed.right }),
    duplicateKeysLeft: t.stringList({
      description: 'Keys several left records share (the first few); only the first is compared.',
      resolve: (run) => run.duplicateKeys.left,
    }),
    duplicateKeysRight: t.stringList({ resolve: (run) => run.duplicateKeys.right }),
    durationMs: t.exposeInt('durationMs'),
    queryDurationMs: t.exposeInt('queryDurationMs'),
    createdAt: t.exposeString('createdAt'),
    actor: t.field({ type: RunActorRef, resolve: (run) => run.actor }),
  }),
});

export const SavedComparisonRef = builder.objectRef<SavedComparison>('SavedComparison');
SavedComparisonRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    document: t.exposeString('document'),
    variables: t.field({ type: 'JSON', resolve: (s) => s.variables }),
    leftPath: t.exposeString('leftPath'),
    rightPath: t.exposeString('rightPath'),
    keyField: t.exposeString('keyField'),
    fields: t.exposeStringList('fields'),
    ownerId: t.id({ resolve: (s) => s.owner.id }),
    ownerName: t.string({ resolve: (s) => s.owner.name }),
    createdAt: t.exposeString('createdAt'),
    updatedAt: t.exposeString('updatedAt'),
  }),
});

const CompareInput = builder.inputType('CompareInput', {
  fields: (t) => ({
    document: t.string({ required: true, description: 'A read-only GraphQL document over this gateway (queries only).' }),
    variables: t.field({ type: 'JSON', required: false }),
    operationName: t.string({ required: false }),
    leftPath: t.string({ required: true, description: 'Dotted path to the left records, e.g. district.source.students.' }),
    rightPath: t.string({ required: true, description: 'Dotted path to the right records, e.g. district.bookmarked.students.' }),
    keyField: t.string({
      required: true,
      description: 'The field records are joined by, e.g. sourcedId (dotted paths allowed).',
    }),
    fields: t.stringList({ required: true, description: 'The fields compared (dotted paths allowed).' }),
    normalization: t.field({ type: DiffNormalizationEnum, required: false, defaultValue: 'EXACT' }),
    limit: t.int({ required: false, description: 'Records listed per kind of difference (default 1,000, at most 10,000).' }),
    ticketId: t.string({ required: false }),
  }),
});

const SavedComparisonInput = builder.inputType('SavedComparisonInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string({ required: false }),
    document: t.string({ required: true }),
    variables: t.field({ type: 'JSON', required: false }),
    leftPath: t.string({ required: true }),
    rightPath: t.string({ required: true }),
    keyField: t.string({ required: true }),
    fields: t.stringList({ required: true }),
  }),
});

builder.mutationFields((t) => ({
  compare: t.field({
    type: ComparisonRunRef,
    description:
      'Runs a read-only document and compares two record lists of its answer. Recorded in the run history. Production fields in the document need the support role (and, for web sessions, a recent step-up).',
    args: { input: t.arg({ type: CompareInput, required: true }) },
    resolve: (_root, { input }, context, info) =>
      runComparison({
        request: comparisonRequest({ ...input, normalization: input.normalization ?? 'EXACT' }),
        context,
        schema: info.schema,
      }),
  }),
  runSavedComparison: t.field({
    type: ComparisonRunRef,
    description: 'Runs a saved comparison; `variables` are merged over the saved ones (e.g. another districtId).',
    args: {
      id: t.arg.id({ required: true }),
      variables: t.arg({ type: 'JSON', required: false }),
      limit: t.arg.int({ required: false }),
      ticketId: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, context, info) => {
      const saved = await savedComparisonById(context.services.appDatabase, String(args.id));
      if (!saved) throw new NotFoundError(`No saved comparison has id "${args.id}".`, { id: String(args.id) });
      const overrides = args.variables && typeof args.variables === 'object' ? (args.variables as Record<string, unknown>) : {};
      return runComparison({
        request: comparisonRequest({
          ...saved,
          variables: { ...saved.variables, ...overrides },
          limit: args.limit,
          ticketId: args.ticketId,
          savedComparison: { id: saved.id, name: saved.name },
        }),
        context,
        schema: info.schema,
      });
    },
  }),
  createSavedComparison: t.field({
    type: SavedComparisonRef,
    authScopes: { role: 'support' },
    args: { input: t.arg({ type: SavedComparisonInput, required: true }) },
    resolve: (_root, { input }, context) => {
      const fields = parseSavedComparisonFields(input);
      assertReadOnlyDocument(fields.document);
      return createSavedComparison(context.services.appDatabase, { fields, owner: context.viewer });
    },
  }),
  updateSavedComparison: t.field({
    type: SavedComparisonRef,
    authScopes: { role: 'support' },
    description: 'Replaces a saved comparison (its owner or an admin only).',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: SavedComparisonInput, required: true }) },
    resolve: (_root, { id, input }, context) => {
      const fields = parseSavedComparisonFields(input);
      assertReadOnlyDocument(fields.document);
      return updateSavedComparison(context.services.appDatabase, { id: String(id), fields, viewer: context.viewer });
    },
  }),
  deleteSavedComparison: t.field({
    type: SavedComparisonRef,
    authScopes: { role: 'support' },
    description: 'Deletes a saved comparison (its owner or an admin only) and returns what it was.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, context) =>
      deleteSavedComparison(context.services.appDatabase, { id: String(id), viewer: context.viewer }),
  }),
}));

builder.queryFields((t) => ({
  savedComparisons: t.field({
    type: [SavedComparisonRef],
    args: {
      search: t.arg.string({ required: false, description: 'Part of the name.' }),
      mine: t.arg.boolean({ required: false, defaultValue: false, description: 'Only those the viewer owns.' }),
    },
    resolve: (_root, args, context) =>
      listSavedComparisons(context.services.appDatabase, { search: args.search, ownerId: args.mine ? context.viewer.id : null }),
  }),
  savedComparison: t.field({
    type: SavedComparisonRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => savedComparisonById(context.services.appDatabase, String(args.id)),
  }),
}));
