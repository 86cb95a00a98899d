import {
  customerSettings,
  customerSettingsProblems,
  type ImportOutcome,
  importCustomerSettingsFiles,
  listCustomerSettings,
  type SaveOutcome,
  type SettingsProblem,
  saveCustomerSettingsFile,
  settingsFileName,
  settingsFileOf,
  sourceKindOf,
} from '../../services/customer-settings';
import type { CustomerSettings } from '../../settings/customer-settings-schema';
import { builder } from '../builder';
import { EnvironmentEnum } from './enums';

/**
 * Customer settings files (customer-integration-settings/): read by support and admins,
 * written by admins, every write audited. Secret fields are references (env:, aws-sm:,
 * vault:), never values: the schema refuses a plain secret, so none is ever stored or shown.
 */

export const CustomerSettingsRef = builder.objectRef<CustomerSettings>('CustomerSettings');
CustomerSettingsRef.implement({
  description: "One customer's integration settings file. Secret fields are references (env:, aws-sm:, vault:), never values.",
  fields: (t) => ({
    customerId: t.exposeString('customerId'),
    customerName: t.exposeString('customerName', { nullable: true }),
    districtName: t.exposeString('districtName', { nullable: true }),
    integrationType: t.exposeString('integrationType', { nullable: true }),
    environment: t.field({
      type: EnvironmentEnum,
      nullable: true,
      description: 'oneshelf_environment: where the customer lives (the default when a tool runs for the district).',
      resolve: (c) => c.oneshelfEnvironment,
    }),
    bookmarkedOrgId: t.exposeID('bookmarkedOrgId', { nullable: true, description: 'The Bookmarked district id.' }),
    active: t.exposeBoolean('active'),
    sourceKind: t.string({
      description: 'upload, csv, ftp, oneroster-api, classlink or none (source-plan.ts).',
      resolve: (c) => sourceKindOf(c),
    }),
    fileName: t.string({ description: 'The file in the settings folder, e.g. lakeside-isd.json.', resolve: settingsFileName }),
    file: t.field({
      type: 'JSON',
      description: "The file as written (snake_case, the contract's format). Secret fields hold references only.",
      resolve: settingsFileOf,
    }),
  }),
});

export const SettingsProblemRef = builder.objectRef<SettingsProblem>('SettingsProblem').implement({
  description: 'One thing wrong with a settings file.',
  fields: (t) => ({
    file: t.exposeString('file'),
    field: t.exposeString('field', {
      nullable: true,
      description: 'Dotted path, e.g. ftp.port; null when the file as a whole is wrong.',
    }),
    message: t.exposeString('message', { description: 'What was expected and what was found.' }),
  }),
});

const SaveCustomerSettingsResultRef = builder.objectRef<SaveOutcome>('SaveCustomerSettingsResult').implement({
  fields: (t) => ({
    ok: t.exposeBoolean('ok', { description: 'True when the file is valid (and, unless dryRun, written).' }),
    problems: t.field({ type: [SettingsProblemRef], resolve: (r) => r.problems }),
    settings: t.field({
      type: CustomerSettingsRef,
      nullable: true,
      description: 'The settings as saved (or as they would be, for a dry run).',
      resolve: (r) => r.settings,
    }),
  }),
});

const ImportCustomerSettingsResultRef = builder.objectRef<ImportOutcome>('ImportCustomerSettingsResult').implement({
  fields: (t) => ({
    ok: t.exposeBoolean('ok', { description: 'True when every file is valid (and, unless dryRun, all were written).' }),
    problems: t.field({ type: [SettingsProblemRef], resolve: (r) => r.problems }),
    saved: t.field({
      type: [CustomerSettingsRef],
      description: 'Every file saved (or, for a dry run, that would be); empty when one failed.',
      resolve: (r) => r.saved,
    }),
  }),
});

const SaveCustomerSettingsInput = builder.inputType('SaveCustomerSettingsInput', {
  fields: (t) => ({
    file: t.field({ type: 'JSON', required: true, description: "One settings file in the contract's format." }),
    fileName: t.string({
      required: false,
      description: "Defaults to the customer's current file, else <customer_id>.json.",
    }),
    dryRun: t.boolean({
      required: false,
      defaultValue: false,
      description: 'Validate only (the loader’s checks and id conflicts); write nothing.',
    }),
  }),
});

builder.queryFields((t) => ({
  customers: t.field({
    type: [CustomerSettingsRef],
    description: 'Every customer settings file that loads (support and admins). Secret fields are references, never values.',
    authScopes: { role: 'support' },
    resolve: (_root, _args, context) => listCustomerSettings(context),
  }),
  customerSettings: t.field({
    type: CustomerSettingsRef,
    nullable: true,
    description: 'One customer by customer_id; null when no file has it (support and admins).',
    authScopes: { role: 'support' },
    args: { customerId: t.arg.string({ required: true }) },
    resolve: (_root, { customerId }, context) => customerSettings(context, customerId),
  }),
  customerSettingsProblems: t.field({
    type: [SettingsProblemRef],
    description: 'Files in the settings folder that do not load, with the field and the problem (support and admins).',
    authScopes: { role: 'support' },
    resolve: (_root, _args, context) => customerSettingsProblems(context),
  }),
}));

builder.mutationFields((t) => ({
  saveCustomerSettings: t.field({
    type: SaveCustomerSettingsResultRef,
    description:
      'Validates one settings file (the loader’s checks, then id conflicts) and writes it atomically, keeping the previous version as .bak. Invalid files come back as problems and nothing is written. Admins; audited.',
    authScopes: { role: 'admin' },
    args: { input: t.arg({ type: SaveCustomerSettingsInput, required: true }) },
    resolve: (_root, { input }, context) =>
      saveCustomerSettingsFile({ context, file: input.file, fileName: input.fileName, dryRun: input.dryRun }),
  }),
  importCustomerSettings: t.field({
    type: ImportCustomerSettingsResultRef,
    description:
      'Imports settings files (a list, or an export { "customers": [...] }): all are validated first and nothing is written when one fails. Admins; audited.',
    authScopes: { role: 'admin' },
    args: {
      files: t.arg({ type: 'JSON', required: true }),
      dryRun: t.arg.boolean({ required: false, defaultValue: false }),
    },
    resolve: (_root, { files, dryRun }, context) => importCustomerSettingsFiles({ context, files, dryRun }),
  }),
}));
