/// Which store's SQL a query is written for, where the two differ (ordering text and NULLs).
enum SQLDialect: Sendable {
    case sqlite, postgres
}
