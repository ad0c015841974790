using System.Buffers;

namespace Proxy.Listeners.Inspection;

/// <summary>The HTTP connection manager's codec AUTO: HTTP/2 iff the connection starts with the client preface.</summary>
internal sealed class CodecSniffer : IConnectionInspector
{
    public static PeekVerdict Inspect(in ReadOnlySequence<byte> data, ConnectionInfo connection)
    {
        var verdict = HttpInspector.DetectHttp2Preface(data, out var isHttp2);
        if (verdict == PeekVerdict.Done)
        {
            connection.StartsWithHttp2Preface = isHttp2;
        }

        return verdict;
    }
}
