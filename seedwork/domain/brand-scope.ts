/**
 * The brands a caller may see: every brand (operators, internal jobs) or an explicit list.
 * Repositories take it on every read so no query can forget tenancy.
 */
export type BrandScope = 'all' | readonly string[];

/** True when the scope includes the brand. */
export function scopeIncludes(scope: BrandScope, brandId: string): boolean {
  return scope === 'all' || scope.includes(brandId);
}
