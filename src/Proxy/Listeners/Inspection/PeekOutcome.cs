namespace Proxy.Listeners.Inspection;

internal enum PeekOutcome
{
    Decided,
    PeerClosed,
    TimedOut,
}
