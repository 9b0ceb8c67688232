// summary: Who delivers to each of the given companies, one row per deliverable: the deliverer's handle and the value, for a tier of suppliers.
// param: nodes node[] required | The receiving companies' handles.
// param: categories string[] required | Categories of deliverable followed.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end, open ends count).
// param: critical_only bool required | Only deliverables marked critical.
// column: company node | One of the given companies.
// column: partner node | A company delivering to it.
// column: value float | Yearly value of the deliverable.
