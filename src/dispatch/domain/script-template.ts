import type { CustomFieldValue, LeadContactFields } from '../../audience/domain/lead-state.js';
import type { CampaignChannel } from '../../campaigns/domain/campaign-state.js';
import { UnknownTemplateVariablesError } from './dispatch-errors.js';

/** Lead fields a template may name, besides `customFields.<name>`. */
export const TEMPLATE_LEAD_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'region'] as const;
export type TemplateLeadField = (typeof TEMPLATE_LEAD_FIELDS)[number];

/** What a template reads from an audience member (a lead). */
export type TemplateMember = Pick<LeadContactFields, TemplateLeadField | 'customFields'>;

/** `{{ name }}`: anything but braces between double braces; the name is trimmed. */
const VARIABLE = /\{\{([^{}]*)\}\}/g;
/** The key rule of custom fields (audience custom-fields.ts), behind `customFields.`. */
const CUSTOM_FIELD = /^customFields\.([A-Za-z_][A-Za-z0-9_]{0,63})$/;

/** The variables a template names, trimmed, each once, in order of first use. */
export function variablesOf(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(VARIABLE), (match) => match[1]!.trim()))];
}

function customFieldKey(variable: string): string | null {
  const key = CUSTOM_FIELD.exec(variable)?.[1];
  // `__proto__` fits the pattern, but custom fields refuse it as a key.
  return key === undefined || key === '__proto__' ? null : key;
}

/** True when some lead can have a value for `variable`. Names are case-sensitive: `{{FirstName}}` is unknown. */
export function isKnownVariable(variable: string): boolean {
  return (TEMPLATE_LEAD_FIELDS as readonly string[]).includes(variable) || customFieldKey(variable) !== null;
}

/** The variables no lead can have, in order of first use. */
export function unknownVariables(template: string): string[] {
  return variablesOf(template).filter((variable) => !isKnownVariable(variable));
}

/** Refuses (409) a template naming a variable no lead can have; run it on activation. */
export function checkTemplateVariables(template: string): void {
  const unknown = unknownVariables(template);
  if (unknown.length > 0) throw new UnknownTemplateVariablesError(unknown);
}

function valueOf(variable: string, member: TemplateMember): string {
  const key = customFieldKey(variable);
  let value: CustomFieldValue | null | undefined;
  if (key !== null) value = Object.hasOwn(member.customFields, key) ? member.customFields[key] : undefined;
  else if ((TEMPLATE_LEAD_FIELDS as readonly string[]).includes(variable)) value = member[variable as TemplateLeadField];
  return value === null || value === undefined ? '' : String(value);
}

// XML 1.0 forbids most control characters and lone surrogates even when escaped: a lead name
// carrying one would make the provider reject the whole TwiML document, so they are dropped.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const ESCAPE: Readonly<Record<CampaignChannel, (text: string) => string>> = {
  // Text content of TwiML's <Say> or of SSML, and safe inside an attribute too.
  call: (text) => text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!),
  email: (text) => text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!),
  // Sent as plain text: SMS and WhatsApp have no markup to escape, Telegram is sent without parse_mode.
  sms: (text) => text,
  whatsapp: (text) => text,
  telegram: (text) => text,
};

/**
 * The template filled in for one member and escaped for the channel.
 *
 * The template is plain text in every channel, like its variables: the whole result is escaped,
 * so neither a brand's "Smith & Co" nor a lead named `</Say><Hangup/>` can break or inject into
 * the TwiML, SSML or HTML the gateway wraps it in (for email the result is HTML-escaped text;
 * keeping its line breaks, e.g. with `white-space: pre-line`, is the gateway's layout). A variable without a value
 * (an empty field, a custom field the lead lacks, or a name checkTemplateVariables would refuse)
 * renders as the empty string: one lead missing a field must not stop a campaign, and a visible
 * placeholder would be worse than a gap. Numbers and booleans render as JavaScript writes them.
 */
export function renderTemplate(template: string, member: TemplateMember, channel: CampaignChannel): string {
  const text = template.replace(VARIABLE, (_match, name: string) => valueOf(name.trim(), member));
  return ESCAPE[channel](text);
}
