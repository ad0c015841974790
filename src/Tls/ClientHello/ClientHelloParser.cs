using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Proxy.Tls.ClientHello;

/// <summary>
/// Parses the first TLS record of a connection as a ClientHello (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2)
/// to find server_name (RFC 6066 §3) and application_layer_protocol_negotiation (RFC 7301) — what
/// Envoy's tls_inspector exposes for filter-chain match. Reads only the peeked bytes; consumes nothing.
/// </summary>
public static class ClientHelloParser
{
    private const byte HandshakeRecord = 22;
    private const byte ClientHelloType = 1;
    private const ushort ServerNameExtension = 0;
    private const ushort AlpnExtension = 16;

    /// <summary>Envoy's tls_inspector reads at most 64 KiB of ClientHello.</summary>
    public const int MaxClientHelloSize = 64 * 1024;

    public static ClientHelloParseResult TryParse(in ReadOnlySequence<byte> data, out ClientHelloInfo? info)
    {
        info = null;
        if (data.Length == 0)
        {
            return ClientHelloParseResult.NeedMoreData;
        }

        var first = data.FirstSpan[0];
        if (first != HandshakeRecord)
        {
            return ClientHelloParseResult.NotTls;
        }

        // The record's major version is 3 for SSL 3.0 through TLS 1.3: reject early on anything else.
        if (data.Length >= 2 && data.Slice(1, 1).FirstSpan[0] != 3)
        {
            return ClientHelloParseResult.NotTls;
        }

        if (data.Length < 5)
        {
            return ClientHelloParseResult.NeedMoreData;
        }

        Span<byte> header = stackalloc byte[5];
        data.Slice(0, 5).CopyTo(header);
        if (header[1] != 3)
        {
            return ClientHelloParseResult.NotTls;
        }

        var recordLength = BinaryPrimitives.ReadUInt16BigEndian(header[3..]);
        if (recordLength == 0 || recordLength > 16384 + 2048)
        {
            return ClientHelloParseResult.NotTls;
        }

        if (data.Length < 5 + recordLength)
        {
            return data.Length >= MaxClientHelloSize ? ClientHelloParseResult.NotTls : ClientHelloParseResult.NeedMoreData;
        }

        var record = data.Slice(5, recordLength).ToArray();
        return ParseHandshake(record, out info) ? ClientHelloParseResult.Parsed : ClientHelloParseResult.NotTls;
    }

    private static bool ParseHandshake(ReadOnlySpan<byte> record, out ClientHelloInfo? info)
    {
        info = null;
        if (record.Length < 4 || record[0] != ClientHelloType)
        {
            return false;
        }

        var length = (record[1] << 16) | (record[2] << 8) | record[3];
        // A ClientHello split over several records is rare; parse what the first record holds.
        var body = record.Slice(4, Math.Min(length, record.Length - 4));
        var reader = new SpanCursor(body);
        if (!reader.Skip(2 + 32) // legacy_version, random
            || !reader.SkipVector8() // legacy_session_id
            || !reader.SkipVector16() // cipher_suites
            || !reader.SkipVector8()) // legacy_compression_methods
        {
            return false;
        }

        string? serverName = null;
        var protocols = new List<string>();
        if (reader.Remaining >= 2 && reader.TryReadVector16(out var extensions))
        {
            var ext = new SpanCursor(extensions);
            while (ext.Remaining >= 4)
            {
                ext.TryReadUInt16(out var type);
                if (!ext.TryReadVector16(out var data))
                {
                    return false;
                }

                if (type == ServerNameExtension)
                {
                    serverName = ReadServerName(data);
                }
                else if (type == AlpnExtension)
                {
                    ReadAlpn(data, protocols);
                }
            }
        }

        info = new ClientHelloInfo(serverName, protocols);
        return true;
    }

    private static string? ReadServerName(ReadOnlySpan<byte> data)
    {
        var cursor = new SpanCursor(data);
        if (!cursor.TryReadVector16(out var list))
        {
            return null;
        }

        var names = new SpanCursor(list);
        while (names.Remaining >= 3)
        {
            names.TryReadByte(out var nameType);
            if (!names.TryReadVector16(out var name))
            {
                return null;
            }

            if (nameType == 0 && name.Length > 0)
            {
                return Encoding.ASCII.GetString(name).ToLowerInvariant();
            }
        }

        return null;
    }

    private static void ReadAlpn(ReadOnlySpan<byte> data, List<string> protocols)
    {
        var cursor = new SpanCursor(data);
        if (!cursor.TryReadVector16(out var list))
        {
            return;
        }

        var entries = new SpanCursor(list);
        while (entries.Remaining > 0 && entries.TryReadVector8(out var protocol))
        {
            protocols.Add(Encoding.ASCII.GetString(protocol));
        }
    }

    private ref struct SpanCursor(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _data = data;

        public readonly int Remaining => _data.Length;

        public bool Skip(int count)
        {
            if (_data.Length < count)
            {
                return false;
            }

            _data = _data[count..];
            return true;
        }

        public bool TryReadByte(out byte value)
        {
            value = 0;
            if (_data.Length < 1)
            {
                return false;
            }

            value = _data[0];
            _data = _data[1..];
            return true;
        }

        public bool TryReadUInt16(out ushort value)
        {
            value = 0;
            if (_data.Length < 2)
            {
                return false;
            }

            value = BinaryPrimitives.ReadUInt16BigEndian(_data);
            _data = _data[2..];
            return true;
        }

        public bool SkipVector8() => TryReadVector8(out _);

        public bool SkipVector16() => TryReadVector16(out _);

        public bool TryReadVector8(out ReadOnlySpan<byte> vector)
        {
            vector = default;
            if (!TryReadByte(out var length) || _data.Length < length)
            {
                return false;
            }

            vector = _data[..length];
            _data = _data[length..];
            return true;
        }

        public bool TryReadVector16(out ReadOnlySpan<byte> vector)
        {
            vector = default;
            if (!TryReadUInt16(out var length) || _data.Length < length)
            {
                return false;
            }

            vector = _data[..length];
            _data = _data[length..];
            return true;
        }
    }
}
