import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand {
    struct CalendarCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calendar",
            abstract: "Public holidays, business-day arithmetic and the organisation's closing days.",
            subcommands: [Holidays.self, Add.self, Close.self, Open.self, Closings.self])

        struct Holidays: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List a country's public holidays in a year.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions
            @Option(help: "DK, NO, SE, FI, DE, NL or GB; default: the organisation's calendar.") var country:
                HolidayCountry?
            @Option(help: "The year (1900–2200).") var year: Int

            func validate() throws {
                guard HolidayCountry.supportedYears.contains(year) else {
                    throw ValidationError("--year must be 1900–2200")
                }
            }

            func run() async throws {
                let country = try await chosenCountry()
                let holidays = country.holidays(in: year)
                if output.json { return try Output.json(holidays) }
                Output.table(
                    ["DATE", "DAY", "NAME", "ENGLISH"],
                    holidays.map { [$0.date.description, $0.date.weekdayName, $0.localName, $0.englishName] })
            }

            /// `--country`, else the organisation's calendar country from the store `--db` names.
            private func chosenCountry() async throws -> HolidayCountry {
                if let country { return country }
                return try await store.withStore { store, _ in try await store.settings().calendarCountry }
            }
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add business days or months to a date, as deadlines do.",
                discussion: """
                    Business days skip weekends, public holidays and the organisation's closing days. Months clamp to \
                    the month end (31 January + 1 month = 28 or 29 February) and then move to the next business day.
                    """)

            @OptionGroup var store: StoreOptions
            @Option(help: "DK, NO, SE, FI, DE, NL or GB; default: the organisation's calendar.") var country:
                HolidayCountry?
            @Option(help: "The start date, YYYY-MM-DD.") var from: CalendarDate
            @Option(help: "Business days to add.") var businessDays: Int?
            @Option(help: "Calendar months to add.") var months: Int?

            func validate() throws {
                guard (businessDays == nil) != (months == nil) else {
                    throw ValidationError("Give either --business-days or --months")
                }
                if let count = businessDays ?? months, count < 0 {
                    throw ValidationError("The count cannot be negative")
                }
            }

            func run() async throws {
                let calendar = try await store.withStore { store, _ in
                    var settings = try await store.settings()
                    settings.calendarCountry = country ?? settings.calendarCountry
                    return settings.calendar(closingDays: try await store.closingDays())
                }
                let span: DeadlineSpan = businessDays.map { .businessDays($0) } ?? .months(months!)
                do {
                    let end = try CalendarSum.end(of: span, from: from, in: calendar)
                    print("\(end) (\(end.weekdayName))")
                } catch {
                    let option =
                        if case .startOutsideKnownYears = error { "--from" } else {
                            businessDays == nil ? "--months" : "--business-days"
                        }
                    throw ValidationError("\(option): \(error)")
                }
            }
        }

        struct Close: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add one of the organisation's own closing days (Christmas Eve, a company day …).")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The day, YYYY-MM-DD.") var day: CalendarDate
            @Option(help: "Why the organisation is closed.") var reason: String

            func run() async throws {
                let (day, reason) = (day, reason)
                try await store.withStore { store, actor in
                    try await store.addClosingDay(day, reason: reason, actor: actor)
                }
                print("Closed on \(day): \(reason)")
            }
        }

        struct Open: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove a closing day again.")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The day, YYYY-MM-DD.") var day: CalendarDate

            func run() async throws {
                let day = day
                guard try await store.withStore({ store, actor in try await store.removeClosingDay(day, actor: actor) })
                else {
                    throw ValidationError("\(day) is not a closing day")
                }
                print("Open on \(day)")
            }
        }

        struct Closings: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the organisation's closing days.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            struct Closing: Encodable {
                var day: CalendarDate
                var reason: String
            }

            func run() async throws {
                let days = try await store.withStore { store, _ in try await store.closingDays() }
                    .map { Closing(day: $0.key, reason: $0.value) }.sorted { $0.day < $1.day }
                if output.json { return try Output.json(days) }
                Output.table(["DATE", "REASON"], days.map { [$0.day.description, $0.reason] })
            }
        }
    }
}

extension CalendarDate {
    /// Monday … Sunday.
    var weekdayName: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][isoWeekday - 1]
    }
}
