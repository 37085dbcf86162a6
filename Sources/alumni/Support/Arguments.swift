import AlumniCore
import ArgumentParser

extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
    public static var defaultCompletionKind: CompletionKind { .default }
}

extension PersonKind: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}
extension Sentiment: ExpressibleByArgument {}
extension ContactTopic: ExpressibleByArgument {}
extension ContactChannel: ExpressibleByArgument {}
