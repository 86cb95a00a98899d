import type { BookmarkedEnvironment } from '../../connectors/bookmarked/database';
import { builder } from '../builder';

export const EnvironmentEnum = builder.enumType('Environment', {
  description: 'Which Bookmarked platform database to read.',
  values: {
    STAGING: { value: 'staging' as const },
    PRODUCTION: { value: 'production' as const },
  },
});

export const SystemEnum = builder.enumType('System', {
  description: 'Which system a record or a fault belongs to.',
  values: {
    SOURCE: { value: 'SOURCE' as const, description: "The district's SIS (OneRoster / ClassLink data)." },
    BOOKMARKED: { value: 'BOOKMARKED' as const, description: 'The Bookmarked platform database.' },
  },
});

export const toEnvironmentName = (environment: BookmarkedEnvironment) => environment.toUpperCase();
