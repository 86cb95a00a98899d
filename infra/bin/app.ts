import { createApp } from '../lib/app';
import { SettingsError } from '../lib/settings';

// `cdk synth` / `cdk deploy` run this (cdk.json "app"). Context comes from the CLI.
try {
  createApp().app.synth();
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  console.error(error.message);
  process.exit(1);
}
