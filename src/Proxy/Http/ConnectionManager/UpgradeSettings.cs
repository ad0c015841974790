namespace Proxy.Http.ConnectionManager;

/// <summary>An upgrade_configs entry: which Upgrade tokens (e.g. "websocket") the connection manager forwards.</summary>
internal sealed record UpgradeSettings(string UpgradeType, bool Enabled);
