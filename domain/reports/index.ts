/** Reports for the people accountable for the numbers (docs/reports.md). Pure. */
export * from './commissioning-funnel';
export * from './capacity';
export * from './schemas';
export * from './csv';
