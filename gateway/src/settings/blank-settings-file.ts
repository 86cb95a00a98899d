/**
 * A settings file in the contract's format (customer-settings.example.json) with every section
 * present, only the OneRoster CSV source switched on, and nothing filled in: the web app's
 * "new customer" form and the demo's generated files start from it. Pure: the web bundles it.
 */
export function blankSettingsFile() {
  return {
    customer_id: '',
    customer_name: '',
    district_name: '',
    integration_type: 'OneRoster',
    classlink: {
      enabled: false,
      tenant_id: '',
      oauth_credentials: '',
      mode: 'direct',
      api_url: '',
      client_id: '',
      client_secret: '',
    },
    oneroster: {
      enabled: true,
      version: '1.1',
      api_url: '',
      auth: 'oauth1',
      client_id: '',
      client_secret: '',
      token_url: '',
      api_key: '',
      csv_upload: true,
      csv_path: '',
    },
    ftp: { enabled: false, host: '', port: 21, username: '', password: '', path: '', secure: false },
    oneshelf_environment: 'staging',
    bookmarked_org_id: '',
    active: true,
    notes: '',
  };
}
