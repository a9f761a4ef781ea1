/** Container identifier of the TypeORM DataSource (a class token would tie the container to one instance type). */
export const DataSourceToken = Symbol.for('DataSource');
