using System.Buffers;

namespace Proxy.Listeners.Inspection;

/// <summary>A listener filter that decides from peeked bytes and records what it learned on the connection.</summary>
internal interface IConnectionInspector
{
    static abstract PeekVerdict Inspect(in ReadOnlySequence<byte> data, ConnectionInfo connection);
}
