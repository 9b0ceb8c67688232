// summary: The id of each of the given company handles.
// param: nodes node[] required | Company handles.
// column: node node | The handle.
// column: id string | The company's id.
