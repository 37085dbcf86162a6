import AlumniMail
import AlumniResources
import ArgumentParser
import Foundation

extension AlumniCommand {
    struct Templates: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The message templates: which exist, and copies to edit.",
            discussion: """
                Farewells, campaign footers and answers to requesters are written from templates \
                NAME.LANGUAGE.txt. To use your own wording, export the shipped ones to a folder, edit them there, \
                and set ALUMNI_TEMPLATES_DIR (or templates_dir in the configuration file) to that folder: its \
                files are read before the shipped ones.
                """,
            subcommands: [List.self, Export.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Every template, and whether the organisation's folder overrides it.")

            func run() throws {
                let folder = try StoreOptions.settings().string("templates_dir")
                Output.table(
                    ["TEMPLATE", "SOURCE"],
                    AlumniResources.templateFileNames().map { name in
                        let overridden = folder.map { FileManager.default.fileExists(atPath: $0 + "/" + name) } ?? false
                        return [name, overridden ? "\(folder!)/\(name)" : "shipped"]
                    })
            }
        }

        struct Export: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Copy the shipped templates into a folder, to edit there.")

            @Argument(help: "The folder (created if missing).") var folder: String
            @Option(help: "Only templates whose name starts with this (farewell, campaign-footer …).") var prefix:
                String?
            @Flag(help: "Replace files that are already there.") var force = false

            func run() throws {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                var written = 0, kept = 0
                for name in AlumniResources.templateFileNames() where prefix.map(name.hasPrefix) ?? true {
                    let path = folder + "/" + name
                    if !force, FileManager.default.fileExists(atPath: path) {
                        kept += 1
                        continue
                    }
                    guard let text = AlumniResources.shippedTemplate(fileName: name) else { continue }
                    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                    written += 1
                }
                print(
                    "\(written) templates written to \(folder)\(kept > 0 ? ", \(kept) already there kept (--force replaces them)" : "")"
                )
            }
        }
    }
}
