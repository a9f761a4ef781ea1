import { optOutKeywordIn } from '../../../src/dispatch/domain/opt-out-keywords.js';

describe('Inbound opt-out keywords', () => {
  it.each([
    // The whole message, any case, spacing or punctuation
    ['STOP', 'STOP'],
    ['stop', 'STOP'],
    ['  Stop  ', 'STOP'],
    ['STOP.', 'STOP'],
    ['stop!!!', 'STOP'],
    ['STOPALL', 'STOPALL'],
    ['stop all', 'STOPALL'],
    ['Unsubscribe', 'UNSUBSCRIBE'],
    ['end', 'END'],
    ['QUIT', 'QUIT'],
    ['revoke', 'REVOKE'],
    ['OPTOUT', 'OPTOUT'],
    ['opt-out', 'OPTOUT'],
    ['Opt out', 'OPTOUT'],
    ['cancel', 'CANCEL'],
    ['ＳＴＯＰ', 'STOP'], // full-width letters
    ['STOP 🛑', 'STOP'],
    // Spanish and Portuguese, with or without accents
    ['Baja', 'BAJA'],
    ['¡BAJA!', 'BAJA'],
    ['báJA', 'BAJA'],
    ['alto', 'ALTO'],
    ['PARAR', 'PARAR'],
    ['parár', 'PARAR'],
    ['detener', 'DETENER'],
    ['Cancelar.', 'CANCELAR'],
    ['desuscribir', 'DESUSCRIBIR'],
    ['desuscribirme', 'DESUSCRIBIRME'],
    ['Desuscríbeme', 'DESUSCRIBEME'],
    ['sair', 'SAIR'],
    ['SAIR', 'SAIR'],
    ['Pare', 'PARE'],
    ['descadastrar', 'DESCADASTRAR'],
    ['darme de baja', 'DARME DE BAJA'],
    ['Dar de baja', 'DAR DE BAJA'],
    ['No más', 'NO MAS'],
    ['não quero mais', 'NAO QUERO MAIS'],
    // The first word
    ['Stop please', 'STOP'],
    ['STOP sending me messages', 'STOP'],
    ['stop, thanks', 'STOP'],
    ['Baja por favor', 'BAJA'],
    ['sair agora', 'SAIR'],
    ['Cancel my order', 'CANCEL'], // deliberately an opt-out: see optOutKeywordIn
    ['PARAR\ngracias', 'PARAR'],
  ])('%j is an opt-out (%s)', (message, keyword) => {
    expect(optOutKeywordIn(message)).toBe(keyword);
  });

  it.each([
    '',
    '   ',
    '!!!',
    '🛑',
    'stopwatch',
    'Stopped by the store yesterday',
    'estop',
    'stopp',
    'no quiero parar de comprar',
    'please stop', // only the whole message or its first word counts
    'I want to unsubscribe',
    'Para mañana, por favor', // PARA ("for") is not a keyword
    'para',
    'Bajamos el precio?',
    'ending soon?',
    'Saíram as vagas?',
    'cancelled my appointment',
    'Hola, me interesa',
    'sí',
    'no',
    'STOPA',
    'darme de baja mañana', // a phrase only counts as the whole message
  ])('%j is not an opt-out', (message) => {
    expect(optOutKeywordIn(message)).toBeNull();
  });
});
