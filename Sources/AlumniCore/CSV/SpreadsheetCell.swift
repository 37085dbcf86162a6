/// Keeps spreadsheet programs from running what a CSV cell says: a cell that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and LibreOffice
/// (`=HYPERLINK(…)` typed in as someone's name), so such cells are written with a leading `'`,
/// which spreadsheets show as text. A well-formed phone number (`+47 22 33 44 55`) stays as
/// it is: it holds only digits and `+ - ( ) .`, nothing a formula could call. Reading undoes
/// it exactly, so an export imported again gives back every value as it was.
public enum SpreadsheetCell {
    /// `text` as it is safe to write into a CSV cell.
    public static func neutralized(_ text: String) -> String {
        needsQuote(Substring(text)) ? "'" + text : text
    }

    /// The value a cell written by ``neutralized(_:)`` stands for.
    public static func restored(_ cell: String) -> String {
        cell.first == "'" && needsQuote(cell.dropFirst()) ? String(cell.dropFirst()) : cell
    }

    /// A value that starts like a formula, or with a `'` that reading would otherwise take away.
    private static func needsQuote(_ text: Substring) -> Bool {
        guard let first = text.first else { return false }
        if first == "'" { return needsQuote(text.dropFirst()) }
        guard "=+-@\t\r".contains(first) else { return false }
        return !PersonFields.isPlausiblePhone(String(text))
    }
}
