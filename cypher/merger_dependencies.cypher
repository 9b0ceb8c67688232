// summary: What a merger does to supply: deliveries between the parties it takes in-house, customers that buy a category only from the parties and from two or more of them (their choice falls to one), and customers one party already supplies alone.
// Answered by service/analytics/merger.py over the tier steps (cypher/steps/).
// param: acquirer string required exists=Company | The acquiring company.
// param: targets string[] required exists=Company | The companies it would acquire.
// param: categories string[] default=product,service,information,knowledge,compliance,risk_reduction,access,data choices=product,service,money,information,knowledge,compliance,risk_reduction,access,data | Categories of deliverable that count as supply; money is left out by default.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: limit int default=1000 min=1 max=100000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: kind string | in_house (supply between the parties), choice_lost (two or more suppliers, all parties, become one) or already_sole (one party is the only supplier).
// column: receiver string | The company receiving: a party for in_house, a customer otherwise.
// column: receiver_name string | Its name.
// column: category string | The category of what is supplied.
// column: suppliers string[] | Its suppliers of that category (for in_house, the supplying party), sorted.
// column: value float | Yearly value of that supply.
