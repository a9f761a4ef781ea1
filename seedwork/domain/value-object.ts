/** Structural equality for value objects built from plain props. */
export abstract class ValueObject<P extends object> {
  protected constructor(protected readonly props: Readonly<P>) {}

  equals(other: ValueObject<P> | undefined | null): boolean {
    return !!other && other.constructor === this.constructor && JSON.stringify(other.props) === JSON.stringify(this.props);
  }
}
