import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { sideBySide } from '$lib/evidence';
import SideBySide from './SideBySide.svelte';
import StatusBanner from './StatusBanner.svelte';
import ToolCard from './ToolCard.svelte';

// Components rendered on the server (svelte/server), as the first paint of a page.
describe('components', () => {
  it('StatusBanner states the verdict in words and keeps the machine status for tests and styles', () => {
    const { body } = render(StatusBanner, {
      props: { status: 'ISSUE_IN_SOURCE', summary: 'The SIS links them.', source: { sisProvider: 'oneroster' } },
    });
    expect(body).toContain('Issue exists in source data (OneRoster)');
    expect(body).toContain('data-status="ISSUE_IN_SOURCE"');
    expect(body).toContain('The SIS links them.');
    expect(body).toMatch(/class="banner danger/);
  });

  it('SideBySide highlights exactly the rows that differ', () => {
    const groups = sideBySide({
      source: [{ students: [{ sourcedId: 's1', givenName: 'Ana', familyName: 'Lopez', grade: '05' }] }],
      bookmarked: [{ students: [{ sourcedId: 's1', givenName: 'ANA', familyName: 'Lopez', grade: '06' }] }],
    });
    const { body } = render(SideBySide, { props: { groups, source: { sisProvider: 'classlink' } } });
    expect(body.match(/data-testid="diff-row"/g)).toHaveLength(1);
    expect(body).toMatch(/<tr data-testid="diff-row" data-field="grade" class="[^"]*\bdiff\b[^"]*">/);
    expect(body).toContain('SIS (ClassLink)');
    expect(body).toContain('1 field differs');
  });

  it('ToolCard is a link only with a district and when the tool can run', () => {
    const tool = {
      name: 'studentSearch',
      title: 'Student Search',
      description: 'Finds a student.',
      icon: 'search',
      availability: { available: true, reason: null },
    };
    expect(render(ToolCard, { props: { tool, href: '/tools/studentSearch?district=1', hasDistrict: true } }).body).toMatch(
      /<a class="tool-card[^"]*" href="\/tools\/studentSearch\?district=1"/,
    );
    const none = render(ToolCard, { props: { tool, href: '/x', hasDistrict: false } }).body;
    expect(none).toContain('aria-disabled="true"');
    expect(none).toContain('Choose a district');
    const broken = render(ToolCard, {
      props: {
        tool: { ...tool, availability: { available: false, reason: 'No settings file.' } },
        href: '/x',
        hasDistrict: true,
      },
    }).body;
    expect(broken).toContain('Unavailable');
    expect(broken).toContain('No settings file.');
  });
});
