import { BusinessRuleError } from '../../../seedwork/domain/index.js';
import { CAMPAIGN_CHANNELS, type CampaignChannel } from '../../../src/campaigns/domain/campaign-state.js';
import { UnknownTemplateVariablesError } from '../../../src/dispatch/domain/dispatch-errors.js';
import {
  checkTemplateVariables,
  renderTemplate,
  unknownVariables,
  variablesOf,
  type TemplateMember,
} from '../../../src/dispatch/domain/script-template.js';

const ANA: TemplateMember = {
  firstName: 'Ana',
  lastName: 'Pérez',
  email: 'ana@example.com',
  phone: '+573001234567',
  region: 'andina',
  customFields: { specialty: 'anesthesiology', budget: 120000, vip: true },
};
const member = (overrides: Partial<TemplateMember>): TemplateMember => ({ ...ANA, ...overrides });

describe('Template variables', () => {
  it.each([
    ['Hola {{firstName}}', ['firstName']],
    ['Hola {{ firstName }} {{lastName}}', ['firstName', 'lastName']],
    ['{{\tcustomFields.specialty\n}}', ['customFields.specialty']],
    ['{{firstName}} y {{ firstName }} otra vez', ['firstName']],
    ['Sin variables', []],
    ['{{FirstName}} {{customFields}} {{}}', ['FirstName', 'customFields', '']],
    ['{{firstName} y {firstName}} no son variables', []],
    ['{{{firstName}}}', ['firstName']],
  ])('%j names %j', (template, variables) => {
    expect(variablesOf(template)).toEqual(variables);
  });

  it.each([
    ['Hola {{firstName}} {{lastName}} ({{email}}, {{phone}}, {{region}})', []],
    ['{{customFields.specialty}} {{ customFields._budget2 }}', []],
    ['{{FirstName}}', ['FirstName']], // names are case-sensitive
    ['{{name}} {{firstName}} {{budget}}', ['name', 'budget']],
    ['{{customFields}} {{customFields.}} {{customFields.2x}} {{customFields.a.b}}', ['customFields', 'customFields.', 'customFields.2x', 'customFields.a.b']],
    ['{{customFields.__proto__}}', ['customFields.__proto__']],
    ['{{score}} {{stage}} {{consent}}', ['score', 'stage', 'consent']],
    ['{{ }}', ['']],
  ])('%j: unknown %j', (template, unknown) => {
    expect(unknownVariables(template)).toEqual(unknown);
  });

  it('answers 409 on activation, naming every unknown variable', () => {
    expect(() => checkTemplateVariables('Hola {{firstName}}')).not.toThrow();
    let thrown: unknown;
    try {
      checkTemplateVariables('Hola {{nombre}}, tu {{customFields.plan}} y {{ saldo }}');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnknownTemplateVariablesError);
    expect(thrown).toBeInstanceOf(BusinessRuleError);
    expect(thrown).toMatchObject({ kind: 'conflict', variables: ['nombre', 'saldo'] });
    expect((thrown as Error).message).toContain('{{nombre}}, {{saldo}}');
  });
});

describe('Rendering per member', () => {
  it.each([
    ['Hola {{firstName}} {{lastName}}', ANA, 'Hola Ana Pérez'],
    ['Hola {{ firstName }}!', ANA, 'Hola Ana!'],
    ['{{customFields.specialty}}: {{customFields.budget}} ({{customFields.vip}})', ANA, 'anesthesiology: 120000 (true)'],
    ['{{email}} / {{phone}} / {{region}}', ANA, 'ana@example.com / +573001234567 / andina'],
    // Missing values render as the empty string.
    ['Hola {{firstName}}.', member({ firstName: '' }), 'Hola .'],
    ['[{{email}}][{{region}}]', member({ email: null, region: null }), '[][]'],
    ['[{{customFields.missing}}]', ANA, '[]'],
    ['[{{customFields.__proto__}}]', ANA, '[]'],
    ['[{{customFields.toString}}]', ANA, '[]'], // inherited properties are not custom fields
    ['[{{nombre}}]', ANA, '[]'],
    ['{{customFields.zero}} {{customFields.no}}', member({ customFields: { zero: 0, no: false } }), '0 false'],
    ['Texto {{firstName', ANA, 'Texto {{firstName'],
  ])('%j for %j → %j (sms)', (template, who, text) => {
    expect(renderTemplate(template, who, 'sms')).toBe(text);
  });

  it('leaves a value that looks like a variable alone (no second pass)', () => {
    expect(renderTemplate('Hola {{firstName}}', member({ firstName: '{{lastName}}' }), 'sms')).toBe('Hola {{lastName}}');
  });
});

describe('Escaping per channel', () => {
  const injection = member({ firstName: '</Say><Hangup/>', lastName: `<script>alert("x")</script> & 'co'` });
  const template = 'Hola {{firstName}} {{lastName}} & Smith <3';

  it.each<[CampaignChannel, string]>([
    ['call', 'Hola &lt;/Say&gt;&lt;Hangup/&gt; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;co&apos; &amp; Smith &lt;3'],
    ['email', 'Hola &lt;/Say&gt;&lt;Hangup/&gt; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39; &amp; Smith &lt;3'],
    ['sms', `Hola </Say><Hangup/> <script>alert("x")</script> & 'co' & Smith <3`],
    ['whatsapp', `Hola </Say><Hangup/> <script>alert("x")</script> & 'co' & Smith <3`],
    ['telegram', `Hola </Say><Hangup/> <script>alert("x")</script> & 'co' & Smith <3`],
  ])('%s', (channel, text) => {
    expect(renderTemplate(template, injection, channel)).toBe(text);
  });

  it('has an escaping for every channel', () => {
    for (const channel of CAMPAIGN_CHANNELS) expect(typeof renderTemplate('x', ANA, channel)).toBe('string');
  });

  it('keeps a call script well-formed XML inside <Say>, whatever the member holds', () => {
    const hostile = member({
      firstName: ']]><Dial>+15550100</Dial><![CDATA[',
      lastName: '\u0000\u0007\u001b\uFFFE\uD800 "quoted" \u00e9\u{1F600}',
    });
    const text = renderTemplate('{{firstName}} {{lastName}}', hostile, 'call');
    expect(text).toBe(']]&gt;&lt;Dial&gt;+15550100&lt;/Dial&gt;&lt;![CDATA[  &quot;quoted&quot; é😀');
    expect(text).not.toMatch(/[<>]/);
    // Control characters XML 1.0 cannot carry are gone; tabs and new lines stay.
    expect(renderTemplate('{{firstName}}', member({ firstName: 'a\tb\nc\rd' }), 'call')).toBe('a\tb\nc\rd');
  });

  it('does not double-escape the template or the values', () => {
    expect(renderTemplate('&amp; {{firstName}}', member({ firstName: '&lt;' }), 'email')).toBe('&amp;amp; &amp;lt;');
  });
});
