using System.Buffers;

namespace Proxy.Listeners.Inspection;

/// <summary><see cref="HttpInspector"/> as a listener filter: sets the connection's application protocol.</summary>
internal sealed class HttpInspectorFilter : IConnectionInspector
{
    public static PeekVerdict Inspect(in ReadOnlySequence<byte> data, ConnectionInfo connection)
    {
        var verdict = HttpInspector.Inspect(data, out var protocol);
        if (verdict == PeekVerdict.Done && protocol is not null)
        {
            connection.ApplicationProtocols = protocol switch
            {
                HttpInspector.H2c => H2c,
                HttpInspector.Http10 => Http10,
                _ => Http11,
            };
        }

        return verdict;
    }

    private static readonly string[] H2c = [HttpInspector.H2c];
    private static readonly string[] Http11 = [HttpInspector.Http11];
    private static readonly string[] Http10 = [HttpInspector.Http10];
}
