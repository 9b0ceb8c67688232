"""Getting data in: the dataset's table schema and the batch writer."""
