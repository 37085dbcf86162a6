import Dispatch
import Testing

@testable import AlumniServer

@Suite struct BackgroundExecutorTests {
    @Test func backgroundWorkStaysOnItsOwnQueueAcrossSuspensions() async {
        let executor = BackgroundExecutor()
        let key = DispatchSpecificKey<String>()
        executor.queue.setSpecific(key: key, value: "background")
        #expect(DispatchQueue.getSpecific(key: key) == nil)

        let seen = await withTaskExecutorPreference(executor) {
            var seen = [DispatchQueue.getSpecific(key: key)]
            await withCheckedContinuation { resumed in DispatchQueue.global().async { resumed.resume() } }
            seen.append(DispatchQueue.getSpecific(key: key))
            await Task.yield()
            seen.append(DispatchQueue.getSpecific(key: key))
            return seen
        }
        #expect(seen == ["background", "background", "background"])
    }
}
