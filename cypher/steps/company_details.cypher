// summary: Id, name, sector and country of each of the given company handles.
// param: nodes node[] required | Company handles.
// column: node node | The handle.
// column: id string | The company's id.
// column: name string | The company's name.
// column: sector string | Its sector.
// column: country string | Its country.
