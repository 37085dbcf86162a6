/// Every setting's key, for checking configuration files and for the documentation.
public enum SettingsKeys {
    public static let server = [
        "host", "port", "log_level", "alert_scan_seconds", "metrics", "metrics_token", "api_busy_timeout_seconds",
        "db_connections",
        "session_idle_hours", "session_absolute_hours", "calendar_reminder_hours", "report_on_time_target",
        "portal_link_requests_per_address", "portal_link_requests_per_client",
        "backup_dir", "backup_time",
        "backup_keep",
        "retention_time",
    ]
    public static let mail = [
        "mail_transport", "sendmail_path", "mail_dir", "mail_from", "webhook_url", "webhook_secret", "team_email",
        "escalation_email", "alert_hours", "escalate_after_days", "alert_lead_days", "max_attempts", "public_url",
        "link_expiry_days", "preference_link_days", "templates_dir", "bounce_domain", "inbound_max_mb",
    ]
    public static let smtp = [
        "smtp_host", "smtp_port", "smtp_security", "smtp_username", "smtp_password", "smtp_password_file",
        "smtp_connections", "smtp_helo", "smtp_ca_file", "smtp_timeout_seconds",
    ]
    public static var all: Set<String> { Set(server + mail + smtp) }
}
