import AlumniStore

extension PortalPolicy {
    /// Waits, without holding a thread, until ``linkRequestAnswerAfter`` has passed since `started`.
    func answerNoSoonerThan(_ started: ContinuousClock.Instant) async throws {
        guard linkRequestAnswerAfter > 0 else { return }
        try await Task.sleep(until: started + .milliseconds(Int(linkRequestAnswerAfter * 1000)), clock: .continuous)
    }
}
