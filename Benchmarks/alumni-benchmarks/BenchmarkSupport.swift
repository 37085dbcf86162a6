import Foundation

/// Wall-clock seconds taken by `work`.
func measure<T>(_ work: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try work()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// The same, for asynchronous work.
func measureAsync<T>(_ work: () async throws -> T) async rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try await work()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// This process's peak resident memory so far, in MB.
func peakMemoryMB() -> Double {
    var usage = rusage()
    #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
        getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_maxrss) / 1024
}

/// A fresh scratch folder for one benchmark run.
func scratchFolder(_ name: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alumni-bench-\(name)-\(getpid())")
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// Runs a program to completion, failing loudly when it fails.
func runProgram(_ path: String, _ arguments: [String], input: String? = nil, quiet: Bool = false) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if quiet { process.standardOutput = FileHandle.nullDevice }
    let pipe = Pipe()
    if input != nil { process.standardInput = pipe }
    try process.run()
    if let input {
        pipe.fileHandleForWriting.write(Data(input.utf8))
        try pipe.fileHandleForWriting.close()
    }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw NSError(
            domain: "benchmark", code: Int(process.terminationStatus),
            userInfo: [NSLocalizedDescriptionKey: "\(path) failed"])
    }
}
