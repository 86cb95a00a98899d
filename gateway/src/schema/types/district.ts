import type { BookmarkedEnvironment } from '../../connectors/bookmarked/database';
import type { DistrictRecord } from '../../domain/roster';
import { defaultEnvironment, findDistrict, MAX_DISTRICTS_PER_SEARCH, searchDistricts } from '../../services/districts';
import type { CustomerSettings } from '../../settings/customer-settings-schema';
import { resolveSourcePlan } from '../../settings/source-plan';
import { builder } from '../builder';
import { EnvironmentEnum } from './enums';
import { RosterViewRef } from './roster-view';

export interface DistrictModel {
  record: DistrictRecord;
  environment: BookmarkedEnvironment;
}

export const CustomerRef = builder.objectRef<CustomerSettings>('Customer');

CustomerRef.implement({
  description: "The district's integration settings (customer-integration-settings/), without secrets.",
  fields: (t) => ({
    customerId: t.exposeString('customerId'),
    customerName: t.exposeString('customerName', { nullable: true }),
    districtName: t.exposeString('districtName', { nullable: true }),
    environment: t.field({ type: EnvironmentEnum, nullable: true, resolve: (c) => c.oneshelfEnvironment }),
    active: t.exposeBoolean('active'),
    sourceKind: t.string({
      description: 'Where the source side is read from: upload, csv, ftp, oneroster-api, classlink or none.',
      resolve: (c) => resolveSourcePlan(c).kind,
    }),
  }),
});

export const DistrictRef = builder.objectRef<DistrictModel>('District');

DistrictRef.implement({
  description: 'A Bookmarked district, with its roster from the SIS (source) and from Bookmarked side by side.',
  // A production district is production data, however it was reached (a default environment, a search).
  authScopes: (district) => ({ environment: district.environment }),
  fields: (t) => ({
    id: t.id({ resolve: (d) => d.record.id }),
    name: t.string({ resolve: (d) => d.record.name }),
    state: t.string({ nullable: true, resolve: (d) => d.record.state }),
    sisProvider: t.string({ resolve: (d) => d.record.sisProvider }),
    environment: t.field({ type: EnvironmentEnum, resolve: (d) => d.environment }),
    customer: t.field({
      type: CustomerRef,
      nullable: true,
      description: 'Null when no settings file describes this district.',
      resolve: (d, _args, ctx) => ctx.services.settings.byDistrictId(d.record.id),
    }),
    source: t.field({
      type: RosterViewRef,
      nullable: true,
      description:
        "The district's roster as its SIS has it (OneRoster terms). Null, with an error, when the source cannot be read.",
      resolve: (d, _args, ctx) => ctx.rosters.view({ district: d.record, environment: d.environment, system: 'SOURCE' }),
    }),
    bookmarked: t.field({
      type: RosterViewRef,
      nullable: true,
      description: 'The district as the Bookmarked platform database has it (read-only).',
      resolve: (d, _args, ctx) => ctx.rosters.view({ district: d.record, environment: d.environment, system: 'BOOKMARKED' }),
    }),
  }),
});

const DistrictSearchResultRef = builder
  .objectRef<{ districts: DistrictModel[]; totalCount: number }>('DistrictSearchResult')
  .implement({
    fields: (t) => ({
      nodes: t.field({ type: [DistrictRef], resolve: (r) => r.districts }),
      totalCount: t.exposeInt('totalCount', { description: 'All matches, including those beyond `first`.' }),
    }),
  });

builder.queryFields((t) => ({
  district: t.field({
    type: DistrictRef,
    nullable: true,
    description:
      "A district by its Bookmarked id. `environment` defaults to the customer's settings, else STAGING. PRODUCTION needs the support role (and, for web sessions, a recent step-up).",
    args: {
      id: t.arg.id({ required: true }),
      environment: t.arg({ type: EnvironmentEnum, required: false }),
    },
    // Refused before any read when production is asked for; a default environment is checked on District.
    authScopes: (_root, args) => (args.environment ? { environment: args.environment } : true),
    resolve: async (_root, args, ctx) => {
      const id = String(args.id);
      const environment = args.environment ?? (await defaultEnvironment(ctx.services, id));
      const record = await findDistrict(ctx.services, { id, environment });
      return record ? { record, environment } : null;
    },
  }),
  districts: t.field({
    type: DistrictSearchResultRef,
    description: `Bookmarked districts whose name contains, or whose id starts with, the search; at most \`first\` (max ${MAX_DISTRICTS_PER_SEARCH}).`,
    args: {
      search: t.arg.string({ required: false, defaultValue: '' }),
      environment: t.arg({ type: EnvironmentEnum, required: true }),
      first: t.arg.int({ required: false, defaultValue: 20 }),
    },
    authScopes: (_root, args) => ({ environment: args.environment }),
    resolve: async (_root, args, ctx) => {
      const result = await searchDistricts(ctx.services, {
        search: args.search ?? '',
        environment: args.environment,
        first: args.first ?? 20,
      });
      return {
        totalCount: result.totalCount,
        districts: result.districts.map((record) => ({ record, environment: args.environment })),
      };
    },
  }),
}));
