import { isValidTwilioSignature, twilioSignature } from '../../../src/dispatch/infrastructure/webhooks/twilio-signature.js';
import { constantTimeEquals } from '../../../src/dispatch/infrastructure/webhooks/constant-time.js';

// Twilio's documented example (https://www.twilio.com/docs/usage/security#validating-requests)
// and the vector of its official helper libraries' tests: auth token 12345, this URL and body.
const TOKEN = '12345';
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const DOCS_PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
const LIBRARY_PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };

describe('twilioSignature', () => {
  it('matches Twilio\'s documented example', () => {
    expect(twilioSignature(TOKEN, URL, DOCS_PARAMS)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('matches the vector of Twilio\'s helper libraries', () => {
    expect(twilioSignature(TOKEN, URL, LIBRARY_PARAMS)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('does not depend on the order the fields arrived in', () => {
    const reversed = Object.fromEntries(Object.entries(DOCS_PARAMS).reverse());
    expect(twilioSignature(TOKEN, URL, reversed)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('signs a repeated field as each of its values, sorted', () => {
    const once = twilioSignature(TOKEN, URL, { Event: ['ringing', 'answered'] });
    expect(once).toBe(twilioSignature(TOKEN, URL, { Event: ['answered', 'ringing'] }));
    expect(once).not.toBe(twilioSignature(TOKEN, URL, { Event: 'answeredringing' }));
  });
});

describe('isValidTwilioSignature', () => {
  const valid = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

  it('accepts the signature of this URL and body', () => {
    expect(isValidTwilioSignature(TOKEN, URL, DOCS_PARAMS, valid)).toBe(true);
  });

  it.each([
    ['a missing signature', TOKEN, URL, DOCS_PARAMS, undefined],
    ['an empty signature', TOKEN, URL, DOCS_PARAMS, ''],
    ['another auth token', '54321', URL, DOCS_PARAMS, valid],
    ['another path', TOKEN, 'https://mycompany.com/other.php?foo=1&bar=2', DOCS_PARAMS, valid],
    ['another query', TOKEN, 'https://mycompany.com/myapp.php?foo=2&bar=2', DOCS_PARAMS, valid],
    ['another scheme', TOKEN, 'http://mycompany.com/myapp.php?foo=1&bar=2', DOCS_PARAMS, valid],
    ['a changed value', TOKEN, URL, { ...DOCS_PARAMS, Digits: '1235' }, valid],
    ['an added field', TOKEN, URL, { ...DOCS_PARAMS, CallStatus: 'completed' }, valid],
    ['a removed field', TOKEN, URL, { CallSid: DOCS_PARAMS.CallSid, Caller: DOCS_PARAMS.Caller }, valid],
    ['a value moved to another field', TOKEN, URL, { ...DOCS_PARAMS, Caller: '+18005551212', To: '+12349013030' }, valid],
    ['a truncated signature', TOKEN, URL, DOCS_PARAMS, valid.slice(0, -2)],
    ['a signature in another case', TOKEN, URL, DOCS_PARAMS, valid.toLowerCase()],
  ])('refuses %s', (_name, token, url, params, signature) => {
    expect(isValidTwilioSignature(token, url, params, signature)).toBe(false);
  });

  it('accepts an https URL signed with or without the default port, as Twilio\'s validators do', () => {
    const withPort = twilioSignature(TOKEN, 'https://mycompany.com:443/myapp.php?foo=1&bar=2', DOCS_PARAMS);
    expect(isValidTwilioSignature(TOKEN, URL, DOCS_PARAMS, withPort)).toBe(true);
    expect(isValidTwilioSignature(TOKEN, 'https://mycompany.com:443/myapp.php?foo=1&bar=2', DOCS_PARAMS, valid)).toBe(true);
  });

  it('does not treat another port as the default one', () => {
    const onOtherPort = twilioSignature(TOKEN, 'https://mycompany.com:8443/myapp.php?foo=1&bar=2', DOCS_PARAMS);
    expect(isValidTwilioSignature(TOKEN, URL, DOCS_PARAMS, onOtherPort)).toBe(false);
  });
});

describe('constantTimeEquals', () => {
  it('is true only for equal strings, whatever their lengths', () => {
    expect(constantTimeEquals('s3cret', 's3cret')).toBe(true);
    expect(constantTimeEquals('s3cret', 's3cre')).toBe(false);
    expect(constantTimeEquals('s3cret', 's3cret-and-more')).toBe(false);
    expect(constantTimeEquals('s3cret', '')).toBe(false);
  });
});
