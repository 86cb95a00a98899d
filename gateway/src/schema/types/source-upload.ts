import type { SourceUploadRecord, UploadOutcome, UploadProblem } from '../../services/source-uploads';
import { builder } from '../builder';

/**
 * Uploaded OneRoster bundles: an engineer uploads a district's zip (GraphQL multipart request),
 * it is validated, stored, and is the district's source until replaced or removed.
 */

const SourceUploadStatusEnum = builder.enumType('SourceUploadStatus', {
  values: {
    CURRENT: { description: "The district's source now." },
    REPLACED: { description: 'A newer upload took its place; its file is deleted.' },
    REMOVED: { description: "Removed: the settings' source applies again; its file is deleted." },
  } as const,
});

const SourceUploadFileCountRef = builder.objectRef<{ file: string; rows: number }>('SourceUploadFileCount').implement({
  fields: (t) => ({
    file: t.exposeString('file', { description: 'A CSV file of the bundle, e.g. users.csv.' }),
    rows: t.exposeInt('rows', { description: 'Data rows read, deleted rows included.' }),
  }),
});

const SourceUploadRef = builder.objectRef<SourceUploadRecord>('SourceUpload');
SourceUploadRef.implement({
  description: 'A OneRoster bundle uploaded for a district, with who uploaded it and when.',
  fields: (t) => ({
    id: t.exposeID('id'),
    districtId: t.exposeID('districtId'),
    customerId: t.exposeString('customerId'),
    fileName: t.exposeString('fileName', { description: 'The name the file was uploaded with.' }),
    sizeBytes: t.exposeFloat('sizeBytes'),
    sha256: t.exposeString('sha256', { description: 'SHA-256 of the zip, hex.' }),
    oneRosterVersion: t.exposeString('oneRosterVersion', { description: '1.1 or 1.2, as the bundle says.' }),
    recordCounts: t.field({
      type: [SourceUploadFileCountRef],
      resolve: (upload) => Object.entries(upload.recordCounts).map(([file, rows]) => ({ file, rows })),
    }),
    warningCount: t.exposeInt('warningCount', { description: 'Problems that did not stop the bundle from loading.' }),
    uploadedBy: t.string({ resolve: (upload) => upload.uploadedBy.name ?? upload.uploadedBy.id }),
    uploadedAt: t.exposeString('uploadedAt'),
    status: t.field({ type: SourceUploadStatusEnum, resolve: (upload) => upload.status }),
    replacedAt: t.exposeString('replacedAt', { nullable: true }),
    removedAt: t.exposeString('removedAt', { nullable: true }),
    removedBy: t.string({ nullable: true, resolve: (upload) => upload.removedBy?.name ?? upload.removedBy?.id ?? null }),
  }),
});

const SourceUploadProblemRef = builder.objectRef<UploadProblem>('SourceUploadProblem').implement({
  description: 'Why an upload was refused, and where in the bundle.',
  fields: (t) => ({
    file: t.exposeString('file', { nullable: true, description: 'The zip, or the CSV file inside it.' }),
    line: t.exposeInt('line', { nullable: true }),
    column: t.exposeInt('column', { nullable: true }),
    message: t.exposeString('message'),
  }),
});

const SourceUploadResultRef = builder.objectRef<UploadOutcome>('SourceUploadResult').implement({
  description: 'An accepted upload (ok, upload) or a refused one (problems; nothing was stored).',
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    upload: t.field({ type: SourceUploadRef, nullable: true, resolve: (result) => (result.ok ? result.upload : null) }),
    replaced: t.field({
      type: SourceUploadRef,
      nullable: true,
      description: 'The upload this one replaced, if any.',
      resolve: (result) => (result.ok ? result.replaced : null),
    }),
    problems: t.field({ type: [SourceUploadProblemRef], resolve: (result) => (result.ok ? [] : result.problems) }),
  }),
});

const actorOf = (viewer: { id: string; name: string; kind: 'token' | 'session' }) => ({
  id: viewer.id,
  name: viewer.name,
  kind: viewer.kind,
});

builder.queryFields((t) => ({
  sourceUploads: t.field({
    type: [SourceUploadRef],
    description: "A district's uploaded bundles, newest first: the current one (status CURRENT), then replaced and removed ones.",
    args: {
      districtId: t.arg.id({ required: true }),
      first: t.arg.int({ required: false, description: 'At most 100 (the default).' }),
    },
    resolve: (_root, { districtId, first }, context) => context.services.uploads.list({ districtId: String(districtId), first }),
  }),
}));

builder.mutationFields((t) => ({
  uploadSourceBundle: t.field({
    type: SourceUploadResultRef,
    description:
      "Uploads a OneRoster CSV bundle (.zip) for a customer's district (name the district or the customer). It is validated (errors name the file, line and column; a refused upload stores nothing) and becomes the district's source until replaced or removed. Send it as a GraphQL multipart request. Support or admin; audited.",
    authScopes: { role: 'support' },
    args: {
      districtId: t.arg.id({ required: false }),
      customerId: t.arg.string({ required: false }),
      file: t.arg({ type: 'File', required: true }),
    },
    resolve: (_root, { districtId, customerId, file }, context) =>
      context.services.uploads.upload({
        districtId: districtId == null ? null : String(districtId),
        customerId,
        file,
        actor: actorOf(context.viewer),
        requestId: context.requestId,
      }),
  }),
  removeSourceUpload: t.field({
    type: SourceUploadRef,
    nullable: true,
    description:
      "Stops using the district's current upload: its settings' source applies again. The history keeps the upload. Null when there was none. Support or admin; audited.",
    authScopes: { role: 'support' },
    args: { districtId: t.arg.id({ required: true }) },
    resolve: (_root, { districtId }, context) =>
      context.services.uploads.remove({
        districtId: String(districtId),
        actor: actorOf(context.viewer),
        requestId: context.requestId,
      }),
  }),
}));
