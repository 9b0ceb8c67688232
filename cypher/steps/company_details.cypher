// summary: Name, sector and country of each of the given company handles.
// param: nodes node[] required | Company handles.
// column: node node | The handle.
// column: name string | The company's name.
// column: sector string | Its sector.
// column: country string | Its country.
