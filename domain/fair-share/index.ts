/**
 * Fair share of placement provision (docs/domain.md, "Fair share"): periods, the report's maths,
 * and the schemas of its figures. Pure: used by the API, the pages and the admin command line.
 */
export * from './maths';
export * from './period';
export * from './schemas';
export * from './csv-rows';
