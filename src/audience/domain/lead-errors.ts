import { BusinessRuleError } from '../../../seedwork/domain/index.js';

/** Phone is unique per brand after E.164 normalisation (API.md): a second lead with it is a conflict (409). */
export class DuplicateLeadPhoneError extends BusinessRuleError {
  constructor(readonly brandId: string, readonly phone: string) {
    super(`A lead with phone ${phone} already exists in brand '${brandId}'`);
  }
}
