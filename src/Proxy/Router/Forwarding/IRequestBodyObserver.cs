namespace Proxy.Router.Forwarding;

/// <summary>Told when the downstream request body has been fully sent upstream.</summary>
internal interface IRequestBodyObserver
{
    void OnRequestBodyComplete(long bytes);
}
