using System.Text;
using Proxy.Http.Codec.Http2.Hpack;

namespace Proxy.Tests.Http.Codec.Http2.Hpack;

/// <summary>Collects decoded fields as Latin-1 strings, one octet per char.</summary>
internal sealed class HeaderListSink : IHpackHeaderSink
{
    public List<(string Name, string Value)> Fields { get; } = [];

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
        Fields.Add((Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
}
