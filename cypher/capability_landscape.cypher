// summary: The capabilities of the whole network, a sector or an ecosystem, as on a Wardley map: each with its evolution stage, its providers, their concentration and the companies that depend on them, flagged where one provider holds it; paged, genesis first.
// A provider is a company of the scope with HAS_CAPABILITY to the capability. concentration is the HHI
// of the providers' revenues (sum of squared percent shares, 0..10,000; null when none reports one).
// dependents counts the companies that depend on at least one provider: it delivers them something
// other than money (the README's "depends on"), whatever their scope. flag: 'single_provider_risk'
// for a commodity capability only one company provides, 'differentiator' for a genesis or custom
// capability only one company holds, else null.
// Answered by service/analytics/landscape.py: from the capability index's arrays (service/analytics/capability_index.py) where it is held, else by cypher/steps/scope_capabilities.cypher.
// param: sector string optional | Only providers of this sector.
// param: ecosystem string optional exists=Ecosystem | Only providers that are members of this ecosystem.
// param: limit int default=100 min=1 max=100000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: capability string | The capability's id.
// column: name string | Its name.
// column: category string | Its kind.
// column: evolution string | Its stage: genesis, custom, product or commodity (null when not given).
// column: providers int | Companies of the scope that provide it.
// column: concentration float | HHI of the providers' revenues.
// column: dependents int | Companies that depend on one of its providers.
// column: flag string | single_provider_risk, differentiator, or null.
