import Foundation

/// Files shipped with Alumni Desk: the OpenAPI document, the message templates, and the pages,
/// strings and assets of the desk and the portal.
public enum AlumniResources {
    /// The OpenAPI 3.1 document of the HTTP API, as served at `/openapi.yaml`.
    public static func openAPIDocument() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }

    /// The text of template `name` (`inquiry-reply`) in `language` (`da`), nil when there is none.
    /// A file `NAME.LANGUAGE.txt` in the folder `overrides` replaces the shipped one.
    public static func template(_ name: String, language: String, overrides: String? = nil) -> String? {
        let file = "\(name).\(language).txt"
        if let overrides, let text = try? String(contentsOfFile: overrides + "/" + file, encoding: .utf8) {
            return text
        }
        guard let url = Bundle.module.url(forResource: "\(name).\(language)", withExtension: "txt", subdirectory: "templates")
        else { return nil }
        return try? String(contentsOf: url, encoding: .utf8)
    }

    /// The shipped templates' file names (`farewell-employee.da.txt` …), sorted.
    public static func templateFileNames() -> [String] {
        (Bundle.module.urls(forResourcesWithExtension: "txt", subdirectory: "templates") ?? [])
            .compactMap(\.lastPathComponent).sorted()
    }

    /// The shipped text of the template file `fileName`, nil when there is none.
    public static func shippedTemplate(fileName: String) -> String? {
        guard let url = Bundle.module.url(forResource: fileName, withExtension: nil, subdirectory: "templates") else {
            return nil
        }
        return try? String(contentsOf: url, encoding: .utf8)
    }

    /// The files of `site` (`desk` or `portal`) in `folder` (`pages`, `partials`, `strings`,
    /// `static`) ending in `.extension`, by name without the extension.
    public static func deskFiles(
        in folder: String, withExtension fileExtension: String, site: String = "desk"
    ) throws -> [String: Data] {
        let urls = Bundle.module.urls(forResourcesWithExtension: fileExtension, subdirectory: site + "/" + folder) ?? []
        var files: [String: Data] = [:]
        for case let url as URL in urls {
            files[url.deletingPathExtension().lastPathComponent] = try Data(contentsOf: url)
        }
        return files
    }

    /// The systemd unit template, with `{{binary}}`, `{{user}}`, `{{database}}` and `{{folder}}`
    /// to fill in.
    public static func systemdUnit() throws -> String {
        guard let url = Bundle.module.url(forResource: "alumni", withExtension: "service", subdirectory: "systemd") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
