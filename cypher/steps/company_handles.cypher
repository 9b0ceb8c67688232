// summary: The node handle of each of the given companies, for steps that take handles.
// param: ids string[] required | Company ids.
// column: id string | The company's id.
// column: node node | Its handle.
