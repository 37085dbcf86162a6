import Testing

@testable import AlumniStore

/// SQLite's placeholders as PostgreSQL's, for the shared SQL: no database needed.
@Suite struct PlaceholderTests {
    @Test(
        "? is numbered in order, ?N keeps its number, a ? inside quotes stays, other text passes unchanged",
        arguments: [
            ("SELECT * FROM person WHERE id = ? AND kind = ?", "SELECT * FROM person WHERE id = $1 AND kind = $2", 2),
            ("x = ?3 OR y = ?1", "x = $3 OR y = $1", 3),
            ("note = '?' AND id = ?", "note = '?' AND id = $1", 1),
            ("name = 'Åse Ødegård' AND id IN (?, ?, ?)", "name = 'Åse Ødegård' AND id IN ($1, $2, $3)", 3),
            ("SELECT 1", "SELECT 1", 0),
        ])
    func numbered(sql: String, expected: String, count: Int) {
        let (numbered, placeholders) = PostgresStore.numberedPlaceholders(sql)
        #expect(numbered == expected && placeholders == count)
    }
}
