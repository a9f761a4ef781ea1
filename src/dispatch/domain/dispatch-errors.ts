import { BusinessRuleError } from '../../../seedwork/domain/index.js';

/** A script template names variables no audience member can have: activation answers 409 with them. */
export class UnknownTemplateVariablesError extends BusinessRuleError {
  constructor(readonly variables: readonly string[]) {
    super(
      `The script template names ${variables.map((name) => `{{${name}}}`).join(', ')}, which no lead has: ` +
        'use firstName, lastName, email, phone, region or customFields.<name>',
    );
  }
}
