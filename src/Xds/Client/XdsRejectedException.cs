namespace Proxy.Xds.Client;

/// <summary>An update the watcher refused; its message becomes the NACK's error_detail.message.</summary>
public sealed class XdsRejectedException : Exception
{
    public XdsRejectedException(string message)
        : base(message)
    {
    }

    public XdsRejectedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
