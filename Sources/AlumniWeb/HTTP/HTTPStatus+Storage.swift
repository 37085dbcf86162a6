import HTTPTypes

extension HTTPResponse.Status {
    /// 507: the server has no room to store what was asked (RFC 4918), for a full disk; the API
    /// and the desk answer a storage fault with it.
    public static var insufficientStorage: Self { .init(code: 507, reasonPhrase: "Insufficient Storage") }
}
