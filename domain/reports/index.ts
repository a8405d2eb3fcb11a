/** Reports for the people accountable for the numbers (docs/reports.md). Pure. */
export * from './commissioning-funnel';
export * from './capacity';
export * from './accreditation';
export * from './schemas';
export * from './csv';
