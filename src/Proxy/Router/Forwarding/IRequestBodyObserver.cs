namespace Proxy.Router.Forwarding;

/// <summary>Told as the downstream request body moves upstream, and when it has been fully sent.</summary>
internal interface IRequestBodyObserver
{
    /// <summary>A chunk of the body was forwarded (stream activity for stream_idle_timeout).</summary>
    void OnRequestBodyData();

    void OnRequestBodyComplete(long bytes);
}
